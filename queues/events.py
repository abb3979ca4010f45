"""Live events of the queue: plain JSON with a `type`, published after commit.

Streams (each a channel-layer group with its own `seq`):
- `display`: every call and recall (`ticket.called`) and line sizes
  (`line.updated`), for lobby TVs. Never a name, NIK or phone.
- `line.<service id>`: the ordered waiting codes of one line (`line.updated`).
  Ticket pages join their line and compute their own position from it, so a
  call costs one message per line, not one per waiting resident.
- `ticket.<token>`: one ticket's status (`ticket.updated`).
- `counter.<id>`: "this counter changed" (`counter.updated`) for its console.

Builders run in the publisher thread (see mpp.lib.realtime), so their queries
stay off the request path.
"""

from typing import Any

from django.utils import timezone

from counters.models import Counter
from mpp.lib.realtime import publish
from queues.models import Ticket

DISPLAY = "display"


def line_stream(service_id: int) -> str:
    return f"line.{service_id}"


def ticket_stream(token: str) -> str:
    return f"ticket.{token}"


def counter_stream(counter_id: int) -> str:
    return f"counter.{counter_id}"


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def public_ticket(ticket: Ticket) -> dict[str, Any]:
    """A ticket as screens may show it: no name, NIK or phone."""
    counter = ticket.counter
    return {
        "code": ticket.code,
        "status": ticket.status,
        "service": ticket.service_id,
        "service_name": ticket.service.name,
        "agency": ticket.service.agency_id,
        "agency_name": ticket.service.agency.name,
        "priority": ticket.priority,
        "queued_at": _iso(ticket.queued_at),
        "called_at": _iso(ticket.called_at),
        "counter": {
            "id": counter.pk,
            "label": counter.label,
            "number": counter.number,
            "booth": counter.booth.label,
        }
        if counter
        else None,
    }


def _ticket(ticket_id: int) -> Ticket:
    return Ticket.objects.select_related("service__agency", "counter__booth").get(pk=ticket_id)


def build_called(ticket_id: int, *, recall: bool) -> dict[str, Any]:
    from queues import voice

    ticket = _ticket(ticket_id)
    assert ticket.counter is not None
    # With the shorter forms the TV says instead while calls queue up (display.js "voice").
    text, short, code = voice.announcement_forms(
        code=ticket.code, counter_number=ticket.counter.number
    )
    urls = voice.audio_urls_deferred(
        [(text, None), (short, voice.BRISK_SPEED), (code, voice.BRISK_SPEED)]
    )
    return {
        "type": "ticket.called",
        "ticket": {
            "code": ticket.code,
            "service": ticket.service.name,
            "service_id": ticket.service_id,
            "agency": ticket.service.agency.name,
            "agency_id": ticket.service.agency_id,
            "counter": ticket.counter.label,
            "counter_number": ticket.counter.number,
            "booth": ticket.counter.booth.label,
            "floor": ticket.counter.booth.floor,
            "called_at": _iso(ticket.called_at),
        },
        "recall": recall,
        "announcement": text,
        "audio_url": urls[0],
        "forms": {
            "short": {"text": short, "audio_url": urls[1]},
            "code": {"text": code, "audio_url": urls[2]},
        },
    }


def build_line(service_id: int) -> dict[str, Any]:
    from agencies.models import Service
    from queues.selectors import line_waiting_codes, service_pace

    service = Service.objects.get(pk=service_id)
    mean_minutes, open_counters = service_pace(service=service, fresh=True)
    return {
        "type": "line.updated",
        "service": service_id,
        "agency": service.agency_id,
        "waiting": line_waiting_codes(service_id=service_id),
        "mean_minutes": round(mean_minutes, 1),
        "open_counters": open_counters,
    }


def build_ticket(ticket_id: int) -> dict[str, Any]:
    return {"type": "ticket.updated", "ticket": public_ticket(_ticket(ticket_id))}


def publish_line(service_id: int) -> None:
    publish(
        [line_stream(service_id), DISPLAY], lambda: build_line(service_id), key=f"line.{service_id}"
    )


def publish_ticket(ticket: Ticket) -> None:
    ticket_id = ticket.pk
    publish(ticket_stream(ticket.token), lambda: build_ticket(ticket_id), key=f"ticket.{ticket_id}")


def publish_recalled(ticket: Ticket) -> None:
    """Tell the resident's page the number was called again, so it alerts once more.
    No key: a recall must never be merged into an ordinary ticket update."""
    ticket_id = ticket.pk
    publish(
        ticket_stream(ticket.token),
        lambda: {"type": "ticket.recalled", "ticket": public_ticket(_ticket(ticket_id))},
    )


def publish_called(ticket: Ticket, *, recall: bool = False) -> None:
    ticket_id = ticket.pk
    publish(DISPLAY, lambda: build_called(ticket_id, recall=recall), urgent=True)


def publish_counter(counter: Counter | int | None) -> None:
    if counter is None:
        return
    counter_id = counter if isinstance(counter, int) else counter.pk
    publish(
        counter_stream(counter_id),
        lambda: {"type": "counter.updated", "counter": counter_id},
        key=f"counter.{counter_id}",
    )
    from counters.events import publish_booth_of_counter  # the manager's floor view follows

    publish_booth_of_counter(counter_id)
