"""Attendance report (laporan kehadiran gerai); performance is in reports/performance.py.

Reads only, for managers (all agencies) and an agency's supervisor (its own).
Each report runs a fixed number of queries however many booths, days or tickets
it covers: rows are fetched once and folded in Python, which also keeps the
arithmetic the same on PostgreSQL and SQLite.

Attendance, per booth per day:
- `scheduled_minutes`: the mall's opening minutes that day minus the break
  (istirahat), minus approved planned closures of the whole booth
  (`ClosureRequest` without a counter); 0 on closed days (weekends, holidays,
  closures).
- `staffed_minutes`: the union of the booth's counters' sessions minus their
  pauses, clipped to the scheduled window. Two counters open at the same time
  count once; a session still open counts until now.
- `coverage`: staffed / scheduled as a fraction (0-1, 4 decimals), and
  **null** (not 0) when nothing was scheduled, so closed days do not drag an
  average down.
- `alerts`: booth alerts (`BoothAlert`) opened that day, also split by kind.

"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from agencies.models import Booth
from closures.models import ClosureRequest
from counters.models import CounterPause, CounterSession
from monitoring.models import BoothAlert
from reports.intervals import (
    Interval,
    bounds,
    by_day,
    days,
    intersect_intervals,
    interval_minutes,
    merge_intervals,
    scheduled_windows,
    subtract_intervals,
)


@dataclass
class AttendanceRow:
    booth: int
    booth_label: str
    agency: int
    agency_name: str
    date: dt.date
    open: bool
    scheduled_minutes: float
    staffed_minutes: float
    coverage: float | None
    planned_closure_minutes: float
    alerts: int
    empty_alerts: int
    unattended_alerts: int


ATTENDANCE_FIELDS = [f.name for f in fields(AttendanceRow)]


def _staffed_by_booth(agency: int | None, start: dt.datetime, end: dt.datetime) -> dict[int, list]:
    """Per booth, the merged intervals when at least one counter was open and not paused."""
    now = timezone.now()
    overlapping = Q(opened_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gt=start))
    sessions = CounterSession.objects.filter(overlapping, _of_agency(agency, "counter__booth"))
    pauses: dict[int, list[Interval]] = defaultdict(list)
    pause_rows = CounterPause.objects.filter(
        Q(started_at__lt=end),
        Q(ended_at__isnull=True) | Q(ended_at__gt=start),
        _of_agency(agency, "session__counter__booth"),
    ).values_list("session_id", "started_at", "ended_at")
    for session_id, p_start, p_end in pause_rows:
        pauses[session_id].append((p_start, p_end or now))
    per_booth: dict[int, list[Interval]] = defaultdict(list)
    rows = sessions.values_list("pk", "counter__booth_id", "opened_at", "closed_at")
    for pk, booth_id, opened, closed in rows:
        span = [(max(opened, start), min(closed or now, end))]
        per_booth[booth_id].extend(subtract_intervals(span, pauses.get(pk, [])))
    return {booth_id: merge_intervals(spans) for booth_id, spans in per_booth.items()}


def _of_agency(agency: int | None, booth_path: str) -> Q:
    """Rows whose booth (reached by `booth_path`) belongs to `agency`; all when None."""
    return Q() if agency is None else Q(**{f"{booth_path}__agency_id": agency})


def _closures_by_booth(agency: int | None, start: dt.datetime, end: dt.datetime) -> dict[int, list]:
    rows = ClosureRequest.objects.filter(
        _of_agency(agency, "booth"),
        status=ClosureRequest.Status.APPROVED,
        counter__isnull=True,
        starts_at__lt=end,
        ends_at__gt=start,
    ).values_list("booth_id", "starts_at", "ends_at")
    closures: dict[int, list[Interval]] = defaultdict(list)
    for booth_id, c_start, c_end in rows:
        closures[booth_id].append((c_start, c_end))
    return closures


def _alerts_by_booth_day(agency: int | None, start: dt.datetime, end: dt.datetime) -> dict:
    rows = (
        BoothAlert.objects.filter(_of_agency(agency, "booth"), opened_at__gte=start)
        .filter(opened_at__lt=end)
        .annotate(day=TruncDate("opened_at"))
        .values("booth_id", "day", "kind")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[(row["booth_id"], row["day"])][row["kind"]] = row["n"]
    return counts


def attendance(
    *, date_from: dt.date, date_to: dt.date, agency: int | None = None
) -> list[AttendanceRow]:
    """Per booth per day, in booth order then date: see the module docstring. 7 queries."""
    start, end = bounds(date_from, date_to)
    booths = list(
        Booth.objects.filter(Q() if agency is None else Q(agency_id=agency))
        .select_related("agency")
        .order_by("agency__order", "agency__name", "label")
    )
    windows = scheduled_windows(date_from=date_from, date_to=date_to)
    staffed = _staffed_by_booth(agency, start, end)
    closures = _closures_by_booth(agency, start, end)
    alerts = _alerts_by_booth_day(agency, start, end)
    rows = []
    period = days(date_from, date_to)
    for booth in booths:
        staffed_days = by_day(staffed.get(booth.pk, []))
        for day in period:
            window = windows[day]
            planned = intersect_intervals(window, closures.get(booth.pk, []))
            scheduled = subtract_intervals(window, planned)
            covered = intersect_intervals(scheduled, staffed_days.get(day, []))
            kinds = alerts.get((booth.pk, day), {})
            rows.append(
                AttendanceRow(
                    booth=booth.pk,
                    booth_label=booth.label,
                    agency=booth.agency_id,
                    agency_name=booth.agency.name,
                    date=day,
                    open=bool(window),
                    scheduled_minutes=round(interval_minutes(scheduled), 1),
                    staffed_minutes=round(interval_minutes(covered), 1),
                    coverage=_ratio(interval_minutes(covered), interval_minutes(scheduled)),
                    planned_closure_minutes=round(interval_minutes(planned), 1),
                    alerts=sum(kinds.values()),
                    empty_alerts=kinds.get(BoothAlert.Kind.EMPTY, 0),
                    unattended_alerts=kinds.get(BoothAlert.Kind.UNATTENDED, 0),
                )
            )
    return rows


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole > 0 else None


@dataclass
class BoothSummary:
    """One booth over the whole period (the attendance chart)."""

    booth: int
    booth_label: str
    agency_name: str
    scheduled_minutes: float = 0.0
    staffed_minutes: float = 0.0
    alerts: int = 0

    @property
    def coverage(self) -> float | None:
        return _ratio(self.staffed_minutes, self.scheduled_minutes)


def attendance_by_booth(rows: Iterable[AttendanceRow]) -> list[BoothSummary]:
    summaries: dict[int, BoothSummary] = {}
    for row in rows:
        summary = summaries.setdefault(
            row.booth, BoothSummary(row.booth, row.booth_label, row.agency_name)
        )
        summary.scheduled_minutes = round(summary.scheduled_minutes + row.scheduled_minutes, 1)
        summary.staffed_minutes = round(summary.staffed_minutes + row.staffed_minutes, 1)
        summary.alerts += row.alerts
    return list(summaries.values())


# --- performance ------------------------------------------------------------------------
