"""Two ASGI processes behind one Redis: what one process publishes reaches sockets on the other.

Production runs several uvicorn workers; a call made through one must reach the
lobby TVs connected to every other one, numbered by the same per-stream `seq`
(README "Live events (websockets)"). Both servers here are real uvicorn
subprocesses (tests/browser/conftest.py's AsgiServer) on pytest-django's test
database, so the data is committed (transactional) and their clocks are real:
the mall is open all week, 00:00-23:59, with no issuing cutoff (and the test
waits out the day's last minutes: `clear_of_midnight`).

Isolation: the servers inherit the run's CHANNEL_PREFIX (tests/conftest.py), so
their groups and seq counters are this run's alone; the sockets still keep only
events about this test's agency, which has a random id, in case a dev server
without a prefix of its own shares the Redis.
"""

import asyncio
import contextlib
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import websockets
from django.conf import settings
from rest_framework.authtoken.models import Token

from agencies.models import User
from tests import factories
from tests.browser.conftest import AsgiServer

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WITHIN = 2.0  # seconds from the call-next response to the event on the other process


@pytest.fixture
def two_servers(clear_of_midnight, transactional_db):
    """uvicorn A and B on the test database, sharing one Redis; stopped afterwards."""
    name = settings.DATABASES["default"]["NAME"]
    servers = [AsgiServer(name), AsgiServer(name)]
    try:
        with ThreadPoolExecutor(2) as pool:  # start both at once: half the wait
            list(pool.map(lambda server: server.start(), servers))
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def mall(always_open) -> dict[str, Any]:
    """One line, one counter, its officer and a kiosk; open every day, all day."""
    agency = factories.AgencyFactory(pk=random.randint(10**9, 2**31 - 1))
    service = factories.ServiceFactory(agency=agency)
    booth = factories.BoothFactory(agency=agency)
    counter = factories.CounterFactory(booth=booth, services=[service])
    officer = factories.UserFactory(role=User.Role.OFFICER, agency=agency)
    kiosk = factories.UserFactory(role=User.Role.KIOSK, agency=None)
    return {
        "agency": agency.pk,
        "service": service.pk,
        "counter": counter.pk,
        "officer": {"Authorization": f"Token {Token.objects.create(user=officer).key}"},
        "kiosk": {"Authorization": f"Token {Token.objects.create(user=kiosk).key}"},
    }


class Display:
    """A lobby TV's socket: the snapshot, then this agency's `display` events as they come."""

    def __init__(self, ws: Any, snapshot: dict[str, Any], agency: int) -> None:
        self.ws = ws
        self.seq = snapshot["seqs"]["display"]
        self.agency = agency
        self.events: list[tuple[float, dict[str, Any]]] = []  # (monotonic time, event)
        self.foreign = 0
        self.changed = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(cls, server: AsgiServer, agency: int) -> "Display":
        url = f"ws://127.0.0.1:{server.port}/ws/display/"
        ws = await websockets.connect(url, origin=server.url, open_timeout=5)
        snapshot = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert snapshot["type"] == "snapshot", snapshot
        return cls(ws, snapshot, agency)

    def _ours(self, event: dict[str, Any]) -> bool:
        if event.get("type") == "ticket.called":
            return event["ticket"]["agency_id"] == self.agency
        return event.get("agency") == self.agency

    async def _read(self) -> None:
        async for message in self.ws:
            event = json.loads(message)
            if event.get("stream") != "display":
                continue  # heartbeats
            if not self._ours(event):
                self.foreign += 1
                continue
            if event["seq"] <= self.seq:
                continue  # committed before the snapshot: a client ignores it
            if any(e["seq"] == event["seq"] for _, e in self.events):
                continue  # a new epoch's first events come twice: a client ignores the copy
            self.events.append((time.monotonic(), event))
            self.changed.set()

    async def _until(self, found, deadline: float, what: str):
        """found() -> a result or None; wait for one until time.monotonic() is `deadline`."""
        while (result := found()) is None:
            self.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"no {what} in time: {self.summary()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), left)
        return result

    async def wait_for(self, code: str, *, after: float, within: float) -> tuple[float, dict]:
        """The `ticket.called` of `code`: (seconds after `after`, event), or fail."""

        def found():
            for at, event in self.events:
                if event["type"] == "ticket.called" and event["ticket"]["code"] == code:
                    return at - after, event
            return None

        return await self._until(found, after + within, f"ticket.called {code} within {within} s")

    async def wait_line(self, *, after_seq: int, without: str, within: float = 2.0) -> None:
        """Until a `line.updated` sent after `after_seq` without `without` in its waiting
        codes arrived (the call's publish is done). The lobby's line goes out on the state
        lane, beside the call: before or after it."""

        def found():
            later = (e for _, e in self.events if e["type"] == "line.updated")
            return next(
                (e for e in later if e["seq"] > after_seq and without not in e["waiting"]), None
            )

        await self._until(found, time.monotonic() + within, f"line.updated after seq {after_seq}")

    def assert_no_gap(self) -> None:
        """Seqs run snapshot+1, +2, ...: every event in between arrived, in order."""
        seqs = [event["seq"] for _, event in self.events]
        assert seqs == list(range(self.seq + 1, self.seq + 1 + len(seqs))), self.summary()

    def summary(self) -> str:
        got = [
            (e["type"], e["seq"], e.get("ticket", {}).get("code") if "ticket" in e else None)
            for _, e in self.events
        ]
        return f"snapshot seq {self.seq}, events {got}, foreign {self.foreign}"

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


async def _post(http: httpx.AsyncClient, url: str, headers: dict, body=None) -> httpx.Response:
    return await http.post(url, headers=headers, json=body)


async def _scenario(a: AsgiServer, b: AsgiServer, mall: dict[str, Any]) -> None:
    counter = mall["counter"]
    displays: list[Display] = []
    async with httpx.AsyncClient(timeout=10) as http:
        try:
            on_b = await Display.connect(b, mall["agency"])
            displays.append(on_b)

            # Through A: open the counter, issue a ticket at the kiosk, call it.
            response = await _post(
                http, f"{a.url}/api/v1/counters/{counter}/open/", mall["officer"]
            )
            assert response.status_code == 200, response.text
            response = await _post(
                http, f"{a.url}/api/v1/kiosk/tickets/", mall["kiosk"], {"service": mall["service"]}
            )
            assert response.status_code == 201, response.text
            first = response.json()
            await on_b.wait_line(after_seq=0, without="")  # the issue's, at least one
            before_call = on_b.events[-1][1]["seq"]
            response = await _post(
                http, f"{a.url}/api/v1/counters/{counter}/call-next/", mall["officer"]
            )
            answered = time.monotonic()
            assert response.status_code == 200, response.text
            assert response.json()["code"] == first["code"]

            delay, called = await on_b.wait_for(first["code"], after=answered, within=WITHIN)
            assert delay < WITHIN
            assert called["recall"] is False
            # Its seq counts every display event since the snapshot (open, issue: line sizes).
            index = next(i for i, (_, e) in enumerate(on_b.events) if e is called)
            assert called["seq"] == on_b.seq + index + 1
            on_b.assert_no_gap()
            # A's publisher is done with it:
            await on_b.wait_line(after_seq=before_call, without=first["code"])

            # Through B: the next call reaches a display connected to A.
            on_a = await Display.connect(a, mall["agency"])
            displays.append(on_a)
            response = await _post(
                http, f"{b.url}/api/v1/tickets/{first['token']}/no-show/", mall["officer"]
            )
            assert response.status_code == 200, response.text
            response = await _post(
                http, f"{b.url}/api/v1/kiosk/tickets/", mall["kiosk"], {"service": mall["service"]}
            )
            assert response.status_code == 201, response.text
            second = response.json()
            response = await _post(
                http, f"{b.url}/api/v1/counters/{counter}/call-next/", mall["officer"]
            )
            answered = time.monotonic()
            assert response.status_code == 200, response.text
            assert response.json()["code"] == second["code"]

            for display in (on_a, on_b):
                delay, called = await display.wait_for(
                    second["code"], after=answered, within=WITHIN
                )
                assert delay < WITHIN
                index = next(i for i, (_, e) in enumerate(display.events) if e is called)
                assert called["seq"] == display.seq + index + 1
                display.assert_no_gap()
            # Both processes number the stream alike: the same event, the same seq.
            seqs = {
                e["seq"]
                for d in (on_a, on_b)
                for _, e in d.events
                if e["type"] == "ticket.called" and e["ticket"]["code"] == second["code"]
            }
            assert len(seqs) == 1
        finally:
            for display in displays:
                await display.close()


def test_a_call_through_one_process_reaches_displays_on_the_other(two_servers, mall):
    a, b = two_servers
    asyncio.run(asyncio.wait_for(_scenario(a, b, mall), 20))
