"""bench/realtime.py's clients: display sockets (in the bench's own process) and ticket
sockets (in child processes, so parsing their line events does not delay the display
timestamps), with each socket's seq bookkeeping as static/js/live.js sees it."""

import asyncio
import functools
import gc
import json
import math
import multiprocessing
import re
import time
from dataclasses import dataclass, field
from typing import Any

from bench._realtime_probes import group_members, release
from bench._realtime_servers import raise_nofile

# A line event's tail: `send_json` keeps the event's key order, stream and seq last.
LINE_PREFIX = ('{"type": "line.updated"', '{"type": "line.changed"')
TAIL = re.compile(r'"stream": "([^"]+)", "seq": (\d+)\}$')
CLIENT_GC_THRESHOLDS = (50_000, 50, 100)
# Ticket sockets a child process holds at most (one event loop, one core at most each).
PER_CHILD = 2500


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
    # Thousands of phones in one process: the collector's full passes over every
    # socket's objects would stop the loop for seconds and stamp events late (the
    # websocket server runs with the same thresholds: mpp/asgi.py).
    gc.set_threshold(*CLIENT_GC_THRESHOLDS)
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


class TicketPool:
    """Ticket sockets over as many child processes as a round needs (PER_CHILD each): one
    event loop cannot read 10,000 sockets' line events as fast as they arrive."""

    def __init__(self, most: int) -> None:
        self.children = [TicketSockets() for _ in range(max(1, math.ceil(most / PER_CHILD)))]
        self.busy = self.children[:1]

    async def connect(self, port: int, tokens: list[str]) -> dict[str, Any]:
        """Spread `tokens` evenly over the children the round needs."""
        count = min(len(self.children), max(1, math.ceil(len(tokens) / PER_CHILD)))
        self.busy = self.children[:count]
        answers = await asyncio.gather(
            *(
                child.ask("connect", {"port": port, "tokens": tokens[k::count]}, timeout=900)
                for k, child in enumerate(self.busy)
            )
        )
        return {
            "connected": sum(a["connected"] for a in answers),
            "errors": [e for a in answers for e in a["errors"]][:3],
            "failed": sum(a["failed"] for a in answers),
            "processes": count,
        }

    async def measure(self) -> None:
        await asyncio.gather(*(child.ask("measure") for child in self.busy))

    async def collect(self, tokens: list[str], settle: float) -> dict[str, Any]:
        payload = {"tokens": tokens, "settle": settle}
        answers = await asyncio.gather(*(child.ask("collect", payload) for child in self.busy))
        merged: dict[str, Any] = {"called_at": {}, "seqs": {}}
        for answer in answers:
            for token, at in answer["called_at"].items():
                if at is not None or token not in merged["called_at"]:
                    merged["called_at"][token] = at
            for key, n in answer["seqs"].items():
                merged["seqs"][key] = merged["seqs"].get(key, 0) + n
            for key in ("stale", "messages", "line_messages", "closed_early"):
                merged[key] = merged.get(key, 0) + answer[key]
            for key in ("lag_p99", "lag_max"):  # the slowest child's
                merged[key] = max(merged.get(key, 0.0), answer[key])
        return merged

    async def ask_first(self, command: str, payload: Any = None) -> Any:
        return await self.children[0].ask(command, payload)

    def stop(self) -> None:
        for child in self.children:
            child.stop()


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
