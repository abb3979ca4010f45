"""`mpp.asgi:application` with one change, for `bench/realtime.py --relay-fix` only (a
diagnostic: what the change would buy; the app itself is not changed).

channels >= 4.2 `AsyncConsumer.dispatch` awaits `aclose_old_connections()` before every
handler: a `sync_to_async(close_old_connections)` hop through asgiref's thread-sensitive
executor, one thread per process shared with every socket's snapshot queries. A relayed
event (`stream.event`) touches no database, yet pays that hop once per socket: a line
event to 500 ticket sockets queues 500 hops in one thread, ahead of the display's
`ticket.called`. Here `StreamConsumer` relays stream events without it.
"""

from typing import Any

from mpp.asgi import application
from mpp.consumers import StreamConsumer

_dispatch = StreamConsumer.dispatch


async def dispatch(self: StreamConsumer, message: dict[str, Any]) -> None:
    if message.get("type") == "stream.event":
        await self.stream_event(message)
    else:
        await _dispatch(self, message)


StreamConsumer.dispatch = dispatch  # type: ignore[method-assign]

__all__ = ["application"]
