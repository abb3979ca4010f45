from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str


def mall(request: HttpRequest) -> dict[str, object]:
    # Lazy: pages that never show the header (the TV) must not load the session for it.
    return {
        "MPP_NAME": settings.MPP_NAME,
        "staff_links": SimpleLazyObject(lambda: staff_links(getattr(request, "user", None))),
    }


def staff_links(user) -> list[MenuLink]:
    """The staff pages a signed-in account works on, for the site header. Residents (and
    anonymous visitors) get none: staff reach theirs through /login/ ("Masuk petugas")."""
    if user is None or not user.is_authenticated:
        return []
    manager = bool(getattr(user, "is_manager", False))
    role = getattr(user, "role", "")
    names: list[tuple[str, str]] = []
    if manager or (role == "officer" and user.agency_id is not None):
        names.append(("counter-console", _("Loket petugas")))
    if manager or (role == "supervisor" and user.agency_id is not None):
        names += [("dashboard", _("Dasbor")), ("display", _("Layar antrean"))]
    if manager:
        names += [("kiosk", _("Anjungan")), ("api-docs", _("Dokumentasi API"))]
    if user.is_staff:
        names.append(("admin:index", _("Admin")))
    if role != "kiosk":  # a kiosk is a device: its password is the admin's business
        names.append(("password_change", _("Ganti kata sandi")))
    return [MenuLink(reverse(name), label) for name, label in names]
