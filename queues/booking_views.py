"""Online booking pages (/book/<service id>/) and the calendar file of a booking."""

from django.http import Http404, HttpRequest, HttpResponse


def book(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def ticket_ics(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404
