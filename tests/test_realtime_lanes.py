"""A call reaches the sockets while other live work is busy (issue 14, item 1): the
publisher's send lane never waits behind a state build, a socket relays an event without
a hop through asgiref's shared thread, and heartbeats share their seq reads."""

import asyncio
import threading

import pytest
from channels.db import database_sync_to_async

from console.services import counter_open
from mpp import consumers
from mpp.lib import realtime
from queues.services import ticket_call_next, ticket_issue
from tests.queues.test_consumers import Socket, live, settle  # noqa: F401 - `live` is a fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("live")]

db = database_sync_to_async


def _hold_state_lane() -> threading.Event:
    """Keep the state lane busy (a line or booth read taking long) until set."""
    gate = threading.Event()
    realtime._publisher(realtime.STATE).submit([], lambda: gate.wait(30))
    return gate


async def test_a_call_goes_out_while_the_state_lane_is_busy(
    clock, hours, counter_a, officer_a, service_a
):
    await db(counter_open)(counter=counter_a, officer=officer_a)
    ticket = await db(ticket_issue)(service=service_a)
    display = Socket("/ws/display/")
    await display.open()
    await settle()
    await display.drain(0.3)
    lines_before = display.types().count("line.updated")
    gate = _hold_state_lane()
    try:
        await db(ticket_call_next)(counter=counter_a, actor=officer_a)
        called = await display.wait_for("ticket.called", timeout=3)
        assert called["ticket"]["code"] == ticket.code
        # The line's new state is still held behind the busy build.
        assert display.types().count("line.updated") == lines_before
    finally:
        gate.set()
    await display.wait_for("line.updated", lambda m: m["waiting"] == [])


async def test_relayed_events_and_pings_make_no_thread_hop(
    clock, hours, counter_a, officer_a, service_a, monkeypatch
):
    """channels' dispatch hops through asgiref's one shared thread (close_old_connections)
    before every handler: once per socket per relayed event, queued behind every
    other socket's. Relays and pings touch no database and skip it."""
    from channels import consumer

    hops: list[int] = []
    real = consumer.aclose_old_connections

    async def counted():
        hops.append(1)
        return await real()

    monkeypatch.setattr(consumer, "aclose_old_connections", counted)
    await db(counter_open)(counter=counter_a, officer=officer_a)
    ticket = await db(ticket_issue)(service=service_a)
    display = Socket("/ws/display/")
    await display.open()
    await settle()
    await display.drain(0.3)
    hops.clear()
    await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    called = await display.wait_for("ticket.called")
    assert called["ticket"]["code"] == ticket.code
    await display.send({"type": "ping"})
    await display.wait_for("pong")
    assert hops == []


async def test_one_event_is_encoded_once_for_all_its_sockets(clock, hours, service_a):
    """Every socket of a stream receives the publisher's text as it is."""
    pages = [Socket("/ws/display/") for _ in range(3)]
    for page in pages:
        await page.open()
    await db(ticket_issue)(service=service_a)
    await settle()
    texts = []
    for page in pages:
        await page.wait_for("line.updated")
        texts.append(next(t for t in page.raw if t.startswith('{"type": "line.updated"')))
    assert len(set(texts)) == 1


@pytest.fixture
def seq_reads(monkeypatch) -> list[list[str]]:
    """The streams of each seq read the heartbeats make (none cached yet)."""
    reads: list[list[str]] = []
    real = realtime.current_seqs

    def counted(streams: list[str]):
        reads.append(list(streams))
        return real(streams)

    monkeypatch.setattr(realtime, "current_seqs", counted)
    monkeypatch.setattr(consumers, "_positions_read", {})
    return reads


async def test_heartbeats_read_each_stream_once_per_interval(seq_reads, monkeypatch):
    reads = seq_reads
    streams = ["display", "line.1"]
    answers = await asyncio.gather(*(consumers._shared_positions(streams) for _ in range(50)))
    assert reads == [streams]  # 50 heartbeats, one read of each stream
    assert all(a == answers[0] for a in answers)
    assert set(answers[0]["seqs"]) == set(streams)

    await consumers._shared_positions(streams)
    assert len(reads) == 1  # still fresh
    monkeypatch.setattr(consumers, "POSITION_TTL", 0.0)
    await asyncio.sleep(0.01)
    await consumers._shared_positions(streams)
    assert len(reads) == 2


async def test_heartbeats_due_together_share_one_read(seq_reads):
    """Ticket pages each follow a stream of their own (and their line's): the
    heartbeats that fall due within POSITION_BATCH are one read of all their streams."""
    reads = seq_reads
    await db(realtime.send)("ticket.t7", {"type": "ticket.updated"})
    assert await asyncio.to_thread(realtime.flush, 10)

    async def heartbeat(n: int):
        await asyncio.sleep(n * consumers.POSITION_BATCH / 100)
        return await consumers._shared_positions([f"ticket.t{n}", "line.1"])

    answers = await asyncio.gather(*(heartbeat(n) for n in range(40)))

    assert len(reads) == 1
    assert sorted(reads[0]) == sorted([f"ticket.t{n}" for n in range(40)] + ["line.1"])
    assert answers[7]["seqs"]["ticket.t7"] >= 1 and answers[7]["epochs"]["ticket.t7"]
    assert answers[8]["seqs"].get("ticket.t8", 0) == 0  # never sent
