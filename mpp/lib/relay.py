"""Relaying a stream's events to this process's sockets: once per event, not per socket.

channels_redis' pub/sub layer already has one Redis subscriber per process; but for
every socket of a group it queues the message, a task of the socket's consumer wakes
up, decodes it, dispatches it and sends it down uvicorn's and websockets' send path:
~65-90 us of CPU per socket and event here (bench/relay_cost.py), so one call's line
event to 2,500 phones took ~0.2 s of a core. `RelayLayer` is that layer, except that a
`stream.event` published to a group is decoded and framed once (the websocket frame is
the same bytes for every socket), and handed to each member socket's `Outbox`, which
writes the frame to the socket's transport at once when nothing is ahead of it.

What an `Outbox` keeps (the rules of README "Live events"):
- order: a socket gets its stream events in the order Redis delivered them. While it
  holds (its snapshot is being built and sent) or has events not yet written (its
  client reads slowly: the transport asked to pause), new events wait behind those,
  and go out through the ASGI `send` in order;
- nothing before the snapshot: a socket gets an outbox only once its first snapshot
  is sent; events that arrived before that were queued by the layer as usual and are
  taken over, in order, when the outbox opens;
- a closed or closing socket is written nothing.

The direct write needs the server's websocket protocol object: `frame_writer` knows
uvicorn's two websockets implementations (`websockets-sansio`, its default with
websockets >= 14, and the legacy `websockets`) and only writes when that connection is
open, unfragmented and without extensions (permessage-deflate: each socket compresses
for itself). Any other server (daphne, channels' test communicator, uvicorn's wsproto)
gets `None`, and its outbox sends every event through the ASGI `send`, as before.
"""

import asyncio
import collections
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _wrap_close, decode_hosts
from websockets.frames import Frame, Opcode

log = logging.getLogger(__name__)

Writer = Callable[[bytes], bool]


def text_frame(text: str) -> bytes:
    """`text` as one unmasked websocket text frame, as a server sends it."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


class Outbox:
    """One socket's stream events: written at once when it can, else sent in order."""

    def __init__(
        self,
        send_text: Callable[[str], Coroutine[Any, Any, None]],
        writer: Writer | None,
        *,
        seen: Callable[[str], None] | None = None,
    ) -> None:
        self.send_text = send_text  # the consumer's ASGI path
        self.writer = writer
        self.seen = seen  # told of each event taken, after it (the consumer's checks)
        self.waiting: collections.deque[tuple[str, bytes | None]] = collections.deque()
        self.holds = 0
        self.sending: asyncio.Task[None] | None = None
        self.closed = False
        self.direct = 0  # events written straight to the transport (tests, the bench)

    def put(self, text: str, frame: bytes | None) -> None:
        if self.closed:
            return
        if (
            not self.waiting
            and not self.holds
            and self.sending is None
            and frame is not None
            and self.writer is not None
            and self.writer(frame)
        ):
            self.direct += 1
        else:
            self.waiting.append((text, frame))
            self._resume()
        if self.seen is not None:
            self.seen(text)

    def hold(self) -> None:
        """Keep events back (a snapshot is on its way) until `release`."""
        self.holds += 1

    def release(self) -> None:
        self.holds = max(self.holds - 1, 0)
        self._resume()

    def close(self) -> None:
        self.closed = True
        self.waiting.clear()
        if self.sending is not None:
            self.sending.cancel()

    def _resume(self) -> None:
        if self.holds or self.sending is not None or self.closed:
            return
        while self.waiting:
            frame = self.waiting[0][1]
            if frame is None or self.writer is None or not self.writer(frame):
                self.sending = asyncio.get_running_loop().create_task(self._send_waiting())
                return
            self.waiting.popleft()
            self.direct += 1

    async def _send_waiting(self) -> None:
        try:
            while self.waiting and not self.holds and not self.closed:
                text, _ = self.waiting.popleft()
                await self.send_text(text)
        except Exception:  # the socket is gone: its consumer's disconnect ends it
            log.debug("relay to a closed socket", exc_info=True)
            self.waiting.clear()
            return
        finally:
            self.sending = None
        self._resume()


# The ASGI scope key under which `ServerSend` keeps the server's own `send`.
SERVER_SEND = "mpp.server_send"


class ServerSend:
    """ASGI middleware, outermost: keeps the server's own `send` in the scope for
    `frame_writer` (the middleware below wrap it)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        await self.app({**scope, SERVER_SEND: send}, receive, send)


# -- the layer ------------------------------------------------------------------


class RelayLayer(RedisPubSubChannelLayer):
    """channels_redis' pub/sub layer whose group `stream.event`s go to outboxes."""

    def _get_layer(self) -> "_LoopLayer":
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = _LoopLayer(*self._args, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)
        return layer


class _LoopLayer(RedisPubSubLoopLayer):
    def __init__(self, hosts: Any = None, **kwargs: Any) -> None:
        super().__init__(hosts, **kwargs)
        self._shards = [_Shard(host, self) for host in decode_hosts(hosts)]
        self.outboxes: dict[str, Outbox] = {}

    def open_outbox(self, channel: str, outbox: Outbox) -> None:
        """Relay `channel`'s group events to `outbox` from now on; the ones already
        queued for the channel go first, in order."""
        queue = self.channels.get(channel)
        kept = []
        while queue is not None and not queue.empty():
            data = queue.get_nowait()
            message = self.channel_layer.deserialize(data)
            if message.get("type") == "stream.event":
                outbox.put(message["text"], text_frame(message["text"]))
            else:
                kept.append(data)
        for data in kept:  # not an event: left to the consumer's own loop
            queue.put_nowait(data)  # type: ignore[union-attr]
        self.outboxes[channel] = outbox

    def close_outbox(self, channel: str) -> None:
        outbox = self.outboxes.pop(channel, None)
        if outbox is not None:
            outbox.close()

    async def flush(self) -> None:
        for channel in list(self.outboxes):
            self.close_outbox(channel)
        await super().flush()


class _Shard(RedisSingleShardConnection):
    channel_layer: _LoopLayer

    def _receive_message(self, message: Any) -> None:
        if message is None:
            return
        name = message["channel"]
        if isinstance(name, bytes):
            name = name.decode()
        layer = self.channel_layer
        members = layer.groups.get(name)
        if members is None or name in layer.channels:
            super()._receive_message(message)
            return
        data = message["data"]
        outboxes = layer.outboxes
        text: str | None = None
        frame: bytes | None = None
        if outboxes:
            decoded = layer.channel_layer.deserialize(data)
            if decoded.get("type") == "stream.event":
                text = decoded["text"]
        for channel in tuple(members):
            outbox = outboxes.get(channel) if text is not None else None
            if outbox is not None:
                if frame is None:
                    frame = text_frame(text)  # type: ignore[arg-type]
                outbox.put(text, frame)  # type: ignore[arg-type]
            elif channel in layer.channels:
                layer.channels[channel].put_nowait(data)


# -- writing a frame straight to uvicorn's transport -------------------------------


def frame_writer(send: Any) -> Writer | None:
    """A function writing a ready frame to the socket behind this ASGI `send` (uvicorn's
    own), or None when this server's send is not one we know."""
    protocol = getattr(send, "__self__", None)
    kind = type(protocol)
    module = getattr(kind, "__module__", "")
    if module == "uvicorn.protocols.websockets.websockets_sansio_impl":
        return _sansio_writer(protocol)
    if module == "uvicorn.protocols.websockets.websockets_impl":
        return _legacy_writer(protocol)
    return None


def _sansio_writer(p: Any) -> Writer | None:
    from websockets.protocol import State

    needed = ("conn", "transport", "writable", "close_sent", "disconnected", "handshake_complete")
    if not all(hasattr(p, name) for name in needed):
        return None

    def write(frame: bytes) -> bool:
        conn = p.conn
        if (
            p.handshake_complete
            and not p.close_sent
            and not p.disconnected
            and p.initial_response is None
            and p.writable.is_set()
            and conn.state is State.OPEN
            and not conn.extensions
            and not conn.writes
            and not conn.expect_continuation_frame
            and not p.transport.is_closing()
        ):
            p.transport.write(frame)
            return True
        return False

    return write


def _legacy_writer(p: Any) -> Writer | None:
    from websockets.protocol import State

    needed = ("transport", "closed_event", "handshake_completed_event", "_paused", "extensions")
    if not all(hasattr(p, name) for name in needed):
        return None

    def write(frame: bytes) -> bool:
        if (
            p.state is State.OPEN
            and p.handshake_completed_event.is_set()
            and not p.closed_event.is_set()
            and p.initial_response is None
            and not p._paused
            and not p.extensions
            and p._fragmented_message_waiter is None
            and not p.transport.is_closing()
        ):
            p.transport.write(frame)
            return True
        return False

    return write
