"""bench/day.py's clock and bookkeeping, and its clients as a resident's or an officer's
screen is: the public API timed per endpoint, and sockets that follow each stream's seq as
static/js/live.js does."""

import asyncio
import contextlib
import dataclasses
import datetime as dt
import json
import time
from collections import Counter, defaultdict
from typing import Any

from bench import _tickets_clients as clients

OPENS, LAST_ARRIVAL, CLOSES = 8 * 60, 15 * 60, 15 * 60 + 30  # simulated minutes of the day
HOLD = 1.0  # seconds static/js/live.js waits for a missing seq


def epoch_of(iso: str) -> float:
    """Seconds since the epoch of an ISO 8601 date and time from the API."""
    return dt.datetime.fromisoformat(iso).timestamp()


# ------------------------------------------------------------------ the day's clock


class Clock:
    """Simulated minutes of the day <-> this process's monotonic seconds."""

    def __init__(self, real_minutes: float) -> None:
        self.scale = real_minutes * 60 / (CLOSES - OPENS)  # real seconds per simulated minute
        self.began = time.monotonic()

    def now(self) -> float:
        return OPENS + (time.monotonic() - self.began) / self.scale

    async def until(self, minute: float) -> None:
        await asyncio.sleep(max(0.0, (minute - self.now()) * self.scale))

    async def pass_minutes(self, minutes: float) -> None:
        await asyncio.sleep(minutes * self.scale)

    @staticmethod
    def label(minute: float) -> str:
        return f"{int(minute // 60):02d}:{int(minute % 60):02d}"


# ------------------------------------------------------------------ bookkeeping


@dataclasses.dataclass
class Visitor:
    index: int
    agency: str
    service: int
    arrives: float  # simulated minute
    online: bool
    kind: str = "walk-in"  # walk-in, early, on time, late, no-show
    priority: str = "regular"
    absent: bool = False  # never comes to the counter when called
    token: str = ""
    code: str = ""
    queued: float = 0.0  # monotonic, when waiting (again)
    waits: list[float] = dataclasses.field(default_factory=list)  # simulated minutes
    done: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)


@dataclasses.dataclass
class Call:
    code: str
    recall: bool
    sent: float
    answered: float


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.samples: dict[tuple[str, int], str] = {}

    def record(self, name: str, status: int, seconds: float, body: bytes, ok: bool) -> None:
        self.statuses[name][status] += 1
        if ok:
            self.latency[name].append(seconds)
        else:
            self.samples.setdefault((name, status), body[:200].decode(errors="replace"))

    def errors(self) -> int:
        return sum(
            n for name, c in self.statuses.items() for s, n in c.items() if not 200 <= s < 300
        )


class Api:
    """The public API over bench/tickets.py's raw HTTP client, timed per endpoint."""

    def __init__(self, port: int, stats: Stats, concurrency: int = 64) -> None:
        self.http = clients.RawHttp(port)
        self.stats = stats
        self.gate = asyncio.Semaphore(concurrency)

    async def call(
        self, name: str, method: str, path: str, token: str | None = None, body: Any = None
    ) -> tuple[int, Any]:
        async with self.gate:
            t0 = time.perf_counter()
            try:
                status, data = await asyncio.wait_for(
                    self.http.request(method, path, token, body), 60
                )
            except (OSError, TimeoutError, ValueError) as exc:
                status, data = 0, repr(exc).encode()
            seconds = time.perf_counter() - t0
        ok = 200 <= status < 300
        self.stats.record(name, status, seconds, data, ok)
        return status, json.loads(data) if ok and data else None


@dataclasses.dataclass
class Stream:
    """One stream as static/js/live.js follows it: from the snapshot's seq on, an event
    ahead of a missing seq is held up to HOLD seconds for it (two server processes may
    publish out of order); a seq still missing then is a gap (the page takes a fresh
    snapshot, which announces nothing, and drops what it held)."""

    last: int | None = None  # None: joined without a snapshot (takes the first seq)
    epoch: str | None = None
    gaps: int = 0  # fresh snapshots the page would take
    lost: int = 0  # seqs not delivered in time (never, or after their hold)
    late: int = 0  # of those, the ones that came after all (later than the hold)
    reordered: int = 0  # delivered after a later seq, within the hold
    copies: int = 0  # a seq again, the same event: a new epoch's resend (dropped)
    repeats: int = 0  # a seq again, a different event: an error
    seen: dict[int, str] = dataclasses.field(default_factory=dict)
    given_up: set[int] = dataclasses.field(default_factory=set)
    held: dict[int, tuple[dict[str, Any], float]] = dataclasses.field(default_factory=dict)

    def see(self, event: dict[str, Any], raw: str, now: float) -> list[dict[str, Any]]:
        """The events the page shows now (in seq order)."""
        self.expire(now)
        seq = event["seq"]
        if self.last is None:
            self.last = seq - 1
        if event.get("epoch") and self.epoch and event["epoch"] != self.epoch:
            self.gaps += 1  # numbering reset: not expected here (a private Redis)
            self.last, self.seen, self.held = seq - 1, {}, {}
        self.epoch = event.get("epoch") or self.epoch
        if seq in self.seen:
            if self.seen[seq] == raw:
                self.copies += 1
            else:
                self.repeats += 1
            return []
        if seq <= self.last:
            if seq in self.given_up:
                self.given_up.discard(seq)
                self.late += 1
            return []  # older than the snapshot, or given up on (counted as lost)
        self.seen[seq] = raw
        if seq > self.last + 1:
            self.held[seq] = (event, now)
            return []
        if self.held:
            self.reordered += 1
        shown = [event]
        self.last = seq
        while self.last + 1 in self.held:
            self.last += 1
            shown.append(self.held.pop(self.last)[0])
        return shown

    def expire(self, now: float) -> None:
        if self.held and min(at for _, at in self.held.values()) < now - HOLD:
            assert self.last is not None
            top = max(self.held)
            self.gaps += 1
            self.lost += top - self.last - len(self.held)
            self.given_up.update(n for n in range(self.last + 1, top) if n not in self.held)
            self.last, self.held = top, {}


class Socket:
    """A display or ticket page: its streams, and what it does with the events it shows."""

    def __init__(self, ws: Any, snapshot: dict[str, Any], on_event) -> None:
        self.ws = ws
        epochs = snapshot.get("epochs", {})
        self.streams = {
            s: Stream(last=seq, epoch=epochs.get(s)) for s, seq in snapshot["seqs"].items()
        }
        self.on_event = on_event
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(Exception):
            async for raw in self.ws:
                now = time.monotonic()
                event = json.loads(raw)
                stream = event.get("stream")
                if stream is None:
                    continue  # heartbeats, pongs
                for shown in self.streams.setdefault(stream, Stream()).see(event, raw, now):
                    self.on_event(shown, now)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()
        self.reader.cancel()
        for stream in self.streams.values():
            stream.expire(float("inf"))
