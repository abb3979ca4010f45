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
from django.db.models import Max
from django.utils import timezone

from agencies.models import Booth, User
from agencies.selectors import DaySchedule, day_schedule
from counters.models import CounterSession
from monitoring import events
from monitoring.errors import AlertAlreadyAcknowledged
from monitoring.models import BoothAlert
from monitoring.selectors import (
    BoothFacts,
    booth_facts,
    in_working_hours,
    window_start,
    working_time,
)
from mpp.lib.errors import constraint_name
from mpp.lib.kept import kept
from mpp.lib.tasks import enqueue_on_commit
from queues.models import TicketEvent

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


# --- what the scan reads ---------------------------------------------------------------


@dataclass
class ScanResult:
    opened: list[BoothAlert] = field(default_factory=list)
    closed: list[BoothAlert] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.opened or self.closed)


@dataclass
class _Earlier:
    """What happened at the booths earlier today, which only the rules need (the rest
    of what they judge is `booth_facts`, the dashboard's reading too)."""

    closed: dict[int, dt.datetime]  # booth -> when its last session closed
    activity: dict[int, dt.datetime]  # booth -> its last ticket event today


def _earlier(*, at: dt.datetime, schedule: DaySchedule, booth_ids: list[int]) -> _Earlier:

    closed = (
        CounterSession.objects.filter(closed_at__lte=at, counter__booth__in=booth_ids)
        .values_list("counter__booth")
        .annotate(last=Max("closed_at"))
    )
    day_start = schedule.opens_at or at
    activity = (
        TicketEvent.objects.filter(at__gte=day_start, at__lte=at, counter__booth__in=booth_ids)
        .values_list("counter__booth")
        .annotate(last=Max("at"))
    )
    return _Earlier(closed=dict(closed), activity=dict(activity))


# --- the rules ----------------------------------------------------------------------


def _expected(
    booth: BoothFacts, *, at: dt.datetime, schedule: DaySchedule, earlier: _Earlier
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
        since = max(filter(None, [started, earlier.closed.get(booth.booth.pk)]))
        if working_time(schedule, since, at) >= empty_grace():
            expected[Kind.EMPTY] = NO_COUNTER_OPEN
        return expected
    if any(
        s.pause_started_at and working_time(schedule, s.pause_started_at, at) >= pause_limit()
        for s in booth.sessions.values()
    ):
        expected[Kind.UNATTENDED] = BREAK_OVERRUN
    elif _no_call(booth, at=at, started=started, schedule=schedule, earlier=earlier):
        expected[Kind.UNATTENDED] = NO_CALL
    return expected


def _no_call(
    booth: BoothFacts,
    *,
    at: dt.datetime,
    started: dt.datetime,
    schedule: DaySchedule,
    earlier: _Earlier,
) -> bool:
    """A free, unpaused counter could call a ticket that has waited, and nothing happened
    at the booth for the threshold."""
    for session in booth.sessions.values():
        if session.pause_started_at is not None or session.counter_id in booth.busy:
            continue
        lines = [booth.lines[s] for s in booth.services[session.counter_id] if s in booth.lines]
        if not lines:
            continue
        moments = [started, session.opened_at, session.last_pause_end]
        moments += [earlier.activity.get(booth.booth.pk), min(line.oldest for line in lines)]
        since = max(m for m in moments if m is not None)
        # A ticket queued after `at` (an early check-in) gives no working time: no alert.
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
    facts = {booth.booth.pk: booth for booth in booth_facts(at=at)}
    earlier = _earlier(at=at, schedule=schedule, booth_ids=list(facts))
    open_now = defaultdict(set)
    for booth_id, kind in BoothAlert.objects.filter(closed_at__isnull=True).values_list(
        "booth", "kind"
    ):
        open_now[booth_id].add(kind)
    for booth_id in sorted(set(facts) | set(open_now)):
        booth = facts.get(booth_id)
        expected = _expected(booth, at=at, schedule=schedule, earlier=earlier) if booth else {}
        if set(expected) != open_now.get(booth_id, set()):
            _settle(booth_id=booth_id, expected=expected, at=at, result=result)
    return result


# The booths with an open alert (few, most hours), kept until an alert changes
# (mpp.lib.kept; monitoring/apps.py): every call, start, finish and no-show refreshes its
# booth, and a booth with nothing open has nothing to close.
ALERTING_BOOTHS_KEY = "monitoring:alerting-booths"


def booth_refresh(*, booth_id: int, at: dt.datetime) -> ScanResult:
    """Close the booth's alerts whose condition just cleared (a counter opened, a break
    ended), without waiting for the next scan; opening alerts stays the scan's job."""
    result = ScanResult()
    if booth_id not in kept(ALERTING_BOOTHS_KEY, _booths_with_open_alerts):
        return result
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
        for booth in booth_facts(at=at, booth_ids=[booth_id]):
            earlier = _earlier(at=at, schedule=schedule, booth_ids=[booth_id])
            expected = _expected(booth, at=at, schedule=schedule, earlier=earlier)
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
            events.emit_webhook(alert)
            changed = True
    for kind, reason in expected.items():
        if kind in open_alerts:
            continue
        try:
            with transaction.atomic():
                alert = BoothAlert.objects.create(
                    booth_id=booth_id, kind=kind, reason=reason, opened_at=at
                )
        except IntegrityError as exc:
            if constraint_name(exc) != "one_open_alert_per_booth_kind":
                raise
            continue  # an overlapping scan opened it first
        result.opened.append(alert)
        events.publish_alert(alert)
        events.emit_webhook(alert)
        enqueue_on_commit("monitoring.tasks.notify_booth_alert", alert.pk)
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
