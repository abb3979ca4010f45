"""Stream numbering in Redis: a seq that restarts always comes with a new epoch, and
a new epoch's first events go out twice (over the real Redis channel layer).

Runs on the suite's Redis under a key prefix of its own (CHANNEL_PREFIX), so no
other run's streams are read or deleted.
"""

import asyncio
import concurrent.futures
import contextlib
import json
import threading
import time
import uuid

import pytest
from channels.layers import get_channel_layer

from mpp.lib import realtime
from mpp.lib.numbering import SHORT_LIVED_SECONDS, LocalSequences, RedisSequences, pubsub_channel
from tests.browser.conftest import _free_port


@pytest.fixture
def sequences(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis")
    settings.CHANNEL_PREFIX = f"seqtest{uuid.uuid4().hex[:8]}"
    numbering = RedisSequences(settings.REDIS_URL)
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
    assert SHORT_LIVED_SECONDS - 60 < ttl <= SHORT_LIVED_SECONDS
    assert sequences.client.ttl(sequences.key("display")) == -1


def test_current_seq_is_none_while_redis_is_down(monkeypatch):
    down = RedisSequences(f"redis://127.0.0.1:{_free_port()}/0")
    monkeypatch.setitem(realtime._state, "sequences", down)
    assert realtime.current_seq("display") is None


def test_local_numbering_has_one_epoch_per_process():
    numbering = LocalSequences()
    assert numbering.current("display") == (numbering.epoch, 0)
    assert numbering.next("display") == (numbering.epoch, 1)
    assert LocalSequences().epoch != numbering.epoch


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


def _subscribed(numbering, channel):
    import redis

    subscriber = redis.Redis.from_url(numbering.url).pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(channel)
    while subscriber.get_message(timeout=1) is None and not subscriber.subscribed:
        pass
    return subscriber


def _received(subscriber, count):
    import msgpack

    seqs = []
    while len(seqs) < count:
        message = subscriber.get_message(timeout=5)
        assert message is not None, f"only {len(seqs)} of {count} arrived"
        seqs.append(json.loads(msgpack.unpackb(message["data"])["text"])["seq"])
    return seqs


def test_an_event_is_numbered_and_published_as_group_send_would(sequences):
    """One step on the server: what a socket of the group receives is the message the
    layer's own group_send would have sent, the event's JSON with stream and seq last."""
    channel = pubsub_channel("display", sequences)
    assert channel is not None  # the suite runs the production layer

    async def main():
        layer = get_channel_layer()
        name = await layer.new_channel()
        await layer.group_add("display", name)
        try:
            await asyncio.sleep(0.2)  # subscribed
            sent = await asyncio.to_thread(
                sequences.publish, "display", {"type": "ticket.called", "code": "A-001"}, channel
            )
            received = await asyncio.wait_for(layer.receive(name), 5)
        finally:
            await layer.group_discard("display", name)
            await layer.flush()
        return sent, received

    sent, received = asyncio.run(main())
    assert sent == {
        "type": "ticket.called",
        "code": "A-001",
        "epoch": sent["epoch"],
        "stream": "display",
        "seq": 1,
    }
    assert received == {"type": "stream.event", "text": json.dumps(sent)}
    assert received["text"].endswith('"stream": "display", "seq": 1}')


def test_many_publishers_reach_a_subscriber_in_seq_order(sequences):
    """Eight publishers (as eight processes would, each its own connection) on one
    stream: events arrive in exactly their seq order, none missing."""
    channel = pubsub_channel("display", sequences)
    subscriber = _subscribed(sequences, channel)
    publishers = [RedisSequences(sequences.url) for _ in range(8)]
    start = threading.Barrier(len(publishers))

    def run(numbering):
        start.wait()
        for n in range(100):
            numbering.publish("display", {"type": "line.updated", "n": n}, channel)

    threads = [threading.Thread(target=run, args=(p,)) for p in publishers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert _received(subscriber, 800) == list(range(1, 801))
    finally:
        subscriber.close()


def test_another_channel_layer_is_numbered_then_sent(sequences, settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    assert pubsub_channel("display", sequences) is None


@pytest.mark.django_db(transaction=True)
def test_flush_covers_work_queued_by_work_before_it_and_closes_its_connection():
    """A booth lookup on the state lane queues the booth's state behind it (and behind a
    flush begun meanwhile): flush(close_connections=True) waits for that too, so no
    connection of the publisher outlives a test's database (or a process's shutdown)."""
    from django.db import connection

    publisher = realtime._Publisher(realtime.STATE)
    started, go = threading.Event(), threading.Event()
    backends: list[int] = []

    def read() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backends.append(cursor.fetchone()[0])

    def lookup() -> None:
        started.set()
        go.wait(10)
        publisher.submit([], read)

    try:
        publisher.submit([], lookup)
        assert started.wait(10)
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            flushed = pool.submit(publisher.flush, 10, True)
            while publisher.jobs.empty():  # the flush's own job, behind the lookup
                time.sleep(0.01)
            go.set()
            assert flushed.result(timeout=15)
    finally:
        go.set()
        publisher.jobs.put((2, 0, None))  # stop its thread
    assert len(backends) == 1
    with connection.cursor() as cursor:
        for _ in range(100):  # a closed backend leaves pg_stat_activity within moments
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", backends)
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.02)
    pytest.fail(f"the publisher's connection (backend {backends[0]}) outlived the flush")


def test_one_event_to_several_streams_is_numbered_per_stream_in_one_pipeline(settings):
    """A call goes to the lobby's four streams (all TVs, the agency's, the floor's, both):
    one encoding and one round trip (`publish_many`), each stream numbered on its own,
    and a Redis that lost its scripts (restarted) still gets every one."""
    from tests.test_outages import PrivateRedis

    server = PrivateRedis()
    server.start()
    try:
        settings.CHANNEL_PREFIX = f"many{uuid.uuid4().hex[:8]}"
        numbering = RedisSequences(server.url)
        listener = server.client().pubsub()
        channels = [f"chan.{n}" for n in range(4)]
        listener.subscribe(*channels)
        streams = ["display", "display.agency.1", "display.floor.x", "display.agency.1.floor.x"]
        numbering.next("display")  # the lobby's stream is ahead of the others
        sent = numbering.publish_many(streams, {"type": "ticket.called"}, channels)
        assert [(e["stream"], e["seq"]) for e in sent] == [
            ("display", 2),
            ("display.agency.1", 1),
            ("display.floor.x", 1),
            ("display.agency.1.floor.x", 1),
        ]
        server.client().script_flush()
        again = numbering.publish_many(streams, {"type": "ticket.called"}, channels)
        assert [e["seq"] for e in again] == [3, 2, 2, 2]
        assert len({e["epoch"] for e in again[1:]}) == 3  # each stream its own numbering
        got = []
        deadline = time.monotonic() + 5
        while len(got) < 8 and time.monotonic() < deadline:
            message = listener.get_message(timeout=0.5)
            if message and message["type"] == "message":
                got.append(message["channel"].decode())
        assert sorted(got) == sorted(channels * 2)
    finally:
        server.stop()
