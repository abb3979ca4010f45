"""The lobby voice: one phrase builder for every screen, rendered once to WAV.

(Interface only for now: the builder and the espeak-ng rendering land next.)
"""


def announcement(*, code: str, counter_number: int) -> str:
    return f"Nomor antrean {code}, silakan menuju loket {counter_number}"


def audio_url(text: str) -> str | None:
    return None


def serve_audio(request, name: str):
    from django.http import Http404

    raise Http404
