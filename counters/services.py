"""Writes on counters (loket): open, pause, resume, close. Attendance is
recorded as CounterSession rows with their CounterPause breaks."""

from typing import TYPE_CHECKING, TypedDict

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from agencies.models import User
from counters.errors import (
    CounterBusy,
    CounterInactive,
    CounterNotOpen,
    CounterNotPaused,
    CounterPaused,
    CounterTaken,
    OfficerBusyElsewhere,
)
from counters.models import Counter, CounterPause, CounterSession
from counters.selectors import user_may_operate
from monitoring.services import booth_refresh
from mpp.lib.errors import NotAllowed, constraint_refusals
from queues import events

# The refusals PostgreSQL makes on session rows (CounterSession.Meta.constraints).
SESSION_REFUSALS = {
    "one_open_session_per_counter": CounterTaken,
    "one_open_session_per_officer": OfficerBusyElsewhere,
}


def ensure_may_operate(*, user: User, counter: Counter) -> None:
    if not user_may_operate(user=user, agency_id=counter.booth.agency_id):
        raise NotAllowed()


class _SessionState(TypedDict):
    paused: bool
    busy: bool


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    LockedSession = WithAnnotations[CounterSession, _SessionState]
else:
    LockedSession = CounterSession


def _publish_state(counter: Counter) -> None:
    """The console follows its counter; each line it serves re-estimates its wait."""
    events.publish_counter(counter)
    for service_id in counter.services.order_by("pk").values_list("pk", flat=True):
        events.publish_line(service_id, fresh=True)


def session_lock(*, counter: Counter) -> "LockedSession":
    """Lock and return the counter's open session (serialises its actions).

    In the same query: `paused` (a break is open) and `busy` (the counter holds
    a called or serving ticket), the two facts every action checks.
    """
    from queues.models import Ticket

    open_pause = CounterPause.objects.filter(session=OuterRef("pk"), ended_at__isnull=True)
    current = Ticket.objects.filter(
        counter=OuterRef("counter_id"), status__in=Ticket.AT_COUNTER_STATUSES
    )
    session = (
        CounterSession.objects.select_for_update(of=("self",))
        .annotate(paused=Exists(open_pause), busy=Exists(current))
        .filter(counter=counter, closed_at__isnull=True)
        .first()
    )
    if session is None:
        raise CounterNotOpen()
    return session


@transaction.atomic
def counter_open(*, counter: Counter, officer: User) -> CounterSession:
    """Open the counter for `officer`; opening it again is a no-op."""
    ensure_may_operate(user=officer, counter=counter)
    if not counter.is_active:
        raise CounterInactive()
    current = CounterSession.objects.filter(counter=counter, closed_at__isnull=True).first()
    if current is not None:
        if current.officer_id != officer.pk:
            raise CounterTaken()
        return current
    if CounterSession.objects.filter(officer=officer, closed_at__isnull=True).exists():
        raise OfficerBusyElsewhere()
    # A concurrent opener that got past the checks above is refused by a constraint.
    with constraint_refusals(SESSION_REFUSALS):
        session = CounterSession.objects.create(
            counter=counter, officer=officer, opened_at=timezone.now()
        )
    booth_refresh(booth_id=counter.booth_id, at=session.opened_at)
    _publish_state(counter)
    return session


@transaction.atomic
def counter_close(*, counter: Counter, actor: User) -> CounterSession:
    ensure_may_operate(user=actor, counter=counter)
    session = session_lock(counter=counter)
    if session.busy:
        raise CounterBusy()
    now = timezone.now()
    session.pauses.filter(ended_at__isnull=True).update(ended_at=now)
    session.closed_at = now
    session.save(update_fields=["closed_at"])
    _publish_state(counter)
    return session


@transaction.atomic
def counter_pause(*, counter: Counter, actor: User, reason: str) -> CounterPause:
    ensure_may_operate(user=actor, counter=counter)
    session = session_lock(counter=counter)
    if session.paused:
        raise CounterPaused()
    if session.busy:
        raise CounterBusy()
    pause = CounterPause.objects.create(
        session=session, reason=reason.strip()[:200], started_at=timezone.now()
    )
    _publish_state(counter)
    return pause


@transaction.atomic
def counter_resume(*, counter: Counter, actor: User) -> CounterSession:
    ensure_may_operate(user=actor, counter=counter)
    session = session_lock(counter=counter)
    now = timezone.now()
    if not session.pauses.filter(ended_at__isnull=True).update(ended_at=now):
        raise CounterNotPaused()
    booth_refresh(booth_id=counter.booth_id, at=now)
    _publish_state(counter)
    return session
