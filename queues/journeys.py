"""Reads about a ticket's journey (paket layanan): its stages, done / now / next, and
where each one is served (booth and floor), for the ticket page and the API.

Two queries however long the journey: its services, and the booths whose counters serve
them. The writes live in queues/services/journeys.py and counter_steps.py."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from agencies.models import Journey, Service
from counters.models import Counter
from queues.models import Ticket

DONE, CURRENT, NEXT, MISSED, CANCELLED = "done", "current", "next", "missed", "cancelled"
STEP_LABELS = {
    DONE: _("Selesai"),
    CURRENT: _("Sekarang"),
    NEXT: _("Berikutnya"),
    MISSED: _("Tidak hadir saat dipanggil"),
    CANCELLED: _("Tidak dilanjutkan"),
}
_ENDED = (Ticket.Status.CANCELLED, Ticket.Status.EXPIRED)


@dataclass(frozen=True)
class Booth:
    label: str
    floor: str


@dataclass(frozen=True)
class JourneyStep:
    position: int  # 1, 2, 3 ...
    service: Service
    status: str
    booths: list[Booth] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(STEP_LABELS[self.status])


def _status(ticket: Ticket, index: int) -> str:
    if index < ticket.journey_stage:
        return DONE
    if ticket.status in _ENDED:
        return CANCELLED
    if index > ticket.journey_stage:
        # A missed call does not drop the rest: they wait for the resident's return.
        return NEXT
    if ticket.status == Ticket.Status.DONE:
        return DONE
    return MISSED if ticket.status == Ticket.Status.NO_SHOW else CURRENT


def service_booths(service_ids: list[int]) -> dict[int, list[Booth]]:
    """The booths (label, floor) whose open-able counters serve each service."""
    rows = (
        Counter.objects.filter(is_active=True, services__in=service_ids)
        .order_by("booth__floor", "booth__label")
        .values_list("services", "booth__label", "booth__floor")
        .distinct()
    )
    booths: dict[int, list[Booth]] = defaultdict(list)
    for service_id, label, floor in rows:
        booth = Booth(label, floor)
        if booth not in booths[service_id]:
            booths[service_id].append(booth)
    return booths


def ticket_journey(ticket: Ticket) -> list[JourneyStep] | None:
    """The ticket's stages with their state, or None when it is on no journey."""
    if ticket.journey_id is None or not ticket.journey_plan:
        return None
    plan = [int(pk) for pk in ticket.journey_plan]
    services = Service.objects.select_related("agency").in_bulk(plan)
    booths = service_booths(plan)
    return [
        JourneyStep(index + 1, services[pk], _status(ticket, index), booths.get(pk, []))
        for index, pk in enumerate(plan)
        if pk in services
    ]


def journey_list() -> list[Journey]:
    """Active journeys with their stages' services in order (kiosk, API): two queries."""
    journeys = Journey.objects.filter(is_active=True).prefetch_related("stages__service__agency")
    return [
        journey
        for journey in journeys
        if len(journey.stages.all()) >= 2
        and all(stage.service.is_active for stage in journey.stages.all())
    ]


def journeys_starting_at(service: Service) -> list[Journey]:
    """The journeys a booking for `service` may be part of (it is their first stage)."""
    return [
        journey for journey in journey_list() if journey.stages.all()[0].service_id == service.pk
    ]


def journey_starting_at(service: Service, raw: str | None) -> Journey | None:
    """The journey id a booking page was sent (`?journey=`), if it starts at `service`."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return None
    return next((j for j in journeys_starting_at(service) if j.pk == int(raw)), None)
