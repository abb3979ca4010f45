"""Live events of the queue: plain JSON with a `type`, published after commit.

Streams (each a channel-layer group with its own `seq`):
- `display`: every call and recall (`ticket.called`) and line sizes
  (`line.updated`), for lobby TVs. Never a name, NIK or phone.
- `display.agency.<id>`, `display.floor.<key>`, `display.agency.<id>.floor.<key>`:
  the same events narrowed on the server, for TVs showing one agency and/or one
  floor (`/display/?agency=&floor=`), so a TV receives only what it shows.
- `line.<service id>`: what changed in one line (`line.changed`: who left, who
  joined and where, with the line's `version`). Ticket pages join their line, keep
  its waiting codes from their snapshot, apply each change and compute their own
  position, so a call costs one small message per line, not one per waiting
  resident, whatever the line's length.
- `ticket.<token>`: one ticket's status (`ticket.updated`, `ticket.recalled`).
- `counter.<id>`: "this counter changed" (`counter.updated`) for its console.

Events about what just happened (a call, a recall, a ticket's new status) are
built by the service inside its transaction from the ticket it just wrote, so a
transfer a second later cannot change what the lobby is told about the call, and
each status a ticket passes through reaches its page; a line's changes too, with a
version bumped in the same transaction (queues.models.LineVersion). Only states (the
lobby's whole lines, "this counter changed") are read later and coalesced.
"""

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from agencies.models import Booth, Service
from counters.models import Counter
from mpp.lib.realtime import Event, defer, publish, publish_state, send
from queues import voice
from queues.models import LineVersion, Ticket
from queues.selectors import (
    call_order_key,
    line_head,
    line_version,
    line_waiting,
    line_waiting_codes,
    service_pace,
    service_pace_forget,
    service_pace_known,
)
from webhooks.services import webhook_emit

DISPLAY = "display"


def line_stream(service_id: int) -> str:
    return f"line.{service_id}"


def ticket_stream(token: str) -> str:
    return f"ticket.{token}"


def counter_stream(counter_id: int) -> str:
    return f"counter.{counter_id}"


def _floor_key(floor: str) -> str:
    # Group names are ASCII letters, digits, '-', '_' and '.'; a floor is free text.
    return hashlib.sha256(floor.encode()).hexdigest()[:16]


def display_stream(*, agency_id: int | None = None, floor: str | None = None) -> str:
    """The one stream a lobby TV with these filters joins."""
    name = DISPLAY
    if agency_id is not None:
        name += f".agency.{agency_id}"
    if floor is not None:
        name += f".floor.{_floor_key(floor)}"
    return name


def display_streams(*, agency_id: int, floors: list[str]) -> list[str]:
    """Every display stream an event of this agency (at booths on these floors) goes to."""
    streams = [DISPLAY, display_stream(agency_id=agency_id)]
    for floor in dict.fromkeys(floors):
        streams += [display_stream(floor=floor), display_stream(agency_id=agency_id, floor=floor)]
    return streams


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
        "rejoin_until": _iso(ticket.rejoin_until),
        "counter": {
            "id": counter.pk,
            "label": counter.label,
            "number": counter.number,
            "booth": counter.booth.label,
        }
        if counter
        else None,
    }


def webhook_ticket(ticket: Ticket) -> dict[str, Any]:
    """A ticket in an outbound webhook: codes, ids and times; never a name, NIK or phone."""
    counter = ticket.counter
    return {
        "ticket": ticket.code,
        "ticket_id": ticket.pk,
        "date": ticket.date.isoformat(),
        "status": ticket.status,
        "channel": ticket.channel,
        "priority": ticket.priority,
        "service": ticket.service_id,
        "service_name": ticket.service.name,
        "agency": ticket.service.agency_id,
        "slot_start": _iso(ticket.slot_start),
        "issued_at": _iso(ticket.issued_at),
        "queued_at": _iso(ticket.queued_at),
        "called_at": _iso(ticket.called_at),
        "finished_at": _iso(ticket.finished_at),
        "counter": {"id": counter.pk, "number": counter.number, "booth": counter.booth_id}
        if counter
        else None,
    }


def emit_webhook(event_type: str, ticket: Ticket) -> None:
    """`ticket.issued` / `ticket.called` / `ticket.finished` to the webhook endpoints,
    built now from the ticket just written, recorded after commit."""
    webhook_emit(type=event_type, data=webhook_ticket(ticket))


def called_ticket(ticket: Ticket, *, last_called_at=None) -> dict[str, Any]:
    """A called ticket as the lobby shows it (in `ticket.called` and the display snapshot).

    `called_at` is its first call; `last_called_at` its latest call or recall (a
    recall keeps called_at: the display and the benches time a recall by this)."""
    counter = ticket.counter
    assert counter is not None, "a called ticket has a counter"
    return {
        "code": ticket.code,
        "service": ticket.service.name,
        "service_id": ticket.service_id,
        "agency": ticket.service.agency.name,
        "agency_id": ticket.service.agency_id,
        "counter": counter.label,
        "counter_number": counter.number,
        "booth": counter.booth.label,
        "floor": counter.booth.floor,
        "called_at": _iso(ticket.called_at),
        "last_called_at": _iso(max(filter(None, (ticket.called_at, last_called_at)), default=None)),
    }


def called_event(ticket: Ticket, *, recall: bool, at=None) -> Event:
    """`ticket.called` without its voice (`with_voice` adds it from these fields);
    `at`: when a recall was made."""
    ticket_fields = called_ticket(ticket, last_called_at=at)
    return {"type": "ticket.called", "ticket": ticket_fields, "recall": recall}


def with_voice(event: Event) -> Event:
    """The phrases and their WAVs: the full call, and the shorter forms the TV says
    instead while calls queue up (display.js "voice"). Reads no database."""

    ticket = event["ticket"]
    text, short, code = voice.announcement_forms(
        code=ticket["code"], counter_number=ticket["counter_number"]
    )
    urls = voice.audio_urls_deferred(
        [(text, None), (short, voice.BRISK_SPEED), (code, voice.BRISK_SPEED)]
    )
    return {
        **event,
        "announcement": text,
        "audio_url": urls[0],
        "forms": {
            "short": {"text": short, "audio_url": urls[1]},
            "code": {"text": code, "audio_url": urls[2]},
        },
    }


def line_key(ticket: Ticket) -> list[int]:
    """Where the ticket stands in its line's call order (queues.selectors.line_waiting)."""

    return call_order_key(ticket.priority_rank, ticket.queued_at, ticket.pk)


def line_snapshot(service_id: int) -> dict[str, Any]:
    """A line as a ticket page starts from: its waiting codes with their call-order
    keys, and the `version` they are at (then `line.changed` events, version + 1 each)."""
    with transaction.atomic():
        version = line_version(service_id=service_id)
        waiting = line_waiting(service_id=service_id)
    line = build_line(service_id, waiting=[code for code, _ in waiting])
    return {**line, "keys": [key for _, key in waiting], "version": version}


def build_line(service_id: int, *, waiting: list[str] | None = None) -> dict[str, Any]:

    service = Service.objects.get(pk=service_id)
    mean_minutes, open_counters = service_pace(service=service)
    return {
        "type": "line.updated",
        "service": service_id,
        "agency": service.agency_id,
        "waiting": line_waiting_codes(service_id=service_id) if waiting is None else waiting,
        "mean_minutes": round(mean_minutes, 1),
        "open_counters": open_counters,
    }


# How many of a line's next codes a lobby display is sent (it shows three) with the count.
DISPLAY_LINE_HEAD = 10


def _send_line(service_id: int) -> None:
    """On the state lane: the head of the line as it is now, and how many wait, to the
    lobby displays that show it."""
    try:
        head, count = line_head(service_id=service_id, size=DISPLAY_LINE_HEAD)
        event = {**build_line(service_id, waiting=head), "count": count}
    except Service.DoesNotExist:
        return  # the service is gone: nobody follows its line any more
    floors = list(Booth.objects.filter(agency_id=event["agency"]).values_list("floor", flat=True))
    send(display_streams(agency_id=event["agency"], floors=floors), event)


def publish_line(
    service: Service | int,
    *,
    joined: Iterable[Ticket] = (),
    left: Iterable[Ticket] = (),
    fresh: bool = False,
) -> None:
    """The line changed, inside the transaction that changed it: tickets `joined` it
    (issued, checked in, transferred in), `left` it (called, cancelled, expired), or its
    pace did (`fresh`: a counter opened or closed). Its ticket pages get `line.changed`
    with the next version, built now and sent on commit; the lobby's displays get the
    whole line later (`line.updated`, coalesced)."""

    if isinstance(service, int):
        service = Service.objects.get(pk=service)
    event = {
        "type": "line.changed",
        "service": service.pk,
        "version": LineVersion.bump(service.pk),
        "left": [ticket.code for ticket in left],
        "joined": [{"code": t.code, "key": line_key(t)} for t in joined],
    }
    pace = service_pace_known(service=service, fresh=fresh)
    if pace is not None:  # else pages keep the pace they have
        event.update(mean_minutes=round(pace[0], 1), open_counters=pace[1])
    publish(line_stream(service.pk), event)
    service_id = service.pk
    if fresh:  # the cached pace is stale now: the lobby's next line counts it again
        transaction.on_commit(lambda: service_pace_forget(service_id=service_id), robust=True)
    defer(lambda: _send_line(service_id), key=f"line.{service_id}")


def publish_ticket(ticket: Ticket) -> None:
    """The ticket's new status, as just written, to its page."""
    event = {"type": "ticket.updated", "ticket": public_ticket(ticket)}
    publish(ticket_stream(ticket.token), event)


def publish_recalled(ticket: Ticket) -> None:
    """Tell the resident's page the number was called again, so it alerts once more."""
    publish(
        ticket_stream(ticket.token), {"type": "ticket.recalled", "ticket": public_ticket(ticket)}
    )


def publish_called(ticket: Ticket, *, recall: bool = False, at=None) -> None:
    """A call (or recall, made `at`) to every lobby display that shows it: due within
    a second."""
    assert ticket.counter is not None
    streams = display_streams(
        agency_id=ticket.service.agency_id, floors=[ticket.counter.booth.floor]
    )
    event = called_event(ticket, recall=recall, at=at)
    publish(streams, event, urgent=True, then=with_voice)


def publish_counter(counter: Counter | int | None) -> None:
    """ "This counter changed", to its console (read later, coalesced)."""
    if counter is None:
        return
    counter_id = counter if isinstance(counter, int) else counter.pk
    publish_state(
        counter_stream(counter_id),
        lambda: {"type": "counter.updated", "counter": counter_id},
        key=f"counter.{counter_id}",
    )
