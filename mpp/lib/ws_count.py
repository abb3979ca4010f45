"""Open websocket connections per stream kind, across every websocket process.

`CountConnections` wraps the websocket router (mpp/asgi.py): a socket counts from its
accept to its end, under its path's kind (`display`, `tickets`, `counters`, `manager`;
anything else `other`). Websocket processes are not the process that answers
/metrics, so each writes its own counts to Redis as a hash
`<CHANNEL_PREFIX>:ws:<host>:<pid>` that expires unless refreshed: a process that dies
stops counting within TTL seconds instead of leaving its sockets counted forever.
`totals()` sums them (in the demo, without Redis, the one process's own counts).
"""

import asyncio
import contextlib
import logging
import os
import socket
from collections import Counter
from typing import Any

from django.conf import settings

from mpp.lib import heartbeat

log = logging.getLogger(__name__)

KINDS = ("display", "tickets", "counters", "manager")
REFRESH_SECONDS = 15
TTL_SECONDS = 45

# This process's open sockets by kind.
counts: Counter[str] = Counter()


def kind_of(path: str) -> str:
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) > 1 and parts[0] == "ws" and parts[1] in KINDS else "other"


def process_key() -> str:
    return f"{settings.CHANNEL_PREFIX}:ws:{socket.gethostname()}:{os.getpid()}"


class _Writer:
    """Writes this process's counts to Redis from the server's event loop."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.client: Any = None
        self.lock = asyncio.Lock()
        self.tasks: set[asyncio.Task[None]] = set()  # referenced until done (asyncio docs)
        self.writes: set[asyncio.Task[None]] = set()  # pending writes (tests wait for them)

    def changed(self) -> None:
        if not settings.REDIS_URL:
            return
        loop = asyncio.get_running_loop()
        if loop is not self.loop:  # first socket of this server (or of this test's loop)
            import redis.asyncio

            self.loop = loop
            self.client = redis.asyncio.Redis.from_url(settings.REDIS_URL, socket_timeout=1)
            self.lock = asyncio.Lock()
            self._start(self._refresh())
        self.writes.add(self._start(self.write()))

    def _start(self, work: Any) -> "asyncio.Task[None]":
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        task.add_done_callback(self.writes.discard)
        return task

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            await self.write()

    async def write(self) -> None:
        async with self.lock:  # the last write carries the latest counts
            try:
                pipe = self.client.pipeline(transaction=True)
                pipe.delete(process_key())
                if +counts:
                    pipe.hset(process_key(), mapping=dict(+counts))
                    pipe.expire(process_key(), TTL_SECONDS)
                await pipe.execute()
            except Exception as exc:  # counting must never break a socket
                log.debug("websocket counts not written: %s", exc)


writer = _Writer()


class CountConnections:
    """ASGI middleware: counts accepted websockets by kind while they are open."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        kind = kind_of(scope.get("path", ""))
        accepted = False

        async def counting_send(message: dict) -> None:
            nonlocal accepted
            if message["type"] == "websocket.accept" and not accepted:
                accepted = True
                counts[kind] += 1
                writer.changed()
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            if accepted:
                counts[kind] -= 1
                with contextlib.suppress(RuntimeError):  # the loop is shutting down
                    writer.changed()


def totals() -> dict[str, int]:
    """Open sockets per kind, summed over the websocket processes alive."""
    found: Counter[str] = Counter(dict.fromkeys((*KINDS, "other"), 0))
    if not settings.REDIS_URL:
        found.update(+counts)
        return dict(found)
    client = heartbeat.redis_client(settings.REDIS_URL)
    for name in client.scan_iter(f"{settings.CHANNEL_PREFIX}:ws:*", count=500):
        for kind, value in client.hgetall(name).items():
            found[kind.decode()] += int(value)
    return dict(found)
