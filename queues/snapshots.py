"""What the live sockets send on connect and on request: the state their events update.

Reads only (see README "Live events (websockets)"). Display, line and ticket
snapshots carry no name, NIK or phone: codes, services, counters and times.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from django.db.models import Max, Q
from django.utils import timezone

from agencies.models import Booth
from mpp.lib.consistent import one_snapshot
from queues import events
from queues.models import DisplayMessage, Ticket, TicketEvent
from queues.selectors import (
    ticket_get,
    ticket_position,
    waiting_by_agency,
)

RECENT_CALLS = 10
_MAX_ID = 2**31 - 1
_FLOOR_MAX = Booth._meta.get_field("floor").max_length or 30


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


# -- lobby display --------------------------------------------------------


@dataclass(frozen=True)
class DisplayFilter:
    """`?agency=<id>` and/or `?floor=<name>` of a lobby TV; invalid values are ignored."""

    agency_id: int | None = None
    floor: str | None = None

    @classmethod
    def from_query(cls, query_string: bytes | str) -> "DisplayFilter":
        if isinstance(query_string, bytes):
            query_string = query_string.decode("utf-8", "replace")
        params = parse_qs(query_string)
        agency = (params.get("agency") or [""])[-1].strip()
        floor = (params.get("floor") or [""])[-1].strip()
        agency_id = (
            int(agency) if agency.isascii() and agency.isdigit() and len(agency) <= 10 else 0
        )
        return cls(
            agency_id=agency_id if 0 < agency_id <= _MAX_ID else None,
            floor=floor if floor and len(floor) <= _FLOOR_MAX and floor.isprintable() else None,
        )


@one_snapshot()
def display_snapshot(*, where: DisplayFilter | None = None) -> dict[str, Any]:
    """Now serving (one per counter), the last calls, waiting per agency and line (with
    the next codes and the estimated wait), running text."""
    where = where or DisplayFilter()
    today = timezone.localdate()
    tickets = Ticket.objects.select_related("service__agency", "counter__booth").filter(
        date=today, counter__isnull=False
    )
    waiting = Ticket.objects.filter(date=today, status=Ticket.Status.WAITING)
    if where.agency_id is not None:
        tickets = tickets.filter(service__agency_id=where.agency_id)
        waiting = waiting.filter(service__agency_id=where.agency_id)
    if where.floor is not None:
        tickets = tickets.filter(counter__booth__floor=where.floor)
        on_floor = Booth.objects.filter(floor=where.floor).values("agency_id")
        waiting = waiting.filter(service__agency_id__in=on_floor)

    # The last recall of each (`last_called_at`: a display that missed it knows it is new).
    recalled = Max("events__at", filter=Q(events__kind=TicketEvent.Kind.RECALLED))
    serving = (
        tickets.filter(status__in=Ticket.AT_COUNTER_STATUSES)
        .annotate(recalled=recalled)
        .order_by("counter__number")
    )
    # A ticket's called_at is its first call (a recall is not a new call).
    recent = (
        tickets.filter(called_at__isnull=False)
        .annotate(recalled=recalled)
        .order_by("-called_at", "-id")[:RECENT_CALLS]
    )
    messages = DisplayMessage.objects.filter(is_active=True).order_by("order", "id")
    return {
        "now_serving": [_serving(t) for t in serving],
        "recent": [events.called_ticket(t, last_called_at=t.recalled) for t in recent],  # type: ignore[attr-defined]
        "waiting": waiting_by_agency(waiting=waiting),
        "messages": list(messages.values_list("text", flat=True)),
    }


def _serving(ticket: Ticket) -> dict[str, Any]:
    """A ticket at its counter; while it is called, with its call's voice: a display
    that missed the call in a gap announces it from its next snapshot (display.js)."""
    entry = {
        **events.called_ticket(ticket, last_called_at=ticket.recalled),
        "status": ticket.status,
    }  # type: ignore[attr-defined]
    if ticket.status == Ticket.Status.CALLED:
        voiced = events.with_voice({"ticket": entry})
        entry.update({k: voiced[k] for k in ("announcement", "audio_url", "forms")})
    return entry


# -- one ticket -----------------------------------------------------------


def ticket_service_id(*, token: str) -> int | None:
    """The line a ticket is in now, or None for an unknown or malformed token."""
    try:
        return ticket_get(token=token).service_id
    except Ticket.DoesNotExist:
        return None


def ticket_snapshot(*, token: str, service_id: int) -> dict[str, Any]:
    """The public ticket with its place in line, and the line (`service_id`) it follows.

    Ticket.DoesNotExist when the token names no ticket. Not one_snapshot(): the line
    waits for a change being committed (its version, FOR SHARE), which a repeatable-read
    view cannot; the line is consistent by its version, the ticket by its own events.
    """
    ticket = ticket_get(token=token)
    position = ticket_position(ticket=ticket)
    return {
        "ticket": {
            **events.public_ticket(ticket),
            "position": position.position,
            "people_ahead": position.people_ahead,
            "estimated_wait_minutes": position.estimated_wait_minutes,
        },
        "line": events.line_snapshot(service_id),
    }
