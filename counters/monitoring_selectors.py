"""Reads of booth monitoring: who may watch, booth states, alerts and today's figures.

Managers watch every booth; an agency's supervisor watches its own agency's booths
only. Every list here takes a fixed number of queries however many booths there are.
"""

import datetime as dt
import math
from collections import defaultdict
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from agencies.models import Booth, User
from agencies.selectors import day_schedule
from counters.models import BoothAlert, ClosureRequest, Counter, CounterPause, CounterSession
from counters.monitoring import in_working_hours
from mpp.lib.errors import NotAllowed

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


# --- booth states ---------------------------------------------------------------------


def booth_states(
    *, agency_id: int | None = None, booth_ids: list[int] | None = None, at: dt.datetime | None
) -> list[dict[str, Any]]:
    """Every booth (of one agency, or these ids) with what it is doing at `at` (now)."""
    from queues.models import Ticket

    at = at or timezone.now()
    booths = Booth.objects.select_related("agency").order_by("floor", "label")
    if agency_id is not None:
        booths = booths.filter(agency_id=agency_id)
    if booth_ids is not None:
        booths = booths.filter(pk__in=booth_ids)
    booth_list = list(booths)
    ids = [b.pk for b in booth_list]
    counters = list(
        Counter.objects.filter(booth__in=ids, is_active=True)
        .prefetch_related("services")
        .order_by("number")
    )
    sessions = dict(
        CounterSession.objects.filter(counter__in=counters, closed_at__isnull=True).values_list(
            "counter", "officer__username"
        )
    )
    paused = set(
        CounterPause.objects.filter(
            session__counter__in=counters, session__closed_at__isnull=True, ended_at__isnull=True
        ).values_list("session__counter", flat=True)
    )
    busy = set(
        Ticket.objects.filter(
            counter__in=counters, status__in=Ticket.AT_COUNTER_STATUSES
        ).values_list("counter", flat=True)
    )
    service_ids = {s.pk for c in counters for s in c.services.all()}
    waiting: dict[int, dict[str, Any]] = {
        row["service"]: dict(row)
        for row in Ticket.objects.filter(
            status=Ticket.Status.WAITING,
            date=timezone.localdate(at),
            service__in=service_ids,
        )
        .values("service")
        .annotate(count=Count("id"), oldest=Min("queued_at"))
    }
    alerts = defaultdict(list)
    for alert in BoothAlert.objects.filter(booth__in=ids, closed_at__isnull=True).order_by("id"):
        alerts[alert.booth_id].append(alert)
    closures = defaultdict(set)
    for closure in ClosureRequest.objects.in_force(at).filter(booth__in=ids):
        closures[closure.booth_id].add(closure.counter_id)
    working = in_working_hours(day_schedule(day=timezone.localdate(at)), at)
    per_booth = defaultdict(list)
    for counter in counters:
        per_booth[counter.booth_id].append(counter)
    return [
        _booth_state(
            booth,
            counters=per_booth[booth.pk],
            sessions=sessions,
            paused=paused,
            busy=busy,
            waiting=waiting,
            alerts=alerts[booth.pk],
            closures=closures[booth.pk],
            working=working,
        )
        for booth in booth_list
    ]


def _booth_state(
    booth: Booth,
    *,
    counters: list[Counter],
    sessions: dict[int, str],
    paused: set[int],
    busy: set[int],
    waiting: dict[int, dict[str, Any]],
    alerts: list[BoothAlert],
    closures: set[int | None],
    working: bool,
) -> dict[str, Any]:
    open_ids = [c.pk for c in counters if c.pk in sessions]
    services = {s.pk for c in counters for s in c.services.all()}
    lines = [waiting[s] for s in services if s in waiting]
    oldest = min((row["oldest"] for row in lines if row["oldest"]), default=None)
    kinds = {a.kind for a in alerts}
    if BoothAlert.Kind.UNATTENDED in kinds:
        state = UNATTENDED
    elif BoothAlert.Kind.EMPTY in kinds:
        state = EMPTY
    elif any(pk in busy for pk in open_ids):
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
        "closure": None in closures,
        "counters": [
            {
                "id": c.pk,
                "label": c.label,
                "number": c.number,
                "officer": sessions.get(c.pk),
                "state": "paused" if c.pk in paused else "open" if c.pk in sessions else "closed",
                "busy": c.pk in busy,
                "closure": c.pk in closures,
            }
            for c in counters
        ],
        "counters_open": len(open_ids),
        "waiting": sum(row["count"] for row in lines),
        "oldest_queued_at": _iso(oldest),
        "alerts": [{"id": a.pk, "kind": a.kind, "reason": a.reason} for a in alerts],
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
    from queues.models import Ticket

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
    from queues.models import Ticket

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


def open_alerts(*, agency_id: int | None) -> list[dict[str, Any]]:
    alerts = BoothAlert.objects.select_related("booth__agency", "acknowledged_by").filter(
        closed_at__isnull=True
    )
    if agency_id is not None:
        alerts = alerts.filter(booth__agency_id=agency_id)
    return [alert_data(a) for a in alerts.order_by("-opened_at", "-id")]


def monitoring_snapshot(*, agency_id: int | None) -> dict[str, Any]:
    """What /ws/manager/ sends first and /dashboard/ renders: the floor as of now."""
    from complaints.selectors import complaints_overdue_summary
    from counters.devices import devices_silent

    now = timezone.now()
    return {
        "booths": booth_states(agency_id=agency_id, at=now),
        "alerts": open_alerts(agency_id=agency_id),
        "waiting": waiting_per_agency(agency_id=agency_id, at=now),
        "figures": figures_today(agency_id=agency_id, at=now),
        "devices": devices_silent(at=now) if agency_id is None else [],
        "complaints": complaints_overdue_summary(agency_id=agency_id, at=now),
    }
