"""Small shared pieces for the HTML pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def role_refused(request: HttpRequest, *, template: str, message: str) -> HttpResponse:
    """The 403 page (Akses ditolak) for a signed-in account whose role may not open the
    page; `message` names that role as `%(role)s`."""
    role = request.user.get_role_display()
    context = {"title": _("Akses ditolak"), "message": message % {"role": role}, "status": 403}
    return render(request, template, context, status=403)
