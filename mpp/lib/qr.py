"""QR codes as inline SVG, the one way every page draws them (ticket, booking, kiosk)."""

import segno


def qr_svg(data: str, *, border: int = 2, title: str | None = None) -> str:
    """Black on white, medium error correction, and a viewBox instead of a fixed size:
    the page sizes the code to the screen (a phone's width, the kiosk's panel)."""
    qr = segno.make(data, error="m")
    return qr.svg_inline(border=border, dark="#000", light="#fff", omitsize=True, title=title)
