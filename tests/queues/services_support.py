"""What the ticket service tests share (test_services.py, test_services_counter.py): a
valid NIK per serial, each ticket's timeline, a booking (the counters at work, open_a
to serving, are fixtures of tests/conftest.py)."""

import datetime as dt

from agencies.models import OpeningHours
from queues.models import DailySequence, Ticket, TicketEvent
from queues.services import ticket_book
from tests.conftest import TUESDAY, WEDNESDAY

NIK = "3574014501900001"

S = Ticket.Status
K = TicketEvent.Kind
P = Ticket.Priority


def nik(serial: int) -> str:
    return f"357401450190{serial:04d}"


def timeline(ticket: Ticket) -> list[tuple]:
    """(kind, actor, counter, from_status, to_status) of each event, oldest first."""
    return list(
        TicketEvent.objects.filter(ticket=ticket)
        .order_by("at", "id")
        .values_list("kind", "actor_id", "counter_id", "from_status", "to_status")
    )


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def book(service, *, day=WEDNESDAY, slot=dt.time(10), serial=1, **kwargs) -> Ticket:
    return ticket_book(service=service, day=day, slot_start=slot, nik=nik(serial), **kwargs)


def last_number(prefix: str, day: dt.date = TUESDAY) -> int:
    return DailySequence.objects.get(prefix=prefix, date=day).last_number


def set_tuesday_hours(**fields) -> None:
    OpeningHours.objects.filter(weekday=1).update(**fields)
