"""Booth monitoring (pemantauan gerai): the scan that opens and closes booth alerts,
and the acknowledgement of an alert by a manager or the agency's supervisor.

The rules (DOMAIN.md "Booth attendance"), counted in working time only (opening
hours minus the day's breaks), so a gap that spans the Friday prayer break or the
night does not count against a booth:
- `empty`: no counter of the booth staffed (no open CounterSession) for the grace
  period since opening, since the end of a break, or since its last session closed;
- `unattended`: a free, unpaused counter is open, tickets it could call wait, and
  nothing happened at the booth (no call, no finish) for the no-call threshold;
  or an officer's pause has run past its limit.
Nothing is raised outside opening hours, on closed days or in a break, and open
alerts close by themselves when their condition clears (or the day's hours end).
An approved closure in force for the booth, or for every one of its counters,
suppresses its alerts.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from agencies.models import Booth, User
from agencies.selectors import DaySchedule, day_schedule
from counters import events
from counters.errors import AlertAlreadyAcknowledged
from counters.models import BoothAlert, ClosureRequest, Counter, CounterPause, CounterSession
from mpp.lib.tasks import enqueue_on_commit

log = logging.getLogger(__name__)

Kind = BoothAlert.Kind

# Why an alert was raised (BoothAlert.reason).
NO_COUNTER_OPEN = "no_counter_open"
NO_CALL = "no_call"
BREAK_OVERRUN = "break_overrun"


def empty_grace() -> dt.timedelta:
    return dt.timedelta(minutes=settings.MPP_BOOTH_EMPTY_GRACE_MINUTES)


def no_call_threshold() -> dt.timedelta:
    return dt.timedelta(minutes=settings.MPP_BOOTH_NO_CALL_MINUTES)


def pause_limit() -> dt.timedelta:
    return dt.timedelta(minutes=settings.MPP_BOOTH_PAUSE_LIMIT_MINUTES)


# --- working time ---------------------------------------------------------------


def working_windows(schedule: DaySchedule) -> list[tuple[dt.datetime, dt.datetime]]:
    """The day's opening hours minus its breaks; [] on a closed day."""
    if not schedule.open or schedule.opens_at is None or schedule.closes_at is None:
        return []
    windows = []
    start = schedule.opens_at
    for b_start, b_end in sorted(schedule.breaks):
        if b_start > start:
            windows.append((start, min(b_start, schedule.closes_at)))
        start = max(start, b_end)
    if start < schedule.closes_at:
        windows.append((start, schedule.closes_at))
    return windows


def in_working_hours(schedule: DaySchedule, at: dt.datetime) -> bool:
    return any(start <= at < end for start, end in working_windows(schedule))


def window_start(schedule: DaySchedule, at: dt.datetime) -> dt.datetime | None:
    """When the working window holding `at` began (opening, or the end of a break)."""
    return next((start for start, end in working_windows(schedule) if start <= at < end), None)


def working_time(schedule: DaySchedule, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """How much of [start, end) falls inside the day's working windows."""
    total = dt.timedelta()
    for w_start, w_end in working_windows(schedule):
        overlap = min(end, w_end) - max(start, w_start)
        if overlap > dt.timedelta():
            total += overlap
    return total


# --- what the scan reads ----------------------------------------------------------


@dataclass
class _OpenSession:
    counter_id: int
    opened_at: dt.datetime
    pause_started_at: dt.datetime | None = None
    last_pause_end: dt.datetime | None = None


@dataclass
class _BoothFacts:
    booth: Booth
    counters: list[Counter] = field(default_factory=list)
    service_ids: dict[int, set[int]] = field(default_factory=dict)  # counter -> services
    sessions: list[_OpenSession] = field(default_factory=list)
    last_closed: dt.datetime | None = None
    last_activity: dt.datetime | None = None
    closed_whole: bool = False
    closed_counters: set[int] = field(default_factory=set)


@dataclass
class ScanResult:
    opened: list[BoothAlert] = field(default_factory=list)
    closed: list[BoothAlert] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.opened or self.closed)


def _facts(
    *, at: dt.datetime, schedule: DaySchedule, booth_id: int | None = None
) -> dict[int, _BoothFacts]:
    """Everything the rules need, for every booth with an active counter (or just one),
    in a fixed number of queries."""
    from queues.models import TicketEvent

    counters = Counter.objects.filter(is_active=True).select_related("booth__agency")
    if booth_id is not None:
        counters = counters.filter(booth_id=booth_id)
    facts: dict[int, _BoothFacts] = {}
    for counter in counters.prefetch_related("services"):
        booth = facts.setdefault(counter.booth_id, _BoothFacts(booth=counter.booth))
        booth.counters.append(counter)
        booth.service_ids[counter.pk] = {s.pk for s in counter.services.all()}
    live = Q(opened_at__lte=at) & (Q(closed_at__isnull=True) | Q(closed_at__gt=at))
    sessions = CounterSession.objects.filter(live, counter__in=_counter_ids(facts))
    by_session: dict[int, _OpenSession] = {}
    for session in sessions.select_related("counter"):
        entry = _OpenSession(counter_id=session.counter_id, opened_at=session.opened_at)
        by_session[session.pk] = entry
        facts[session.counter.booth_id].sessions.append(entry)
    for pause in CounterPause.objects.filter(session__in=list(by_session), started_at__lte=at):
        entry = by_session[pause.session_id]
        if pause.ended_at is None or pause.ended_at > at:
            entry.pause_started_at = pause.started_at
        elif entry.last_pause_end is None or pause.ended_at > entry.last_pause_end:
            entry.last_pause_end = pause.ended_at
    closed = (
        CounterSession.objects.filter(closed_at__lte=at, counter__booth__in=list(facts))
        .values("counter__booth")
        .annotate(last=Max("closed_at"))
    )
    for row in closed:
        facts[row["counter__booth"]].last_closed = row["last"]
    day_start = schedule.opens_at or at
    activity = (
        TicketEvent.objects.filter(at__gte=day_start, at__lte=at, counter__booth__in=list(facts))
        .values("counter__booth")
        .annotate(last=Max("at"))
    )
    for row in activity:
        facts[row["counter__booth"]].last_activity = row["last"]
    for closure in ClosureRequest.objects.in_force(at).filter(booth__in=list(facts)):
        if closure.counter_id is None:
            facts[closure.booth_id].closed_whole = True
        else:
            facts[closure.booth_id].closed_counters.add(closure.counter_id)
    return facts


def _counter_ids(facts: dict[int, _BoothFacts]) -> list[int]:
    return [c.pk for booth in facts.values() for c in booth.counters]


def _waiting(*, at: dt.datetime) -> dict[int, dt.datetime]:
    """The oldest waiting ticket's queue time per service, today."""
    from queues.models import Ticket

    rows = (
        Ticket.objects.filter(
            status=Ticket.Status.WAITING,
            date=timezone.localdate(at),
            queued_at__isnull=False,
            queued_at__lte=at,
        )
        .values("service")
        .annotate(oldest=Min("queued_at"))
    )
    return {row["service"]: row["oldest"] for row in rows}


def _busy_counters() -> set[int]:
    from queues.models import Ticket

    busy = Ticket.objects.filter(status__in=Ticket.AT_COUNTER_STATUSES, counter__isnull=False)
    return set(busy.values_list("counter_id", flat=True))


# --- the rules ----------------------------------------------------------------------


def _expected(
    booth: _BoothFacts,
    *,
    at: dt.datetime,
    schedule: DaySchedule,
    waiting: dict[int, dt.datetime],
    busy: set[int],
) -> dict[str, str]:
    """The alerts this booth should have open now: {kind: reason}."""
    if booth.closed_whole:
        return {}
    if not [c for c in booth.counters if c.pk not in booth.closed_counters]:
        return {}
    started = window_start(schedule, at)
    assert started is not None
    expected: dict[str, str] = {}
    if not booth.sessions:
        # The grace runs from opening, from the end of a break, or from the last close.
        since = max(filter(None, [started, booth.last_closed]))
        if working_time(schedule, since, at) >= empty_grace():
            expected[Kind.EMPTY] = NO_COUNTER_OPEN
        return expected
    if any(
        s.pause_started_at and working_time(schedule, s.pause_started_at, at) >= pause_limit()
        for s in booth.sessions
    ):
        expected[Kind.UNATTENDED] = BREAK_OVERRUN
    elif _no_call(booth, at=at, started=started, schedule=schedule, waiting=waiting, busy=busy):
        expected[Kind.UNATTENDED] = NO_CALL
    return expected


def _no_call(
    booth: _BoothFacts,
    *,
    at: dt.datetime,
    started: dt.datetime,
    schedule: DaySchedule,
    waiting: dict[int, dt.datetime],
    busy: set[int],
) -> bool:
    """A free, unpaused counter could call a ticket that has waited, and nothing happened
    at the booth for the threshold."""
    for session in booth.sessions:
        if session.pause_started_at is not None or session.counter_id in busy:
            continue
        queued = [waiting[s] for s in booth.service_ids.get(session.counter_id, ()) if s in waiting]
        if not queued:
            continue
        moments = [started, session.opened_at, session.last_pause_end]
        moments += [booth.last_activity, min(queued)]
        since = max(m for m in moments if m is not None)
        if working_time(schedule, since, at) >= no_call_threshold():
            return True
    return False


# --- the scan -----------------------------------------------------------------------


def booth_scan(*, at: dt.datetime) -> ScanResult:
    """Open and close booth alerts as of `at`; running it twice changes nothing.

    Booths are settled one by one, each in its own transaction with the booth row
    locked, so two overlapping scans (a slow beat run, a manual `scan_booths`)
    serialise per booth; the one-open-alert-per-booth-and-kind constraint backs it.
    """
    schedule = day_schedule(day=timezone.localdate(at))
    result = ScanResult()
    if not in_working_hours(schedule, at):
        for booth_id in _booths_with_open_alerts():
            _settle(booth_id=booth_id, expected={}, at=at, result=result)
        return result
    facts = _facts(at=at, schedule=schedule)
    waiting = _waiting(at=at)
    busy = _busy_counters()
    open_now = defaultdict(set)
    for booth_id, kind in BoothAlert.objects.filter(closed_at__isnull=True).values_list(
        "booth", "kind"
    ):
        open_now[booth_id].add(kind)
    for booth_id in sorted(set(facts) | set(open_now)):
        booth = facts.get(booth_id)
        expected = (
            _expected(booth, at=at, schedule=schedule, waiting=waiting, busy=busy) if booth else {}
        )
        if set(expected) != open_now.get(booth_id, set()):
            _settle(booth_id=booth_id, expected=expected, at=at, result=result)
    return result


def booth_refresh(*, booth_id: int, at: dt.datetime) -> ScanResult:
    """Close the booth's alerts whose condition just cleared (a counter opened, a break
    ended), without waiting for the next scan; opening alerts stays the scan's job."""
    result = ScanResult()
    open_kinds = set(
        BoothAlert.objects.filter(booth_id=booth_id, closed_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
    if not open_kinds:
        return result
    schedule = day_schedule(day=timezone.localdate(at))
    expected: dict[str, str] = {}
    if in_working_hours(schedule, at):
        booth = _facts(at=at, schedule=schedule, booth_id=booth_id).get(booth_id)
        if booth is not None:
            expected = _expected(
                booth, at=at, schedule=schedule, waiting=_waiting(at=at), busy=_busy_counters()
            )
    still = {kind: reason for kind, reason in expected.items() if kind in open_kinds}
    if set(still) != open_kinds:
        _settle(booth_id=booth_id, expected=still, at=at, result=result)
    return result


def _booths_with_open_alerts() -> list[int]:
    booths = BoothAlert.objects.filter(closed_at__isnull=True).values_list("booth", flat=True)
    return sorted(set(booths))


@transaction.atomic
def _settle(*, booth_id: int, expected: dict[str, str], at: dt.datetime, result: ScanResult):
    """Make the booth's open alerts match `expected`, under the booth's row lock."""
    Booth.objects.select_for_update().filter(pk=booth_id).first()
    open_alerts = {
        a.kind: a for a in BoothAlert.objects.filter(booth_id=booth_id, closed_at__isnull=True)
    }
    changed = False
    for kind, alert in open_alerts.items():
        if kind not in expected:
            alert.closed_at = max(at, alert.opened_at)
            alert.save(update_fields=["closed_at"])
            result.closed.append(alert)
            events.publish_alert(alert)
            changed = True
    for kind, reason in expected.items():
        if kind in open_alerts:
            continue
        try:
            with transaction.atomic():
                alert = BoothAlert.objects.create(
                    booth_id=booth_id, kind=kind, reason=reason, opened_at=at
                )
        except IntegrityError:  # an overlapping scan opened it first
            continue
        result.opened.append(alert)
        events.publish_alert(alert)
        enqueue_on_commit("counters.tasks.notify_booth_alert", alert.pk)
        changed = True
    if changed:
        events.publish_booth(booth_id)


# --- acknowledgement ----------------------------------------------------------------


@transaction.atomic
def booth_alert_acknowledge(*, alert: BoothAlert, user: User, note: str) -> BoothAlert:
    """Tanggapi: a manager or the agency's supervisor notes what was done about it.

    `alert` comes from `booth_alert_get_for_user`, which already scoped it; the row is
    locked so two people acknowledging at once get one success and one refusal.
    """
    locked = BoothAlert.objects.select_for_update().get(pk=alert.pk)
    if locked.acknowledged_at is not None:
        raise AlertAlreadyAcknowledged()
    locked.acknowledged_by = user
    locked.acknowledged_at = timezone.now()
    locked.note = note.strip()
    locked.save(update_fields=["acknowledged_by", "acknowledged_at", "note"])
    events.publish_alert(locked)
    return locked
