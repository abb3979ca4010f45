"""Staffing forecast (prakiraan kebutuhan loket): how many counters each service needs in
each opening hour of a day, by Erlang C (reports/erlang.py) on its history.

- History: the same weekday in the STAFFING_HISTORY_WEEKS (8) weeks before the date,
  keeping the days the mall recorded any ticket (a holiday or a day before the system
  was in use says nothing about demand).
- Arrivals: each stage's start (the walk-in's issue, the booking's check-in, the
  transfer into the line), at the stage's service, by local clock hour. One arriving
  before opening (kiosks issue early) is counted in the first opening hour, one after
  closing in the last. expected_arrivals = arrivals in that hour / history days.
- Mean service time: started -> finished (or -> transferred) of the stages served at
  the service on those days; without any, the service's expected_service_minutes.
- Opening hours: the date's schedule minus its break. An hour open only in part
  (11:00-11:30) has its arrivals come in that part: the rate per hour is
  arrivals / open fraction.
- counters_needed: the fewest counters with P(wait <= target) >= STAFFING_TARGET_PERCENT
  (Erlang C's service level, the call centres' "80% within the target").
- counters_planned: the counters serving that service that were opened today (there is
  no roster yet), the same for every hour.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from agencies.models import Service
from agencies.selectors import day_schedule
from counters.models import Counter, CounterSession
from monitoring.selectors import working_windows
from queues.models import Ticket, TicketEvent
from queues.service_levels import service_targets
from reports import erlang

STAFFING_FIELDS = [
    "service",
    "service_name",
    "agency",
    "agency_name",
    "hour",
    "expected_arrivals",
    "mean_service_minutes",
    "target_wait_minutes",
    "counters_needed",
    "counters_planned",
    "gap",
]

_ARRIVAL_KINDS = (TicketEvent.Kind.ISSUED, TicketEvent.Kind.CHECKED_IN)
_STAGE_END_KINDS = (TicketEvent.Kind.FINISHED, TicketEvent.Kind.TRANSFERRED)


def history_dates(day: dt.date) -> list[dt.date]:
    """The same weekday in the weeks before `day`, oldest first."""
    weeks = settings.STAFFING_HISTORY_WEEKS
    return [day - dt.timedelta(weeks=k) for k in range(weeks, 0, -1)]


def opening_hours(day: dt.date) -> dict[int, float]:
    """Clock hour -> the open fraction of it (0-1] on `day`; {} on a closed day."""
    hours: dict[int, float] = defaultdict(float)
    for start, end in working_windows(day_schedule(day=day)):
        start, end = timezone.localtime(start), timezone.localtime(end)
        while start < end:
            next_hour = (start + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
            part = min(end, next_hour)
            hours[start.hour] += (part - start).total_seconds() / 3600
            start = part
    return dict(sorted(hours.items()))


@dataclass
class History:
    """What the history days show, per service."""

    days: list[dt.date]
    arrivals: dict[int, dict[int, int]]  # service -> clock hour -> arrivals (all days)
    service_minutes: dict[int, list[float]]  # service -> each served stage's minutes


def service_history(*, dates: list[dt.date], agency_id: int | None = None) -> History:
    """Arrivals per hour and service times of the stages on `dates`. Two queries."""
    used = sorted(set(Ticket.objects.filter(date__in=dates).values_list("date", flat=True)))
    events = TicketEvent.objects.filter(
        ticket__date__in=used,
        kind__in=[*_ARRIVAL_KINDS, TicketEvent.Kind.STARTED, *_STAGE_END_KINDS],
    )
    if agency_id is not None:
        # A transfer carries the line it goes to: kept whatever its agency, it still ends
        # the stage it leaves at this agency's line.
        events = events.filter(
            Q(service__agency_id=agency_id) | Q(kind=TicketEvent.Kind.TRANSFERRED)
        )
    arrivals: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    minutes: dict[int, list[float]] = defaultdict(list)
    started: dict[int, tuple[dt.datetime, int]] = {}  # ticket -> its stage's start
    rows = events.order_by("ticket_id", "at", "pk").values_list(
        "ticket_id", "kind", "at", "service_id"
    )
    for ticket_id, kind, at, service_id in rows:
        if kind in _ARRIVAL_KINDS or kind == TicketEvent.Kind.TRANSFERRED:
            arrivals[service_id][timezone.localtime(at).hour] += 1
        if kind == TicketEvent.Kind.STARTED:
            started[ticket_id] = (at, service_id)
        elif kind in _STAGE_END_KINDS and ticket_id in started:
            start, stage_service = started.pop(ticket_id)
            minutes[stage_service].append((at - start).total_seconds() / 60)
    return History(days=used, arrivals=arrivals, service_minutes=minutes)


def _in_hours(per_hour: dict[int, int], hours: list[int]) -> dict[int, int]:
    """Arrivals before the first opening hour go to it, after the last to the last."""
    folded: dict[int, int] = defaultdict(int)
    for hour, count in per_hour.items():
        folded[max(hours[0], min(hours[-1], hour))] += count
    return folded


def counters_planned(*, today: dt.date, service_ids: list[int]) -> dict[int, int]:
    """Per service, the counters serving it that were opened today (one query)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(today, dt.time.min, tzinfo=tz)
    opened = CounterSession.objects.filter(
        opened_at__gte=start, opened_at__lt=start + dt.timedelta(days=1)
    ).values("counter_id")
    pairs = Counter.services.through.objects.filter(
        service_id__in=service_ids, counter_id__in=opened, counter__is_active=True
    ).values_list("service_id", "counter_id")
    counters: dict[int, set[int]] = defaultdict(set)
    for service_id, counter_id in pairs:
        counters[service_id].add(counter_id)
    return {service_id: len(ids) for service_id, ids in counters.items()}


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def staffing(*, day: dt.date, agency_id: int | None = None) -> list[dict]:
    """Per active service (of one agency, or all), per opening hour of `day`: the expected
    arrivals, the mean service time, the target, the counters needed and planned."""
    hours = opening_hours(day)
    if not hours:
        return []
    services = Service.objects.filter(is_active=True).select_related("agency")
    if agency_id is not None:
        services = services.filter(agency_id=agency_id)
    services = list(services.order_by("agency__order", "agency__name", "name"))
    history = service_history(dates=history_dates(day), agency_id=agency_id)
    targets = service_targets()
    planned = counters_planned(today=timezone.localdate(), service_ids=[s.pk for s in services])
    share = settings.STAFFING_TARGET_PERCENT / 100
    rows = []
    for service in services:
        arrivals = _in_hours(history.arrivals.get(service.pk, {}), list(hours))
        mean = _mean(history.service_minutes.get(service.pk, []))
        service_minutes = mean if mean else float(service.expected_service_minutes)
        target = targets[service.pk][1]
        for hour, fraction in hours.items():
            expected = arrivals.get(hour, 0) / len(history.days) if history.days else 0.0
            needed = erlang.counters_needed(expected / fraction, service_minutes, target, share)
            plan = planned.get(service.pk, 0)
            rows.append(
                {
                    "service": service.pk,
                    "service_name": service.name,
                    "agency": service.agency_id,
                    "agency_name": service.agency.name,
                    "hour": hour,
                    "expected_arrivals": round(expected, 2),
                    "mean_service_minutes": round(service_minutes, 1),
                    "target_wait_minutes": target,
                    "counters_needed": needed,
                    "counters_planned": plan,
                    "gap": max(0, needed - plan),
                }
            )
    return rows
