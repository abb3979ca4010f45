"""Pictures for the kiosk tiles, so a resident who does not know an agency's
formal name still finds "the one with the ID card" or "the one with the car".

Icons are Lucide's (ISC), vendored in static/vendor/lucide/icons/. The page
carries them once, as an inline SVG sprite of <symbol>s (no extra requests,
nothing from outside), and each tile refers to one with <use href="#i-name">.
"""

import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from agencies.models import Agency

ICON_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "lucide" / "icons"

# Service groups, matched against an agency's code and name (lower case), first
# match wins. The words are those agencies in Indonesian malls are named with.
_GROUPS: tuple[tuple[str, str], ...] = (
    (r"kependudukan|dukcapil|catatan sipil", "id-card"),
    (r"imigrasi", "plane"),
    (r"kepolisian|polres|polisi|polda", "shield"),
    (r"samsat", "car"),
    (r"perhubungan|dishub", "bus"),
    (r"bpjs.*kesehatan|bpjs-kes", "heart-pulse"),
    (r"ketenagakerjaan|tenaga kerja|disnaker|bpjs-tk", "hard-hat"),
    (r"kesehatan|dinkes|rumah sakit", "stethoscope"),
    (r"sosial|dinsos", "hand-heart"),
    (r"pajak|pendapatan|bapenda|kpp", "receipt"),
    (r"penanaman modal|perizinan|dpmptsp|satu pintu", "stamp"),
    (r"koperasi|umkm|perdagangan|perindustrian|usaha", "store"),
    (r"lingkungan", "leaf"),
    (r"pendidikan|sekolah|kebudayaan", "graduation-cap"),
    (r"agama|kemenag|haji|umrah", "moon-star"),
    (r"pertanahan|bpn|agraria", "map"),
    (r"air minum|pdam", "droplet"),
    (r"notaris|ppat", "scroll-text"),
    (r"kesatuan bangsa|kesbangpol|politik", "flag"),
)
# An agency no group names gets its kind's picture.
_BY_KIND = {
    Agency.Kind.LOCAL: "building-2",
    Agency.Kind.VERTICAL: "landmark",
    Agency.Kind.BUMN: "briefcase-business",
    Agency.Kind.BUMD: "briefcase-business",
    Agency.Kind.PRIVATE: "users",
}
# The screen's own pictures (search, check-in, pickup, survey, complaint, close).
_SCREEN = (
    "search",
    "qr-code",
    "scroll-text",
    "smile-plus",
    "message-square-warning",
    "x",
    "ticket",
)

_PATTERNS = tuple((re.compile(words), icon) for words, icon in _GROUPS)


def agency_icon(*, code: str, name: str, kind: str) -> str:
    """The icon name of an agency's group, else of its kind."""
    text = f"{code} {name}".lower()
    for pattern, icon in _PATTERNS:
        if pattern.search(text):
            return icon
    return _BY_KIND.get(kind, "building-2")  # type: ignore[call-overload]


def _all_icons() -> list[str]:
    return sorted({icon for _, icon in _GROUPS} | set(_BY_KIND.values()) | set(_SCREEN))


@cache
def _symbol_body(name: str) -> str:
    """The shapes inside one vendored SVG (its <svg> wrapper and licence comment dropped)."""
    text = (ICON_DIR / f"{name}.svg").read_text()
    inner = text[text.index(">", text.index("<svg")) + 1 : text.rindex("</svg>")]
    return " ".join(inner.split())


@cache
def icon_sprite() -> SafeString:
    """One hidden <svg> holding every kiosk icon as a <symbol id="i-name">.

    Stroke and fill come from .k-icon in kiosk.css: a <use> inherits from where it is used.
    """
    symbols = "".join(
        f'<symbol id="i-{name}" viewBox="0 0 24 24">{_symbol_body(name)}</symbol>'
        for name in _all_icons()
    )
    # Shapes read from our own vendored files (static/vendor/lucide), never user input.
    return mark_safe(  # noqa: S308
        f'<svg class="k-sprite" aria-hidden="true" focusable="false">{symbols}</svg>'
    )
