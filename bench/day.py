"""A simulated day at the Kota Probolinggo MPP, compressed into minutes, through the real
HTTP API and websockets, served as production serves them.

    .venv/bin/python bench/day.py [--visitors 1500] [--minutes 4] [--seed 1] [--voice]

What it does (loopback only, bounded, stops by itself):
1. Drops and recreates the PostgreSQL database `mpp_bench_day` (its own: bench/realtime.py
   and bench/tickets.py use `mpp_bench`), migrates it, loads the demo mall
   (`load_demo --all-hours`: about 22 agencies, 150 services, one officer per counter)
   and fits online booking to a compressed day (`python -m bench._day prepare`: hour-long
   slots with room for the day's bookings). Starts a redis-server of its own, gunicorn
   (`--web-workers` sync workers, HTTP) and uvicorn (`--ws-workers`, websockets) with
   bench/realtime.py's helpers. Without `--voice` espeak-ng is off the servers' PATH
   (calls carry no audio): the box is shared, and bench/realtime.py times the voice.
2. Takes tokens over `POST /api/v1/auth/token/` (the kiosk and every counter's officer:
   `officer-<code>`, `officer-<code>-<k>` for the agency's k-th counter in
   `GET /api/v1/agencies/`), connects 5 lobby displays (/ws/display/) for the whole day.
3. Runs the day 08:00-15:30 in `--minutes` real minutes: `--visitors` residents arrive
   with a morning peak (the last at 15:00), each at an agency chosen by its counters (two
   for Dukcapil) and a service of that agency; 60% walk in (kiosk ticket), 40% booked
   online before the day (`POST /api/v1/bookings/`, in the pre-day phase) and arrive early,
   on time, late, or not at all (15% no-shows, never checked in); 10% priority. Up to 100
   residents at a time keep their ticket page open (/ws/tickets/<token>/) from their ticket
   to the end of their visit. Every counter is opened by its officer, who calls the next
   ticket, recalls (5%; a resident who never comes is recalled twice and marked no-show),
   starts, serves for a simulated time (sized so each agency's counters are busy about
   80% of the day), finishes or, for a new KTP-el, transfers the ticket to the recording
   stage (perekaman KTP-el, a second call); each officer takes one 20-40 minute break;
   after 15:30 each serves what is left in its agency's lines, then closes.
   Booking slots are real: the compressed day falls inside one real hour-long slot, so an
   "early" or "late" arrival is early or late on the simulated clock only; the server's
   check-in window is not exercised here (tests/queues cover it).
4. Prints: requests and errors by endpoint and status code, latency per endpoint (p50,
   p99), waits per agency (simulated minutes, from ticket or check-in to call), event lag
   (call-next response -> each display's `ticket.called`; the ticket's own page; the
   event's `last_called_at` -> display), seq gaps on every socket, the client loop's lag; and
   checks: 0 errors, gap-free numbers per prefix, no double calls, every call and recall
   seen once by every display, nothing waiting at closing beyond what the counters could
   not yet serve, and the whole day served.
Every server it starts is stopped at the end whatever happens. This is a measurement,
not a test: it prints "ok"/"FAILED" per check and never fails on slowness.
"""

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import _realtime_sockets as realtime_sockets  # noqa: E402  (sockets, percentiles)
from bench import realtime  # noqa: E402  (servers, private Redis)
from bench import tickets as base  # noqa: E402  (database, raw HTTP, valid NIKs)

DB_NAME = "mpp_bench_day"
PASSWORD = "mpp-demo"  # noqa: S105 (load_demo's documented default)
OPENS, LAST_ARRIVAL, CLOSES = 8 * 60, 15 * 60, 15 * 60 + 30  # simulated minutes of the day
# Share of the day's arrivals per hour from 08:00 (the morning peak at 09:00-10:00).
HOURLY = [0.15, 0.21, 0.18, 0.13, 0.09, 0.12, 0.12]
PRIORITIES = ["elderly", "disabled", "pregnant", "child"]
DISPLAYS = 5
PAGES = 100
UTILIZATION = 0.8
FIRST_STAGE, SECOND_STAGE = "ktp-el-baru", "perekaman-ktp-el"
LAG_TARGET_MS = 100.0
HOLD = 1.0  # seconds static/js/live.js waits for a missing seq


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visitors", type=int, default=1500, help="residents in the day (1500)")
    parser.add_argument("--minutes", type=float, default=4.0, help="real minutes of the day (4)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument(
        "--web-workers", type=int, default=(os.cpu_count() or 2) * 2 + 1, help="gunicorn"
    )
    parser.add_argument("--ws-workers", type=int, default=2, help="uvicorn workers (2)")
    parser.add_argument("--voice", action="store_true", help="render announcements (espeak-ng)")
    args = parser.parse_args()
    if not (1 <= args.visitors <= 5000 and 0.5 <= args.minutes <= 60):
        parser.error("1 <= visitors <= 5000, 0.5 <= minutes <= 60")
    args.database_url = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    return args


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
        self.http = base.RawHttp(port)
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


# ------------------------------------------------------------------ the day


class Day:
    def __init__(self, args: argparse.Namespace, web: int, ws: int) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.stats = Stats()
        self.api = Api(web, self.stats)
        self.ws_port = ws
        self.clock = Clock(args.minutes)
        self.visitors: list[Visitor] = []
        self.by_token: dict[str, Visitor] = {}
        self.numbers: dict[str, list[int]] = defaultdict(list)
        self.calls: list[Call] = []
        self.calls_of: Counter = Counter()  # token -> call-next answers
        self.stages: Counter = Counter()  # token -> lines it waited in
        self.outstanding: Counter = Counter()  # agency -> tickets waiting or at a counter
        self.displays: list[Socket] = []
        self.seen: list[dict[tuple[str, bool], list[float]]] = []  # per display: code -> times
        self.called_at_lag: list[float] = []
        self.pages: list[Socket] = []
        self.page_slots = asyncio.Semaphore(PAGES)
        self.page_called: dict[str, float] = {}
        self.page_lag: list[float] = []
        self.waiting_at_close = 0
        self.last_served = 0.0
        self.loop_lag: list[float] = []
        self.breaks = 0
        self.transfers = 0
        self.recalls = 0
        self.no_shows = 0
        self.today = ""
        self.arrived: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.news: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.closed_at = 0.0
        self.stopping = False  # the post-closing bound has passed
        self.service_minutes: dict[str, float] = {}

    # -- setup -----------------------------------------------------------------

    async def login(self, username: str) -> str:
        status, body = await self.api.call(
            "POST auth/token/",
            "POST",
            "/api/v1/auth/token/",
            body={"username": username, "password": PASSWORD},
        )
        if status != 200:
            raise SystemExit(f"cannot log in as {username}: {status}")
        return body["token"]

    async def catalog(self) -> None:
        _, agencies = await self.api.call("GET agencies/", "GET", "/api/v1/agencies/")
        _, services = await self.api.call("GET services/", "GET", "/api/v1/services/")
        self.service_code = {s["id"]: s["code"] for s in services}
        self.service_of = {s["code"]: s["id"] for s in services}
        self.bookable = {s["id"] for s in services if s.get("online_booking")}
        self.counters: list[dict[str, Any]] = []
        self.agency_services: dict[str, list[int]] = {}
        for agency in agencies:
            k = 0
            served: set[int] = set()
            for booth in agency["booths"]:
                for counter in booth["counters"]:
                    k += 1
                    user = f"officer-{agency['code']}" + (f"-{k}" if k > 1 else "")
                    self.counters.append(
                        {"id": counter["id"], "agency": agency["code"], "user": user}
                    )
                    served.update(counter["services"])
            if served:
                self.agency_services[agency["code"]] = sorted(served)
        self.kiosk = await self.login("kiosk")
        gate = asyncio.Semaphore(4)  # password hashing: a few at a time

        async def one(counter: dict[str, Any]) -> None:
            async with gate:
                counter["token"] = await self.login(counter["user"])

        await asyncio.gather(*(one(c) for c in self.counters))

    def plan(self) -> None:
        """Who comes when, to which agency and service; the service minutes that keep
        each agency's counters about UTILIZATION busy."""
        rng = self.rng
        per_agency = Counter(c["agency"] for c in self.counters)
        weight = {a: n * (2 if a == "dukcapil" else 1) for a, n in per_agency.items()}
        agencies = [a for a in weight if a in self.agency_services]
        for i in range(self.args.visitors):
            hour = rng.choices(range(len(HOURLY)), HOURLY)[0]
            arrives = OPENS + 60 * hour + rng.random() * 60
            agency = rng.choices(agencies, [weight[a] for a in agencies])[0]
            options = [
                s for s in self.agency_services[agency] if self.service_code[s] != SECOND_STAGE
            ]
            online = [s for s in options if s in self.bookable]
            if rng.random() < 0.4 and online:  # a service without online booking: walk in
                visitor = Visitor(i, agency, rng.choice(online), arrives, True)
            else:
                visitor = Visitor(i, agency, rng.choice(options), arrives, False)
            if visitor.online:
                visitor.kind = rng.choices(
                    ["early", "on time", "late", "no-show"], [0.2, 0.45, 0.2, 0.15]
                )[0]
                shift = {"early": -rng.uniform(15, 45), "late": rng.uniform(10, 60)}
                visitor.arrives = min(
                    LAST_ARRIVAL, max(OPENS, arrives + shift.get(visitor.kind, 0))
                )
            if rng.random() < 0.10:
                visitor.priority = rng.choice(PRIORITIES[1:] if visitor.online else PRIORITIES)
            visitor.absent = rng.random() < 0.03
            self.visitors.append(visitor)
        load = Counter(v.agency for v in self.visitors if v.kind != "no-show")
        stage = self.service_of.get(FIRST_STAGE)
        load["dukcapil"] += sum(1 for v in self.visitors if v.service == stage)
        minutes = CLOSES - OPENS
        self.service_minutes = {
            a: min(30.0, max(2.0, UTILIZATION * per_agency[a] * minutes / max(load[a], 1)))
            for a in agencies
        }

    async def book_ahead(self) -> None:
        """Online residents book before the day: the real slot that holds the whole day."""
        today = self.today
        slots: dict[int, str] = {}
        for service in {v.service for v in self.visitors if v.online}:
            path = f"/api/v1/services/{service}/availability/?date={today}"
            _, body = await self.api.call("GET availability/", "GET", path)
            now = time.time() + 60
            for slot in (body or {}).get("slots", []):
                end = _epoch(slot["end"])
                if end > now and slot["remaining"] > 0:
                    slots[service] = slot["start"][11:16]
                    break
        gate = asyncio.Semaphore(8)

        async def book(v: Visitor) -> None:
            if v.service not in slots:
                return
            body = {
                "service": v.service,
                "date": today,
                "slot_start": slots[v.service],
                "nik": base.nik(v.index),
                "phone": f"0813{v.index:08d}",
                "name": f"Warga {v.index}",
                "priority": v.priority,
            }
            async with gate:
                status, ticket = await self.api.call(
                    "POST bookings/", "POST", "/api/v1/bookings/", body=body
                )
            if status == 201:
                self.took(v, ticket)

        await asyncio.gather(*(book(v) for v in self.visitors if v.online))

    def took(self, v: Visitor, ticket: dict[str, Any]) -> None:
        v.token, v.code = ticket["token"], ticket["code"]
        self.by_token[v.token] = v
        self.stages[v.token] = 1
        prefix, _, number = v.code.rpartition("-")
        self.numbers[prefix].append(int(number))

    # -- sockets ---------------------------------------------------------------

    async def open(self, path: str, on_event) -> Socket:
        url = f"ws://127.0.0.1:{self.ws_port}{path}"
        ws, snapshot = await realtime_sockets.open_socket(url, f"http://127.0.0.1:{self.ws_port}")
        return Socket(ws, snapshot, on_event)

    async def connect_displays(self) -> None:
        for _ in range(DISPLAYS):
            seen: dict[tuple[str, bool], list[float]] = defaultdict(list)
            self.seen.append(seen)

            def on_event(event: dict[str, Any], now: float, seen=seen) -> None:
                if event.get("type") != "ticket.called":
                    return
                seen[(event["ticket"]["code"], bool(event.get("recall")))].append(now)
                # A recall keeps called_at (its first call): time each by its latest.
                ticket = event["ticket"]
                at = ticket.get("last_called_at") or ticket.get("called_at")
                if at:
                    self.called_at_lag.append(time.time() - (time.monotonic() - now) - _epoch(at))

            self.displays.append(await self.open("/ws/display/", on_event))

    async def page(self, v: Visitor) -> None:
        """The resident's ticket page, open while a slot of the 100 is free, until done."""
        if self.page_slots.locked():
            return
        async with self.page_slots:

            def on_event(event: dict[str, Any], now: float) -> None:
                ticket = event.get("ticket") or {}
                if event.get("type") == "ticket.updated" and ticket.get("status") == "called":
                    self.page_called.setdefault(v.token, now)

            try:
                socket = await self.open(f"/ws/tickets/{v.token}/", on_event)
            except Exception as exc:
                self.stats.record("WS /ws/tickets/<token>/", 0, 0, repr(exc).encode(), False)
                return
            self.pages.append(socket)
            await v.done.wait()
            await socket.close()

    # -- residents -------------------------------------------------------------

    async def resident(self, v: Visitor) -> None:
        await self.clock.until(v.arrives)
        if v.online and v.kind == "no-show":
            return
        if v.online and not v.token:
            return  # the booking was refused (counted)
        # Waiting from the moment the request is sent: a counter may call the ticket
        # before its response is back here.
        v.queued = time.monotonic()
        self.outstanding[v.agency] += 1
        if v.online:
            status, _ = await self.api.call(
                "POST check-in/", "POST", "/api/v1/check-in/", self.kiosk, {"token": v.token}
            )
            ok = status == 200
        else:
            body = {"service": v.service, "priority": v.priority}
            status, ticket = await self.api.call(
                "POST kiosk/tickets/", "POST", "/api/v1/kiosk/tickets/", self.kiosk, body
            )
            ok = status == 201
            if ok:
                self.took(v, ticket)
        if not ok:
            self.outstanding[v.agency] -= 1
            return
        self.arrived[v.token].set()
        self.wake(v.agency)
        page = asyncio.create_task(self.page(v))
        await v.done.wait()
        await page

    # -- officers --------------------------------------------------------------

    async def officer(self, counter: dict[str, Any]) -> None:
        rng = random.Random(f"{self.args.seed}-{counter['id']}")
        token, cid, agency = counter["token"], counter["id"], counter["agency"]
        base_path = f"/api/v1/counters/{cid}"
        await self.clock.until(OPENS + rng.uniform(0, 5))
        status, _ = await self.api.call(
            "POST counters/<id>/open/", "POST", f"{base_path}/open/", token
        )
        if status != 200:
            return
        break_at = rng.uniform(11 * 60, 13 * 60 + 30)
        idle = 5.0  # simulated minutes an idle officer waits before trying again
        while not self.stopping:
            now = self.clock.now()
            if break_at and now >= break_at:
                break_at = 0
                self.breaks += 1
                await self.api.call(
                    "POST counters/<id>/pause/",
                    "POST",
                    f"{base_path}/pause/",
                    token,
                    {"reason": "istirahat"},
                )
                await self.clock.pass_minutes(rng.uniform(20, 40))
                await self.api.call(
                    "POST counters/<id>/resume/", "POST", f"{base_path}/resume/", token
                )
                continue
            sent = time.monotonic()
            status, ticket = await self.api.call(
                "POST counters/<id>/call-next/", "POST", f"{base_path}/call-next/", token
            )
            if status == 204 or ticket is None:
                if now >= CLOSES and self.outstanding[agency] == 0:
                    break
                # The console shows the line live (/ws/counters/<id>/): an officer calls
                # again when a ticket joins the agency's lines, not by polling.
                news = self.news[agency]
                news.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(news.wait(), idle * self.clock.scale)
                continue
            await self.serve(ticket, counter, sent, rng)
        await self.api.call("POST counters/<id>/close/", "POST", f"{base_path}/close/", token)

    async def serve(
        self, ticket: dict[str, Any], counter: dict[str, Any], sent: float, rng: random.Random
    ) -> None:
        answered = time.monotonic()
        token, code = ticket["token"], ticket["code"]
        self.calls.append(Call(code, False, sent, answered))
        self.calls_of[token] += 1
        # Called before the issuing response reached its resident: wait for it.
        await asyncio.wait_for(self.arrived[token].wait(), 60)
        v = self.by_token[token]
        v.waits.append((answered - v.queued) / self.clock.scale)
        self.last_served = max(self.last_served, self.clock.now())
        officer, cid = counter["token"], counter["id"]

        async def post(name: str, path: str, body: Any = None) -> int:
            status, _ = await self.api.call(name, "POST", path, officer, body)
            return status

        recalls = 2 if v.absent else (1 if rng.random() < 0.05 else 0)
        for _ in range(recalls):
            await self.clock.pass_minutes(1.5)
            sent = time.monotonic()
            await post("POST counters/<id>/recall/", f"/api/v1/counters/{cid}/recall/")
            self.calls.append(Call(code, True, sent, time.monotonic()))
            self.recalls += 1
        if v.absent:
            await self.clock.pass_minutes(1.5)
            await post("POST tickets/<token>/no-show/", f"/api/v1/tickets/{token}/no-show/")
            self.no_shows += 1
            self.finished(v)
            return
        await self.clock.pass_minutes(0.5)  # walks to the counter
        await post("POST tickets/<token>/start/", f"/api/v1/tickets/{token}/start/")
        minutes = self.service_minutes[counter["agency"]] * rng.uniform(0.5, 1.5)
        await self.clock.pass_minutes(minutes)
        second = self.service_of.get(SECOND_STAGE)
        if self.service_code.get(v.service) == FIRST_STAGE and second and self.stages[token] == 1:
            v.queued = time.monotonic()
            self.stages[token] += 1
            await post(
                "POST tickets/<token>/transfer/",
                f"/api/v1/tickets/{token}/transfer/",
                {"service": second},
            )
            self.transfers += 1
            self.wake(v.agency)
            return
        await post("POST tickets/<token>/finish/", f"/api/v1/tickets/{token}/finish/")
        self.finished(v)

    def wake(self, agency: str) -> None:
        self.news[agency].set()

    def finished(self, v: Visitor) -> None:
        self.outstanding[v.agency] -= 1
        v.done.set()
        self.wake(v.agency)  # after closing, the last one lets its colleagues close

    # -- the whole day -------------------------------------------------------------

    async def run(self) -> None:
        stop = asyncio.Event()
        ticker = asyncio.create_task(realtime_sockets.lag_ticker(self.loop_lag, stop))
        try:
            self.clock = Clock(self.args.minutes)
            residents = [asyncio.create_task(self.resident(v)) for v in self.visitors]
            officers = [asyncio.create_task(self.officer(c)) for c in self.counters]
            await self.clock.until(CLOSES)
            self.waiting_at_close = sum(self.outstanding.values())
            # After closing, counters serve what is left; bounded at 2 simulated hours,
            # then each officer finishes the ticket in hand and stops.
            await asyncio.wait([*officers, *residents], timeout=120 * self.clock.scale + 30)
            self.stopping = True
            for agency in list(self.news):
                self.wake(agency)
            await asyncio.wait(officers, timeout=60)
            self.closed_at = self.clock.now()
            for task in [*officers, *residents]:
                task.cancel()
            await asyncio.sleep(2.5)  # late events, and a new epoch's copies
        finally:
            stop.set()
            await ticker
            for socket in [*self.displays, *self.pages]:
                await socket.close()


def _epoch(iso: str) -> float:
    import datetime as dt

    return dt.datetime.fromisoformat(iso).timestamp()


# ------------------------------------------------------------------ report


def report(day: Day, began: float, args: argparse.Namespace) -> None:
    pct = realtime_sockets.pct
    stats = day.stats
    print()
    print(f"Requests by endpoint ({sum(sum(c.values()) for c in stats.statuses.values()):,}):")
    print(f"  {'endpoint':<34} {'count':>6} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    for name in sorted(stats.statuses):
        lat = stats.latency[name]
        codes = ", ".join(f"{s}: {n}" for s, n in sorted(stats.statuses[name].items()))
        total = sum(stats.statuses[name].values())
        print(f"  {name:<34} {total:>6} {pct(lat, 0.5):>8.1f} {pct(lat, 0.99):>8.1f}  {codes}")
    errors = stats.errors()
    print(f"Errors by status code: {_errors_by_code(stats) or 'none'}")
    for (name, status), body in list(stats.samples.items())[:8]:
        print(f"  {status} {name}: {body}")

    print()
    print("Waits per agency (simulated minutes, ticket or check-in -> call; every leg):")
    waits: dict[str, list[float]] = defaultdict(list)
    for v in day.visitors:
        waits[v.agency].extend(v.waits)
    print(f"  {'agency':<14} {'calls':>6} {'p50':>6} {'p90':>6} {'max':>6}  service min")
    for agency in sorted(waits, key=lambda a: -len(waits[a])):
        w = sorted(waits[agency])
        p50, p90 = pct(w, 0.5) / 1000, pct(w, 0.9) / 1000
        top = w[-1] if w else float("nan")
        minutes = day.service_minutes.get(agency, 0)
        print(f"  {agency:<14} {len(w):>6} {p50:>6.1f} {p90:>6.1f} {top:>6.1f}  {minutes:.1f}")

    first = [c for c in day.calls if not c.recall]
    expected = Counter((c.code, c.recall) for c in day.calls)
    lag_sent, lag_answer, missed, extra = [], [], 0, 0
    missing: Counter = Counter()  # (code, recall) -> displays that missed it
    for seen in day.seen:
        order: dict[tuple[str, bool], int] = defaultdict(int)
        for call in day.calls:
            key = (call.code, call.recall)
            times = seen.get(key, [])
            k = order[key]
            order[key] += 1
            if k < len(times):
                lag_sent.append(times[k] - call.sent)
                lag_answer.append(times[k] - call.answered)
            else:
                missed += 1
                missing[key] += 1
        extra += sum(max(0, len(t) - expected[key]) for key, t in seen.items())
    by_code = {v.code: v.token for v in day.visitors if v.token}
    page_lag = [
        day.page_called[by_code[c.code]] - c.answered
        for c in first
        if by_code.get(c.code) in day.page_called
    ]
    print()
    print("Event lag:")
    print(
        f"  call-next response -> display ticket.called: p50 {pct(lag_answer, 0.5):.1f} ms, "
        f"p99 {pct(lag_answer, 0.99):.1f} ms ({len(lag_answer):,} deliveries)"
    )
    print(
        f"  call-next sent -> display:                   p50 {pct(lag_sent, 0.5):.1f} ms, "
        f"p99 {pct(lag_sent, 0.99):.1f} ms"
    )
    print(
        f"  last_called_at (server clock) -> display:    p50 {pct(day.called_at_lag, 0.5):.1f} ms,"
        f" p99 {pct(day.called_at_lag, 0.99):.1f} ms"
    )
    print(
        f"  call-next response -> own ticket page:       p50 {pct(page_lag, 0.5):.1f} ms, "
        f"p99 {pct(page_lag, 0.99):.1f} ms ({len(page_lag):,} pages)"
    )
    print(
        f"  client event loop lag: p50 {pct(day.loop_lag, 0.5):.1f} ms, "
        f"p99 {pct(day.loop_lag, 0.99):.1f} ms"
    )
    streams = [s for sock in [*day.displays, *day.pages] for s in sock.streams.values()]
    gaps = sum(s.gaps for s in streams)
    repeats = sum(s.repeats for s in streams)
    copies = sum(s.copies for s in streams)
    lost = sum(s.lost for s in streams)
    late = sum(s.late for s in streams)
    reordered = sum(s.reordered for s in streams)
    display_gaps = [sum(s.gaps for s in d.streams.values()) for d in day.displays]
    page_gaps = Counter(
        name.split(".")[0] for p in day.pages for name, s in p.streams.items() if s.gaps
    )
    print(
        f"  seq gaps: displays {display_gaps}, last seqs "
        f"{[max((s.last for s in d.streams.values()), default=0) for d in day.displays]}; "
        f"ticket pages with a gap, by stream kind: {dict(page_gaps) or 'none'}"
    )
    if missing:
        print(
            f"  calls some display missed (code, recall: displays): {dict(missing.most_common(8))}"
        )

    visitors = day.visitors
    kinds = Counter(v.kind for v in visitors)
    served = sum(1 for v in visitors if v.done.is_set())
    came = sum(1 for v in visitors if v.token and v.kind != "no-show")
    print()
    print(
        f"The day: {len(visitors):,} residents ({', '.join(f'{k} {n}' for k, n in kinds.items())}),"
        f" {sum(1 for v in visitors if v.priority != 'regular')} priority; "
        f"{len(day.counters)} counters; {len(first):,} calls, {day.recalls} recalls, "
        f"{day.transfers} transfers (KTP-el -> perekaman), {day.no_shows} no-shows at the "
        f"counter, {day.breaks} breaks; {len(day.pages):,} ticket pages opened (at most "
        f"{PAGES} at once), {len(day.displays)} displays"
    )
    print(
        f"  waiting at closing ({Clock.label(CLOSES)}): {day.waiting_at_close}; last call at "
        f"{Clock.label(day.last_served)}; counters closed by {Clock.label(day.closed_at)}"
    )

    gapless = all(sorted(n) == list(range(1, len(n) + 1)) for n in day.numbers.values())
    double = [t for t, n in day.calls_of.items() if n != day.stages[t]]
    checks = [
        ("0 errors", errors == 0, f"{errors} errors"),
        (
            "gap-free numbers per prefix",
            gapless,
            f"{len(day.numbers)} prefixes, {sum(len(n) for n in day.numbers.values()):,} numbers",
        ),
        ("no double calls", not double, f"{len(double)} tickets called more than their legs"),
        (
            "every call and recall seen once by every display",
            missed == 0 and extra == 0,
            f"{missed} missed, {extra} extra of {len(day.calls) * len(day.seen):,}",
        ),
        (
            "no seq gaps or repeats on any socket",
            gaps == 0 and repeats == 0,
            f"{gaps} gaps ({lost} events not in time: {late} later than {HOLD:g} s, "
            f"{lost - late} never), {repeats} repeats; "
            f"{reordered} reordered within {HOLD:g} s, {copies} new-epoch copies dropped",
        ),
        ("call -> display p99 <= 100 ms", pct(lag_answer, 0.99) <= LAG_TARGET_MS, ""),
        (
            "the whole day served",
            served == came,
            f"{served:,} of {came:,} who came; {came - served} left",
        ),
    ]
    print()
    for name, ok, detail in checks:
        print(f"  {'ok    ' if ok else 'FAILED'} {name}" + (f" ({detail})" if detail else ""))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print()
    print(f"Total {time.monotonic() - began:.0f} s; load average now {load}.")


def _errors_by_code(stats: Stats) -> str:
    codes: Counter = Counter()
    for counts in stats.statuses.values():
        for status, n in counts.items():
            if not 200 <= status < 300:
                codes[status] += n
    return ", ".join(f"{s}: {n}" for s, n in sorted(codes.items()))


# ------------------------------------------------------------------ main


def main() -> None:
    args = parse_args()
    began = time.monotonic()
    realtime.raise_nofile()
    print("Antrean MPP: one simulated day (Kota Probolinggo demo mall)")
    redis_server = realtime.start_private_redis(args)
    logs = Path(tempfile.mkdtemp(prefix="mpp-bench-day-"))
    media = logs / "media"
    servers: list[realtime.Server] = []
    try:
        version = base.recreate_database(DB_NAME)
        base.django_command(args, "manage.py", "migrate", "--noinput")
        base.django_command(args, "manage.py", "load_demo", "--all-hours")
        prepared = json.loads(base.django_command(args, "-m", "bench._day", "prepare", "{}"))
        if not prepared["open"]:
            raise SystemExit(f"the demo mall is closed today: {prepared['reason']}")
        env = realtime.app_env(args, media, voice=args.voice)
        env["LOGIN_THROTTLE_RATE"] = "100000/minute"  # every officer logs in from here
        web = realtime.gunicorn(argparse.Namespace(workers=args.web_workers), env, logs, "web")
        ws = realtime.uvicorn(argparse.Namespace(workers=args.ws_workers), env, logs, "ws")
        servers += [web, ws]
        for server in servers:
            server.wait_ready()
        print(
            f"  PostgreSQL {version}, database `{DB_NAME}`; redis-server of its own on port "
            f"{redis_server.port}; gunicorn {args.web_workers} sync workers; uvicorn "
            f"{args.ws_workers} workers; voice {'on' if args.voice else 'off'}; "
            f"{os.cpu_count()} cores, load average "
            + ", ".join(f"{x:.2f}" for x in os.getloadavg())
        )
        asyncio.run(simulate(args, web.port, ws.port, prepared["today"], began))
    finally:
        for server in servers:
            server.stop()
        redis_server.stop()
        shutil.rmtree(media, ignore_errors=True)
    print(f"Database `{DB_NAME}` and server logs ({logs}) kept for inspection.")


async def simulate(args: argparse.Namespace, web: int, ws: int, today: str, began: float) -> None:
    day = Day(args, web, ws)
    day.today = today
    await day.catalog()
    day.plan()
    t0 = time.monotonic()
    await day.book_ahead()
    print(
        f"  {len(day.counters)} counters staffed, {len(day.agency_services)} agencies; "
        f"{sum(1 for v in day.visitors if v.online and v.token)} bookings made before the day "
        f"in {time.monotonic() - t0:.0f} s; the day 08:00-15:30 in {args.minutes:g} min "
        f"(1 simulated minute = {day.clock.scale * 1000:.0f} ms)"
    )
    await day.connect_displays()
    await day.run()
    report(day, began, args)


if __name__ == "__main__":
    main()
