"""Live-event benchmark: how fast and how completely a call reaches the websockets,
served as production serves them.

    .venv/bin/python bench/realtime.py [--calls 200] [--rate 10] [--sockets 480,1980]
        [--lines 4] [--line-length N] [--private-redis] [--relay-fix] [--help]

What it does (loopback only, bounded, stops by itself, about 3 minutes):
1. Drops and recreates the PostgreSQL database `mpp_bench`, migrates it and seeds
   the bench mall with `python -m bench._django seed` (open 00:00-23:59 every day,
   no issuing cutoff, `--lines` call lines, `--counters` counters serving all of
   them, one officer token each); bench/tickets.py's helpers do the work.
2. Starts the production layout: HTTP on gunicorn (2 sync workers,
   `mpp.wsgi:application`), websockets on uvicorn (`mpp.asgi:application
   --workers 2`), both on the Redis channel layer (REDIS_URL, db 1:
   RedisPubSubChannelLayer) with DEBUG=false and MEDIA_ROOT in a temporary
   directory, so every call renders its announcement with espeak-ng as the
   first call of a code does in production. A second gunicorn, identical except
   that espeak-ng is not on its PATH (the app then sends calls without audio),
   serves the diagnostic round only.
3. Rounds. Each tops the lines up (`python -m bench._realtime fill`) to N waiting
   tickets, connects `--displays` display sockets (/ws/display/) in this process
   and N ticket sockets (/ws/tickets/<token>/, the first N in call order) in a
   child process (so parsing their line updates does not delay the display
   timestamps), then makes `--calls` call-next requests over HTTP at `--rate`
   calls/s, round-robin over the counters. Just before a counter calls again, its
   previous ticket is marked no-show by SQL (untimed, no events), so it may call.
   - N = 480 (20 + 480 = 500 sockets), N = 1,980 (2,000 sockets);
   - diagnostic: N = 480 again through the gunicorn without espeak-ng;
   - `--relay-fix` (diagnostic, off by default, about a minute more): N = 1,980 on a
     uvicorn serving bench/_asgi_relay.py, the app with stream events relayed
     without channels' per-message close_old_connections thread hop.
   Measured: call -> display latency (from the call-next response, and from the
   moment the request was sent, to each display socket receiving that call's
   `ticket.called`), split at the moment a raw redis-py subscriber on the display
   group's channel sees the PUBLISH (publisher side / websocket side); call ->
   ticket latency (the called ticket's own socket receiving its `ticket.updated`;
   its status is "called" unless the publisher built it after the SQL no-show);
   `ticket.called` expected vs received per display socket; seq gaps per socket
   and stream (as a client sees them: seq > last + 1), seqs that never arrived and
   seqs that arrived late (after a later one: a client has already asked for a
   snapshot and ignores them); call-next HTTP latency; Redis PUBLISH -> receive
   (redis-py, one subscriber, in this process, during the calls and idle); the
   client event loops' lag; CPU cores per process kind during the calls.
4. `group_send` time with 10 and with 1,000 group members (channel names added
   with group_add by two layer instances in the child process, as two uvicorn
   workers would hold them; sends alternate between the groups) for
   RedisPubSubChannelLayer and the default RedisChannelLayer; espeak-ng's render
   time for one announcement.
Every server it starts is stopped at the end whatever happens (SIGTERM to its
process group, SIGKILL after 15 s); the WAVs and this run's ticket seq keys are
deleted. This is a measurement, not a test: it prints "target met/missed" and never
fails on slowness. Redis pub/sub channels span every database of a Redis server, so
other processes publishing to `display` on the same Redis (test runs, dev servers)
reach the bench's displays: their events are counted and left out (the bench
agency's ids start at 900,000,001), but they still load the servers; with
`--private-redis` the bench starts a redis-server of its own on a loopback port.
"""

import argparse
import asyncio
import contextlib
import functools
import json
import multiprocessing
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import tickets as base  # noqa: E402  (database, readiness, raw HTTP, SQL helpers)

BIN = Path(sys.executable).parent
ESPEAK = "espeak-ng"

# Targets (with 500 sockets).
DISPLAY_P50_MS = 10.0
DISPLAY_P99_MS = 100.0
DISPLAY_OVER_CALL_P99_MS = 20.0
GROUP_SEND_RATIO = 2.0

# Frees a counter whose call-next failed after all (untimed, no events).
FREE_COUNTER_SQL = (
    "UPDATE queues_ticket SET status = 'no_show', finished_at = now() "
    "WHERE counter_id = %s AND status IN ('called', 'serving')"
)
# A line event's tail: `send_json` keeps the event's key order, stream and seq last.
LINE_PREFIX = ('{"type": "line.updated"', '{"type": "line.changed"')
TAIL = re.compile(r'"stream": "([^"]+)", "seq": (\d+)\}$')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--displays", type=int, default=20, help="display sockets (20)")
    parser.add_argument(
        "--sockets", default="480,1980", help="ticket sockets per round, comma-separated"
    )
    parser.add_argument("--calls", type=int, default=200, help="call-next requests a round (200)")
    parser.add_argument(
        "--diag-calls",
        type=int,
        default=100,
        help="calls of the diagnostic round without espeak-ng (100; 0 skips it)",
    )
    parser.add_argument(
        "--relay-fix",
        action="store_true",
        help="diagnostic: one more round of the largest size on a uvicorn serving "
        "bench._asgi_relay (stream events relayed without channels' per-message "
        "close_old_connections thread hop); about a minute more",
    )
    parser.add_argument(
        "--line-length",
        type=int,
        default=0,
        help="waiting tickets in all lines at each round's start (default: as many as "
        "ticket sockets); fix it to compare rounds by watchers alone",
    )
    parser.add_argument(
        "--no-ws-deflate",
        action="store_true",
        help="diagnostic: uvicorn without permessage-deflate (each frame is then sent as "
        "it is rather than compressed once per socket)",
    )
    parser.add_argument("--rate", type=float, default=10.0, help="calls per second (10)")
    parser.add_argument("--counters", type=int, default=8, help="counters calling (8)")
    parser.add_argument("--lines", type=int, default=4, help="service lines (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn and uvicorn workers (2)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/1")
    parser.add_argument(
        "--private-redis",
        action="store_true",
        help="start a redis-server of its own on a free loopback port instead of --redis-url: "
        "pub/sub channels span every database of a Redis server, so other processes "
        "publishing to `display` on the shared one (test runs) load the displays too",
    )
    parser.add_argument(
        "--settle", type=float, default=5.0, help="max seconds to wait for late events (5)"
    )
    args = parser.parse_args()
    args.sockets = [int(n) for n in args.sockets.split(",")]
    if not (0 < args.calls <= 1000 and 0 < args.rate <= 200 and 0 < args.counters <= 50):
        parser.error("0 < calls <= 1000, 0 < rate <= 200, 0 < counters <= 50")
    if max(args.sockets) + args.displays > 5000:
        parser.error("at most 5,000 sockets")
    return args


# ------------------------------------------------------------------ servers


def app_env(args: argparse.Namespace, media: Path, *, voice: bool = True) -> dict[str, str]:
    env = base.app_env(args)
    env.update(DJANGO_SETTINGS_MODULE="mpp.settings", MEDIA_ROOT=str(media))
    # Each publisher lane appends its commit -> send lag per job here (mpp/lib/realtime.py).
    env["MPP_PUBLISH_LAG_FILE"] = str(lag_file(media))
    if not voice:
        # The venv's bin only: python, gunicorn; no espeak-ng, so calls carry no audio.
        env["PATH"] = str(BIN)
    return env


def lag_file(media: Path) -> Path:
    return media.parent / "publish-lag.txt"


def read_lags(path: Path, offset: int) -> tuple[dict[str, list[float]], int]:
    """Lags per lane appended to `path` past `offset`, and the new offset."""
    lags: dict[str, list[float]] = {}
    if not path.exists():
        return lags, offset
    with path.open() as f:
        f.seek(offset)
        text = f.read()
        end = f.tell()
    for line in text.splitlines():
        lane, _, seconds = line.partition(" ")
        with contextlib.suppress(ValueError):
            lags.setdefault(lane, []).append(float(seconds))
    return lags, end


class Server:
    """A server in a process group of its own, so its workers are stopped with it."""

    def __init__(
        self, name: str, command: list[str], port: int, env: dict[str, str], logs: Path
    ) -> None:
        self.name = name
        self.port = port
        self.env = env
        self.log_path = logs / f"{name}.log"
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self) -> None:
        base.wait_ready(self.process, self.port, self.log_path)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        pgid = self.process.pid  # start_new_session: the group is the server's own
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass


def gunicorn(args: argparse.Namespace, env: dict[str, str], logs: Path, name: str) -> Server:
    port = base.free_port()
    command = [
        str(BIN / "gunicorn"),
        "mpp.wsgi:application",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    return Server(name, command, port, env, logs)


def uvicorn(
    args: argparse.Namespace,
    env: dict[str, str],
    logs: Path,
    name: str = "uvicorn",
    app: str = "mpp.asgi:application",
) -> Server:
    port = base.free_port()
    command = [
        str(BIN / "uvicorn"),
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    if args.no_ws_deflate:
        command += ["--ws-per-message-deflate", "false"]
    return Server(name, command, port, env, logs)


# ------------------------------------------------------------- measurement


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile of seconds, in ms (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered) + 0.5) - 1))] * 1000


@dataclass
class Seqs:
    """Per-stream seq bookkeeping of one socket, as the client rule sees it."""

    last: dict[str, int] = field(default_factory=dict)
    missing: set[tuple[str, int]] = field(default_factory=set)
    gaps: int = 0  # seq > last + 1: the client would ask for a snapshot
    late: int = 0  # a missing seq that arrived afterwards (out of order)
    duplicates: int = 0  # seq <= last and not missing

    def start(self, seqs: dict[str, int]) -> None:
        self.last.update(seqs)

    def see(self, stream: str, seq: int) -> None:
        last = self.last.get(stream)
        if last is None or seq == last + 1:
            self.last[stream] = seq
        elif seq > last + 1:
            self.gaps += 1
            self.missing.update((stream, n) for n in range(last + 1, seq))
            self.last[stream] = seq
        elif (stream, seq) in self.missing:
            self.missing.discard((stream, seq))
            self.late += 1
        else:
            self.duplicates += 1


def merge_seqs(items: list[Seqs]) -> dict[str, int]:
    return {
        "gaps": sum(s.gaps for s in items),
        "sockets_with_gaps": sum(1 for s in items if s.gaps),
        "never": sum(len(s.missing) for s in items),
        "late": sum(s.late for s in items),
        "duplicates": sum(s.duplicates for s in items),
    }


async def open_socket(url: str, origin: str) -> tuple[Any, dict[str, Any]]:
    import websockets

    ws = await websockets.connect(url, origin=origin, open_timeout=30, close_timeout=2)
    try:
        snapshot = json.loads(await asyncio.wait_for(ws.recv(), 30))
    except BaseException:
        await ws.close()
        raise
    if snapshot.get("type") != "snapshot":
        await ws.close()
        raise ConnectionError(f"first message is not a snapshot: {str(snapshot)[:200]}")
    return ws, snapshot


async def lag_ticker(samples: list[float], stop: asyncio.Event, step: float = 0.01) -> None:
    """How late the loop wakes up: the delay a received message may wait before it is stamped."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        t = loop.time()
        await asyncio.sleep(step)
        samples.append(loop.time() - t - step)


async def connect_all(make, count: int, concurrency: int = 50) -> tuple[list, list[str], float]:
    """make(i) -> a connected socket object; `count` of them, `concurrency` at a time."""
    gate = asyncio.Semaphore(concurrency)
    errors: list[str] = []

    async def one(i: int):
        async with gate:
            try:
                return await make(i)
            except Exception as exc:  # counted, shown; the round goes on without it
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
                return None

    began = time.perf_counter()
    made = await asyncio.gather(*(one(i) for i in range(count)))
    return [m for m in made if m is not None], errors, time.perf_counter() - began


# ------------------------------------------------- ticket sockets (child)


class TicketSocket:
    def __init__(self, token: str, ws: Any, snapshot: dict[str, Any]) -> None:
        self.token = token
        self.ws = ws
        self.seqs = Seqs()
        self.seqs.start(snapshot["seqs"])
        self.called_at: float | None = None  # first ticket.updated
        self.status = ""  # its status: "called", unless built after the SQL no-show
        self.line_messages = 0
        self.messages = 0
        self.closed_early = False
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        import websockets

        try:
            async for text in self.ws:
                self.on_message(text, time.perf_counter())
        except websockets.ConnectionClosed:
            self.closed_early = True

    def on_message(self, text: str, now: float) -> None:
        self.messages += 1
        State.last_message = now
        if text.startswith(LINE_PREFIX):
            # A line's event (the lobby's has hundreds of codes): only stream and seq matter.
            match = TAIL.search(text, max(0, len(text) - 120))
            if match is None:
                event = json.loads(text)
                stream, seq = event["stream"], event["seq"]
            else:
                stream, seq = match[1], int(match[2])
            self.line_messages += 1
            self.seqs.see(stream, seq)
            return
        event = json.loads(text)
        if "seq" not in event:
            return  # heartbeat, pong
        if event["type"] == "ticket.updated" and self.called_at is None:
            self.called_at = now
            self.status = event["ticket"]["status"]
        self.seqs.see(event["stream"], event["seq"])


class State:
    last_message = 0.0


def ticket_process(conn: Any) -> None:
    """Child process: holds the ticket sockets; commands arrive over `conn`."""
    raise_nofile()
    try:
        import uvloop

        runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
    except ImportError:
        runner = asyncio.Runner()
    with runner:
        runner.run(_ticket_main(conn))


async def open_ticket(port: int, tokens: list[str], i: int) -> TicketSocket:
    url = f"ws://127.0.0.1:{port}/ws/tickets/{tokens[i]}/"
    ws, snapshot = await open_socket(url, f"http://127.0.0.1:{port}")
    return TicketSocket(tokens[i], ws, snapshot)


async def _ticket_main(conn: Any) -> None:
    sockets: list[TicketSocket] = []
    lag: list[float] = []
    stop = asyncio.Event()
    ticker: asyncio.Task | None = None
    layers: list[Any] = []
    while True:
        command, payload = await asyncio.to_thread(conn.recv)
        if command == "connect":
            sockets, errors, seconds = await connect_all(
                functools.partial(open_ticket, payload["port"], payload["tokens"]),
                len(payload["tokens"]),
            )
            conn.send(
                {
                    "connected": len(sockets),
                    "errors": errors[:3],
                    "failed": len(errors),
                    "seconds": seconds,
                }
            )
        elif command == "measure":
            lag.clear()
            stop.clear()
            ticker = asyncio.create_task(lag_ticker(lag, stop))
            conn.send("ok")
        elif command == "collect":
            wanted = set(payload["tokens"])
            deadline = time.perf_counter() + payload["settle"]
            # Until every called ticket heard of its call and the sockets fell quiet.
            while time.perf_counter() < deadline:
                done = all(s.called_at is not None for s in sockets if s.token in wanted)
                if done and time.perf_counter() - State.last_message > 0.5:
                    break
                await asyncio.sleep(0.05)
            stop.set()
            if ticker is not None:
                await ticker
            seqs = merge_seqs([s.seqs for s in sockets])
            conn.send(
                {
                    "called_at": {s.token: s.called_at for s in sockets if s.token in wanted},
                    "stale": sum(
                        1 for s in sockets if s.token in wanted and s.status not in ("", "called")
                    ),
                    "seqs": seqs,
                    "messages": sum(s.messages for s in sockets),
                    "line_messages": sum(s.line_messages for s in sockets),
                    "closed_early": sum(1 for s in sockets if s.closed_early),
                    "lag_p99": pct(lag, 0.99),
                    "lag_max": max(lag, default=0.0) * 1000,
                }
            )
            await asyncio.gather(*(s.ws.close() for s in sockets), return_exceptions=True)
            for s in sockets:
                s.reader.cancel()
            sockets = []
        elif command == "members":
            layers = await group_members(payload)
            conn.send("ok")
        elif command == "release":
            await release(layers)
            layers = []
            conn.send("ok")
        elif command == "exit":
            conn.send("bye")
            return


class TicketSockets:
    """The parent's handle on the child process."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=ticket_process, args=(child,), daemon=True)
        self.process.start()

    async def ask(self, command: str, payload: Any = None, timeout: float = 180) -> Any:
        self.conn.send((command, payload))
        ready = await asyncio.to_thread(self.conn.poll, timeout)
        if not ready:
            raise TimeoutError(f"ticket-socket process did not answer {command!r}")
        return self.conn.recv()

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self.conn.send(("exit", None))
                if self.conn.poll(10):
                    self.conn.recv()
            except (OSError, EOFError):
                pass
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)


# ------------------------------------------------ display sockets (parent)


class Display:
    def __init__(self, ws: Any, snapshot: dict[str, Any], agency: int) -> None:
        self.ws = ws
        self.agency = agency
        self.seqs = Seqs()
        self.seqs.start({"display": snapshot["seqs"]["display"]})
        self.called: dict[str, float] = {}  # code -> when first received
        self.called_twice = 0
        self.late_kinds: dict[str, int] = {}  # event type -> arrivals after a later seq
        self.foreign = 0
        self.messages = 0
        self.last_message = 0.0
        self.closed_early = False
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        import websockets

        try:
            async for text in self.ws:
                now = time.perf_counter()
                self.messages += 1
                self.last_message = now
                event = json.loads(text)
                if event.get("stream") != "display":
                    continue
                kind = event.get("type")
                if kind == "ticket.called":
                    ours = event["ticket"]["agency_id"] == self.agency
                else:
                    ours = event.get("agency") == self.agency
                if not ours:
                    self.foreign += 1
                    continue
                late = self.seqs.late
                self.seqs.see("display", event["seq"])
                if self.seqs.late > late:
                    self.late_kinds[kind] = self.late_kinds.get(kind, 0) + 1
                if kind == "ticket.called":
                    code = event["ticket"]["code"]
                    if code in self.called:
                        self.called_twice += 1
                    else:
                        self.called[code] = now
        except websockets.ConnectionClosed:
            self.closed_early = True


# ----------------------------------------------------------------- Redis


class RedisProbe:
    """PUBLISH -> receive round trip with redis-py: one subscriber, in this loop."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.channel = f"bench:rtt:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.samples: list[float] = []
        self.sent = 0

    async def start(self) -> None:
        import redis.asyncio as aioredis

        self.publisher = aioredis.Redis.from_url(self.url)
        self.subscriber = aioredis.Redis.from_url(self.url)
        self.pubsub = self.subscriber.pubsub(ignore_subscribe_messages=True)
        await self.pubsub.subscribe(self.channel)
        await self.pubsub.get_message(timeout=1)  # the subscribe confirmation
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.pubsub.listen():
            if message["type"] == "message":
                self.samples.append(time.perf_counter() - float(message["data"]))

    async def run(self, count: int, interval: float) -> None:
        for _ in range(count):
            await self.publisher.publish(self.channel, repr(time.perf_counter()))
            self.sent += 1
            await asyncio.sleep(interval)

    async def run_until(self, stop: asyncio.Event, interval: float) -> None:
        while not stop.is_set():
            await self.run(1, interval)

    def take(self) -> tuple[list[float], int]:
        samples, sent = self.samples, self.sent
        self.samples, self.sent = [], 0
        return samples, sent

    async def close(self) -> None:
        self.reader.cancel()
        await self.pubsub.aclose()
        await self.subscriber.aclose()
        await self.publisher.aclose()


class DisplayTap:
    """A raw subscriber on the `display` group's Redis channel: when each ticket.called
    left the publisher (splits call -> display into publisher and socket side)."""

    CHANNEL = "asgi__group__display"  # RedisPubSubChannelLayer: prefix "asgi"

    def __init__(self, url: str, agency: int) -> None:
        self.url = url
        self.agency = agency
        self.seen: dict[str, float] = {}

    async def start(self) -> None:
        import redis.asyncio as aioredis

        self.client = aioredis.Redis.from_url(self.url)
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        await self.pubsub.subscribe(self.CHANNEL)
        await self.pubsub.get_message(timeout=1)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        import msgpack

        async for message in self.pubsub.listen():
            if message["type"] != "message":
                continue
            now = time.perf_counter()
            try:
                event = json.loads(msgpack.unpackb(message["data"])["text"])
            except (ValueError, KeyError, TypeError):  # not an event of this app
                continue
            if event.get("type") == "ticket.called" and event["ticket"]["agency_id"] == self.agency:
                self.seen.setdefault(event["ticket"]["code"], now)

    async def close(self) -> None:
        self.reader.cancel()
        await self.pubsub.aclose()
        await self.client.aclose()


def layer_class(kind: str) -> type:
    from channels_redis.core import RedisChannelLayer
    from channels_redis.pubsub import RedisPubSubChannelLayer

    return RedisPubSubChannelLayer if kind == "pubsub" else RedisChannelLayer


async def group_members(payload: dict[str, Any]) -> list[Any]:
    """In the ticket-socket process: groups `display<size>` of `size` channels each, held
    by two receiving layer instances a group (as two uvicorn workers would hold them)."""
    cls = layer_class(payload["kind"])
    layers = []
    for size in payload["sizes"]:
        pair = [cls(hosts=[payload["url"]], prefix=payload["prefix"]) for _ in range(2)]
        layers += pair
        for i in range(size):
            receiver = pair[i % 2]
            await receiver.group_add(f"display{size}", await receiver.new_channel())
    return layers


async def release(layers: list[Any]) -> None:
    for layer in layers:
        with contextlib.suppress(Exception):  # cleanup only
            await layer.flush()  # RedisChannelLayer: deletes its own prefix's keys


async def group_send_times(
    url: str,
    kind: str,
    children: "TicketSockets",
    sizes: tuple[int, ...] = (10, 1000),
    sends: int = 50,
) -> dict[int, list[float]]:
    """Seconds per group_send from this process to groups of `sizes` members held in the
    ticket-socket process (as the publisher and the uvicorn workers are apart), the sends
    alternating between the groups so other load on the machine hits each alike."""
    prefix = f"benchgs{uuid.uuid4().hex[:8]}"
    sender = layer_class(kind)(hosts=[url], prefix=prefix)
    message = {
        "type": "stream.event",
        "event": {
            "type": "ticket.called",
            "ticket": {
                "code": "C1-001",
                "service": "Layanan bench C1",
                "agency": "Dinas Bench",
                "counter": "Loket 1",
                "booth": "Gerai Bench",
                "floor": "1",
                "called_at": "2026-11-24T09:00:00+07:00",
            },
            "recall": False,
            "announcement": "Nomor antrean C satu nol nol satu, silakan menuju loket satu",
            "audio_url": "/voice/0123456789abcdef0123456789abcdef.wav",
            "stream": "display",
            "seq": 1,
        },
    }
    times: dict[int, list[float]] = {size: [] for size in sizes}
    await children.ask("members", {"url": url, "kind": kind, "prefix": prefix, "sizes": sizes})
    try:
        # Warm-up, then the measured sends: 55 a group, below RedisChannelLayer's capacity
        # of 100 messages a channel (beyond it group_send skips the channel).
        for n in range(5 + sends):
            for size in sizes:
                t = time.perf_counter()
                await sender.group_send(f"display{size}", message)
                if n >= 5:
                    times[size].append(time.perf_counter() - t)
                await asyncio.sleep(0.005)
        return times
    finally:
        await children.ask("release")
        await release([sender])


def espeak_times(count: int = 10) -> list[float]:
    """espeak-ng rendering one call announcement, as queues.voice._render runs it."""
    executable = shutil.which(ESPEAK)
    if executable is None:
        return []
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(count):
            text = f"Nomor antrean C satu nol {i} satu, silakan menuju loket {i + 1}"
            t = time.perf_counter()
            subprocess.run(
                [executable, "-v", "id", "-s", "140", "-w", f"{tmp}/{i}.wav", "--", text],
                check=True,
                capture_output=True,
                timeout=10,
            )
            times.append(time.perf_counter() - t)
    return times


# ------------------------------------------------------------------- CPU

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_snapshot(roots: dict[int, str]) -> dict[str, Any]:
    """CPU ticks (own + reaped children, e.g. espeak-ng) per kind: each server's process
    tree, PostgreSQL backends of the bench database, redis-server, this client."""
    with open("/proc/stat") as f:
        values = [int(x) for x in f.readline().split()[1:9]]
    table: dict[int, tuple[int, bytes, int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        close = stat.rfind(b")")
        comm = stat[stat.find(b"(") + 1 : close]
        rest = stat[close + 2 :].split()
        ticks = sum(int(x) for x in rest[11:15])
        table[int(name)] = (int(rest[1]), comm, ticks)
    by_root = roots
    out: dict[str, Any] = {"at": time.perf_counter(), "busy": sum(values) - values[3] - values[4]}
    out.update({kind: {} for kind in (*roots.values(), "postgres", "redis")})
    for pid, (_, comm, ticks) in table.items():
        kind = "redis" if comm.startswith(b"redis-server") else None
        walk, hops = pid, 0
        while kind is None and walk in table and hops < 20:
            if walk in by_root:
                kind = by_root[walk]
                break
            walk, hops = table[walk][0], hops + 1
        if kind is None and comm == b"postgres":
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if base.DB_NAME.encode() in f.read():
                        kind = "postgres"
            except OSError:
                pass
        if kind is not None:
            out[kind][pid] = ticks
    return out


def cpu_cores(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    seconds = after["at"] - before["at"]
    cores = {"busy": (after["busy"] - before["busy"]) / CLOCK_TICKS / seconds}
    for kind in after:
        if kind in ("at", "busy"):
            continue
        ticks = sum(t - before[kind].get(pid, 0) for pid, t in after[kind].items())
        cores[kind] = ticks / CLOCK_TICKS / seconds
    known = sum(v for k, v in cores.items() if k != "busy")
    cores["other"] = max(0.0, cores["busy"] - known)
    return cores


# ----------------------------------------------------------------- rounds


@dataclass
class Call:
    counter: int
    sent: float
    answered: float = 0.0
    status: int = 0
    code: str | None = None
    token: str | None = None
    error: str = ""


@dataclass
class Round:
    label: str
    displays: int
    tickets: int
    calls: list[Call] = field(default_factory=list)
    display_latency: list[float] = field(default_factory=list)
    display_latency_sent: list[float] = field(default_factory=list)
    ticket_latency: list[float] = field(default_factory=list)
    publish_latency: list[float] = field(default_factory=list)
    relay_latency: list[float] = field(default_factory=list)
    ticket_missing: int = 0
    ticket_stale: int = 0
    expected: int = 0
    received: int = 0
    called_twice: int = 0
    late_kinds: dict[str, int] = field(default_factory=dict)
    display_seqs: dict[str, int] = field(default_factory=dict)
    ticket_seqs: dict[str, int] = field(default_factory=dict)
    display_messages: int = 0
    ticket_messages: int = 0
    line_messages: int = 0
    foreign: int = 0
    closed_early: int = 0
    redis_rtt: list[float] = field(default_factory=list)
    redis_lost: int = 0
    lag_main: list[float] = field(default_factory=list)
    lag_child_p99: float = float("nan")
    cpu: dict[str, float] = field(default_factory=dict)
    connect_seconds: float = 0.0
    connect_errors: list[str] = field(default_factory=list)
    connect_failed: int = 0
    seconds: float = 0.0
    # commit -> PUBLISH per publisher lane ("send": calls, tickets; "state": lines, booths)
    publish_lag: dict[str, list[float]] = field(default_factory=dict)

    @property
    def http(self) -> list[float]:
        return [c.answered - c.sent for c in self.calls if c.status == 200]

    @property
    def errors(self) -> int:
        return sum(1 for c in self.calls if c.status != 200)


async def drive_calls(
    http: base.RawHttp, sql: base.Sql, counters: list[dict], calls: int, rate: float
) -> list[Call]:
    """`calls` call-next requests at `rate`/s, round-robin over the counters (one
    coroutine each). Just before a counter calls again, its previous ticket is marked
    no-show by SQL (untimed, no events): not at once, since the publisher builds the
    ticket's `ticket.updated` from the database after the call and would read no_show."""
    t0 = time.perf_counter() + 0.1
    results: list[Call | None] = [None] * calls

    async def counter_loop(k: int) -> None:
        counter = counters[k]
        await sql.execute(k, FREE_COUNTER_SQL, counter["id"])  # the last round's ticket
        held: str | None = None
        for i in range(k, calls, len(counters)):
            delay = t0 + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if held is not None:
                await sql.execute(k, base.NO_SHOW_SQL, held)
                held = None
            call = Call(counter=counter["id"], sent=time.perf_counter())
            results[i] = call
            try:
                status, body = await asyncio.wait_for(
                    http.request(
                        "POST", f"/api/v1/counters/{counter['id']}/call-next/", counter["token"]
                    ),
                    30,
                )
            except (OSError, TimeoutError, ValueError) as exc:
                call.answered, call.error = time.perf_counter(), repr(exc)
                await sql.execute(k, FREE_COUNTER_SQL, counter["id"])
                continue
            call.answered, call.status = time.perf_counter(), status
            if status == 200:
                data = json.loads(body)
                call.code, call.token = data["code"], data["token"]
                held = call.token
            else:
                call.error = f"{status} {body[:200]!r}"
                await sql.execute(k, FREE_COUNTER_SQL, counter["id"])

    await asyncio.gather(*(counter_loop(k) for k in range(len(counters))))
    return [c for c in results if c is not None]


async def run_round(
    label: str,
    args: argparse.Namespace,
    info: dict[str, Any],
    http_server: Server,
    ws_server: Server,
    children: TicketSockets,
    probe: RedisProbe,
    tap: DisplayTap,
    sql: base.Sql,
    roots: dict[int, str],
    tickets: int,
    calls: int,
) -> Round:
    result = Round(label, args.displays, tickets)
    print(f"  {label}: filling lines ...", end=" ", flush=True)
    length = max(tickets, args.line_length)
    payload = json.dumps({"services": info["call_services"], "waiting": length})
    waiting = json.loads(
        await asyncio.to_thread(base.django_command, args, "-m", "bench._realtime", "fill", payload)
    )
    tokens = [t["token"] for t in waiting[:tickets]]
    TOKENS_SEEN.update(t["token"] for t in waiting)
    print(f"{len(waiting):,} waiting; connecting ...", end=" ", flush=True)

    origin = f"http://127.0.0.1:{ws_server.port}"

    async def make_display(i: int) -> Display:
        ws, snapshot = await open_socket(f"ws://127.0.0.1:{ws_server.port}/ws/display/", origin)
        return Display(ws, snapshot, info["agency"])

    began = time.perf_counter()
    (displays, display_errors, _), connected = await asyncio.gather(
        connect_all(make_display, args.displays),
        children.ask("connect", {"port": ws_server.port, "tokens": tokens}),
    )
    result.connect_seconds = time.perf_counter() - began
    result.connect_errors = display_errors[:3] + connected["errors"]
    result.connect_failed = len(display_errors) + connected["failed"]
    print(
        f"{len(displays)} + {connected['connected']:,} sockets in {result.connect_seconds:.1f} s"
        f" ({result.connect_failed} failed); calling ...",
        end=" ",
        flush=True,
    )
    await asyncio.sleep(1.0)  # idle: the connect burst is over

    http = base.RawHttp(http_server.port)
    await children.ask("measure")
    stop = asyncio.Event()
    lag_task = asyncio.create_task(lag_ticker(result.lag_main, stop))
    probe.take()
    probe_task = asyncio.create_task(probe.run_until(stop, 0.05))
    cpu_before = cpu_snapshot(roots)
    lags = Path(http_server.env["MPP_PUBLISH_LAG_FILE"])
    _, lag_offset = read_lags(lags, lags.stat().st_size if lags.exists() else 0)
    began = time.perf_counter()
    result.calls = await drive_calls(http, sql, info["counters"], calls, args.rate)
    result.seconds = time.perf_counter() - began
    called = [c for c in result.calls if c.code]
    codes = {c.code for c in called}
    # Wait for the displays: every call heard, then quiet for 0.5 s (late line events).
    deadline = time.perf_counter() + args.settle
    while time.perf_counter() < deadline:
        complete = all(codes <= d.called.keys() for d in displays)
        quiet = time.perf_counter() - max((d.last_message for d in displays), default=0) > 0.5
        if complete and quiet:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(lag_task, probe_task)
    result.cpu = cpu_cores(cpu_before, cpu_snapshot(roots))
    result.publish_lag, _ = read_lags(lags, lag_offset)
    collected = await children.ask(
        "collect", {"tokens": [c.token for c in called], "settle": args.settle}
    )
    await asyncio.sleep(0.1)
    result.redis_rtt, sent = probe.take()
    result.redis_lost = sent - len(result.redis_rtt)

    for c in called:
        published = tap.seen.get(c.code)
        if published is not None:
            result.publish_latency.append(published - c.answered)
        for d in displays:
            at = d.called.get(c.code)
            if at is not None:
                result.display_latency.append(at - c.answered)
                result.display_latency_sent.append(at - c.sent)
                if published is not None:
                    result.relay_latency.append(at - published)
        at = collected["called_at"].get(c.token)
        if at is None:
            result.ticket_missing += 1
        else:
            result.ticket_latency.append(at - c.answered)
    result.expected = len(called) * len(displays)
    result.received = sum(len(codes & d.called.keys()) for d in displays)
    result.called_twice = sum(d.called_twice for d in displays)
    for d in displays:
        for kind, n in d.late_kinds.items():
            result.late_kinds[kind] = result.late_kinds.get(kind, 0) + n
    result.display_seqs = merge_seqs([d.seqs for d in displays])
    result.ticket_seqs = collected["seqs"]
    result.ticket_stale = collected["stale"]
    result.display_messages = sum(d.messages for d in displays)
    result.ticket_messages = collected["messages"]
    result.line_messages = collected["line_messages"]
    result.foreign = sum(d.foreign for d in displays)
    result.closed_early = collected["closed_early"] + sum(1 for d in displays if d.closed_early)
    result.lag_child_p99 = collected["lag_p99"]
    await asyncio.gather(*(d.ws.close() for d in displays), return_exceptions=True)
    for d in displays:
        d.reader.cancel()
    print(
        f"done: display p50 {pct(result.display_latency, 0.5):.1f} ms, "
        f"p99 {pct(result.display_latency, 0.99):.1f} ms, "
        f"{result.expected - result.received} missing",
        flush=True,
    )
    return result


# ------------------------------------------------------------------ report


def verdict(ok: bool) -> str:
    return "target met" if ok else "target missed"


def fmt_pair(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{pct(values, 0.5):.1f} / {pct(values, 0.99):.1f}"


def cpu_per_call(r: Round, kind: str) -> float:
    return r.cpu.get(kind, 0.0) * r.seconds * 1000 / max(len(r.calls), 1)


def print_watchers(args: argparse.Namespace, rounds: list[Round]) -> None:
    """Cost of one call at the fewest vs the most watchers of a line (issue 14: flat)."""
    calling = [r for r in rounds if r.label.endswith("sockets") and r.publish_lag.get("send")]
    if len(calling) < 2:
        return
    few, many = min(calling, key=lambda r: r.tickets), max(calling, key=lambda r: r.tickets)
    if few.tickets == many.tickets:
        return
    per_line = f"{few.tickets / args.lines:,.0f} vs {many.tickets / args.lines:,.0f}"
    lag = [pct(r.publish_lag["send"], 0.5) for r in (few, many)]
    cpu = [cpu_per_call(r, "gunicorn") for r in (few, many)]
    relay = [cpu_per_call(r, "uvicorn") for r in (few, many)]
    ratio = cpu[1] / cpu[0] if cpu[0] else float("nan")
    # The publishing process's CPU per call (request, transaction, build, encode, PUBLISH);
    # the relay (uvicorn: one frame per watching socket) grows with the watchers by nature.
    print(
        f"  one call's publish cost, {per_line} watchers a line: gunicorn CPU per call "
        f"{cpu[0]:.1f} vs {cpu[1]:.1f} ms ({ratio:.2f}x; commit -> publish p50 {lag[0]:.1f} vs "
        f"{lag[1]:.1f} ms): flat (<= 1.5x) {verdict(ratio <= 1.5)}; relay (uvicorn CPU per "
        f"call, one frame a socket) {relay[0]:.1f} vs {relay[1]:.1f} ms"
    )


def print_report(
    args: argparse.Namespace,
    rounds: list[Round],
    idle_rtt: list[float],
    group_send: dict[tuple[str, int], list[float]],
    espeak: list[float],
) -> None:
    print()
    print(
        f"Results: {args.calls} calls a round ({args.diag_calls} in the diagnostic round) at "
        f"{args.rate:g}/s over HTTP from {args.counters} counters; ms"
    )
    names = [r.label for r in rounds]
    width = max(24, *(len(n) + 2 for n in names))
    label_width = 50
    header = f"{'':<{label_width}}" + "".join(f"{n:>{width}}" for n in names)
    print(header)
    print("-" * len(header))

    def row(label: str, values: list[str]) -> None:
        print(f"{label:<{label_width}}" + "".join(f"{v:>{width}}" for v in values))

    row("sockets: display + ticket", [f"{r.displays} + {r.tickets:,}" for r in rounds])
    row(
        "connect time, s (failed)",
        [f"{r.connect_seconds:.1f} ({r.connect_failed})" for r in rounds],
    )
    row("call -> display p50 / p99 (from response)", [fmt_pair(r.display_latency) for r in rounds])
    row(
        "call -> display p50 / p99 (from request sent)",
        [fmt_pair(r.display_latency_sent) for r in rounds],
    )
    row(
        "  of it: response -> PUBLISH seen on Redis",
        [fmt_pair(r.publish_latency) for r in rounds],
    )
    row(
        "  of it: Redis -> display socket",
        [fmt_pair(r.relay_latency) for r in rounds],
    )
    row(
        "call -> own ticket.updated p50 / p99 (response)",
        [fmt_pair(r.ticket_latency) for r in rounds],
    )
    row("call-next HTTP p50 / p99", [fmt_pair(r.http) for r in rounds])
    for lane, what in (("send", "calls, tickets"), ("state", "lines, booths")):
        row(
            f"commit -> publish p50 / p99 ({what})",
            [fmt_pair(r.publish_lag.get(lane, [])) for r in rounds],
        )
    row("call-next errors", [str(r.errors) for r in rounds])
    row(
        "ticket.called expected / received (missing)",
        [f"{r.expected:,} / {r.received:,} ({r.expected - r.received})" for r in rounds],
    )
    row(
        "ticket.updated not received (built after no-show)",
        [f"{r.ticket_missing} ({r.ticket_stale})" for r in rounds],
    )
    row(
        "display seq gaps (sockets) / never / late",
        [
            f"{s['gaps']} ({s['sockets_with_gaps']}) / {s['never']} / {s['late']}"
            for s in (r.display_seqs for r in rounds)
        ],
    )
    row(
        "  late display events: ticket.called / line",
        [
            f"{r.late_kinds.get('ticket.called', 0)} / {r.late_kinds.get('line.updated', 0)}"
            for r in rounds
        ],
    )
    row(
        "ticket seq gaps (sockets) / never / late",
        [
            f"{s['gaps']} ({s['sockets_with_gaps']}) / {s['never']} / {s['late']}"
            for s in (r.ticket_seqs for r in rounds)
        ],
    )
    row(
        "messages: display / ticket sockets",
        [f"{r.display_messages:,} / {r.ticket_messages:,}" for r in rounds],
    )
    row("  of them line events to ticket sockets", [f"{r.line_messages:,}" for r in rounds])
    row(
        "Redis PUBLISH->receive p50 / p99 (during)",
        [
            fmt_pair(r.redis_rtt) + (f" ({r.redis_lost} lost)" if r.redis_lost else "")
            for r in rounds
        ],
    )
    row(
        "client loop lag p99: display / ticket process",
        [f"{pct(r.lag_main, 0.99):.1f} / {r.lag_child_p99:.1f}" for r in rounds],
    )
    for kind in ("gunicorn", "uvicorn", "postgres", "redis", "client", "other"):
        row(
            f"CPU cores during calls: {kind}",
            [f"{r.cpu.get(kind, 0.0):.2f}" for r in rounds],
        )
    row(
        "server CPU per call, ms: gunicorn / uvicorn",
        [f"{cpu_per_call(r, 'gunicorn'):.1f} / {cpu_per_call(r, 'uvicorn'):.1f}" for r in rounds],
    )
    row("calls took, s", [f"{r.seconds:.1f}" for r in rounds])
    print("-" * len(header))
    print(
        f"missing = not received {args.settle:g} s after the last call (lost, or still queued "
        "in a server); late = a seq that arrived after a later one (out of order); never = a "
        "skipped seq still missing at the end"
    )
    print(
        "PUBLISH seen on Redis: a raw redis-py subscriber on the display group's channel "
        "(publisher side vs websocket side)"
    )
    print("'no espeak-ng': the same, through a gunicorn without espeak-ng on its PATH (no audio)")
    busy = [r.label for r in rounds if r.cpu.get("other", 0.0) > 0.25]
    if busy:
        print(
            f"other processes took > 0.25 cores during: {', '.join(busy)} (CPU rows): "
            "latencies there are inflated by a shared machine"
        )
    if any(r.foreign for r in rounds):
        print(
            f"display events of other processes on the shared `display` group, left out: "
            f"{', '.join(str(r.foreign) for r in rounds)}"
        )
    if any(r.closed_early for r in rounds):
        print(f"sockets closed by the server: {', '.join(str(r.closed_early) for r in rounds)}")
    for r in rounds:
        if r.connect_errors:
            print(f"connect errors ({r.label}): {r.connect_errors}")
        errors = [c.error for c in r.calls if c.error][:3]
        if errors:
            print(f"call errors ({r.label}): {errors}")

    print()
    print(
        f"Redis PUBLISH->receive, idle, one subscriber (redis-py): p50 / p99 "
        f"{fmt_pair(idle_rtt)} ms ({len(idle_rtt)} samples)"
    )
    if espeak:
        print(
            f"espeak-ng, one announcement rendered (as queues.voice._render): p50 / p99 "
            f"{fmt_pair(espeak)} ms"
        )
    print()
    print(
        "channels-redis group_send, 50 sends a group, alternating between the groups; members "
        "held by 2 layer instances in another process:"
    )
    print(f"  {'layer':<26} {'10 members':>16} {'1,000 members':>16} {'ratio p50':>10}")
    for kind, name in (
        ("pubsub", "RedisPubSubChannelLayer"),
        ("core", "RedisChannelLayer"),
    ):
        small, large = group_send.get((kind, 10), []), group_send.get((kind, 1000), [])
        ratio = pct(large, 0.5) / pct(small, 0.5) if small and large else float("nan")
        print(
            f"  {name:<26} {fmt_pair(small):>16} {fmt_pair(large):>16} {ratio:>9.2f}x"
            "   (p50 / p99 ms)"
        )

    print()
    print("Targets:")
    first = next((r for r in rounds if r.tickets + r.displays <= 600), rounds[0])
    p50, p99 = pct(first.display_latency, 0.5), pct(first.display_latency, 0.99)
    call_p99 = pct(first.http, 0.99)
    print(
        f"  display p50 {p50:.1f} ms <= {DISPLAY_P50_MS:g} ms with {first.displays + first.tickets}"
        f" sockets ({first.label}): {verdict(p50 <= DISPLAY_P50_MS)}"
    )
    print(
        f"  display p99 {p99:.1f} ms <= {DISPLAY_P99_MS:g} ms: {verdict(p99 <= DISPLAY_P99_MS)}; "
        f"<= call-next p99 + {DISPLAY_OVER_CALL_P99_MS:g} ms = "
        f"{call_p99 + DISPLAY_OVER_CALL_P99_MS:.1f} ms: "
        f"{verdict(p99 <= call_p99 + DISPLAY_OVER_CALL_P99_MS)}"
    )
    print_watchers(args, rounds)
    for r in rounds:
        lost = r.expected - r.received
        never = r.display_seqs.get("never", 0) + r.ticket_seqs.get("never", 0)
        print(
            f"  0 lost ({r.label}): ticket.called missing {lost}, ticket.updated missing "
            f"{r.ticket_missing}, seqs never received {never}: "
            f"{verdict(lost == 0 and r.ticket_missing == 0 and never == 0)}"
        )
    small, large = group_send.get(("pubsub", 10), []), group_send.get(("pubsub", 1000), [])
    if small and large:
        ratio = pct(large, 0.5) / pct(small, 0.5)
        print(
            f"  RedisPubSubChannelLayer group_send at 1,000 members {ratio:.2f}x of 10 "
            f"(<= {GROUP_SEND_RATIO:g}x): {verdict(ratio <= GROUP_SEND_RATIO)}"
        )
    small, large = group_send.get(("core", 10), []), group_send.get(("core", 1000), [])
    if small and large:
        ratio = pct(large, 0.5) / pct(small, 0.5)
        print(
            f"  RedisChannelLayer (default) for comparison: {ratio:.2f}x "
            f"(<= {GROUP_SEND_RATIO:g}x): {verdict(ratio <= GROUP_SEND_RATIO)}"
        )


# -------------------------------------------------------------------- main


# The bench agency and its lines get ids no other database on this machine hands out:
# Redis pub/sub channels span all Redis databases, so the `display` group also carries
# events of other processes (test runs, dev servers), told apart by agency id.
FIRST_ID = 900_000_001


def move_ids() -> None:
    """Restart the agency and service id sequences of the fresh database at FIRST_ID."""
    import psycopg2

    conn = psycopg2.connect(base.PG_DSN + f" dbname={base.DB_NAME}")
    conn.autocommit = True
    with conn.cursor() as cursor:
        for table in ("agencies_agency", "agencies_service"):
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,))
            sequence = cursor.fetchone()[0]
            cursor.execute(f"ALTER SEQUENCE {sequence} RESTART WITH {FIRST_ID}")
    conn.close()


def forget_seqs(url: str) -> None:
    """Delete the seq counters of this run's ticket streams (the app never expires them)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        keys = [f"mpp:stream:ticket.{token}" for token in TOKENS_SEEN]
        for i in range(0, len(keys), 1000):
            client.delete(*keys[i : i + 1000])
    except redis.RedisError:
        pass  # cleanup only
    finally:
        client.close()


TOKENS_SEEN: set[str] = set()


def raise_nofile() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


async def measure(
    args: argparse.Namespace,
    info: dict[str, Any],
    servers: dict[str, Server],
    children: TicketSockets,
) -> tuple[list[Round], list[float], dict[tuple[str, int], list[float]]]:
    roots = {server.process.pid: name.split("-")[0] for name, server in servers.items()}
    roots[os.getpid()] = "client"  # and the ticket-socket process, a child
    sql = base.Sql(len(info["counters"]))
    probe = RedisProbe(args.redis_url)
    await probe.start()
    tap = DisplayTap(args.redis_url, info["agency"])
    await tap.start()
    rounds: list[Round] = []
    try:
        # Every counter open (through the HTTP server, as a console would).
        http = base.RawHttp(servers["gunicorn"].port)
        for counter in info["counters"]:
            status, body = await http.request(
                "POST", f"/api/v1/counters/{counter['id']}/open/", counter["token"]
            )
            if status != 200:
                raise SystemExit(f"counter open failed: {status} {body[:200]!r}")
        await probe.run(100, 0.01)
        idle_rtt, _ = probe.take()

        plan = [
            (f"{args.displays}+{n:,} sockets", n, args.calls, "gunicorn", "uvicorn")
            for n in args.sockets
        ]
        if args.diag_calls:
            n = args.sockets[0]
            label = f"{args.displays}+{n:,}, no espeak-ng"
            plan.insert(1, (label, n, args.diag_calls, "gunicorn-novoice", "uvicorn"))
        if args.relay_fix:
            n = max(args.sockets)
            label = f"{args.displays}+{n:,}, relay fix"
            plan.append((label, n, args.calls, "gunicorn", "uvicorn-relayfix"))
        for label, n, calls, http_name, ws_name in plan:
            rounds.append(
                await run_round(
                    label,
                    args,
                    info,
                    servers[http_name],
                    servers[ws_name],
                    children,
                    probe,
                    tap,
                    sql,
                    roots,
                    n,
                    calls,
                )
            )
        for name, server in servers.items():
            if server.process.poll() is not None:
                print(f"warning: {name} exited during the run; see {server.log_path}")
    finally:
        await probe.close()
        await tap.close()
        sql.close()

    print("  group_send: ...", end=" ", flush=True)
    group_send: dict[tuple[str, int], list[float]] = {}
    for kind in ("pubsub", "core"):
        for members, times in (await group_send_times(args.redis_url, kind, children)).items():
            group_send[(kind, members)] = times
    print("done", flush=True)
    return rounds, idle_rtt, group_send


def main() -> None:
    args = parse_args()
    began = time.monotonic()
    raise_nofile()
    print("Antrean MPP live-event benchmark")
    redis_server = start_private_redis(args) if args.private_redis else None
    try:
        run(args, began, redis_server)
    finally:
        if redis_server is not None:
            redis_server.stop()


def start_private_redis(args: argparse.Namespace) -> Server:
    executable = shutil.which("redis-server")
    if executable is None:
        raise SystemExit("--private-redis: redis-server is not installed")
    port = base.free_port()
    logs = Path(tempfile.mkdtemp(prefix="mpp-bench-redis-"))
    command = [
        executable,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(logs),
    ]
    server = Server("redis", command, port, dict(os.environ), logs)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    args.redis_url = f"redis://127.0.0.1:{port}/1"
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise SystemExit("the private redis-server did not start")


def run(args: argparse.Namespace, began: float, redis_server: Server | None) -> None:
    version = base.recreate_database()
    base.django_command(args, "manage.py", "migrate", "--noinput")
    move_ids()
    options = {"lines": args.lines, "counters": args.counters, "queue_depth": 0, "depths": []}
    info = json.loads(base.django_command(args, "-m", "bench._django", "seed", json.dumps(options)))
    print(
        f"  database: PostgreSQL {version}, fresh `{base.DB_NAME}`, setup "
        f"{time.monotonic() - began:.1f} s"
    )

    logs = Path(tempfile.mkdtemp(prefix="mpp-bench-realtime-"))
    media = logs / "media"
    servers: dict[str, Server] = {}
    children: TicketSockets | None = None
    try:
        servers["gunicorn"] = gunicorn(args, app_env(args, media), logs, "gunicorn")
        servers["gunicorn-novoice"] = gunicorn(
            args, app_env(args, media, voice=False), logs, "gunicorn-novoice"
        )
        servers["uvicorn"] = uvicorn(args, app_env(args, media), logs)
        if args.relay_fix:
            servers["uvicorn-relayfix"] = uvicorn(
                args,
                app_env(args, media),
                logs,
                "uvicorn-relayfix",
                "bench._asgi_relay:application",
            )
        for server in servers.values():
            server.wait_ready()
        children = TicketSockets()
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"  HTTP:     gunicorn mpp.wsgi:application, {args.workers} sync workers, port "
            f"{servers['gunicorn'].port}"
        )
        print(
            f"  sockets:  uvicorn mpp.asgi:application --workers {args.workers}, port "
            f"{servers['uvicorn'].port}"
        )
        if redis_server is not None:
            print(
                f"  redis:    a redis-server of its own (--private-redis), port {redis_server.port}"
            )
        print(
            f"  layer:    RedisPubSubChannelLayer, REDIS_URL={args.redis_url}; "
            f"MEDIA_ROOT={media}; logs {logs}"
        )
        print(
            f"  machine:  {os.cpu_count()} cores, load average {load}; client on "
            "uvloop, websockets (permessage-deflate as browsers), loopback"
        )
        print()
        try:
            import uvloop

            loop_factory = uvloop.new_event_loop
        except ImportError:
            loop_factory = None
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            rounds, idle_rtt, group_send = runner.run(measure(args, info, servers, children))
    finally:
        if children is not None:
            children.stop()
        for server in servers.values():
            server.stop()
        shutil.rmtree(media, ignore_errors=True)  # a WAV per call, ~0.2 MB each
        forget_seqs(args.redis_url)
    espeak = espeak_times()
    print_report(args, rounds, idle_rtt, group_send, espeak)
    print()
    print(
        f"Total {time.monotonic() - began:.0f} s; database `{base.DB_NAME}` and server logs "
        f"({logs}) kept for inspection."
    )


if __name__ == "__main__":
    main()
