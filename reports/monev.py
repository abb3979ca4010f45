"""The province's Monev report (monitoring dan evaluasi MPP) for one month, per agency and
for the whole mall. Read like the other reports: rows fetched once, folded in Python, a
fixed number of queries however many tickets the month holds.

Each figure, for the month's local dates (tickets by their date; surveys, complaints and
alerts by when they were made):
- `visitors`: tickets that joined a queue (walk-ins, and bookings that checked in);
  `tickets_served`: those finished (`done`); `no_shows`: those marked absent.
- `online_share`: visitors who booked online / visitors; `priority_share`: visitors
  with a priority (lansia, disabilitas, ibu hamil, membawa bayi) / visitors.
- wait: from joining the queue to the FIRST call (a recall or a later transfer does not
  change it), for visitors who were called. `wait_median_minutes` is the median (the
  mean of the two middle values for an even count), `wait_p90_minutes` the 90th
  percentile by nearest rank (as the performance report); minutes, 1 decimal.
  `priority_wait_median_minutes`: the median of the priority visitors' waits.
- `within_target_share`: called visitors whose wait was within their service's target
  (reports/service_targets.py) / called visitors.
- IKM: `ikm_respondents`, `ikm_index` (25-100) and `ikm_category` (A-D) of the month's
  survey answers, computed by complaints.survey.ikm_report (sums, never a mean of means).
- `complaints_received`: complaints filed in the month; `complaints_closed_within_sla`:
  of those, the ones resolved, closed or rejected by their due date. A complaint naming
  no agency counts only for the whole mall.
- `booth_coverage`: minutes the agency's booths were staffed / minutes they were
  scheduled to be (reports/attendance.py, summed over the month's days and booths);
  `alerts`: booth alerts opened.
- Shares are fractions 0-1 with 4 decimals; a share or wait without data is null.
- A ticket belongs to the agency of its service (the last one, after a transfer).
"""

import datetime as dt
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext

from agencies.models import Agency, Service, User
from complaints.ikm import IkmResult
from complaints.models import Complaint
from complaints.survey import ikm_report
from queues.models import Ticket, TicketEvent
from reports.attendance import attendance
from reports.errors import MonevMonthInvalid
from reports.intervals import bounds
from reports.performance import p90
from reports.service_targets import target_wait_minutes, within_target

INDICATORS = [
    "visitors",
    "tickets_served",
    "online_share",
    "wait_median_minutes",
    "wait_p90_minutes",
    "within_target_share",
    "no_shows",
    "priority_share",
    "priority_wait_median_minutes",
    "ikm_respondents",
    "ikm_index",
    "ikm_category",
    "complaints_received",
    "complaints_closed_within_sla",
    "booth_coverage",
    "alerts",
]
ROW_FIELDS = ["agency", "agency_name", *INDICATORS]
HANDLED = [Complaint.Status.RESOLVED, Complaint.Status.CLOSED, Complaint.Status.REJECTED]
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def month_bounds(value: str | None) -> tuple[dt.date, dt.date]:
    """The first and last day of `YYYY-MM`; MonevMonthInvalid otherwise."""
    match = _MONTH.fullmatch((value or "").strip())
    if not match or not 2000 <= int(match[1]) <= 2100 or not 1 <= int(match[2]) <= 12:
        raise MonevMonthInvalid()
    first = dt.date(int(match[1]), int(match[2]), 1)
    last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass
class _Tally:
    visitors: int = 0
    served: int = 0
    no_shows: int = 0
    online: int = 0
    priority: int = 0
    within: int = 0
    waits: list[float] = field(default_factory=list)
    priority_waits: list[float] = field(default_factory=list)
    complaints: int = 0
    complaints_in_sla: int = 0
    scheduled: float = 0.0
    staffed: float = 0.0
    alerts: int = 0
    ikm: IkmResult | None = None

    def add_ticket(self, *, channel: str, priority: str, status: str) -> None:
        self.visitors += 1
        self.served += status == Ticket.Status.DONE
        self.no_shows += status == Ticket.Status.NO_SHOW
        self.online += channel == Ticket.Channel.ONLINE
        self.priority += priority != Ticket.Priority.REGULAR

    def add_wait(self, *, wait: float, priority: bool, within: bool) -> None:
        self.waits.append(wait)
        self.within += within
        if priority:
            self.priority_waits.append(wait)

    def figures(self) -> dict[str, Any]:
        ikm = self.ikm
        return {
            "visitors": self.visitors,
            "tickets_served": self.served,
            "online_share": _share(self.online, self.visitors),
            "wait_median_minutes": _minutes(_median(self.waits)),
            "wait_p90_minutes": _minutes(p90(self.waits)),
            "within_target_share": _share(self.within, len(self.waits)),
            "no_shows": self.no_shows,
            "priority_share": _share(self.priority, self.visitors),
            "priority_wait_median_minutes": _minutes(_median(self.priority_waits)),
            "ikm_respondents": ikm.respondents if ikm else 0,
            "ikm_index": float(ikm.index) if ikm and ikm.index is not None else None,
            "ikm_category": ikm.category if ikm else None,
            "complaints_received": self.complaints,
            "complaints_closed_within_sla": self.complaints_in_sla,
            "booth_coverage": round(self.staffed / self.scheduled, 4) if self.scheduled else None,
            "alerts": self.alerts,
        }


@dataclass
class MonevReport:
    month: str
    date_from: dt.date
    date_to: dt.date
    mall: dict[str, Any]
    agencies: list[dict[str, Any]]

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Every agency, then the whole mall: the CSV's and the page's rows."""
        return [*self.agencies, self.mall]


def _tickets(tallies: dict, mall: _Tally, date_from: dt.date, date_to: dt.date) -> None:
    """Visitors and waits. 2 queries (the services' agencies and targets, the tickets)."""
    agency_of = dict(Service.objects.values_list("pk", "agency_id"))
    targets = target_wait_minutes(agency_of)
    first_call = Min("events__at", filter=Q(events__kind=TicketEvent.Kind.CALLED))
    rows = (
        Ticket.objects.filter(date__range=(date_from, date_to), queued_at__isnull=False)
        .annotate(first_call=first_call)
        .values_list("service_id", "channel", "priority", "status", "queued_at", "first_call")
    )
    for service_id, channel, priority, status, queued_at, called in rows:
        for tally in (tallies[agency_of[service_id]], mall):
            tally.add_ticket(channel=channel, priority=priority, status=status)
            if called is not None:
                wait = max(0.0, (called - queued_at).total_seconds() / 60)
                within = within_target(wait_minutes=wait, target_minutes=targets[service_id])
                tally.add_wait(
                    wait=wait, priority=priority != Ticket.Priority.REGULAR, within=within
                )


def _complaints(tallies: dict, mall: _Tally, date_from: dt.date, date_to: dt.date) -> None:
    """Received, and handled by the due date. 1 query."""
    start, end = bounds(date_from, date_to)
    handled_at = Min("responses__at", filter=Q(responses__to_status__in=HANDLED))
    rows = (
        Complaint.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(handled_at=handled_at)
        .values_list("agency_id", "due_at", "handled_at")
    )
    for agency_id, due_at, handled in rows:
        in_sla = handled is not None and (due_at is None or handled <= due_at)
        for tally in [mall] if agency_id is None else [tallies[agency_id], mall]:
            tally.complaints += 1
            tally.complaints_in_sla += in_sla


def _attendance(tallies: dict, mall: _Tally, date_from: dt.date, date_to: dt.date) -> None:
    """Booth coverage and alerts, from the attendance report's rows. 7 queries."""
    # The current month so far: days to come are not yet "unstaffed".
    date_to = min(date_to, max(date_from, timezone.localdate()))
    for row in attendance(date_from=date_from, date_to=date_to):
        for tally in (tallies[row.agency], mall):
            tally.scheduled += row.scheduled_minutes
            tally.staffed += row.staffed_minutes
            tally.alerts += row.alerts


def monev(*, user: User, month: str) -> MonevReport:
    """The month's indicators per agency (every agency, in the catalog's order) and for
    the whole mall (`agency` null). See the module docstring; 14 queries."""
    date_from, date_to = month_bounds(month)
    agencies = list(Agency.objects.order_by("order", "name"))
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    mall = _Tally()
    _tickets(tallies, mall, date_from, date_to)
    _complaints(tallies, mall, date_from, date_to)
    _attendance(tallies, mall, date_from, date_to)
    surveys = ikm_report(user=user, date_from=date_from, date_to=date_to)
    for row in surveys.agencies:
        tallies[row.agency_id].ikm = row.result
    mall.ikm = surveys.total
    return MonevReport(
        month=date_from.strftime("%Y-%m"),
        date_from=date_from,
        date_to=date_to,
        agencies=[
            {"agency": a.pk, "agency_name": a.name, **tallies[a.pk].figures()} for a in agencies
        ],
        mall={"agency": None, "agency_name": gettext("Seluruh MPP"), **mall.figures()},
    )


def current_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def default_target_minutes() -> float:
    """The mall's target wait, printed under the table (until targets differ per service)."""
    return float(settings.MONEV_TARGET_WAIT_MINUTES)
