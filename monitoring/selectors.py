"""Reads of booth monitoring: who may watch, booth states, alerts and today's figures.

Managers watch every booth; an agency's supervisor watches its own agency's booths
only. Every list here takes a fixed number of queries however many booths there are.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from agencies.models import Agency, Booth, User
from agencies.selectors import DaySchedule, day_schedule
from closures.models import ClosureRequest
from complaints.selectors import complaints_overdue_summary
from counters.devices import devices_silent
from counters.models import Counter, CounterPause, CounterSession
from monitoring.models import BoothAlert
from mpp.lib.consistent import one_snapshot
from mpp.lib.errors import NotAllowed
from queues.models import Ticket
from queues.service_levels import within_target

# Booth states on the floor view, worst first.
UNATTENDED = "unattended"
EMPTY = "empty"
SERVING = "serving"
IDLE = "idle"
CLOSED = "closed"
STATES = (UNATTENDED, EMPTY, SERVING, IDLE, CLOSED)


def user_may_monitor(*, user: User) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_manager or (user.role == User.Role.SUPERVISOR and user.agency_id is not None)


def monitored_agency(*, user: User) -> int | None:
    """The one agency a supervisor watches; None for a manager (all of them).

    NotAllowed for anyone else.
    """
    if not user_may_monitor(user=user):
        raise NotAllowed()
    return None if user.is_manager else user.agency_id


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


# --- alerts ---------------------------------------------------------------------------


def booth_alerts_for_user(*, user: User, status: str | None = None) -> QuerySet[BoothAlert]:
    """Alerts `user` may see, newest first; `status` "open" or "closed" filters."""
    alerts = BoothAlert.objects.select_related("booth__agency", "acknowledged_by")
    agency_id = monitored_agency(user=user)
    if agency_id is not None:
        alerts = alerts.filter(booth__agency_id=agency_id)
    if status == "open":
        alerts = alerts.filter(closed_at__isnull=True)
    elif status == "closed":
        alerts = alerts.filter(closed_at__isnull=False)
    return alerts.order_by("-opened_at", "-id")


def booth_alert_get_for_user(*, user: User, alert_id: int) -> BoothAlert:
    """The alert if `user` may see it: BoothAlert.DoesNotExist (also for another agency's
    alert, which a supervisor may not know exists) or NotAllowed otherwise."""
    return booth_alerts_for_user(user=user).get(pk=alert_id)


def alert_data(alert: BoothAlert) -> dict[str, Any]:
    """An alert as the API, the live events and the dashboard show it."""
    by = alert.acknowledged_by
    return {
        "id": alert.pk,
        "booth": alert.booth_id,
        "booth_label": alert.booth.label,
        "agency": alert.booth.agency_id,
        "agency_name": alert.booth.agency.name,
        "kind": alert.kind,
        "kind_label": str(alert.get_kind_display()),
        "reason": alert.reason,
        "opened_at": _iso(alert.opened_at),
        "closed_at": _iso(alert.closed_at),
        "acknowledged_by": by.get_username() if by else None,
        "acknowledged_at": _iso(alert.acknowledged_at),
        "note": alert.note,
    }


def alert_data_public(alert: BoothAlert) -> dict[str, Any]:
    """An alert as a booth's own consoles see it: no names, no notes."""
    return {
        "id": alert.pk,
        "booth": alert.booth_id,
        "kind": alert.kind,
        "reason": alert.reason,
        "opened_at": _iso(alert.opened_at),
        "closed_at": _iso(alert.closed_at),
        "acknowledged": alert.acknowledged_at is not None,
    }


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


# --- booth facts: what the alert scan judges and the floor shows -----------------------


@dataclass
class OpenSession:
    """A counter's session open at the moment asked about, with its breaks."""

    counter_id: int
    officer: str
    opened_at: dt.datetime
    pause_started_at: dt.datetime | None = None  # the break running at that moment
    last_pause_end: dt.datetime | None = None


@dataclass
class Line:
    """Who waits in one service's line today."""

    count: int
    oldest: dt.datetime


@dataclass
class BoothFacts:
    """One booth at a moment, read once for both the alert scan (monitoring.booth_scan)
    and the dashboard (booth_states), so an alert and the floor cannot disagree."""

    booth: Booth
    counters: list[Counter] = field(default_factory=list)  # active ones, by number
    services: dict[int, set[int]] = field(default_factory=dict)  # counter -> its services
    sessions: dict[int, OpenSession] = field(default_factory=dict)  # counter -> session
    busy: set[int] = field(default_factory=set)  # counters holding a ticket
    lines: dict[int, Line] = field(default_factory=dict)  # service -> who waits
    closed_whole: bool = False  # a closure in force for the whole booth
    closed_counters: set[int] = field(default_factory=set)  # closures of one counter


def booth_facts(
    *, at: dt.datetime, agency_id: int | None = None, booth_ids: list[int] | None = None
) -> list[BoothFacts]:
    """Every booth (of one agency, or these ids) as of `at`, by floor and label, in a
    fixed number of queries however many booths there are."""
    booths = Booth.objects.select_related("agency").order_by("floor", "label")
    if agency_id is not None:
        booths = booths.filter(agency_id=agency_id)
    if booth_ids is not None:
        booths = booths.filter(pk__in=booth_ids)
    facts = {booth.pk: BoothFacts(booth=booth) for booth in booths}
    counters = Counter.objects.filter(booth__in=list(facts), is_active=True).order_by("number")
    by_counter: dict[int, BoothFacts] = {}
    for counter in counters.prefetch_related("services"):
        booth = by_counter[counter.pk] = facts[counter.booth_id]
        booth.counters.append(counter)
        booth.services[counter.pk] = {s.pk for s in counter.services.all()}
    _read_sessions(by_counter, at=at)
    _read_tickets(by_counter, at=at)
    for closure in ClosureRequest.objects.in_force(at).filter(booth__in=list(facts)):
        if closure.counter_id is None:
            facts[closure.booth_id].closed_whole = True
        else:
            facts[closure.booth_id].closed_counters.add(closure.counter_id)
    return list(facts.values())


def _read_sessions(by_counter: dict[int, BoothFacts], *, at: dt.datetime) -> None:
    """The sessions open at `at` and the break each was on then (or ended last)."""
    live = Q(opened_at__lte=at) & (Q(closed_at__isnull=True) | Q(closed_at__gt=at))
    sessions = CounterSession.objects.filter(live, counter__in=list(by_counter))
    by_session: dict[int, OpenSession] = {}
    for session in sessions.select_related("officer"):
        entry = OpenSession(
            counter_id=session.counter_id,
            officer=session.officer.get_username(),
            opened_at=session.opened_at,
        )
        by_session[session.pk] = by_counter[session.counter_id].sessions[session.counter_id] = entry
    for pause in CounterPause.objects.filter(session__in=list(by_session), started_at__lte=at):
        entry = by_session[pause.session_id]
        if pause.ended_at is None or pause.ended_at > at:
            entry.pause_started_at = pause.started_at
        elif entry.last_pause_end is None or pause.ended_at > entry.last_pause_end:
            entry.last_pause_end = pause.ended_at


def _read_tickets(by_counter: dict[int, BoothFacts], *, at: dt.datetime) -> None:
    """Which counters hold a ticket, and who waits today in the lines they serve."""

    busy = Ticket.objects.filter(
        counter__in=list(by_counter), status__in=Ticket.AT_COUNTER_STATUSES
    )
    for counter_id in busy.values_list("counter", flat=True):
        by_counter[counter_id].busy.add(counter_id)
    serving: dict[int, dict[int, BoothFacts]] = defaultdict(dict)  # service -> booths
    for counter_id, booth in by_counter.items():
        for service_id in booth.services[counter_id]:
            serving[service_id][booth.booth.pk] = booth
    waiting = (
        Ticket.objects.filter(
            status=Ticket.Status.WAITING, date=timezone.localdate(at), service__in=list(serving)
        )
        .values_list("service")
        .annotate(count=Count("id"), oldest=Min("queued_at"))
    )
    for service_id, count, oldest in waiting:
        for booth in serving[service_id].values():
            booth.lines[service_id] = Line(count=count, oldest=oldest)


# --- booth states ---------------------------------------------------------------------


def booth_states(
    *, agency_id: int | None = None, booth_ids: list[int] | None = None, at: dt.datetime | None
) -> list[dict[str, Any]]:
    """Every booth (of one agency, or these ids) with what it is doing at `at` (now)."""
    at = at or timezone.now()
    facts = booth_facts(at=at, agency_id=agency_id, booth_ids=booth_ids)
    alerts = defaultdict(list)
    open_alerts = BoothAlert.objects.filter(
        booth__in=[f.booth.pk for f in facts], closed_at__isnull=True
    )
    for alert in open_alerts.order_by("id"):
        alerts[alert.booth_id].append(alert)
    working = in_working_hours(day_schedule(day=timezone.localdate(at)), at)
    return [_booth_state(booth, alerts=alerts[booth.booth.pk], working=working) for booth in facts]


def _booth_state(facts: BoothFacts, *, alerts: list[BoothAlert], working: bool) -> dict[str, Any]:
    booth, sessions = facts.booth, facts.sessions
    open_ids = [c.pk for c in facts.counters if c.pk in sessions]
    lines = facts.lines.values()
    kinds = {a.kind for a in alerts}
    if BoothAlert.Kind.UNATTENDED in kinds:
        state = UNATTENDED
    elif BoothAlert.Kind.EMPTY in kinds:
        state = EMPTY
    elif any(pk in facts.busy for pk in open_ids):
        state = SERVING
    elif open_ids:
        state = IDLE
    else:
        state = CLOSED
    return {
        "id": booth.pk,
        "label": booth.label,
        "floor": booth.floor,
        "agency": booth.agency_id,
        "agency_name": booth.agency.name,
        "state": state,
        "in_hours": working,
        "closure": facts.closed_whole,
        "counters": [_counter_state(facts, c) for c in facts.counters],
        "counters_open": len(open_ids),
        "waiting": sum(line.count for line in lines),
        "oldest_queued_at": _iso(min((line.oldest for line in lines), default=None)),
        "alerts": [{"id": a.pk, "kind": a.kind, "reason": a.reason} for a in alerts],
    }


def _counter_state(facts: BoothFacts, counter: Counter) -> dict[str, Any]:
    session = facts.sessions.get(counter.pk)
    if session is None:
        state = "closed"
    else:
        state = "open" if session.pause_started_at is None else "paused"
    return {
        "id": counter.pk,
        "label": counter.label,
        "number": counter.number,
        "officer": session.officer if session else None,
        "state": state,
        "busy": counter.pk in facts.busy,
        "closure": counter.pk in facts.closed_counters,
    }


def booth_state(*, booth_id: int) -> dict[str, Any] | None:
    states = booth_states(booth_ids=[booth_id], at=None)
    return states[0] if states else None


def public_state(state: dict[str, Any]) -> dict[str, Any]:
    """A booth state without personal data (who staffs which counter)."""
    counters = [{k: v for k, v in c.items() if k != "officer"} for c in state["counters"]]
    return {**state, "counters": counters}


def booth_state_public(*, booth_id: int) -> dict[str, Any] | None:
    """What a booth's consoles see of it (the `booth.<id>` stream and the counter socket)."""
    state = booth_state(booth_id=booth_id)
    return public_state(state) if state else None


# --- today's figures -------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (p90 = fraction 0.9): a value that occurred."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def waiting_per_agency(*, agency_id: int | None, at: dt.datetime | None = None) -> list[dict]:
    """Who waits now, per agency: count and the longest wait in minutes."""

    at = at or timezone.now()
    tickets = Ticket.objects.filter(status=Ticket.Status.WAITING, date=timezone.localdate(at))
    if agency_id is not None:
        tickets = tickets.filter(service__agency_id=agency_id)
    rows = (
        tickets.values("service__agency", "service__agency__name")
        .annotate(count=Count("id"), oldest=Min("queued_at"))
        .order_by("service__agency__name")
    )
    return [
        {
            "agency": row["service__agency"],
            "agency_name": row["service__agency__name"],
            "count": row["count"],
            "longest_wait_minutes": _minutes(at - row["oldest"]) if row["oldest"] else 0,
        }
        for row in rows
    ]


def _minutes(delta: dt.timedelta) -> float:
    return round(max(delta.total_seconds(), 0) / 60, 1)


def figures_today(*, agency_id: int | None, at: dt.datetime | None = None) -> dict[str, Any]:
    """Tickets issued, served and no-shows today, and the wait (queue to call) of the
    tickets called so far: mean and p90, in minutes."""

    at = at or timezone.now()
    S = Ticket.Status
    tickets = Ticket.objects.filter(date=timezone.localdate(at), queued_at__isnull=False)
    if agency_id is not None:
        tickets = tickets.filter(service__agency_id=agency_id)
    counts = tickets.aggregate(
        issued=Count("id"),
        served=Count("id", filter=Q(status=S.DONE)),
        no_show=Count("id", filter=Q(status=S.NO_SHOW)),
        waiting=Count("id", filter=Q(status=S.WAITING)),
    )
    called = tickets.filter(called_at__isnull=False).values_list("queued_at", "called_at")
    waits = [_minutes(call - queued) for queued, call in called if call and queued]
    mean = round(sum(waits) / len(waits), 1) if waits else None
    return {**counts, "mean_wait_minutes": mean, "p90_wait_minutes": percentile(waits, 0.9)}


def service_levels_today(*, agency_id: int | None, at: dt.datetime | None = None) -> dict:
    """Today's share of applicants called within target (queues/service_levels.py), in
    total and per agency, with the colour thresholds. Four queries."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    levels = within_target(date_from=today, date_to=today, agency_id=agency_id, at=at)
    names = dict(Agency.objects.filter(pk__in=list(levels.agencies)).values_list("pk", "name"))
    agencies = [
        {"agency": pk, "agency_name": names[pk], **share.data()}
        for pk, share in levels.agencies.items()
    ]
    agencies.sort(key=lambda row: (row["share"], row["agency_name"]))
    return {
        "total": levels.total.data(),
        "agencies": agencies,
        "green_percent": settings.SERVICE_LEVEL_GREEN_PERCENT,
        "amber_percent": settings.SERVICE_LEVEL_AMBER_PERCENT,
    }


def open_alerts(*, agency_id: int | None) -> list[dict[str, Any]]:
    alerts = BoothAlert.objects.select_related("booth__agency", "acknowledged_by").filter(
        closed_at__isnull=True
    )
    if agency_id is not None:
        alerts = alerts.filter(booth__agency_id=agency_id)
    return [alert_data(a) for a in alerts.order_by("-opened_at", "-id")]


@one_snapshot()
def monitoring_snapshot(*, agency_id: int | None) -> dict[str, Any]:
    """What /ws/manager/ sends first and /dashboard/ renders: the floor as of now."""

    now = timezone.now()
    return {
        "booths": booth_states(agency_id=agency_id, at=now),
        "alerts": open_alerts(agency_id=agency_id),
        "waiting": waiting_per_agency(agency_id=agency_id, at=now),
        "figures": figures_today(agency_id=agency_id, at=now),
        "service_levels": service_levels_today(agency_id=agency_id, at=now),
        "devices": devices_silent(at=now) if agency_id is None else [],
        "complaints": complaints_overdue_summary(agency_id=agency_id, at=now),
    }
