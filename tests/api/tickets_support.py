"""What the ticket, counter and staff endpoint tests share: a resident's booking, the
shape of a refusal, the rows a refused request must leave as they were."""

import re

from counters.models import CounterPause, CounterSession
from queues import services as queue_services
from queues.models import DailySequence, Ticket, TicketEvent

TODAY = "2026-11-24"  # the frozen Tuesday
TOMORROW = "2026-11-25"
NIK = "3574014101900001"
PHONE = "0812-3456-7890"
PHONE_DIGITS = "81234567890"
NAME = "Siti Rahayuningsih"

CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{0,3}-\d{3}$")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22,}$")


def nik(serial):
    return f"357401410190{serial:04d}"


def booking(service, **overrides):
    return {
        "service": service.pk,
        "date": TOMORROW,
        "slot_start": "09:00",
        "nik": NIK,
        "phone": PHONE,
        "name": NAME,
        "priority": "regular",
        **overrides,
    }


def book(api, service, **overrides):
    response = api.post("/api/v1/bookings/", booking(service, **overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == code
    assert body["detail"]
    return body


def walk_in(service, priority="regular", actor=None):
    return queue_services.ticket_issue(service=service, priority=priority, actor=actor)


def writes():
    """Everything a refused request must leave as it was."""
    return (
        list(Ticket.objects.order_by("id").values_list("id", "status", "counter_id", "service_id")),
        TicketEvent.objects.count(),
        list(DailySequence.objects.order_by("id").values_list("prefix", "date", "last_number")),
        list(CounterSession.objects.order_by("id").values_list("id", "officer_id", "closed_at")),
        list(CounterPause.objects.order_by("id").values_list("id", "ended_at")),
    )


def counter_url(counter, action):
    return f"/api/v1/counters/{counter.pk}/{action}/"
