"""Whether a page is shown on the touch kiosk (anjungan), and in which language.

Kiosk mode follows the signed-in account, not only `?kiosk=1`: a resident at the
kiosk can drop a query parameter, but not the kiosk's session. `?kiosk=1` still
gives the kiosk layout (a manager trying the kiosk screens from a desk).
"""

from django.conf import settings
from django.http import HttpRequest


def kiosk_mode(request: HttpRequest) -> bool:
    """True on the kiosk's account, or when the page is asked for with `?kiosk=1`."""
    if getattr(request.user, "is_kiosk", False):
        return True
    return request.GET.get("kiosk") == "1"


def kiosk_language(request: HttpRequest) -> str:
    """`?lang=` (or a posted `lang`), else this browser's chosen language, else the mall's."""
    languages = dict(settings.LANGUAGES)
    for choice in (
        request.POST.get("lang") if request.method == "POST" else None,
        request.GET.get("lang"),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
    ):
        if choice in languages:
            return str(choice)
    return settings.LANGUAGE_CODE
