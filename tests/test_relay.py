"""mpp/lib/relay.py: stream events relayed once per process, written to uvicorn's
sockets as one ready frame, in order, never ahead of a snapshot.

The frame writer is checked against the uvicorn installed here (a real server on a
loopback port, a real websockets client): an upgrade that renames what it reads makes
these fail instead of silently sending every event the slow way. The layer runs on
the real Redis.
"""

import asyncio
import json
import os
import uuid

import pytest
import uvicorn
import websockets

from mpp.lib import relay
from tests.browser.conftest import _free_port
from tests.queues.test_consumers import live  # noqa: F401 - a fixture


async def _serve(app, ws: str):
    port = _free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, ws=ws, ws_per_message_deflate=False, log_level="error"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    return server, task, port


@pytest.mark.parametrize("ws", ["auto", "websockets-sansio", "websockets"])
async def test_a_ready_frame_goes_to_uvicorns_socket_in_order_with_its_own_sends(ws):
    seen: dict[str, object] = {}
    done = asyncio.Event()

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            return
        await receive()  # websocket.connect
        writer = relay.frame_writer(send)
        seen["before_accept"] = writer is not None and writer(relay.text_frame("early"))
        await send({"type": "websocket.accept"})
        writer = relay.frame_writer(send)
        seen["writer"] = writer is not None
        assert writer is not None
        # (uvicorn's legacy implementation answers the handshake after accept returns:
        # the first send waits for that, as a consumer's snapshot does.)
        await send({"type": "websocket.send", "text": '{"n": 1}'})
        seen["second"] = writer(relay.text_frame('{"n": 2}'))
        await send({"type": "websocket.send", "text": '{"n": 3}'})
        seen["fourth"] = writer(relay.text_frame('{"n": 4, "kota": "Probolinggo é"}'))
        await send({"type": "websocket.close", "code": 1000})
        seen["after_close"] = writer(relay.text_frame('{"n": 5}'))
        done.set()
        while (await receive())["type"] != "websocket.disconnect":
            pass

    server, task, port = await _serve(app, ws)
    try:
        async with websockets.connect(f"ws://127.0.0.1:{port}/", compression=None) as client:
            got = [json.loads(await client.recv()) for _ in range(4)]
            with pytest.raises(websockets.ConnectionClosed):
                await client.recv()
        await asyncio.wait_for(done.wait(), 5)
    finally:
        server.should_exit = True
        await task
    assert got == [{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4, "kota": "Probolinggo é"}]
    assert seen == {
        "before_accept": False,
        "writer": True,
        "second": True,
        "fourth": True,
        "after_close": False,
    }


async def test_a_server_send_it_does_not_know_gets_no_writer():
    async def send(message):  # e.g. channels' test communicator, daphne
        pass

    assert relay.frame_writer(send) is None
    assert relay.frame_writer(None) is None


class _Socket:
    """A socket as the outbox sees it: a writer that may refuse, and the ASGI path."""

    def __init__(self) -> None:
        self.wire: list[str] = []
        self.open = True
        self.slow = asyncio.Event()
        self.slow.set()

    def write(self, frame: bytes) -> bool:
        if not self.open:
            return False
        self.wire.append(frame[2:].decode())  # short frames: a 2-byte header
        return True

    async def send_text(self, text: str) -> None:
        await self.slow.wait()
        self.wire.append(text)


async def test_the_outbox_keeps_the_order_through_holds_and_a_slow_socket():
    socket = _Socket()
    taken: list[str] = []
    outbox = relay.Outbox(socket.send_text, socket.write, seen=taken.append)

    def put(text: str) -> None:
        outbox.put(text, relay.text_frame(text))

    put("1")
    assert socket.wire == ["1"] and outbox.direct == 1

    outbox.hold()  # a snapshot on its way
    put("2")
    put("3")
    assert socket.wire == ["1"]
    outbox.release()
    assert socket.wire == ["1", "2", "3"]

    # The transport paused: events go the ASGI way, in order, and later ones queue
    # behind them even once the transport could take them again.
    socket.open = False
    socket.slow.clear()
    put("4")
    put("5")
    await asyncio.sleep(0)
    socket.open = True
    put("6")
    assert socket.wire == ["1", "2", "3"]
    socket.slow.set()
    for _ in range(10):
        await asyncio.sleep(0)
    assert socket.wire == ["1", "2", "3", "4", "5", "6"]
    assert outbox.sending is None

    put("7")
    assert socket.wire[-1] == "7" and outbox.direct == 4
    assert taken == ["1", "2", "3", "4", "5", "6", "7"]

    outbox.close()
    put("8")
    assert socket.wire[-1] == "7"


async def test_the_layer_hands_stream_events_to_outboxes_after_what_was_queued():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    layer = relay.RelayLayer(hosts=[url], prefix=f"trelay{uuid.uuid4().hex[:10]}")
    first = await layer.new_channel()
    second = await layer.new_channel()
    group = "line.900000001"
    await layer.group_add(group, first)
    await layer.group_add(group, second)
    try:
        await layer.group_send(group, {"type": "stream.event", "text": '{"seq": 1}'})
        await asyncio.wait_for(_queued(layer, first, 1), 5)

        socket = _Socket()
        outbox = relay.Outbox(socket.send_text, socket.write)
        layer.open_outbox(first, outbox)
        assert socket.wire == ['{"seq": 1}']  # what was queued goes first

        await layer.group_send(group, {"type": "stream.event", "text": '{"seq": 2}'})
        await layer.group_send(group, {"type": "other.kind", "n": 3})
        await layer.group_send(group, {"type": "stream.event", "text": '{"seq": 4}'})
        await asyncio.wait_for(_queued(layer, second, 4), 5)
        assert socket.wire == ['{"seq": 1}', '{"seq": 2}', '{"seq": 4}']
        # Not an event: left to the consumer's own loop.
        assert (await layer.receive(first)) == {"type": "other.kind", "n": 3}
        # A socket without an outbox gets every message through the layer, as before.
        got = [await layer.receive(second) for _ in range(4)]
        assert [m.get("text", m["type"]) for m in got] == [
            '{"seq": 1}',
            '{"seq": 2}',
            "other.kind",
            '{"seq": 4}',
        ]

        layer.close_outbox(first)
        await layer.group_send(group, {"type": "stream.event", "text": '{"seq": 5}'})
        await asyncio.wait_for(_queued(layer, second, 1), 5)
        assert socket.wire[-1] == '{"seq": 4}'
    finally:
        await layer.flush()


async def _queued(layer, channel: str, count: int) -> None:
    while layer._get_layer().channels[channel].qsize() < count:
        await asyncio.sleep(0.01)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("live")
async def test_the_app_under_uvicorn_writes_a_sockets_stream_events_straight_to_it():
    """mpp.asgi's stack hands the consumer uvicorn's own send: the production path is
    the direct one (without `ServerSend` every event would take the slow way, unseen)."""
    from channels.layers import get_channel_layer

    from mpp.asgi import application
    from mpp.lib import realtime

    server, task, port = await _serve(application, "auto")
    stream = "display.agency.900000001"
    try:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/ws/display/?agency=900000001",
            origin=f"http://127.0.0.1:{port}",
            compression=None,
        ) as client:
            snapshot = json.loads(await asyncio.wait_for(client.recv(), 10))
            assert snapshot["type"] == "snapshot"
            layer = get_channel_layer()._get_layer()
            (outbox,) = layer.outboxes.values()
            sender = realtime._publisher(realtime.SEND)
            for n in (1, 2):
                await asyncio.to_thread(sender._send, stream, {"type": "test.event", "n": n})
            got = [json.loads(await asyncio.wait_for(client.recv(), 10)) for _ in range(2)]
            assert [(e["type"], e["n"], e["stream"]) for e in got] == [
                ("test.event", 1, stream),
                ("test.event", 2, stream),
            ]
            assert got[1]["seq"] == got[0]["seq"] + 1
            assert outbox.direct == 2
    finally:
        server.should_exit = True
        await task
