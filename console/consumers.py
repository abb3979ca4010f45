"""The console's live socket (the manager's overview: monitoring/consumers.py)."""

from typing import Any

from channels.db import database_sync_to_async

from console.snapshots import counter_snapshot
from counters.models import Counter
from counters.selectors import counter_get_for_user
from monitoring.events import booth_stream
from mpp.consumers import (
    NOT_ALLOWED,
    NOT_FOUND,
    Refused,
    StreamConsumer,
    parse_id,
    signed_in_user,
)
from mpp.lib.errors import NotAllowed
from queues import events
from queues.selectors import counter_service_ids


class CounterConsumer(StreamConsumer):
    """/ws/counters/<id>/: officers of the counter's agency and managers (session login).

    Follows the counter, its services' lines and its booth (`booth.<id>`: the booth's
    state and alerts, without personal data); the snapshot carries all three."""

    counter_id: int
    booth_id: int
    service_ids: list[int]

    async def authorize(self) -> None:
        user = signed_in_user(self.scope)
        counter_id = parse_id(self.scope["url_route"]["kwargs"]["counter_id"])
        if counter_id is None:
            raise Refused(NOT_FOUND)
        self.counter_id = counter_id
        self.service_ids = await database_sync_to_async(self._check)(user)

    def _check(self, user) -> list[int]:
        try:
            counter = counter_get_for_user(user=user, counter_id=self.counter_id)
        except Counter.DoesNotExist:
            raise Refused(NOT_FOUND) from None
        except NotAllowed:
            raise Refused(NOT_ALLOWED) from None
        self.booth_id = counter.booth_id
        return counter_service_ids(counter=counter)

    def streams(self) -> list[str]:
        lines = [events.line_stream(service_id) for service_id in sorted(self.service_ids)]
        return [events.counter_stream(self.counter_id), booth_stream(self.booth_id), *lines]

    def snapshot(self) -> dict[str, Any]:
        try:
            return counter_snapshot(counter_id=self.counter_id, booth_id=self.booth_id)
        except Counter.DoesNotExist:
            raise Refused(NOT_FOUND) from None
