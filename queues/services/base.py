"""What every ticket write shares: its number, its timeline, compare-and-set on its
status, and the messages queued after commit.

Two guarantees rest here:
- numbers run 1, 2, 3 ... per prefix per day with no gap and no repeat: the
  (prefix, day) sequence row is incremented with one upsert inside the issuing
  transaction, so it stays locked until commit and rolls back with a refusal;
- one ticket never reaches two counters: call-next claims with
  SELECT ... FOR UPDATE SKIP LOCKED (calling.py), and every status change is a
  compare-and-set on the current status (`_transition`).
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from agencies.models import Service, User
from agencies.quotas import DayQuota, day_quota
from closures.errors import ServiceClosedForNow
from closures.selectors import service_closed_until, until_text
from counters.errors import CounterBusy, CounterNotOpen, CounterPaused
from counters.models import Counter
from counters.services import ensure_may_operate
from mpp.lib.errors import constraint_refusals
from mpp.lib.identity import nik_hash, normalize_phone, validate_nik
from mpp.lib.tasks import enqueue, enqueue_on_commit
from queues import errors
from queues.models import Ticket, TicketEvent
from queues.services.hot_sql import (
    LockedSession,
    open_session_locked,
    ticket_event_add,
    ticket_set_if,
)

Status = Ticket.Status
Kind = TicketEvent.Kind


_SEQUENCE_SQL = """
INSERT INTO queues_dailysequence (prefix, date, last_number) VALUES (%s, %s, 1)
ON CONFLICT (prefix, date)
DO UPDATE SET last_number = queues_dailysequence.last_number + 1
RETURNING last_number
"""


def _next_number(*, prefix: str, day: dt.date) -> int:
    """Take the next number; the row stays locked until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(_SEQUENCE_SQL, [prefix, day])
        return int(cursor.fetchone()[0])


def _log(
    ticket: Ticket,
    *,
    kind: str,
    at: dt.datetime,
    from_status: str = "",
    actor: User | None = None,
    note: str = "",
    counter_id: int | None = None,
) -> None:
    ticket_event_add(
        ticket_id=ticket.pk,
        kind=kind,
        at=at,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        counter_id=ticket.counter_id or counter_id,
        service_id=ticket.service_id,
        from_status=from_status,
        to_status=ticket.status,
        note=note,
    )


def _priority_rank(priority: str) -> int:
    return 1 if priority == Ticket.Priority.REGULAR else 0


def _ensure_quota(*, service: Service, day: dt.date, slot_start: dt.datetime | None) -> None:
    """Runs after _next_number, so concurrent issuers of this line are serialised: two
    bookings for the last online place, one wins. A booking has a slot; a walk-in none."""
    used = Ticket.objects.filter(prefix=service.prefix, date=day).exclude(status=Status.CANCELLED)
    if service.daily_quota is not None:
        booked = used.filter(slot_start__isnull=False).count()
        walk_ins = used.filter(slot_start__isnull=True).count()
        quota = day_quota(
            service=service, day=day, booked=booked, walk_ins=walk_ins, now=timezone.now()
        )
        _ensure_quota_left(quota, booking=slot_start is not None)
    if slot_start is not None and (
        used.filter(slot_start=slot_start).count() >= service.slot_capacity
    ):
        raise errors.SlotFull()


def _ensure_quota_left(quota: DayQuota, *, booking: bool) -> None:
    if not quota.left:
        raise errors.QuotaFull()
    if booking and quota.released:
        assert quota.release_at is not None
        raise errors.OnlineQuotaReleased(time=_hhmm(quota.release_at))
    if booking and not quota.online_left:
        raise errors.OnlineQuotaFull()
    if not booking and not quota.walk_in_left:
        more = ""
        if quota.release_at is not None:
            more = _("Tempat online yang tidak terpakai dibuka untuk datang langsung pukul %s.")
            more %= _hhmm(quota.release_at)
        raise errors.WalkInQuotaFull(more=more)


def _hhmm(at: dt.datetime) -> str:
    return time_format(timezone.localtime(at), "H:i")


def _create(**fields: Any) -> Ticket:
    if not fields.get("nik_hash"):
        # Only the one-NIK-per-line rule can refuse the row; no NIK, no savepoint.
        return Ticket.objects.create(**fields)
    with constraint_refusals(errors.TICKET_REFUSALS), transaction.atomic():
        return Ticket.objects.create(**fields)


def _create_numbered(
    *, service: Service, day: dt.date, slot_start: dt.datetime | None, name: str, **fields: Any
) -> Ticket:
    """A new ticket in `service`'s line for `day`: the next number (its row locked until
    commit), the quota checked under that lock, then the row."""
    number = _next_number(prefix=service.prefix, day=day)
    _ensure_quota(service=service, day=day, slot_start=slot_start)
    row = {"prefix": service.prefix, "number": number, "date": day, "service": service}
    return _create(**row, slot_start=slot_start, name=name.strip()[:100], **fields)


def _identity(*, nik: str, phone: str) -> dict[str, str]:
    out = {"nik_hash": "", "nik_last4": "", "phone": ""}
    if nik:
        nik = validate_nik(nik)
        out.update(nik_hash=nik_hash(nik), nik_last4=nik[-4:])
    if phone:
        out["phone"] = normalize_phone(phone)
    return out


def _ensure_not_closed(service: Service, at: dt.datetime) -> None:
    """No new ticket (nor transfer) while an approved closure shuts every counter serving
    the line."""
    until = service_closed_until(service=service, at=at)
    if until is not None:
        raise ServiceClosedForNow(until=until_text(until, at=at))


def _transition(
    ticket: Ticket,
    *,
    from_statuses: Iterable[str],
    kind: str,
    actor: User | None,
    note: str = "",
    **fields: Any,
) -> Ticket:
    """Compare-and-set the ticket's status; refuse when someone changed it first."""
    from_statuses = tuple(from_statuses)
    at = fields.pop("at")
    previous, previous_counter_id = ticket.status, ticket.counter_id
    # No savepoint: every caller is atomic and gives up on a refusal.
    with constraint_refusals(errors.TICKET_REFUSALS):
        updated = ticket_set_if(pk=ticket.pk, statuses=from_statuses, fields=fields)
    if not updated:
        ticket.refresh_from_db(fields=["status"])
        raise errors.TicketStateChanged(status=ticket.get_status_display())
    for name, value in fields.items():
        setattr(ticket, name, value)
    _log(
        ticket,
        kind=kind,
        at=at,
        from_status=previous,
        actor=actor,
        note=note,
        counter_id=previous_counter_id,
    )
    return ticket


def session_lock(*, counter: Counter, actor: User) -> "LockedSession":
    """Lock and return the counter's open session (serialises its actions: calls,
    closing, breaks), once `actor` is found to be allowed to work the counter.

    In the same query: `paused` (a break is open) and `busy` (the counter holds
    a called or serving ticket), the two facts every action checks.
    """
    ensure_may_operate(user=actor, counter=counter)
    session = open_session_locked(counter.pk)
    if session is None:
        raise CounterNotOpen()
    return session


def session_free(*, counter: Counter, actor: User) -> "LockedSession":
    """The counter's open session, locked, when `actor` may work it and it is neither on
    a break (CounterPaused) nor holding a ticket (CounterBusy): before a call or a pause."""
    session = session_lock(counter=counter, actor=actor)
    if session.paused:
        raise CounterPaused()
    if session.busy:
        raise CounterBusy()
    return session


def _ensure_status(ticket: Ticket, *allowed: str) -> None:
    if ticket.status not in allowed:
        raise errors.TicketStateChanged(status=ticket.get_status_display())


def _after_commit(task_name: str, object_id: int) -> None:
    # A broker outage never fails the committed request: the task waits in the outbox.
    enqueue_on_commit(f"queues.tasks.{task_name}", object_id)


def _after_commit_notify(ticket: Ticket, task_name: str) -> None:
    """Queue a message task (queues/tasks.py) once committed; only tickets with a phone."""
    if ticket.phone:
        _after_commit(task_name, ticket.pk)


# One "who is near" fan-out waiting per line is enough: it reads the line when it runs.
# The task drops this mark as it starts (queues/tasks.py), so a call after that queues
# another; the mark's lifetime bounds how long a lost task can hold the next one back.
LINE_NEAR_PENDING = "queues:line-near-pending:{}"
LINE_NEAR_PENDING_SECONDS = 30


def _after_commit_notify_line(service_id: int) -> None:
    """After a call the line moves up: tell those now near their turn (once each). When
    a fan-out for the line is already queued and has not started, it covers this call
    too (forty counters calling queue one task a line, not forty)."""
    key = LINE_NEAR_PENDING.format(service_id)

    def queue() -> None:
        # add() says "not added" when Redis is down too: then get() misses, and we queue.
        if cache.add(key, 1, LINE_NEAR_PENDING_SECONDS) or cache.get(key) is None:
            enqueue("queues.tasks.notify_line_near", service_id)

    transaction.on_commit(queue, robust=True)
