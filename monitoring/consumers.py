"""The manager's live overview of the floor (/ws/manager/)."""

from typing import Any

from monitoring.selectors import monitored_agency, monitoring_snapshot
from mpp.consumers import NOT_ALLOWED, Refused, StreamConsumer, signed_in_user
from mpp.lib.errors import NotAllowed
from mpp.lib.realtime import MANAGER, manager_agency_stream


class ManagerConsumer(StreamConsumer):
    """/ws/manager/: the floor view. Managers follow every booth (`manager`), an
    agency's supervisor only its own booths (`manager.agency.<id>`)."""

    agency_id: int | None

    async def authorize(self) -> None:
        user = signed_in_user(self.scope)
        try:
            self.agency_id = monitored_agency(user=user)
        except NotAllowed:
            raise Refused(NOT_ALLOWED) from None

    def streams(self) -> list[str]:
        return [MANAGER] if self.agency_id is None else [manager_agency_stream(self.agency_id)]

    def snapshot(self) -> dict[str, Any]:
        return monitoring_snapshot(agency_id=self.agency_id)
