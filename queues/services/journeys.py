"""Journeys (paket layanan): one ticket, one code, through several lines in turn.

A journey ticket is issued or booked in its first stage's line (and counts in that line's
quota only); the plan (service ids) is copied onto the ticket, so editing the package later
does not move tickets already on their way. Finishing a stage that is not the last moves
the ticket to the next line like a transfer (counter_steps.py): same token and code, the
same queue time, a `transferred` event for the timeline and the reports.
"""

from typing import Any

from agencies.models import Journey, Service
from queues import errors
from queues.models import Ticket


def journey_fields(*, journey: Journey | None, service: Service) -> dict[str, Any]:
    """The ticket fields of a journey starting in `service`'s line ({} without one)."""
    if journey is None:
        return {}
    stages = list(journey.stages.select_related("service").order_by("position"))
    usable = journey.is_active and len(stages) >= 2
    if not usable or any(not stage.service.is_active for stage in stages):
        raise errors.JourneyUnavailable()
    if stages[0].service_id != service.pk:
        raise errors.JourneyStartsElsewhere(service=stages[0].service.name)
    return {
        "journey": journey,
        "journey_plan": [stage.service_id for stage in stages],
        "journey_stage": 0,
    }


def journey_next_service(ticket: Ticket) -> Service | None:
    """The line a finished stage leads to; None for the last stage or no journey."""
    if ticket.journey_id is None:
        return None
    following = ticket.journey_stage + 1
    if following >= len(ticket.journey_plan):
        return None
    services = Service.objects.select_related("agency")
    return services.filter(pk=ticket.journey_plan[following]).first()


def journey_note(ticket: Ticket, service: Service) -> str:
    """The timeline's note on a stage move, e.g. "paket pindah-domisili 2/3: KK -> BPJ"."""
    assert ticket.journey is not None
    stage, total = ticket.journey_stage + 2, len(ticket.journey_plan)
    moved = f"{ticket.service.prefix} -> {service.prefix}"
    return f"paket {ticket.journey.code} {stage}/{total}: {moved}"[:200]
