"""The base of every live socket (README "Live events (websockets)").

A socket authorizes, joins the channel-layer groups of its streams, sends a
snapshot (with the last `seq` and the `epoch` of each stream it is consistent
with), then relays every event the publisher sends to those groups, as it is.
Clients answer a gap in a stream's seq, or a new epoch, by asking for a fresh
snapshot.

Refused sockets are accepted and closed at once with an application code, so
a page can tell "log in" (4401) and "not yours" (4403) or "no such ticket or
counter" (4404) from a network failure and stop reconnecting.
"""

import asyncio
import contextlib
import json
import logging
from typing import Any, ClassVar

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer, AsyncWebsocketConsumer
from django.utils import timezone

from mpp.lib import realtime, relay

log = logging.getLogger(__name__)

NOT_AUTHENTICATED = 4401
NOT_ALLOWED = 4403
NOT_FOUND = 4404

# Primary keys are PostgreSQL integers: a longer number in a URL is no object.
MAX_ID = 2**31 - 1


class Refused(Exception):
    """Raised by `authorize` or `snapshot`: close the socket with `code`."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def signed_in_user(scope: dict[str, Any]):
    """The staff member signed in on the socket (session or token), or refuse it."""
    user = scope.get("user")
    if user is None or not user.is_authenticated:
        raise Refused(NOT_AUTHENTICATED)
    return user


def server_time() -> str:
    return timezone.localtime().isoformat()


class StreamConsumer(AsyncJsonWebsocketConsumer):
    """Authorize, join, snapshot, relay; answer pings and snapshot requests.

    Subclasses set:
    - `authorize()` (async): check who may listen; raise Refused(code) if not;
    - `streams()`: the stream (group) names to join;
    - `snapshot()` (sync, runs in a worker thread): the state, from selectors.
    Consumers only read: they never write to the database.
    """

    # Each heartbeat carries the streams' last seqs: a client that missed the
    # latest event (one sent while Redis came back, before this process had
    # re-subscribed) notices within this and takes a fresh snapshot.
    heartbeat_seconds: ClassVar[float] = 5.0
    # Requested snapshots cost queries: one a second per socket at most.
    snapshot_interval: ClassVar[float] = 1.0

    _heartbeat: asyncio.Task | None = None
    _last_snapshot: float = float("-inf")
    # Where the layer relays this socket's stream events once its first snapshot is
    # out (mpp/lib/relay.py); None before, and on layers without outboxes.
    outbox: relay.Outbox | None = None
    _snapshot_tasks: set[asyncio.Task] | None = None

    # -- to override ------------------------------------------------------

    async def authorize(self) -> None:
        """Raise Refused(code) when this socket may not listen."""

    def streams(self) -> list[str]:
        raise NotImplementedError

    def snapshot(self) -> dict[str, Any]:
        raise NotImplementedError

    # -- lifecycle --------------------------------------------------------

    async def connect(self) -> None:
        try:
            await self.authorize()
        except Refused as refused:
            await self.refuse(refused.code)
            return
        await self.accept()
        # The in-memory layer (demo) can only be sent to from this loop.
        realtime.use_loop(asyncio.get_running_loop())
        # Join first: an event sent while the snapshot is built is not lost.
        await self.follow(self.streams())
        if await self.send_snapshot():
            self._open_outbox()
            self._heartbeat = asyncio.create_task(self.beat())

    def _open_outbox(self) -> None:
        opener = getattr(self.channel_layer, "open_outbox", None)
        if opener is None:
            return  # in-memory layer (demo, unit tests): every event through dispatch
        writer = relay.frame_writer(self.scope.get(relay.SERVER_SEND))
        self.outbox = relay.Outbox(self._send_text, writer, seen=self._relayed)
        opener(self.channel_name, self.outbox)

    async def _send_text(self, text: str) -> None:
        await self.send(text_data=text)

    async def refuse(self, code: int) -> None:
        await self.accept()
        await self.close(code=code)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._close_outbox()  # however the socket ended

    def _close_outbox(self) -> None:
        if self.outbox is not None:
            self.channel_layer.close_outbox(self.channel_name)
            self.outbox = None

    async def disconnect(self, code: int) -> None:
        # The groups in self.groups are left by channels itself.
        self._close_outbox()
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
            self._heartbeat = None

    async def dispatch(self, message: dict[str, Any]) -> None:
        # channels' dispatch hops to a thread (close_old_connections) before every
        # handler: once per socket per relayed event, all in one thread, ahead of
        # the next socket's event. Relays and client messages touch no database
        # (snapshots use database_sync_to_async, which closes old connections itself).
        if message["type"] == "stream.event":
            await self.stream_event(message)
        elif message["type"] == "websocket.receive":
            await self.websocket_receive(message)
        else:
            await super().dispatch(message)

    async def beat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            positions = await _shared_positions(list(self.groups))
            try:
                await self.send_json(
                    {"type": "heartbeat", **positions, "server_time": server_time()}
                )
            except Exception:  # the socket is gone; disconnect() ends us
                log.debug("heartbeat not sent", exc_info=True)
                return

    # -- groups and snapshots ---------------------------------------------

    async def follow(self, streams: list[str]) -> None:
        """Be a member of exactly these streams' groups."""
        for group in [g for g in self.groups if g not in streams]:
            await self.channel_layer.group_discard(group, self.channel_name)
            self.groups.remove(group)
        for group in streams:
            if group not in self.groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups.append(group)

    @contextlib.contextmanager
    def holding(self):
        """Stream events wait until the block is done (a snapshot is on its way:
        events that arrive meanwhile follow it, as when channels dispatched them)."""
        outbox = self.outbox
        if outbox is not None:
            outbox.hold()
        try:
            yield
        finally:
            if outbox is not None:
                outbox.release()

    async def send_snapshot(self) -> bool:
        """Send the state; False (and the socket closed) if it is gone."""
        with self.holding():
            return await self._send_snapshot()

    async def _send_snapshot(self) -> bool:
        self._last_snapshot = asyncio.get_running_loop().time()
        try:
            body = await database_sync_to_async(self._build_snapshot)(list(self.groups))
        except Refused as refused:
            await self.close(code=refused.code)
            return False
        await self.send_json(body)
        return True

    def _build_snapshot(self, streams: list[str]) -> dict[str, Any]:
        # The seqs are read before the queries: every event up to them is
        # committed, so the state below includes it; a later event may be in
        # it too, and then arrives once more (events carry whole states, and
        # a call after the snapshot is a call to announce).
        return {
            "type": "snapshot",
            **self._positions(streams),
            **self.snapshot(),
            "server_time": server_time(),
        }

    @staticmethod
    def _positions(streams: list[str]) -> dict[str, dict[str, Any]]:
        """{"seqs": {stream: seq}, "epochs": {stream: epoch}}. A stream whose seq
        cannot be read (Redis down) is left out: the client then takes the next
        event it sends, whatever its seq."""
        positions = realtime.current_seqs(streams)
        known = {stream: p for stream, p in positions.items() if p is not None}
        return {
            "seqs": {stream: p.seq for stream, p in known.items()},
            "epochs": {stream: p.epoch for stream, p in known.items()},
        }

    # -- relay ------------------------------------------------------------

    async def stream_event(self, message: dict[str, Any]) -> None:
        # The publisher encoded the event once for every socket of its stream.
        await self.send(text_data=message["text"])
        if self.needs_snapshot(message["text"]):
            await self.send_snapshot()

    def _relayed(self, text: str) -> None:
        """The outbox took `text`: the same check, with the snapshot in a task (the
        outbox holds the events after it until the snapshot is out)."""
        outbox = self.outbox
        if outbox is None or not self.needs_snapshot(text):
            return
        outbox.hold()  # from now, not from when the task starts

        async def snapshot() -> None:
            try:
                await self.send_snapshot()
            finally:
                outbox.release()

        task = asyncio.get_running_loop().create_task(snapshot())
        if self._snapshot_tasks is None:
            self._snapshot_tasks = set()
        self._snapshot_tasks.add(task)
        task.add_done_callback(self._snapshot_tasks.discard)

    def needs_snapshot(self, text: str) -> bool:
        """Whether this relayed event calls for a fresh snapshot of this socket."""
        return False

    # -- client messages --------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kw):
        if text_data is None:
            await self.error("Send JSON text messages.")
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            await self.error("Not JSON.")
            return
        if not isinstance(content, dict):
            await self.error("Send a JSON object with a type.")
            return
        await self.receive_json(content)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        kind = content.get("type")
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "snapshot":
            loop = asyncio.get_running_loop()
            wait = self._last_snapshot + self.snapshot_interval - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            await self.send_snapshot()
        else:
            await self.error("Unknown message type.")

    async def error(self, detail: str) -> None:
        await self.send_json({"type": "error", "detail": detail})


# Heartbeats read each stream's position at most once per POSITION_TTL per process,
# whatever the number of sockets following it; and the heartbeats that fall due within
# POSITION_BATCH of each other share one read (one thread hop, one Redis round trip for
# every stream due): each ticket page has a stream of its own, so at 2,500 sockets a
# process, 500 heartbeats a second would otherwise each pay their own.
POSITION_TTL = 1.0
POSITION_BATCH = 0.02
_positions_read: dict[str, tuple[float, dict[str, Any]]] = {}
_positions_pending: dict[str, asyncio.Future] = {}
_batch: list[Any] = []  # [future, streams] of the read being gathered, while one is
_reads: set[asyncio.Task] = set()  # the gathering tasks (the loop holds tasks weakly)


async def _shared_positions(streams: list[str]) -> dict[str, dict[str, Any]]:
    loop = asyncio.get_running_loop()
    now = loop.time()
    if len(_positions_read) > 10_000:  # one stream per ticket: forget the quiet ones
        for stream, (at, _) in list(_positions_read.items()):
            if now - at > POSITION_TTL:
                del _positions_read[stream]
    due = [
        s
        for s in streams
        if _pending(s, loop) is None
        and (s not in _positions_read or now - _positions_read[s][0] > POSITION_TTL)
    ]
    if due:
        future = _gathering(loop)
        for stream in due:
            _positions_pending[stream] = future
        _batch[1].extend(due)
    for stream in streams:
        pending = _pending(stream, loop)
        if pending is not None:
            await asyncio.shield(pending)
    seqs: dict[str, Any] = {}
    epochs: dict[str, Any] = {}
    for stream in streams:
        one = _positions_read.get(stream, (0.0, {}))[1]
        if one:
            seqs[stream], epochs[stream] = one["seq"], one["epoch"]
    return {"seqs": seqs, "epochs": epochs}


def _pending(stream: str, loop: asyncio.AbstractEventLoop) -> asyncio.Future | None:
    future = _positions_pending.get(stream)
    if future is not None and future.get_loop() is not loop:  # left by a loop now gone
        del _positions_pending[stream]
        return None
    return future


def _gathering(loop: asyncio.AbstractEventLoop) -> asyncio.Future:
    """The future of the read being gathered; the first heartbeat due opens one."""
    if not _batch or _batch[0].get_loop() is not loop:
        future = loop.create_future()
        _batch[:] = [future, []]
        read = loop.create_task(_read_gathered(future))
        _reads.add(read)
        read.add_done_callback(_reads.discard)
    return _batch[0]


async def _read_gathered(future: asyncio.Future) -> None:
    await asyncio.sleep(POSITION_BATCH)
    streams = list(dict.fromkeys(_batch[1]))
    _batch.clear()
    loop = asyncio.get_running_loop()
    at = loop.time()
    try:
        read = await sync_to_async(StreamConsumer._positions, thread_sensitive=False)(streams)
    except Exception as exc:
        future.set_exception(exc)
        future.exception()  # retrieved: the waiters re-raise it
    except BaseException:
        future.cancel()
        raise
    else:
        for stream in streams:
            _positions_read[stream] = (at, _one(read, stream))
        future.set_result(None)
    finally:
        for stream in streams:
            if _positions_pending.get(stream) is future:
                del _positions_pending[stream]


def _one(positions: dict[str, dict[str, Any]], stream: str) -> dict[str, Any]:
    if stream not in positions["seqs"]:
        return {}  # not readable (Redis down): left out, as `_positions` does
    return {"seq": positions["seqs"][stream], "epoch": positions["epochs"][stream]}


class UnknownPathConsumer(AsyncWebsocketConsumer):
    """Any other websocket path (or a malformed token or id): close with 4404."""

    async def connect(self) -> None:
        await self.accept()
        await self.close(code=NOT_FOUND)


def parse_id(value: Any) -> int | None:
    """A positive database id from a URL or query value, or None."""
    if not isinstance(value, str) or not (0 < len(value) <= 10):
        return None
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
