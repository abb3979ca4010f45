"""Performance report (laporan kinerja layanan), read like attendance (reports/attendance.py):
rows fetched once, folded in Python, a fixed number of queries.

Performance, per service and per officer, by STAGE (tahap) of the period's
tickets that ended at a counter (status `done` or `no_show`; a ticket still
waiting after a transfer is not counted yet). A ticket moved by `ticket_transfer`
(another service or agency, e.g. the e-KTP flow) visits several lines; each
visit is a stage, rebuilt from the ticket's timeline (`TicketEvent`):
- a stage begins at the queue time (the first stage) or at the transfer into
  its line, and ends with `transferred` (served at that stage, credited to the
  officer who transferred it, in the service it left), `finished` (served,
  credited to the officer who finished it) or `no_show` (credited to the
  officer who marked it);
- wait = stage begin -> its first call; service = its first start -> its end,
  for served stages. No-show stages count their wait too (they waited).
- mean: arithmetic; p90: **nearest-rank** (the ceil(0.9 n)-th smallest value);
  both in minutes with 1 decimal, null without data.
- every served stage counts: the officers of the earlier stages get the credit
  for their part and each service shows the stages it served. The totals count
  stages as well ("served" = stages served, the sum of the service rows), so a
  ticket served in two stages counts twice: the totals measure the work done at
  the counters, not the number of applicants.
- with an agency, only the stages at its services count (a ticket transferred
  from agency A to agency B counts its first stage for A and its second for B).

The officer ranking (for the province's "best officer" award) is explained in
`officer_score`.
"""

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, Sum

from agencies.models import Service, User
from complaints.models import SURVEY_ELEMENTS, SurveyResponse
from queues.models import Ticket, TicketEvent

# Officers with fewer survey answers than this take the period's average IKM index.
RANKING_MIN_RESPONSES = 5


def p90(values: Sequence[float]) -> float | None:
    """90th percentile by nearest rank: the ceil(0.9 n)-th smallest value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None  # exact: any order


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass
class _Tally:
    served: int = 0
    no_shows: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)

    def figures(self) -> dict:
        return {
            "served": self.served,
            "no_shows": self.no_shows,
            "wait_mean_minutes": _minutes(_mean(self.waits)),
            "wait_p90_minutes": _minutes(p90(self.waits)),
            "service_mean_minutes": _minutes(_mean(self.services)),
            "service_p90_minutes": _minutes(p90(self.services)),
        }


# The columns of a _Tally's figures, in every row that carries them.
FIGURE_FIELDS = list(_Tally().figures())
SERVICE_FIELDS = ["service", "service_name", "agency", "agency_name", *FIGURE_FIELDS]
OFFICER_FIELDS = [
    *("rank", "officer", "username", "name", "agency", "agency_name"),
    *FIGURE_FIELDS,
    *("ikm_respondents", "ikm_index", "score"),
]


@dataclass
class PerformanceReport:
    date_from: dt.date
    date_to: dt.date
    agency: int | None
    totals: dict
    services: list[dict]
    officers: list[dict]
    ranking_average_index: float | None


# Every ticket's stage ends; the events inside its earlier stages (a transferred
# ticket's call and start times are reset by the move) only for transferred tickets.
STAGE_END_KINDS = [
    TicketEvent.Kind.FINISHED,
    TicketEvent.Kind.NO_SHOW,
    TicketEvent.Kind.TRANSFERRED,
]
EARLIER_STAGE_KINDS = [
    TicketEvent.Kind.ISSUED,
    TicketEvent.Kind.CHECKED_IN,
    TicketEvent.Kind.CALLED,
    TicketEvent.Kind.STARTED,
]


@dataclass
class Stage:
    """One visit of a ticket to one service's line (tahap layanan)."""

    service: int
    served: bool
    officer: int | None
    wait: float | None
    service_minutes: float | None


def _period_tickets(date_from: dt.date, date_to: dt.date, agency: int | None):
    """Tickets of the period that ended at a counter; with an agency, those with
    any stage at one of its services (their other stages are dropped later)."""
    tickets = Ticket.objects.filter(
        date__range=(date_from, date_to),
        status__in=[Ticket.Status.DONE, Ticket.Status.NO_SHOW],
    )
    if agency is not None:
        visited = TicketEvent.objects.filter(
            ticket__date__range=(date_from, date_to), service__agency_id=agency
        ).values("ticket_id")
        tickets = tickets.filter(Q(service__agency_id=agency) | Q(pk__in=visited))
    return tickets


def _minutes_between(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds() / 60)


def _stages_of(ticket: tuple, events: Sequence[tuple]) -> list[Stage]:
    """Cut one ticket's timeline (events ordered by at, pk) into stages.

    A stage begins at the queue time (the first) or at the transfer into its
    line, and ends with `transferred` (served there, by the transfer's actor),
    or, for the last one, with the ticket's own end (`finished` or `no_show`).
    A transfer event carries the service it goes TO (the services log it after
    the move), so a stage's service is the one of its own calls and starts.
    The last stage takes the ticket's own call, start and finish times: only a
    call sets `called_at`, and a transfer clears it with `started_at`, so they
    are that stage's first call and its start.
    """
    _, service_id, status, queued, called, started, finished = ticket
    stages: list[Stage] = []
    begin, current = queued, None
    first_call = first_start = None
    officer = None
    for _, kind, at, actor_id, event_service in events:
        if kind == TicketEvent.Kind.TRANSFERRED:
            stages.append(
                Stage(
                    service=current if current is not None else event_service,
                    served=True,
                    officer=actor_id,
                    wait=_minutes_between(begin, first_call),
                    service_minutes=_minutes_between(first_start, at),
                )
            )
            begin, current, first_call, first_start = at, event_service, None, None
            continue
        current = event_service
        if kind == TicketEvent.Kind.CALLED and first_call is None:
            first_call = at
        elif kind == TicketEvent.Kind.STARTED and first_start is None:
            first_start = at
        elif kind in (TicketEvent.Kind.FINISHED, TicketEvent.Kind.NO_SHOW):
            officer = actor_id
    served = status == Ticket.Status.DONE
    stages.append(
        Stage(
            service=service_id,
            served=served,
            officer=officer,
            wait=_minutes_between(begin, called),
            service_minutes=_minutes_between(started, finished) if served else None,
        )
    )
    return stages


def _stages(date_from: dt.date, date_to: dt.date, agency: int | None) -> Iterable[Stage]:
    """Every stage of the period's done / no-show tickets. 2 queries."""
    tickets = _period_tickets(date_from, date_to, agency)
    rows = tickets.order_by("pk").values_list(
        "pk", "service_id", "status", "queued_at", "called_at", "started_at", "finished_at"
    )
    # Joined on the ticket rather than `IN (tickets)`: PostgreSQL plans it faster.
    of_period = TicketEvent.objects.filter(
        ticket__date__range=(date_from, date_to),
        ticket__status__in=[Ticket.Status.DONE, Ticket.Status.NO_SHOW],
    )
    if agency is not None:
        of_period = of_period.filter(ticket__in=tickets.values("pk"))
    transferred = TicketEvent.objects.filter(
        ticket__date__range=(date_from, date_to), kind=TicketEvent.Kind.TRANSFERRED
    ).values("ticket_id")
    timeline = (
        of_period.filter(
            Q(kind__in=STAGE_END_KINDS) | Q(kind__in=EARLIER_STAGE_KINDS, ticket_id__in=transferred)
        )
        .order_by("ticket_id", "at", "pk")
        .values_list("ticket_id", "kind", "at", "actor_id", "service_id")
    )
    events: dict[int, list[tuple]] = defaultdict(list)
    for event in timeline:
        events[event[0]].append(event)
    for ticket in rows:
        yield from _stages_of(ticket, events.get(ticket[0], ()))


def _tally(
    stages: Iterable[Stage], agency_of: dict[int, int], agency: int | None
) -> tuple[_Tally, dict[int, _Tally], dict[int, _Tally]]:
    """Fold stages into the totals, per service and per officer (only the
    agency's stages when an agency is given)."""
    total = _Tally()
    per_service: dict[int, _Tally] = defaultdict(_Tally)
    per_officer: dict[int, _Tally] = defaultdict(_Tally)
    for stage in stages:
        if agency is not None and agency_of.get(stage.service) != agency:
            continue
        tallies = [total, per_service[stage.service]]
        if stage.officer is not None:
            tallies.append(per_officer[stage.officer])
        for tally in tallies:
            if stage.served:
                tally.served += 1
            else:
                tally.no_shows += 1
            if stage.wait is not None:
                tally.waits.append(stage.wait)
            if stage.service_minutes is not None:
                tally.services.append(stage.service_minutes)
    return total, per_service, per_officer


def _ikm_by_officer(
    date_from: dt.date, date_to: dt.date, agency: int | None
) -> tuple[dict[int, tuple[int, Fraction]], Fraction | None]:
    """Per officer (respondents, converted IKM index 25-100), and the index of all answers.

    IKM = mean of the nine element NRR (sum / respondents) = all scores / (9 n); index = IKM x 25.
    """
    answers = SurveyResponse.objects.filter(ticket__date__range=(date_from, date_to))
    if agency is not None:
        answers = answers.filter(service__agency_id=agency)
    sums = {element: Sum(element) for element in SURVEY_ELEMENTS}
    rows: Any = answers.values("officer_id").annotate(n=Count("pk"), **sums)
    per_officer, all_n, all_sum = {}, 0, 0
    for row in rows:
        n, total = row["n"], sum(row[element] for element in SURVEY_ELEMENTS)
        all_n, all_sum = all_n + n, all_sum + total
        if row["officer_id"] is not None:
            per_officer[row["officer_id"]] = (n, Fraction(total * 25, 9 * n))
    return per_officer, (Fraction(all_sum * 25, 9 * all_n) if all_n else None)


def officer_score(
    *, served: int, respondents: int, index: Fraction | None, average: Fraction | None
) -> float:
    """Skor petugas terbaik = tiket dilayani x (indeks IKM petugas / 100).

    - Served stages reward the work done (an officer who served the first stage
      of a transferred ticket is credited too); the officer's own IKM index
      (25-100, from the surveys of tickets they finished) weighs it by how satisfied the
      residents were: 100 served at index 90 score 90.
    - With fewer than `RANKING_MIN_RESPONSES` answers an index says little, so
      the officer takes the average index of all answers in the report's scope;
      with no answers at all the factor is 1 (the ranking is by served count).
    - No-shows do not count against the officer (the applicant did not come);
      they are shown beside the score.
    """
    if index is None or respondents < RANKING_MIN_RESPONSES:
        index = average
    factor = Fraction(1) if index is None else index / 100
    return round(float(served * factor), 2)


def performance(
    *, date_from: dt.date, date_to: dt.date, agency: int | None = None
) -> PerformanceReport:
    """Per service and per officer figures and the officer ranking. 5 queries."""
    services = list(
        Service.objects.select_related("agency").order_by("agency__order", "agency__name", "name")
    )
    agency_of = {service.pk: service.agency_id for service in services}
    stages = _stages(date_from, date_to, agency)
    total, per_service, per_officer = _tally(stages, agency_of, agency)
    service_rows = [
        {
            "service": service.pk,
            "service_name": service.name,
            "agency": service.agency_id,
            "agency_name": service.agency.name,
            **per_service[service.pk].figures(),
        }
        for service in services
        if service.pk in per_service
    ]
    ikm, average = _ikm_by_officer(date_from, date_to, agency)
    officers = User.objects.filter(pk__in=list(per_officer)).select_related("agency")
    officer_rows = []
    for officer in officers:
        tally = per_officer[officer.pk]
        respondents, index = ikm.get(officer.pk, (0, None))
        officer_rows.append(
            {
                "officer": officer.pk,
                "username": officer.get_username(),
                "name": officer.get_full_name() or officer.get_username(),
                "agency": officer.agency_id,
                "agency_name": officer.agency.name if officer.agency else "",
                **tally.figures(),
                "ikm_respondents": respondents,
                "ikm_index": None if index is None else round(float(index), 2),
                "score": officer_score(
                    served=tally.served, respondents=respondents, index=index, average=average
                ),
            }
        )
    officer_rows.sort(key=lambda r: (-r["score"], -r["served"], r["no_shows"], r["username"]))
    _rank(officer_rows)
    return PerformanceReport(
        date_from=date_from,
        date_to=date_to,
        agency=agency,
        totals=total.figures(),
        services=service_rows,
        officers=[{key: row[key] for key in OFFICER_FIELDS} for row in officer_rows],
        ranking_average_index=None if average is None else round(float(average), 2),
    )


def _rank(rows: list[dict]) -> None:
    """Competition ranking (1, 1, 3): equal score and served share a place."""
    previous = None
    for position, row in enumerate(rows, start=1):
        key = (row["score"], row["served"])
        if key != previous:
            rank, previous = position, key
        row["rank"] = rank
