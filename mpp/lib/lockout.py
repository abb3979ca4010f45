"""What a client locked out by django-axes gets (AXES_LOCKOUT_CALLABLE).

The API answers like every other refusal (429 `{"detail", "code"}`); the login page
says, in the resident's or officer's language, why and for how long.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_text() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Terlalu banyak percobaan masuk yang gagal. Akun ini dikunci dari alamat Anda "
        "selama %(minutes)s menit; coba lagi setelahnya atau hubungi admin MPP."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_text(), "code": "locked_out"}, status=429)
    return render(request, "registration/locked_out.html", {"message": lockout_text()}, status=429)


def axes_username(request: Any, credentials: Any = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the username tried, cut to what a username can be (axes
    stores it in a 255-character column; a 100 KB one must be refused, not a 500)."""
    username = (credentials or {}).get("username")
    if username is None:
        data = getattr(request, "POST", None) or getattr(request, "data", None) or {}
        try:
            username = data.get("username")
        except AttributeError:
            username = None
    return str(username)[:150] if username is not None else None
