"""Pages of the live queue: the lobby display and a resident's ticket."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from queues import selectors
from queues.models import Ticket


def display(request: HttpRequest) -> HttpResponse:
    return render(request, "queues/display.html", {})


def ticket_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        ticket = selectors.ticket_get(token=token)
    except Ticket.DoesNotExist:
        raise Http404 from None
    return render(request, "queues/ticket.html", {"ticket": ticket})
