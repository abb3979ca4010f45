"""An officer's steps at a counter (loket): open, close, pause, resume; call, recall,
start, finish, no-show and transfer a ticket.

Each does, in one call, what the step means for the apps below: the attendance rows
(counters/services.py) or the ticket's step (queues/services/), and the booth's alerts
(`booth_refresh()`: opening, resuming or working a ticket closes an "empty", "break
overrun" or "unattended" alert now rather than at the next scan, so the console and the
manager's dashboard drop it together); then the console, the lines it serves and the
manager's floor view (`publish_booth_of_counter()`) are told, after commit. Opening,
closing and breaks are one transaction; a ticket's step commits first, then the booth
follows. Views, the API and the demo call these; the queue's own services know nothing
of booths' alerts.
"""

import datetime as dt
import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from agencies.models import Service, User
from counters import services as attendance
from counters.errors import CounterBusy, CounterNotPaused
from counters.models import Counter, CounterPause, CounterSession
from monitoring.events import publish_booth_of_counter
from monitoring.services import booth_refresh
from queues import events
from queues import services as tickets
from queues.models import Ticket
from queues.services.base import session_free, session_lock

log = logging.getLogger(__name__)


def _publish_state(counter: Counter) -> None:
    """The console and the floor view follow the counter; each line it serves
    re-estimates its wait."""
    events.publish_counter(counter)
    publish_booth_of_counter(counter)
    for service_id in counter.services.order_by("pk").values_list("pk", flat=True):
        events.publish_line(service_id, fresh=True)


@transaction.atomic
def counter_open(*, counter: Counter, officer: User) -> CounterSession:
    """Open the counter for `officer`; opening it again is a no-op."""
    session, created = attendance.session_open(counter=counter, officer=officer)
    if created:
        booth_refresh(booth_id=counter.booth_id, at=session.opened_at)
        _publish_state(counter)
    return session


@transaction.atomic
def counter_close(*, counter: Counter, actor: User) -> CounterSession:
    session = session_lock(counter=counter, actor=actor)
    if session.busy:
        raise CounterBusy()
    attendance.session_close(session=session, at=timezone.now())
    _publish_state(counter)
    return session


@transaction.atomic
def counter_pause(*, counter: Counter, actor: User, reason: str) -> CounterPause:
    session = session_free(counter=counter, actor=actor)
    pause = attendance.pause_start(session=session, reason=reason, at=timezone.now())
    _publish_state(counter)
    return pause


@transaction.atomic
def counter_resume(*, counter: Counter, actor: User) -> CounterSession:
    session = session_lock(counter=counter, actor=actor)
    now = timezone.now()
    if not attendance.pause_end(session=session, at=now):
        raise CounterNotPaused()
    booth_refresh(booth_id=counter.booth_id, at=now)
    _publish_state(counter)
    return session


# --- a ticket at the counter: the queue's step, then the booth's --------------------------
# The ticket's step is its own transaction (queues/services/), the booth's follows once it
# committed (booth_refresh() settles alerts in a transaction of its own, under the booth's
# lock): one call of the service does both, and the ticket's step pays no savepoint.


def _booth_acted(counter: Counter, *, at: dt.datetime | None) -> None:
    """The counter just worked a ticket: the floor view follows, and the booth's alerts
    whose condition cleared close now (the scan's own rule, run for this booth).

    The ticket's step has committed: the officer must hear that it was done. When the
    database goes away before the booth's turn, the alert waits for the next scan (a
    minute) instead of the answer turning into a 503 for a call that was made."""
    publish_booth_of_counter(counter)
    try:
        booth_refresh(booth_id=counter.booth_id, at=at or timezone.now())
    except DatabaseError:
        log.warning("booth %s: alerts left to the next scan", counter.booth_id, exc_info=True)


def counter_call_next(*, counter: Counter, actor: User) -> Ticket | None:
    """`ticket_call_next()`, then the booth; None when nobody waits."""
    ticket = tickets.ticket_call_next(counter=counter, actor=actor)
    if ticket is not None:
        _booth_acted(counter, at=ticket.called_at)
    return ticket


def counter_call(*, counter: Counter, ticket: Ticket, actor: User) -> Ticket:
    """`ticket_call()` (one waiting ticket out of order), then the booth."""
    ticket = tickets.ticket_call(counter=counter, ticket=ticket, actor=actor)
    _booth_acted(counter, at=ticket.called_at)
    return ticket


def counter_recall(*, counter: Counter, actor: User) -> Ticket:
    """`ticket_recall()`, then the booth."""
    ticket = tickets.ticket_recall(counter=counter, actor=actor)
    _booth_acted(counter, at=timezone.now())
    return ticket


def counter_start(*, ticket: Ticket, actor: User) -> Ticket:
    """`ticket_start()` (serving the called ticket), then the booth."""
    ticket = tickets.ticket_start(ticket=ticket, actor=actor)
    _booth_acted(_counter_of(ticket), at=ticket.started_at)
    return ticket


def counter_finish(*, ticket: Ticket, actor: User) -> Ticket:
    """`ticket_finish()`, then the booth. A journey's stage before the last leaves
    the counter for the next stage's line, as a transfer does."""
    counter = _counter_of(ticket)
    ticket = tickets.ticket_finish(ticket=ticket, actor=actor)
    _booth_acted(counter, at=ticket.finished_at)
    return ticket


def counter_no_show(*, ticket: Ticket, actor: User) -> Ticket:
    """`ticket_no_show()`, then the booth."""
    ticket = tickets.ticket_no_show(ticket=ticket, actor=actor)
    _booth_acted(_counter_of(ticket), at=ticket.finished_at)
    return ticket


def counter_transfer(*, ticket: Ticket, service: Service, actor: User) -> Ticket:
    """`ticket_transfer()` to another line; the counter it left is free again, which the
    floor view shows."""
    left_counter_id = ticket.counter_id
    ticket = tickets.ticket_transfer(ticket=ticket, service=service, actor=actor)
    if left_counter_id is not None:
        publish_booth_of_counter(left_counter_id)
    return ticket


def _counter_of(ticket: Ticket) -> Counter:
    assert ticket.counter is not None, "a ticket at the counter has one"
    return ticket.counter
