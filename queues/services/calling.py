"""Calling tickets to a counter: call-next (SKIP LOCKED), a call out of order, recall."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from agencies.models import User
from counters.errors import NoCurrentTicket
from counters.models import Counter
from queues import errors, events
from queues.models import Ticket
from queues.selectors import counter_service_ids
from queues.services.base import (
    Kind,
    Status,
    _after_commit_notify,
    _after_commit_notify_line,
    _ensure_status,
    _log,
    _transition,
    session_free,
    session_lock,
)
from queues.services.hot_sql import next_waiting_locked


def _call(ticket: Ticket, *, counter: Counter, actor: User, at: dt.datetime) -> Ticket:
    ticket = _transition(
        ticket,
        from_statuses=[Status.WAITING],
        kind=Kind.CALLED,
        actor=actor,
        at=at,
        status=Status.CALLED,
        counter=counter,
        called_at=at,
    )
    # Built from the ticket just written: what the lobby and the phone are told.
    events.publish_called(ticket)
    events.publish_line(ticket.service, left=[ticket])
    events.publish_ticket(ticket)
    events.publish_counter(counter)
    events.emit_webhook("ticket.called", ticket)
    _after_commit_notify(ticket, "notify_called")
    _after_commit_notify_line(ticket.service_id)
    return ticket


@transaction.atomic
def ticket_call_next(*, counter: Counter, actor: User) -> Ticket | None:
    """Call the first waiting ticket this counter serves, or None when none waits.

    Order: priority groups first, then queue time, then id. SKIP LOCKED lets
    counters racing for the same line each take a different ticket.
    """
    session_free(counter=counter, actor=actor)
    now = timezone.now()
    ticket = next_waiting_locked(
        day=timezone.localdate(now), service_ids=counter_service_ids(counter=counter)
    )
    if ticket is None:
        return None
    return _call(ticket, counter=counter, actor=actor, at=now)


@transaction.atomic
def ticket_call(*, counter: Counter, ticket: Ticket, actor: User) -> Ticket:
    """Call one waiting ticket out of order (e.g. an applicant the officer sees waiting)."""
    session_free(counter=counter, actor=actor)
    _ensure_status(ticket, Status.WAITING)
    now = timezone.now()
    if ticket.date != timezone.localdate(now):
        raise errors.TicketNotToday(date=ticket.date.isoformat())
    if not counter.services.filter(pk=ticket.service_id).exists():
        raise errors.NotAtThisCounter()
    return _call(ticket, counter=counter, actor=actor, at=now)


@transaction.atomic
def ticket_recall(*, counter: Counter, actor: User) -> Ticket:
    """Announce the counter's called ticket once more."""
    session_lock(counter=counter, actor=actor)
    ticket = (
        Ticket.objects.select_related("service__agency", "counter__booth")
        .filter(counter=counter, status=Status.CALLED)
        .first()
    )
    if ticket is None:
        raise NoCurrentTicket()
    now = timezone.now()
    _log(ticket, kind=Kind.RECALLED, at=now, from_status=ticket.status, actor=actor)
    events.publish_called(ticket, recall=True, at=now)
    events.publish_recalled(ticket)
    events.publish_counter(counter)
    return ticket
