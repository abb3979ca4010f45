"""Publishing live events to websocket groups, after commit, off the request path.

Two kinds of message, two functions:
- `publish(streams, event)`: an event about something that just happened (a call,
  a ticket's new status, an alert). The service builds it inside its transaction
  from the state it just wrote, and it is sent once the transaction commits,
  exactly as built: never merged with another, never rebuilt later from a row that
  may have changed since (a call must still say where it was called after a transfer).
- `publish_state(streams, build, key=...)`: a state snapshot (a line's waiting
  list, a booth's state). `build()` runs on the publisher thread when its turn
  comes and reads the state then; jobs with the same `key` coalesce, since the
  later build sees the newer state, and one key is read at most once every
  STATE_EVERY seconds: the first change at once, the changes within the interval in
  one read when it is up (forty counters calling read a booth twice a second, not
  forty times).

Two publisher threads per process ("lanes") stamp each event with its stream's
next `seq` and send it to the channel-layer group of the same name: the send lane
only sends events built in their transaction (`publish`), the state lane runs the
builds and lookups (`publish_state`, `defer`). A call never waits behind a state
read. The request never waits for any of it. Each event is encoded to JSON once
per stream; every socket of the stream relays that text as it is. `seq` numbers
come from Redis when REDIS_URL is set, so every process behind one Redis numbers a
stream alike; in the demo they come from a counter in this process. Clients that
see a gap in a stream's seq take a fresh snapshot.

Each event also carries its stream's `epoch`, a random token that lives and dies
with the stream's numbering: Redis restarted without its data, or evicted or
failed over, starts counting at 1 again under a new epoch, and a client that
sees a new epoch knows the seq was reset rather than old (README "Live events").
"""

import asyncio
import contextlib
import itertools
import json
import logging
import os
import queue
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from channels.layers import get_channel_layer
from django.conf import settings
from django.db import close_old_connections, connections, transaction
from redis.exceptions import RedisError

from mpp.lib import instruments
from mpp.lib.numbering import (
    SHORT_LIVED,
    LocalSequences,
    Position,
    RedisSequences,
    pubsub_channel,
)

log = logging.getLogger(__name__)

Event = dict[str, Any]
Builder = Callable[[], Event | None]

# The managers' streams. Two apps tell managers something (monitoring: booth alerts and
# states; complaints: escalations), so the names live here, below both.
MANAGER = "manager"  # every MPP manager


def manager_agency_stream(agency_id: int) -> str:
    """The same news about one agency, for its supervisors."""
    return f"manager.agency.{agency_id}"


def manager_streams(agency_id: int | None) -> list[str]:
    """Where news for managers goes: every manager, and the agency's supervisors when
    it names one."""
    return [MANAGER] if agency_id is None else [MANAGER, manager_agency_stream(agency_id)]


def publish(
    streams: str | list[str],
    event: Event,
    *,
    urgent: bool = False,
    then: Callable[[Event], Event] | None = None,
) -> None:
    """Send `event` to each stream once the transaction commits, as it is now.

    `urgent` events (a lobby call, due on screen within a second) go before the
    others waiting. `then` completes the event on the publisher thread from its own
    fields only, never from the database (a call's voice clips: file checks and a
    cache write that the request need not wait for).
    """
    names = _names(streams)
    frozen = dict(event)  # the caller's dict may change after we return: keep this one

    def build() -> Event:
        return then(frozen) if then is not None else frozen

    transaction.on_commit(lambda: _publisher(SEND).submit(names, build, urgent=urgent))


def publish_state(streams: str | list[str], build: Builder, *, key: str) -> None:
    """Send the state `build()` reads (on the publisher thread) once the transaction
    commits; while a job of the same `key` waits behind it, the earlier one is skipped,
    and a `key` read less than STATE_EVERY seconds ago waits for the interval's end."""
    names = _names(streams)
    transaction.on_commit(lambda: _publisher(STATE).submit(names, build, key))


def send(streams: str | list[str], event: Event) -> None:
    """Send now, from work already running on the state lane (see `defer`)."""
    _publisher(STATE)._send_all(_names(streams), event)


def _names(streams: str | list[str]) -> list[str]:
    return [streams] if isinstance(streams, str) else list(streams)


def defer(work: Callable[[], None], *, key: str = "") -> None:
    """Run `work()` on the publisher thread once the transaction commits (same
    coalescing by `key` as publish_state): for state whose streams are only known
    once it is read (a line's agency and floors); `work` sends with `send`."""
    transaction.on_commit(lambda: _publisher(STATE).submit([], work, key))


def current_seq(stream: str) -> Position | None:
    """The last seq sent on `stream` (what a snapshot is consistent with), with
    its epoch; None when the numbering cannot be read (Redis is down): a client
    then takes whatever the stream sends next."""
    return current_seqs([stream])[stream]


def current_seqs(streams: list[str]) -> dict[str, Position | None]:
    """`current_seq()` of each stream, read in one round trip."""
    try:
        return dict(zip(streams, _sequences().current_many(streams), strict=True))
    except RedisError:  # every socket's heartbeat asks: /healthz tells the outage
        log.debug("seqs of %s not readable", streams, exc_info=True)
        return dict.fromkeys(streams)


def use_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Send through this (the ASGI server's) event loop.

    The in-memory channel layer only works from the loop its consumers run
    on, so the demo server registers its loop on the first websocket connect.
    """
    for lane in LANES:
        _publisher(lane).loop = loop


def flush(timeout: float = 5.0, *, close_connections: bool = False) -> bool:
    """Wait until every submitted event was sent (tests, shutdown); optionally
    close the publisher's database connections (a test database is about to go),
    and then also drop the second copies still waiting to be sent: they belong to
    what is ending (a test's copies must not reach the next test's sockets)."""
    deadline = time.monotonic() + timeout
    flushed = True
    for lane in LANES:
        publisher = _state.get(f"publisher.{lane}")
        if publisher is not None:
            left = max(deadline - time.monotonic(), 0.0)
            flushed = publisher.flush(left, close_connections) and flushed
    return flushed


def event_of(message: dict[str, Any]) -> Event:
    """The event a `stream.event` channel-layer message carries (as its JSON text)."""
    return json.loads(message["text"])


def _plain_traceback(exc: BaseException) -> str:
    """File, line and function of each frame, and the error: without the column
    carets Python 3.11 computes with `ast.parse`, which is not thread-safe before
    3.11.8 (cpython gh-106905: a concurrent parse elsewhere, e.g. pytest's, then
    fails with "AST constructor recursion depth mismatch")."""
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f'\n  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
    return "".join(lines) + "\n" + "".join(traceback.format_exception_only(exc)).rstrip()


# Once Redis is back after losing its data, each process re-subscribes to its groups
# within about a second (redis-py replays SUBSCRIBE on reconnect); an event published
# before that never reaches its sockets. So the first events of a new epoch (a stream
# Redis lost, or a new one) go out once more a little later; clients drop the copy
# by its seq, and one that lost the original shows (and announces) it then.
RESEND_FIRST = 3
RESEND_AFTER = 2.0

_state: dict[str, Any] = {}
_state_lock = threading.Lock()


def _sequences() -> RedisSequences | LocalSequences:
    with _state_lock:
        if "sequences" not in _state:
            url = settings.REDIS_URL
            _state["sequences"] = RedisSequences(url) if url else LocalSequences()
        return _state["sequences"]


SEND, STATE = "send", "state"
LANES = (SEND, STATE)

# The state lane reads one key (a booth, a line) at most this often. A state is what is
# true now, so a later read stands for every change before it: the first change goes
# at once, those within the interval wait for its end and go in one read. Screens that
# show states (the managers' floor, the lobby's line heads) lag a busy booth by at
# most this much; calls and a ticket's own status are events, on the send lane, never held.
STATE_EVERY = 0.5

# Set (bench/realtime.py) to a file name: each lane appends "<lane> <seconds>" per job,
# its commit -> send lag, for exact percentiles (the histogram has buckets only).
LAG_FILE = os.environ.get("MPP_PUBLISH_LAG_FILE", "")

# Both lanes may send to one stream (a call and a line to `display`): stamping a seq
# and sending it happen under the stream's lock, so a stream's seqs leave in order.
_stream_locks: dict[str, threading.Lock] = {}


def _stream_lock(stream: str) -> threading.Lock:
    lock = _stream_locks.get(stream)
    if lock is None:
        with _state_lock:
            lock = _stream_locks.setdefault(stream, threading.Lock())
    return lock


def _publisher(lane: str = SEND) -> "_Publisher":
    with _state_lock:
        if f"publisher.{lane}" not in _state:
            _state[f"publisher.{lane}"] = _Publisher(lane)
        return _state[f"publisher.{lane}"]


Job = tuple[list[str], Builder, str, float]


class _Publisher:
    """A lane: one daemon thread that builds and sends events in submission order
    (urgent first); on the state lane a key is run at most once every `every` seconds."""

    def __init__(self, lane: str = SEND) -> None:
        self.lane = lane
        self.every = STATE_EVERY if lane == STATE else 0.0
        self.last_run: dict[str, float] = {}  # key -> when its job last ran
        self.held: dict[str, tuple[float, Job]] = {}  # key -> (due, job): ran too recently
        # (0 urgent / 1 normal, submission order, job): FIFO within each priority.
        self.jobs: queue.PriorityQueue[tuple[int, int, Job | None]] = queue.PriorityQueue()
        self.order = itertools.count()
        self.pending: dict[str, int] = {}
        self.pending_lock = threading.Lock()
        self.timers: set[threading.Timer] = set()  # second copies due (_deliver_again_later)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.own_loop: asyncio.AbstractEventLoop | None = None
        self.lag_log = open(LAG_FILE, "a", buffering=1) if LAG_FILE else None  # noqa: SIM115
        self.thread = threading.Thread(target=self._run, name=f"mpp-publisher-{lane}", daemon=True)
        self.thread.start()

    def submit(
        self, streams: list[str], build: Builder, key: str = "", *, urgent: bool = False
    ) -> None:
        if key:
            with self.pending_lock:
                self.pending[key] = self.pending.get(key, 0) + 1
        self.jobs.put(
            (0 if urgent else 1, next(self.order), (streams, build, key, time.monotonic()))
        )

    def _superseded(self, key: str) -> bool:
        if not key:
            return False
        with self.pending_lock:
            self.pending[key] -= 1
            if self.pending[key]:
                return True
            del self.pending[key]
            return False

    def flush(self, timeout: float, close_connections: bool = False) -> bool:
        done = threading.Event()

        def mark() -> None:
            self._run_held(everything=True)  # a flush sends what waits for its interval too
            if not self.jobs.empty():
                # A job before this one queued more (a booth lookup queues the booth's
                # state): that is part of what is being flushed, so wait behind it too;
                # else its connection would open after the close below.
                self.jobs.put((1, next(self.order), ([], mark, "", 0.0)))
                return
            if close_connections:
                connections.close_all()
                with self.pending_lock:
                    timers, self.timers = self.timers, set()
                for timer in timers:
                    timer.cancel()
            done.set()

        self.jobs.put((1, next(self.order), ([], mark, "", 0.0)))
        return done.wait(timeout)

    def _run(self) -> None:
        while True:
            try:
                _, _, job = self.jobs.get(timeout=self._until_due())
            except queue.Empty:
                self._run_held()
                continue
            if job is None:
                return
            if self._superseded(job[2]) or self._hold(job):
                continue
            self._execute(job)
            self._run_held()

    def _until_due(self) -> float | None:
        if not self.held:
            return None
        return max(0.0, min(due for due, _ in self.held.values()) - time.monotonic())

    def _hold(self, job: Job) -> bool:
        """Keep `job` aside when its key ran less than `every` seconds ago (or waits
        already: the newer job stands for both, timed from the older commit)."""
        streams, build, key, _ = job
        if not key or not self.every:
            return False
        now = time.monotonic()
        if key in self.held:
            due, older = self.held[key]
            self.held[key] = (due, (streams, build, key, older[3]))
            return True
        last = self.last_run.get(key)
        if last is not None and now - last < self.every:
            self.held[key] = (last + self.every, job)
            return True
        self.last_run[key] = now
        if len(self.last_run) > 10_000:  # keys of long ago ran long ago: forget them
            self.last_run = {k: t for k, t in self.last_run.items() if now - t < self.every}
        return False

    def _run_held(self, *, everything: bool = False) -> None:
        now = time.monotonic()
        due = [key for key, (at, _) in self.held.items() if everything or at <= now]
        for key in due:
            _, job = self.held.pop(key)
            self.last_run[key] = now
            self._execute(job)

    def _execute(self, job: Job) -> None:
        streams, build, _, submitted = job  # submitted: at commit
        try:
            event = build()
            if event is not None:
                self._send_all(streams, event)
                lag = time.monotonic() - submitted
                instruments.PUBLISHER_LAG.observe(lag)
                if self.lag_log is not None and streams:
                    self.lag_log.write(f"{self.lane} {lag:.6f}\n")
        except Exception as exc:  # a lost event must not stop the publisher
            log.error("publishing to %s failed:%s", streams, _plain_traceback(exc))
        if self.jobs.empty():
            # Idle: drop the connection only if it is broken or past CONN_MAX_AGE
            # (reconnecting before every call cost ~6 ms here).
            with contextlib.suppress(Exception):
                close_old_connections()

    def _send_all(self, streams: list[str], event: Event) -> None:
        """`_send` to each stream; through Redis's pub/sub layer in one round trip."""
        numbering = _sequences()
        channels = []
        if len(streams) > 1 and isinstance(numbering, RedisSequences):
            channels = [pubsub_channel(stream, numbering) for stream in streams]
        if not isinstance(numbering, RedisSequences) or not channels or None in channels:
            for stream in streams:
                self._send(stream, event)
            return
        with contextlib.ExitStack() as held:
            for stream in sorted(set(streams)):  # one order for both lanes: no deadlock
                held.enter_context(_stream_lock(stream))
            sent = numbering.publish_many(streams, event, [c for c in channels if c])
        for stream, out in zip(streams, sent, strict=True):
            if out["seq"] <= RESEND_FIRST and not stream.startswith(SHORT_LIVED):
                self._deliver_again_later(stream, out)

    def _send(self, stream: str, event: Event) -> None:
        numbering = _sequences()
        redis_numbered = isinstance(numbering, RedisSequences)
        with _stream_lock(stream):
            if isinstance(numbering, RedisSequences) and (
                channel := pubsub_channel(stream, numbering)
            ):
                event = numbering.publish(stream, event, channel)
            else:
                epoch, seq = numbering.next(stream)
                # stream and seq last: bench/realtime.py reads them off each message's tail
                event = {**event, "epoch": epoch, "stream": stream, "seq": seq}
                self._deliver(stream, event)
        # Only Redis loses a numbering behind the sockets' back (a process's own
        # numbering dies with the process, and its sockets with it).
        seq = event["seq"]
        if seq <= RESEND_FIRST and redis_numbered and not stream.startswith(SHORT_LIVED):
            self._deliver_again_later(stream, event)

    def _deliver_again_later(self, stream: str, event: Event) -> None:
        def again() -> None:
            self._deliver(stream, event)

        def due() -> None:
            with self.pending_lock:
                if timer not in self.timers:
                    return  # dropped by flush(close_connections=True)
                self.timers.discard(timer)
            self.submit([], again)

        timer = threading.Timer(RESEND_AFTER, due)
        timer.daemon = True
        with self.pending_lock:
            self.timers.add(timer)
        timer.start()

    def _deliver(self, stream: str, event: Event) -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        # Encoded once here, relayed as this text by every socket of the stream.
        message = {"type": "stream.event", "text": json.dumps(event)}
        loop = self.loop
        if loop is None and settings.REDIS_URL:
            if self.own_loop is None:
                self.own_loop = asyncio.new_event_loop()
            self.own_loop.run_until_complete(layer.group_send(stream, message))
            return
        if loop is None or loop.is_closed():
            return  # in-memory layer and no server loop here: nobody can listen
        future = asyncio.run_coroutine_threadsafe(layer.group_send(stream, message), loop)
        future.result(timeout=5)
