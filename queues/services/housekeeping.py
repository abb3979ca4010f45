"""Housekeeping run by Celery beat (queues/tasks.py): bookings not checked in and tickets
still waiting at closing end on their own."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from agencies.selectors import day_schedule
from queues import errors, events
from queues.models import Ticket
from queues.services.base import Kind, Status, _transition


def _grace(ticket: Ticket) -> dt.timedelta:
    return dt.timedelta(minutes=ticket.service.checkin_grace_minutes)


@transaction.atomic
def bookings_expire_no_show(*, at: dt.datetime) -> list[Ticket]:
    """Bookings not checked in by slot end + grace become `no_show` (tidak hadir).

    Safe to run at any moment and any number of times: each ticket is a
    compare-and-set from `booked`, so a check-in that wins the race is kept.
    """
    candidates = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("service")
        .filter(status=Status.BOOKED, slot_end__lt=at)
        .order_by("id")
    )
    due = [
        ticket
        for ticket in candidates
        if ticket.slot_end is not None and at > ticket.slot_end + _grace(ticket)
    ]
    expired = _end_each(due, source=Status.BOOKED, target=Status.NO_SHOW, kind=Kind.NO_SHOW, at=at)
    return expired


def _end_each(
    tickets: Iterable[Ticket], *, source: str, target: str, kind: str, at: dt.datetime
) -> list[Ticket]:
    """Move each ticket from `source` to `target` (compare-and-set; skip the ones
    someone else changed meanwhile) and tell its page."""
    ended = []
    for ticket in tickets:
        try:
            _transition(
                ticket,
                from_statuses=[source],
                kind=kind,
                actor=None,
                at=at,
                status=target,
                finished_at=at,
            )
        except errors.TicketStateChanged:
            continue
        events.publish_ticket(ticket)
        ended.append(ticket)
    return ended


def _last_closed_day(at: dt.datetime) -> dt.date:
    """Today once its closing time has passed, else yesterday."""
    today = timezone.localdate(at)
    closes_at = day_schedule(day=today).closes_at
    if closes_at is not None and at >= closes_at:
        return today
    return today - dt.timedelta(days=1)


@transaction.atomic
def tickets_expire_waiting(*, at: dt.datetime) -> list[Ticket]:
    """Tickets still waiting when their day has closed become `expired` (kedaluwarsa).

    The day's closing time decides, so running it at any moment is safe.
    """
    candidates = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(date__lte=_last_closed_day(at), status=Status.WAITING)
        .order_by("id")
    )
    expired = _end_each(
        candidates, source=Status.WAITING, target=Status.EXPIRED, kind=Kind.EXPIRED, at=at
    )
    for service_id in sorted({t.service_id for t in expired}):
        events.publish_line(service_id, left=[t for t in expired if t.service_id == service_id])
    return expired
