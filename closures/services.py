"""Writes on planned closures (penutupan terencana) of a counter or a whole booth.

An officer or supervisor of the booth's agency asks (`closure_request`), a manager
approves or refuses (`closure_approve`, `closure_refuse`), the requester or a manager
may cancel before it ends (`closure_cancel`). Every step is logged as a
ClosureRequestEvent and told by a Celery task (closures/tasks.py) after commit.

Nothing runs when a closure starts or ends: every reader asks
`ClosureRequest.objects.in_force(at)` (or `service_closed_until`), so an approved
closure takes effect and ends by itself.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agencies.models import Booth, User
from closures import errors
from closures.models import ClosureRequest, ClosureRequestEvent
from closures.selectors import (
    closures_overlapping,
    period_text,
    user_may_cancel_closure,
    user_may_request_closure,
)
from counters.models import Counter
from mpp.lib.errors import NotAllowed
from mpp.lib.tasks import enqueue_on_commit

Status = ClosureRequest.Status
Kind = ClosureRequestEvent.Kind

# Limits in days: settings CLOSURE_MAX_DAYS and CLOSURE_MAX_DAYS_AHEAD.
# A form filled in "from now" reaches the server a little later: that is not the past.
PAST_TOLERANCE = dt.timedelta(minutes=5)
NOTE_MAX_LENGTH = 1000


def _log(closure: ClosureRequest, *, kind: str, actor: User, at: dt.datetime, note: str = ""):
    ClosureRequestEvent.objects.create(closure=closure, kind=kind, actor=actor, at=at, note=note)


def _after_commit(task_name: str, closure_id: int) -> None:
    # A broker outage never fails the committed request: the task waits in the outbox.
    enqueue_on_commit(f"closures.tasks.{task_name}", closure_id)


def _target(*, booth: Booth | None, counter: Counter | None) -> tuple[Booth, Counter | None]:
    if counter is not None:
        if booth is not None and booth.pk != counter.booth_id:
            raise errors.ClosureCounterNotInBooth()
        return counter.booth, counter
    if booth is None:
        raise errors.ClosureNotFound()
    return booth, None


def _check_period(*, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> None:
    max_days = settings.CLOSURE_MAX_DAYS
    max_ahead = settings.CLOSURE_MAX_DAYS_AHEAD
    if ends_at <= now or starts_at < now - PAST_TOLERANCE:
        raise errors.ClosureInPast()
    if ends_at <= starts_at:
        raise errors.ClosureEndsBeforeStart()
    if starts_at > now + dt.timedelta(days=max_ahead):
        raise errors.ClosureTooFarAhead(days=max_ahead)
    if ends_at - starts_at > dt.timedelta(days=max_days):
        raise errors.ClosureTooLong(days=max_days)


@transaction.atomic
def closure_request(
    *,
    actor: User,
    reason: str,
    ends_at: dt.datetime,
    starts_at: dt.datetime | None = None,
    booth: Booth | None = None,
    counter: Counter | None = None,
) -> ClosureRequest:
    """Ask to close `counter` (or, without one, the whole `booth`) until `ends_at`.

    `starts_at` defaults to now. Refused: another agency's booth, no reason, a period
    that ends before it starts, lies in the past, is too long or too far ahead, and a
    pending or approved request for the same target over the same time.
    """
    booth, counter = _target(booth=booth, counter=counter)
    if not user_may_request_closure(user=actor, agency_id=booth.agency_id):
        raise NotAllowed()
    reason = " ".join(reason.split())[:200]
    if not reason:
        raise errors.ClosureReasonRequired()
    now = timezone.now()
    starts_at = starts_at or now
    _check_period(starts_at=starts_at, ends_at=ends_at, now=now)
    starts_at = max(starts_at, now)
    # One request at a time per booth: the overlap check below cannot race.
    Booth.objects.select_for_update().filter(pk=booth.pk).first()
    overlap = closures_overlapping(
        booth=booth, counter=counter, starts_at=starts_at, ends_at=ends_at
    ).first()
    if overlap is not None:
        raise errors.ClosureOverlaps(period=period_text(overlap.starts_at, overlap.ends_at))
    closure = ClosureRequest.objects.create(
        booth=booth,
        counter=counter,
        reason=reason,
        starts_at=starts_at,
        ends_at=ends_at,
        requested_by=actor,
        requested_at=now,
    )
    _log(closure, kind=Kind.REQUESTED, actor=actor, at=now, note=reason)
    _after_commit("notify_closure_requested", closure.pk)
    return closure


def _lock(closure: ClosureRequest) -> ClosureRequest:
    """The request's row, locked: decisions on one request are serialised."""
    locked = ClosureRequest.objects.select_for_update(of=("self",))
    return locked.select_related("booth", "counter").get(pk=closure.pk)


def _decide(
    closure: ClosureRequest, *, actor: User, status: str, kind: str, note: str
) -> ClosureRequest:
    if not actor.is_authenticated or not actor.is_manager:
        raise NotAllowed()
    closure = _lock(closure)
    if closure.status != Status.PENDING:
        raise errors.ClosureNotPending(status=closure.get_status_display())
    now = timezone.now()
    if closure.ends_at <= now:
        raise errors.ClosureAlreadyEnded()
    closure.status = status
    closure.decided_by = actor
    closure.decided_at = now
    closure.decision_note = note
    closure.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _log(closure, kind=kind, actor=actor, at=now, note=note)
    _after_commit("notify_closure_decided", closure.pk)
    return closure


def _clean_note(note: str) -> str:
    return note.strip()[:NOTE_MAX_LENGTH]


@transaction.atomic
def closure_approve(*, closure: ClosureRequest, actor: User, note: str = "") -> ClosureRequest:
    """A manager approves: from `starts_at` the target takes no new tickets (if no other
    counter serves them) and raises no booth alert, until `ends_at`."""
    return _decide(
        closure, actor=actor, status=Status.APPROVED, kind=Kind.APPROVED, note=_clean_note(note)
    )


@transaction.atomic
def closure_refuse(*, closure: ClosureRequest, actor: User, note: str) -> ClosureRequest:
    """A manager refuses, saying why (the requester is told)."""
    note = _clean_note(note)
    if not note:
        raise errors.RefusalNoteRequired()
    return _decide(closure, actor=actor, status=Status.REFUSED, kind=Kind.REFUSED, note=note)


@transaction.atomic
def closure_cancel(*, closure: ClosureRequest, actor: User, note: str = "") -> ClosureRequest:
    """The requester or a manager withdraws a pending or approved request before it ends.

    A closure already in force ends now: its `ends_at` is cut to this moment, so the
    record keeps the time it really held.
    """
    if not user_may_cancel_closure(user=actor, closure=closure):
        raise NotAllowed()
    closure = _lock(closure)
    if closure.status not in (Status.PENDING, Status.APPROVED):
        raise errors.ClosureNotCancellable(status=closure.get_status_display())
    now = timezone.now()
    if closure.ends_at <= now:
        raise errors.ClosureAlreadyEnded()
    fields = ["status"]
    if closure.status == Status.APPROVED and closure.starts_at < now:
        closure.ends_at = now
        fields.append("ends_at")
    closure.status = Status.CANCELLED
    closure.save(update_fields=fields)
    _log(closure, kind=Kind.CANCELLED, actor=actor, at=now, note=_clean_note(note))
    if actor.pk != closure.requested_by_id:
        _after_commit("notify_closure_decided", closure.pk)
    return closure
