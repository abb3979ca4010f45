"""Live sockets of the lobby display and the ticket page, over a real Redis layer.

Changes go through the real services; their events reach the sockets through
the publisher thread. Every payload a public socket receives is kept and
checked for personal data.
"""

import asyncio
import copy
import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections

from console.services import counter_open
from mpp.asgi import application
from mpp.consumers import StreamConsumer
from mpp.lib import realtime
from mpp.lib.numbering import LocalSequences, RedisSequences
from queues.models import DisplayMessage, Ticket
from queues.services import (
    ticket_book,
    ticket_call_next,
    ticket_check_in,
    ticket_issue,
    ticket_no_show,
    ticket_recall,
    ticket_transfer,
)
from tests.browser.conftest import _free_port

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
FOREIGN_ORIGIN = [(b"origin", b"http://evil.example"), (b"host", b"testserver")]

NIK, PHONE, NAME = "3574014101900001", "081234567890", "Siti Aminah"
NIK2, PHONE2, NAME2 = "3574014101900002", "+6281298765432", "Budi Santoso"
PRIVATE = [
    re.compile(r"\d{16}"),
    re.compile(r"(\+62|62|0)8\d{8,11}"),
    re.compile(re.escape(NAME)),
    re.compile(re.escape(NAME2)),
]

db = database_sync_to_async


@pytest.fixture
async def live(settings, monkeypatch):
    """Channel groups and seq numbers of this test alone.

    The run has a Redis prefix of its own (tests/conftest.py); a group prefix per
    test also keeps earlier tests' late events out; in-process seqs start afresh. Events
    still pending at the end are sent while this test's loop runs.
    """
    layers = copy.deepcopy(settings.CHANNEL_LAYERS)
    config = layers["default"].setdefault("CONFIG", {})
    if "hosts" in config:
        config["prefix"] = f"t{uuid.uuid4().hex[:12]}"
    settings.CHANNEL_LAYERS = layers
    monkeypatch.setitem(realtime._state, "sequences", LocalSequences())
    yield
    await settle()
    realtime.use_loop(None)  # this loop closes with the test
    # The sockets' queries ran in asgiref's worker thread: give its connection
    # back (CONN_MAX_AGE would keep it, and the test database could not be dropped).
    await db(connections.close_all)()


async def settle() -> None:
    """Wait until every event published so far was sent to the layer."""
    assert await asyncio.to_thread(realtime.flush, 30)


class Socket:
    """A websocket client that keeps every payload it received."""

    def __init__(self, path: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
        self.comm = WebsocketCommunicator(application, path, headers=headers or ORIGIN)
        self.raw: list[str] = []
        self.received: list[dict[str, Any]] = []
        self.skipped: list[dict[str, Any]] = []

    async def open(self) -> dict[str, Any]:
        """Connect; return the snapshot."""
        connected, _ = await self.comm.connect(timeout=5)
        assert connected
        return await self.wait_for("snapshot")

    async def refusal(self) -> int | None:
        """Connect expecting a refusal: the close code, or None if the handshake was denied."""
        connected, _ = await self.comm.connect(timeout=5)
        if not connected:
            return None
        output = await self.comm.receive_output(timeout=5)
        assert output["type"] == "websocket.close", output
        return output.get("code")

    async def receive(self, timeout: float = 5) -> dict[str, Any]:
        text = await self.comm.receive_from(timeout=timeout)
        self.raw.append(text)
        message = json.loads(text)
        self.received.append(message)
        return message

    async def wait_for(
        self,
        kind: str,
        where: Callable[[dict[str, Any]], bool] = lambda m: True,
        timeout: float = 10,
    ) -> dict[str, Any]:
        """The first message of type `kind` (matching `where`), waiting up to `timeout`.

        Messages passed over stay for later calls, so the order in which a
        test waits for events need not be the order they arrive in.
        """
        for message in self.skipped:
            if message.get("type") == kind and where(message):
                self.skipped.remove(message)
                return message
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            left = deadline - loop.time()
            assert left > 0, f"no {kind} within {timeout} s; got {self.types()}"
            message = await self.receive(timeout=left)
            if message.get("type") == kind and where(message):
                return message
            self.skipped.append(message)

    async def drain(self, quiet: float = 0.5) -> None:
        """Read until nothing arrives for `quiet` seconds."""
        while not await self.comm.receive_nothing(timeout=quiet):
            await self.receive()

    async def send(self, message: Any) -> None:
        await self.comm.send_json_to(message)

    async def close(self) -> None:
        await self.comm.disconnect()

    def types(self) -> list[str]:
        return [m.get("type", "?") for m in self.received]

    def seqs(self, stream: str) -> list[int]:
        return [m["seq"] for m in self.received if m.get("stream") == stream]

    def assert_private(self) -> None:
        assert self.raw
        for text in self.raw:
            for pattern in PRIVATE:
                assert not pattern.search(text), f"{pattern.pattern} in {text}"


def _codes(joined: list[dict[str, Any]]) -> list[str]:
    return [j["code"] for j in joined]


def assert_increasing(seqs: list[int], after: int) -> None:
    assert seqs == sorted(set(seqs)), seqs
    assert all(seq > after for seq in seqs), (seqs, after)


@pytest.fixture
def lobby(clock, hours, counter_a, officer_a, service_a, service_a2):
    """Counter 1 open, two walk-ins (one with personal data) and a booking waiting."""
    counter_open(counter=counter_a, officer=officer_a)
    first = ticket_issue(service=service_a, nik=NIK, phone=PHONE, name=NAME)
    second = ticket_issue(service=service_a)
    booked = ticket_book(
        service=service_a,
        day=dt.date(2026, 11, 24),
        slot_start=dt.time(9, 30),
        nik=NIK2,
        phone=PHONE2,
        name=NAME2,
    )
    return first, second, booked


# -- lobby display --------------------------------------------------------


async def test_display_snapshot_then_calls_and_recalls(live, lobby, counter_a, officer_a, agency_a):
    first, _, _ = lobby
    await db(DisplayMessage.objects.create)(text="Selamat datang di MPP", order=1)
    await db(DisplayMessage.objects.create)(text="Tidak tampil", is_active=False)
    await settle()
    display = Socket("/ws/display/")
    snapshot = await display.open()

    epoch, seq = realtime.current_seq("display")
    assert epoch and snapshot["seqs"] == {"display": seq}
    assert snapshot["epochs"] == {"display": epoch}
    assert snapshot["now_serving"] == []
    assert snapshot["recent"] == []
    [waiting] = snapshot["waiting"]
    assert (waiting["agency_id"], waiting["agency"], waiting["count"]) == (
        agency_a.pk,
        "Dispendukcapil",
        2,
    )
    # Per line: the next codes (no personal data) and the pace behind the estimate.
    [line] = waiting["services"]
    assert line["count"] == 2 and line["next"] == [t.code for t in lobby[:2]]
    assert line["open_counters"] == 1
    assert waiting["wait_minutes"] == round(2 * line["mean_minutes"])
    assert snapshot["messages"] == ["Selamat datang di MPP"]
    assert snapshot["server_time"].startswith("2026-11-24T09:00:00")

    await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    called = await display.wait_for("ticket.called")
    assert (called["stream"], called["epoch"]) == ("display", epoch)
    assert called["recall"] is False
    assert isinstance(called["announcement"], str) and called["announcement"]
    assert "audio_url" in called
    ticket = called["ticket"]
    assert ticket["code"] == first.code
    assert ticket["counter_number"] == counter_a.number
    assert ticket["agency_id"] == agency_a.pk
    assert ticket["floor"] == "1"

    await db(ticket_recall)(counter=counter_a, actor=officer_a)
    recalled = await display.wait_for("ticket.called", lambda m: m["recall"] is True)
    assert recalled["ticket"]["code"] == first.code
    assert recalled["seq"] > called["seq"]
    await settle()
    await display.drain()
    assert_increasing(display.seqs("display"), after=snapshot["seqs"]["display"])

    # A TV switched on now sees the call in its snapshot, as the event showed it.
    late = Socket("/ws/display/")
    again = await late.open()
    # While called, with its voice (a TV that missed the call in a gap says it from here).
    voice = {key: recalled[key] for key in ("announcement", "audio_url", "forms")}
    assert again["now_serving"] == [{**recalled["ticket"], "status": "called", **voice}]
    assert again["recent"] == [recalled["ticket"]]
    assert again["waiting"][0]["count"] == 1
    assert again["seqs"]["display"] == display.seqs("display")[-1]

    await display.close()
    await late.close()
    display.assert_private()
    late.assert_private()


async def test_display_filter_narrows_the_snapshot_and_the_events(
    live,
    clock,
    hours,
    counter_a,
    counter_b,
    officer_a,
    officer_b,
    service_a,
    service_b,
    agency_a,
    agency_b,
    booth_b,
):
    booth_b.floor = "2"
    await db(booth_b.save)()
    await db(counter_open)(counter=counter_a, officer=officer_a)
    await db(counter_open)(counter=counter_b, officer=officer_b)
    for service in (service_a, service_a, service_b, service_b):
        await db(ticket_issue)(service=service, nik="", phone=PHONE, name=NAME)
    a1 = await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    b1 = await db(ticket_call_next)(counter=counter_b, actor=officer_b)
    await settle()

    async def snapshot(query: str) -> dict[str, Any]:
        socket = Socket(f"/ws/display/{query}")
        data = await socket.open()
        await socket.close()
        socket.assert_private()
        return data

    def codes(data: dict[str, Any]) -> tuple[list[str], list[str], list[int]]:
        return (
            [t["code"] for t in data["now_serving"]],
            [t["code"] for t in data["recent"]],
            [w["agency_id"] for w in data["waiting"]],
        )

    everything = codes(await snapshot(""))
    # Now serving by counter number, recent calls newest first, agencies by name.
    assert everything == ([a1.code, b1.code], [b1.code, a1.code], [agency_a.pk, agency_b.pk])
    assert codes(await snapshot(f"?agency={agency_a.pk}")) == ([a1.code], [a1.code], [agency_a.pk])
    assert codes(await snapshot("?floor=2")) == ([b1.code], [b1.code], [agency_b.pk])
    assert codes(await snapshot(f"?agency={agency_a.pk}&floor=2")) == ([], [], [])
    for junk in ("?agency=abc", "?agency=-1", "?agency=99999999999999999999", "?floor=%00", "?x=1"):
        assert codes(await snapshot(junk)) == everything, junk

    # Events are narrowed on the server too: each TV hears only its own calls and lines,
    # with no hole in its stream's seqs.
    tvs = {
        "all": Socket("/ws/display/"),
        "a": Socket(f"/ws/display/?agency={agency_a.pk}"),
        "floor2": Socket("/ws/display/?floor=2"),
        "a-floor2": Socket(f"/ws/display/?agency={agency_a.pk}&floor=2"),
    }
    for tv in tvs.values():
        await tv.open()
    await db(ticket_no_show)(ticket=b1, actor=officer_b)
    b2 = await db(ticket_call_next)(counter=counter_b, actor=officer_b)
    await db(ticket_no_show)(ticket=a1, actor=officer_a)
    a2 = await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    await settle()
    heard = {}
    for name, tv in tvs.items():
        await tv.drain()
        calls = [m for m in tv.received if m.get("type") == "ticket.called"]
        heard[name] = [m["ticket"]["code"] for m in calls]
        lines = {m["service"] for m in tv.received if m.get("type") == "line.updated"}
        streams = {m["stream"] for m in tv.received if "stream" in m}
        assert len(streams) <= 1, (name, streams)
        if streams:
            seqs = tv.seqs(streams.pop())
            assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), (name, seqs)
        heard[name + " lines"] = sorted(lines)
        await tv.close()
        tv.assert_private()
    assert heard["all"] == [b2.code, a2.code]
    assert heard["a"] == [a2.code]
    assert heard["floor2"] == [b2.code]
    assert heard["a-floor2"] == []
    assert heard["all lines"] == sorted({service_a.pk, service_b.pk})
    assert heard["a lines"] == [service_a.pk]
    assert heard["floor2 lines"] == [service_b.pk]
    assert heard["a-floor2 lines"] == []


async def test_requested_snapshot_is_at_the_last_seq(live, lobby, service_a):
    await settle()
    display = Socket("/ws/display/")
    first = await display.open()
    for _ in range(3):
        await db(ticket_issue)(service=service_a, nik="", phone=PHONE, name=NAME)
    await settle()
    await display.drain()
    seen = display.seqs("display")
    assert seen and seen[-1] > first["seqs"]["display"]

    # What a client does on a gap: ask, and rebuild from the answer.
    await display.send({"type": "snapshot"})
    fresh = await display.wait_for("snapshot")
    assert fresh["seqs"] == {"display": seen[-1]}
    assert fresh["waiting"][0]["count"] == 5
    await display.close()


async def test_snapshot_while_redis_is_down_leaves_the_seq_out(live, lobby, monkeypatch):
    # Numbering on a Redis nobody listens on: every read of it is refused.
    down = RedisSequences(f"redis://127.0.0.1:{_free_port()}/0")
    monkeypatch.setitem(realtime._state, "sequences", down)
    display = Socket("/ws/display/")
    snapshot = await display.open()
    # The state is there; the seq is not, so the client takes the next event as it comes.
    assert snapshot["seqs"] == {} and snapshot["epochs"] == {}
    assert snapshot["waiting"][0]["count"] == 2
    # The socket lives on: a requested snapshot is answered too.
    await display.send({"type": "snapshot"})
    assert (await display.wait_for("snapshot"))["seqs"] == {}
    await display.close()
    display.assert_private()


async def test_ping_pong_and_bad_messages(live):
    display = Socket("/ws/display/")
    await display.open()
    await display.send({"type": "ping"})
    assert await display.receive() == {"type": "pong"}
    for junk in ("not json", "[1, 2]", '"ping"', "null", "[" * 100_000):
        await display.comm.send_to(text_data=junk)
        assert (await display.receive())["type"] == "error"
    await display.comm.send_to(bytes_data=b"\x00\xff")
    assert (await display.receive())["type"] == "error"
    await display.send({"type": "subscribe", "stream": "manager"})
    assert (await display.receive())["type"] == "error"
    await display.send({"type": "ping"})
    assert await display.receive() == {"type": "pong"}
    await display.close()


async def test_server_heartbeat_carries_the_last_seqs(live, lobby, service_a, monkeypatch):
    monkeypatch.setattr(StreamConsumer, "heartbeat_seconds", 0.05)
    await settle()
    display = Socket("/ws/display/")
    snapshot = await display.open()
    beat = await display.wait_for("heartbeat")
    assert beat["server_time"]
    assert (beat["seqs"], beat["epochs"]) == (snapshot["seqs"], snapshot["epochs"])
    # An event the socket never relayed (as one sent before a re-subscription is):
    # the next heartbeat tells the client it is behind.
    await db(ticket_issue)(service=service_a)
    await settle()
    seq = realtime.current_seq("display").seq
    assert seq > snapshot["seqs"]["display"]
    later = await display.wait_for("heartbeat", lambda m: m["seqs"]["display"] == seq)
    assert later["epochs"] == snapshot["epochs"]
    await display.close()  # the heartbeat task ends with the socket


@pytest.mark.parametrize("path", ["/ws/display/", "/ws/tickets/{token}/"])
async def test_foreign_origin_refused(live, path, clock, hours, service_a):
    ticket = await db(ticket_issue)(service=service_a)
    for headers in (FOREIGN_ORIGIN, [(b"host", b"testserver")]):
        socket = Socket(path.format(token=ticket.token), headers=headers)
        assert await socket.refusal() is None


# -- ticket page ----------------------------------------------------------


async def test_ticket_socket_snapshot_then_line_and_ticket_events(
    live, lobby, counter_a, officer_a, service_a
):
    first, second, _ = lobby
    await settle()
    page = Socket(f"/ws/tickets/{second.token}/")
    snapshot = await page.open()
    mine, line = f"ticket.{second.token}", f"line.{service_a.pk}"

    assert set(snapshot["seqs"]) == {mine, line}
    ticket = snapshot["ticket"]
    assert ticket["code"] == second.code
    assert ticket["status"] == "waiting"
    assert (ticket["position"], ticket["people_ahead"]) == (2, 1)
    assert ticket["estimated_wait_minutes"] == 10
    assert snapshot["line"]["type"] == "line.updated"
    assert snapshot["line"]["service"] == service_a.pk
    assert snapshot["line"]["waiting"] == [first.code, second.code]
    assert snapshot["line"]["open_counters"] == 1
    assert [key[-1] for key in snapshot["line"]["keys"]] == [first.pk, second.pk]
    version = snapshot["line"]["version"]

    first = await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    moved = await page.wait_for("line.changed", lambda m: m["left"] == [first.code])
    assert (moved["stream"], moved["version"], moved["joined"]) == (line, version + 1, [])
    await db(ticket_no_show)(ticket=first, actor=officer_a)
    await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    called = await page.wait_for("ticket.updated", lambda m: m["ticket"]["status"] == "called")
    assert called["stream"] == mine
    assert called["ticket"]["code"] == second.code
    assert called["ticket"]["counter"]["number"] == counter_a.number
    await settle()
    await page.drain()
    assert "ticket.called" not in page.types()  # lobby calls stay on the display stream
    for stream in (mine, line):
        assert_increasing(page.seqs(stream), after=snapshot["seqs"][stream])

    await page.send({"type": "snapshot"})
    fresh = await page.wait_for("snapshot")
    assert fresh["seqs"] == {mine: page.seqs(mine)[-1], line: page.seqs(line)[-1]}
    assert fresh["ticket"]["status"] == "called"
    assert fresh["ticket"]["position"] is None
    await page.close()
    page.assert_private()


async def test_ticket_socket_hears_a_recall_as_its_own_event(
    live, lobby, counter_a, officer_a, service_a
):
    first, _, _ = lobby
    await settle()
    page = Socket(f"/ws/tickets/{first.token}/")
    snapshot = await page.open()
    mine = f"ticket.{first.token}"
    await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    called = await page.wait_for("ticket.updated", lambda m: m["ticket"]["status"] == "called")

    await db(ticket_recall)(counter=counter_a, actor=officer_a)
    await db(ticket_recall)(counter=counter_a, actor=officer_a)

    recalls = [await page.wait_for("ticket.recalled") for _ in range(2)]
    for recalled in recalls:
        assert recalled["stream"] == mine
        assert recalled["ticket"]["code"] == first.code
        assert recalled["ticket"]["status"] == "called"
    assert called["seq"] < recalls[0]["seq"] < recalls[1]["seq"]
    assert_increasing(page.seqs(mine), after=snapshot["seqs"][mine])
    await page.close()
    page.assert_private()


async def test_ticket_socket_of_a_booking_follows_check_in(live, lobby, service_a):
    _, _, booked = lobby
    await settle()
    page = Socket(f"/ws/tickets/{booked.token}/")
    snapshot = await page.open()
    assert snapshot["ticket"]["status"] == "booked"
    assert snapshot["ticket"]["position"] is None

    await db(ticket_check_in)(ticket=booked)
    updated = await page.wait_for("ticket.updated")
    assert updated["ticket"]["status"] == "waiting"
    line = await page.wait_for("line.changed", lambda m: m["joined"])
    assert [joined["code"] for joined in line["joined"]] == [booked.code]
    assert line["service"] == service_a.pk
    await page.close()
    page.assert_private()


async def test_ticket_socket_follows_a_transfer(
    live, clock, hours, counter_a, officer_a, service_a, service_a2
):
    await db(counter_open)(counter=counter_a, officer=officer_a)
    ticket = await db(ticket_issue)(service=service_a, nik=NIK, phone=PHONE, name=NAME)
    await settle()
    page = Socket(f"/ws/tickets/{ticket.token}/")
    snapshot = await page.open()
    assert snapshot["line"]["service"] == service_a.pk

    ticket = await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    await page.wait_for("ticket.updated", lambda m: m["ticket"]["status"] == "called")
    await db(ticket_transfer)(ticket=ticket, service=service_a2, actor=officer_a)
    moved = await page.wait_for("ticket.updated", lambda m: m["ticket"]["service"] == service_a2.pk)
    assert moved["ticket"]["status"] == "waiting"
    fresh = await page.wait_for("snapshot")
    assert set(fresh["seqs"]) == {f"ticket.{ticket.token}", f"line.{service_a2.pk}"}
    assert fresh["line"]["service"] == service_a2.pk
    assert fresh["line"]["waiting"] == [ticket.code]
    assert fresh["ticket"]["position"] == 1

    # It now hears the new line, and no longer the old one.
    after = len(page.received)
    await db(ticket_issue)(service=service_a)
    newcomer = await db(ticket_issue)(service=service_a2)
    await page.wait_for("line.changed", lambda m: newcomer.code in _codes(m["joined"]))
    lines = [m["service"] for m in page.received[after:] if m["type"].startswith("line.")]
    assert service_a.pk not in lines
    await page.close()
    page.assert_private()


@pytest.mark.parametrize(
    "path",
    [
        "/ws/tickets/AAAAAAAAAAAAAAAAAAAAAAAA/",  # well-formed, no such ticket
        "/ws/tickets/abc/",  # too short
        "/ws/tickets/%00%00%00%00%00%00%00%00%00/",
        "/ws/tickets/",
        "/ws/nowhere/",
    ],
)
async def test_unknown_ticket_refused(live, path, clock, hours, service_a):
    await db(ticket_issue)(service=service_a)
    assert await Socket(path).refusal() == 4404


async def test_ticket_gone_closes_the_socket(live, clock, hours, service_a):
    ticket = await db(ticket_issue)(service=service_a)
    await settle()
    page = Socket(f"/ws/tickets/{ticket.token}/")
    await page.open()
    await db(Ticket.objects.filter(pk=ticket.pk).update)(token="replaced-token-0000")
    await page.send({"type": "snapshot"})
    output = await page.comm.receive_output(timeout=5)
    while output["type"] == "websocket.send":  # an event sent before the request
        output = await page.comm.receive_output(timeout=5)
    assert (output["type"], output["code"]) == ("websocket.close", 4404)
