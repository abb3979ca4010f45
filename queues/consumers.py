"""Public live sockets: the lobby display and a resident's ticket page."""

from typing import Any

from channels.db import database_sync_to_async

from mpp.consumers import NOT_FOUND, Refused, StreamConsumer
from mpp.lib import realtime
from queues import events, snapshots
from queues.models import Ticket


class DisplayConsumer(StreamConsumer):
    """/ws/display/[?agency=<id>][&floor=<name>]: anyone (lobby TVs).

    The filter picks the one stream the TV joins (queues/events.py: every call
    and line is published to the whole mall's and to its agency's and floor's
    streams), so a TV receives only what it shows and its seqs have no holes.
    """

    async def authorize(self) -> None:
        self.where = snapshots.DisplayFilter.from_query(self.scope.get("query_string", b""))

    def streams(self) -> list[str]:
        return [events.display_stream(agency_id=self.where.agency_id, floor=self.where.floor)]

    def snapshot(self) -> dict[str, Any]:
        return snapshots.display_snapshot(where=self.where)


class TicketConsumer(StreamConsumer):
    """/ws/tickets/<token>/: whoever holds the token. Follows the ticket's line."""

    token: str
    service_id: int

    async def authorize(self) -> None:
        self.token = self.scope["url_route"]["kwargs"]["token"]
        service_id = await database_sync_to_async(snapshots.ticket_service_id)(token=self.token)
        if service_id is None:
            raise Refused(NOT_FOUND)
        self.service_id = service_id

    def streams(self) -> list[str]:
        return [events.ticket_stream(self.token), events.line_stream(self.service_id)]

    def snapshot(self) -> dict[str, Any]:
        try:
            return snapshots.ticket_snapshot(token=self.token, service_id=self.service_id)
        except Ticket.DoesNotExist:
            raise Refused(NOT_FOUND) from None

    async def send_snapshot(self) -> bool:
        # A transfer moves the ticket to another line: follow it first, so the
        # snapshot's line and seqs are those of the line it is in now.
        with self.holding():
            service_id = await database_sync_to_async(snapshots.ticket_service_id)(token=self.token)
            if service_id is None:
                await self.close(code=NOT_FOUND)
                return False
            if service_id != self.service_id:
                self.service_id = service_id
                await self.follow(self.streams())
            return await super().send_snapshot()

    def needs_snapshot(self, text: str) -> bool:
        # Its ticket moved to another line (a transfer): follow that line.
        if not text.startswith('{"type": "ticket.updated"'):
            return False  # line events: relayed only, never decoded here
        event = realtime.event_of({"text": text})
        if event.get("stream") != events.ticket_stream(self.token):
            return False
        service_id = (event.get("ticket") or {}).get("service")
        return service_id is not None and service_id != self.service_id
