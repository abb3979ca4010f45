"""bench/day.py's day on the floor: the plan of who comes when, bookings made before the
day, residents who take a ticket or check in, officers who call, serve and transfer, the
lobby displays and the residents' ticket pages."""

import argparse
import asyncio
import contextlib
import random
import time
from collections import Counter, defaultdict
from typing import Any

from bench import _realtime_sockets as realtime_sockets
from bench import _tickets_clients as clients
from bench._day_clients import (
    CLOSES,
    LAST_ARRIVAL,
    OPENS,
    Api,
    Call,
    Clock,
    Socket,
    Stats,
    Visitor,
    epoch_of,
)

PASSWORD = "mpp-demo"  # noqa: S105 (load_demo's documented default)
# Share of the day's arrivals per hour from 08:00 (the morning peak at 09:00-10:00).
HOURLY = [0.15, 0.21, 0.18, 0.13, 0.09, 0.12, 0.12]
PRIORITIES = ["elderly", "disabled", "pregnant", "child"]
DISPLAYS = 5
PAGES = 100
UTILIZATION = 0.8
FIRST_STAGE, SECOND_STAGE = "ktp-el-baru", "perekaman-ktp-el"


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
                end = epoch_of(slot["end"])
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
                "nik": clients.nik(v.index),
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
                    self.called_at_lag.append(time.time() - (time.monotonic() - now) - epoch_of(at))

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
