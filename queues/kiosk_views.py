"""The touch kiosk (/kiosk/): walk-in tickets, printing and check-in."""

from django.http import Http404, HttpRequest, HttpResponse


def kiosk(request: HttpRequest) -> HttpResponse:
    raise Http404
