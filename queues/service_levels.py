"""Service levels (tingkat layanan): the share of applicants called within their
service's target wait. Read by the dashboard, the lobby TV and the reports.

Counted per stage, like the performance report (reports/performance.py): a ticket moved
to another line by a transfer waits again there, against that service's target.
- A stage begins at the ticket's queue time (the first) or at its transfer into the line.
- Its wait ends at its first call: within target when wait <= target, else a miss.
- A stage not called yet counts as soon as it is decided: a miss once its wait (until
  now, or until the ticket was cancelled or expired) is past the target; a stage that
  left or still waits under its target is not counted (it may still be called in time).
- share = within / counted; green from SERVICE_LEVEL_GREEN_PERCENT, amber from
  SERVICE_LEVEL_AMBER_PERCENT, red below, "none" without counted stages.

Three queries for any period; the timeline events are folded in Python.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from agencies.models import Service, default_target_wait
from queues.models import Ticket, TicketEvent

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"

# The events that begin or end a stage's wait.
_WAIT_KINDS = [
    TicketEvent.Kind.CALLED,
    TicketEvent.Kind.TRANSFERRED,
    TicketEvent.Kind.CANCELLED,
    TicketEvent.Kind.EXPIRED,
]
_LEFT_KINDS = (TicketEvent.Kind.CANCELLED, TicketEvent.Kind.EXPIRED)


def level_of(share: float | None) -> str:
    """green / amber / red by the thresholds in settings; "none" without data."""
    if share is None:
        return NONE
    if share * 100 >= settings.SERVICE_LEVEL_GREEN_PERCENT:
        return GREEN
    if share * 100 >= settings.SERVICE_LEVEL_AMBER_PERCENT:
        return AMBER
    return RED


@dataclass
class Share:
    """Stages called within target out of the stages counted."""

    within: int = 0
    counted: int = 0

    @property
    def share(self) -> float | None:
        return self.within / self.counted if self.counted else None

    def data(self) -> dict:
        share = self.share
        return {
            "within_target": self.within,
            "counted": self.counted,
            "share": None if share is None else round(share, 4),
            "percent": None if share is None else round(share * 100),
            "level": level_of(share),
        }


@dataclass
class ServiceLevels:
    total: Share = field(default_factory=Share)
    services: dict[int, Share] = field(default_factory=lambda: defaultdict(Share))
    agencies: dict[int, Share] = field(default_factory=lambda: defaultdict(Share))
    targets: dict[int, int] = field(default_factory=dict)  # service -> target minutes


def service_targets() -> dict[int, tuple[int, int]]:
    """Every service's (agency, target wait in minutes). One query."""
    rows = Service.objects.values_list("pk", "agency_id", "target_wait_minutes", "duration")
    return {
        pk: (agency, target or default_target_wait(duration))
        for pk, agency, target, duration in rows
    }


def within_target(
    *,
    date_from: dt.date,
    date_to: dt.date,
    agency_id: int | None = None,
    at: dt.datetime | None = None,
) -> ServiceLevels:
    """Share of stages called within target, in total, per service and per agency,
    for the tickets of [date_from, date_to] (of one agency's services, when given)."""
    at = at or timezone.now()
    services = service_targets()
    result = ServiceLevels(targets={pk: target for pk, (_, target) in services.items()})

    def count(service_id: int, wait: dt.timedelta, *, called: bool) -> None:
        agency, target = services[service_id]
        missed = wait > dt.timedelta(minutes=target)
        if not called and not missed:
            return  # undecided: it may still be called in time
        for share in (result.total, result.services[service_id], result.agencies[agency]):
            share.counted += 1
            share.within += not missed

    events = TicketEvent.objects.filter(
        ticket__date__range=(date_from, date_to),
        ticket__queued_at__isnull=False,
        kind__in=_WAIT_KINDS,
    )
    waiting = Ticket.objects.filter(date__range=(date_from, date_to), status=Ticket.Status.WAITING)
    if agency_id is not None:
        # A stage's events carry its service, so those of other agencies drop out whole.
        events = events.filter(service__agency_id=agency_id)
        waiting = waiting.filter(service__agency_id=agency_id)
    timelines: dict[int, list[tuple]] = defaultdict(list)
    queued: dict[int, dt.datetime | None] = {}  # never None: only queued tickets are read
    rows = events.order_by("ticket_id", "at", "pk").values_list(
        "ticket_id", "kind", "at", "service_id", "ticket__queued_at"
    )
    for ticket_id, kind, event_at, service_id, queued_at in rows:
        timelines[ticket_id].append((kind, event_at, service_id))
        queued[ticket_id] = queued_at
    still_waiting: dict[int, int] = {}  # ticket -> its line now
    for pk, service_id, queued_at in waiting.values_list("pk", "service_id", "queued_at"):
        still_waiting[pk] = service_id
        queued.setdefault(pk, queued_at)  # a waiting ticket always has a queue time
    for ticket_id in timelines.keys() | still_waiting.keys():
        begin = queued[ticket_id]
        open_stage = _fold(timelines.get(ticket_id, ()), begin, count)
        if ticket_id in still_waiting and open_stage is not None:
            count(still_waiting[ticket_id], at - open_stage, called=False)
    return result


def _fold(timeline, begin: dt.datetime | None, count) -> dt.datetime | None:
    """Count the stages of one ticket's timeline; the begin of its open stage (not
    called, not left), or None when its last stage is called or over."""
    stage_begin: dt.datetime | None = begin
    for kind, at, service_id in timeline:
        if kind == TicketEvent.Kind.TRANSFERRED:
            stage_begin = at
        elif stage_begin is None:
            continue  # a recall or a rejoin's call: the stage was counted at its first
        elif kind == TicketEvent.Kind.CALLED:
            count(service_id, at - stage_begin, called=True)
            stage_begin = None
        elif kind in _LEFT_KINDS:
            count(service_id, at - stage_begin, called=False)
            stage_begin = None
    return stage_begin
