"""Stream numbering in Redis: a seq that restarts always comes with a new epoch, and
a new epoch's first events go out twice (over the real Redis channel layer).

Runs on the suite's Redis under a key prefix of its own (CHANNEL_PREFIX), so no
other run's streams are read or deleted.
"""

import asyncio
import contextlib
import uuid

import pytest
from channels.layers import get_channel_layer

from mpp.lib import realtime
from tests.browser.conftest import _free_port


@pytest.fixture
def sequences(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis")
    settings.CHANNEL_PREFIX = f"seqtest{uuid.uuid4().hex[:8]}"
    numbering = realtime._RedisSequences(settings.REDIS_URL)
    yield numbering
    keys = list(numbering.client.scan_iter(f"{settings.CHANNEL_PREFIX}:*"))
    if keys:
        numbering.client.delete(*keys)


def test_seqs_count_up_under_one_epoch(sequences):
    assert sequences.current("display") == (None, 0)
    first = sequences.next("display")
    second = sequences.next("display")
    assert first.epoch and second == (first.epoch, 2)
    assert first.seq == 1
    assert sequences.current("display") == (first.epoch, 2)
    # Streams are numbered apart, each under an epoch of its own.
    other = sequences.next("line.1")
    assert other.seq == 1 and other.epoch != first.epoch


def test_lost_numbering_restarts_at_one_under_a_new_epoch(sequences):
    for _ in range(5):
        before = sequences.next("display")
    # What a Redis restart without persistence, an eviction or a failover does to it.
    sequences.client.delete(sequences.key("display"))
    assert sequences.current("display") == (None, 0)
    after = sequences.next("display")
    assert after.seq == 1 and after.epoch != before.epoch
    assert sequences.next("display") == (after.epoch, 2)


def test_ticket_streams_expire_and_lobby_streams_do_not(sequences):
    sequences.next("ticket.abc")
    sequences.next("display")
    ttl = sequences.client.ttl(sequences.key("ticket.abc"))
    assert realtime.SHORT_LIVED_SECONDS - 60 < ttl <= realtime.SHORT_LIVED_SECONDS
    assert sequences.client.ttl(sequences.key("display")) == -1


def test_current_seq_is_none_while_redis_is_down(monkeypatch):
    down = realtime._RedisSequences(f"redis://127.0.0.1:{_free_port()}/0")
    monkeypatch.setitem(realtime._state, "sequences", down)
    assert realtime.current_seq("display") is None


def test_local_numbering_has_one_epoch_per_process():
    numbering = realtime._LocalSequences()
    assert numbering.current("display") == (numbering.epoch, 0)
    assert numbering.next("display") == (numbering.epoch, 1)
    assert realtime._LocalSequences().epoch != numbering.epoch


@contextlib.asynccontextmanager
async def _listening(streams: list[str]):
    """A publisher of its own, and every event it sends to `streams` as received over
    the real channel layer."""
    layer = get_channel_layer()
    channel = await layer.new_channel()
    for stream in streams:
        await layer.group_add(stream, channel)
    got: list[dict] = []

    async def read() -> None:
        while True:
            got.append(realtime.event_of(await layer.receive(channel)))

    reader = asyncio.create_task(read())
    publisher = realtime._Publisher()
    try:
        yield publisher, got
    finally:
        reader.cancel()
        publisher.jobs.put((2, 0, None))  # stop its thread


async def test_a_new_epochs_first_events_go_out_twice(sequences, monkeypatch):
    monkeypatch.setattr(realtime, "RESEND_AFTER", 0.2)
    monkeypatch.setitem(realtime._state, "sequences", sequences)
    lobby, ticket = f"display{uuid.uuid4().hex[:8]}", f"ticket.{uuid.uuid4().hex[:8]}"
    async with _listening([lobby, ticket]) as (publisher, got):
        for n in range(5):
            publisher.submit([lobby, ticket], lambda n=n: {"type": "t", "n": n})
        assert await asyncio.to_thread(publisher.flush, 5)
        await asyncio.sleep(0.6)  # the copies, 0.2 s later
        assert await asyncio.to_thread(publisher.flush, 5)
        await asyncio.sleep(0.3)

    on_lobby = [(e["seq"], e["n"], e["epoch"]) for e in got if e["stream"] == lobby]
    first = on_lobby[0][2]
    # The first 3 twice, each copy the same event (seq, payload, epoch); then once.
    assert sorted(on_lobby) == sorted([(s, s - 1, first) for s in (1, 1, 2, 2, 3, 3, 4, 5)])
    # A ticket's stream is new with every ticket: its events go out once.
    assert sorted(e["seq"] for e in got if e["stream"] == ticket) == [1, 2, 3, 4, 5]


async def test_copies_still_due_are_dropped_when_what_sent_them_ends(sequences, monkeypatch):
    """flush(close_connections=True) ends a test (or a process): a second copy still
    waiting must not reach the sockets of what comes next."""
    monkeypatch.setattr(realtime, "RESEND_AFTER", 0.5)
    monkeypatch.setitem(realtime._state, "sequences", sequences)
    lobby = f"display{uuid.uuid4().hex[:8]}"
    async with _listening([lobby]) as (publisher, got):
        publisher.submit([lobby], lambda: {"type": "t"})
        assert await asyncio.to_thread(publisher.flush, 5, True)
        await asyncio.sleep(1.0)  # past the copy's time
        assert await asyncio.to_thread(publisher.flush, 5)
        await asyncio.sleep(0.2)

    assert [e["seq"] for e in got] == [1]
    assert not publisher.timers
