"""Staff live sockets: a counter's console and the manager's overview."""

from typing import Any

from channels.db import database_sync_to_async

from counters.events import MANAGER, agency_stream, booth_stream
from counters.models import Counter
from counters.monitoring_selectors import booth_state_public, monitored_agency
from counters.selectors import counter_get_for_user
from mpp.consumers import (
    NOT_ALLOWED,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    Refused,
    StreamConsumer,
    parse_id,
)
from mpp.lib.errors import NotAllowed
from queues import events, snapshots
from queues.selectors import counter_service_ids

__all__ = ["MANAGER", "CounterConsumer", "ManagerConsumer"]


def _user(scope: dict[str, Any]):
    user = scope.get("user")
    if user is None or not user.is_authenticated:
        raise Refused(NOT_AUTHENTICATED)
    return user


class CounterConsumer(StreamConsumer):
    """/ws/counters/<id>/: officers of the counter's agency and managers (session login).

    Follows the counter, its services' lines and its booth (`booth.<id>`: the booth's
    state and alerts, without personal data); the snapshot carries all three."""

    counter_id: int
    booth_id: int
    service_ids: list[int]

    async def authorize(self) -> None:
        user = _user(self.scope)
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
            data = snapshots.counter_snapshot(counter_id=self.counter_id)
        except Counter.DoesNotExist:
            raise Refused(NOT_FOUND) from None
        return {**data, "booth": booth_state_public(booth_id=self.booth_id)}


class ManagerConsumer(StreamConsumer):
    """/ws/manager/: the floor view. Managers follow every booth (`manager`), an
    agency's supervisor only its own booths (`manager.agency.<id>`)."""

    agency_id: int | None

    async def authorize(self) -> None:
        user = _user(self.scope)
        try:
            self.agency_id = monitored_agency(user=user)
        except NotAllowed:
            raise Refused(NOT_ALLOWED) from None

    def streams(self) -> list[str]:
        return [MANAGER] if self.agency_id is None else [agency_stream(self.agency_id)]

    def snapshot(self) -> dict[str, Any]:
        return snapshots.manager_snapshot(agency_id=self.agency_id)
