"""Steps at the counter after a call: start, finish, no-show, and transfer to another
line."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from agencies.models import Service, User
from counters.models import Counter
from counters.services import ensure_may_operate
from queues import errors, events
from queues.models import Ticket
from queues.services.base import (
    Kind,
    Status,
    _booth_acted,
    _ensure_not_closed,
    _ensure_status,
    _transition,
)


def _ensure_may_serve(ticket: Ticket, actor: User) -> Counter:
    if ticket.counter is None:
        raise errors.TicketStateChanged(status=ticket.get_status_display())
    ensure_may_operate(user=actor, counter=ticket.counter)
    return ticket.counter


def _counter_step(
    ticket: Ticket, *, actor: User, source: str, target: str, kind: str, stamp: str
) -> Ticket:
    """One step at the counter: `source` -> `target`, stamping the time in `stamp`."""
    _ensure_status(ticket, source)
    counter = _ensure_may_serve(ticket, actor)
    now = timezone.now()
    stamps: dict[str, Any] = {stamp: now}
    ticket = _transition(
        ticket, from_statuses=[source], kind=kind, actor=actor, at=now, status=target, **stamps
    )
    events.publish_ticket(ticket)
    events.publish_counter(counter)
    _booth_acted(counter.booth_id, at=now)
    return ticket


@transaction.atomic
def ticket_start(*, ticket: Ticket, actor: User) -> Ticket:
    return _counter_step(
        ticket,
        actor=actor,
        source=Status.CALLED,
        target=Status.SERVING,
        kind=Kind.STARTED,
        stamp="started_at",
    )


@transaction.atomic
def ticket_finish(*, ticket: Ticket, actor: User) -> Ticket:
    ticket = _counter_step(
        ticket,
        actor=actor,
        source=Status.SERVING,
        target=Status.DONE,
        kind=Kind.FINISHED,
        stamp="finished_at",
    )
    events.emit_webhook("ticket.finished", ticket)
    return ticket


@transaction.atomic
def ticket_no_show(*, ticket: Ticket, actor: User) -> Ticket:
    return _counter_step(
        ticket,
        actor=actor,
        source=Status.CALLED,
        target=Status.NO_SHOW,
        kind=Kind.NO_SHOW,
        stamp="finished_at",
    )


@transaction.atomic
def ticket_transfer(*, ticket: Ticket, service: Service, actor: User) -> Ticket:
    """Send the ticket (same token and code) to another service or stage's line.

    It keeps its queue time, so it does not lose its place; the timeline
    records the leg it leaves. A line under a planned closure now takes no transfer
    (ServiceClosedForNow): nobody there would call it.
    """
    _ensure_status(ticket, Status.CALLED, Status.SERVING)
    _ensure_may_serve(ticket, actor)
    if not service.is_active:
        raise errors.ServiceUnavailable()
    if service.pk == ticket.service_id:
        raise errors.TransferSameService()
    _ensure_not_closed(service, timezone.now())
    note = f"{ticket.service.prefix} -> {service.prefix}"
    left_counter_id = ticket.counter_id
    # The NIK already waiting in the target line refuses it: DuplicateBooking.
    ticket = _transition(
        ticket,
        from_statuses=[Status.CALLED, Status.SERVING],
        kind=Kind.TRANSFERRED,
        actor=actor,
        note=note,
        at=timezone.now(),
        status=Status.WAITING,
        service=service,
        counter=None,
        called_at=None,
        started_at=None,
    )
    events.publish_line(service, joined=[ticket])
    events.publish_ticket(ticket)
    events.publish_counter(left_counter_id)
    return ticket
