"""Horizontal scale (issue 14, item 4): two HTTP and two websocket processes behind one
Redis and one PostgreSQL, as a mall with more than one server runs, and every event
reaches every socket that follows its stream, whichever process made it and whichever
holds the socket.

The four servers are the production commands (`deploy/run web`: gunicorn; `deploy/run
ws`: uvicorn; one worker each, tests/browser/conftest.py's DeployedServer) on
pytest-django's test database (so the data is committed: transactional) and this run's
Redis database and CHANNEL_PREFIX (tests/conftest.py), so their groups and seq counters
are this run's alone. Display and ticket sockets are split across both uvicorns; the
kiosk issues and the officers call, recall, finish and mark no-shows alternately through
both gunicorns. Then, per socket and per stream: seqs run from the snapshot's on without
a hole, under one epoch; a seq that comes twice (a new epoch's first events are sent
once more, realtime.RESEND_FIRST) is the same event; each call is announced once on
every display, each recall once more; each socket followed its stream to its last seq.
"""

import asyncio
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
from tests.browser.conftest import DeployedServer

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TICKETS = 12  # issued alternately in two lines, through both gunicorns
SETTLE = 15.0  # seconds for every socket to reach every stream's last seq


@pytest.fixture
def stack(clear_of_midnight, transactional_db):
    """Two gunicorns (HTTP) and two uvicorns (websockets) on the test database and one Redis."""
    name = settings.DATABASES["default"]["NAME"]
    servers = {
        "web": [DeployedServer(name, "web"), DeployedServer(name, "web")],
        "ws": [DeployedServer(name, "ws"), DeployedServer(name, "ws")],
    }
    every = [*servers["web"], *servers["ws"]]
    try:
        with ThreadPoolExecutor(len(every)) as pool:
            list(pool.map(lambda server: server.start(), every))
        yield servers
    finally:
        for server in every:
            server.stop()


@pytest.fixture
def mall(always_open) -> dict[str, Any]:
    """Two lines, two counters serving both, an officer each, a kiosk; open all day."""
    agency = factories.AgencyFactory(pk=random.randint(10**9, 2**31 - 1))
    services = [factories.ServiceFactory(agency=agency) for _ in range(2)]
    booth = factories.BoothFactory(agency=agency)
    counters = [factories.CounterFactory(booth=booth, services=services) for _ in range(2)]

    def token(role: str, agency: Any) -> dict[str, str]:
        user = factories.UserFactory(role=role, agency=agency)
        return {"Authorization": f"Token {Token.objects.create(user=user).key}"}

    return {
        "agency": agency.pk,
        "services": [s.pk for s in services],
        "counters": [c.pk for c in counters],
        "officers": [token(User.Role.OFFICER, agency) for _ in counters],
        "kiosk": token(User.Role.KIOSK, None),
    }


class Socket:
    """A live socket: its snapshot's seqs and epochs, then every event, per stream."""

    def __init__(self, name: str, ws: Any, snapshot: dict[str, Any]) -> None:
        self.name = name
        self.ws = ws
        self.start = dict(snapshot["seqs"])
        self.epochs = dict(snapshot.get("epochs", {}))
        self.events: dict[str, dict[int, dict[str, Any]]] = {s: {} for s in self.start}
        self.copies: list[tuple[dict, dict]] = []  # (first, second) of a seq seen twice
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(cls, server: DeployedServer, path: str) -> "Socket":
        ws = await websockets.connect(f"ws://127.0.0.1:{server.port}{path}", origin=server.url)
        snapshot = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert snapshot["type"] == "snapshot", snapshot
        return cls(f"{path} on :{server.port}", ws, snapshot)

    async def _read(self) -> None:
        async for message in self.ws:
            event = json.loads(message)
            stream = event.get("stream")
            if stream is None:
                continue  # heartbeats
            seen = self.events.setdefault(stream, {})
            if event["seq"] in seen:
                self.copies.append((seen[event["seq"]], event))
            else:
                seen[event["seq"]] = event

    def after_snapshot(self, stream: str) -> list[dict[str, Any]]:
        """The stream's events newer than the snapshot, in seq order."""
        since = self.start.get(stream, 0)
        return [e for seq, e in sorted(self.events[stream].items()) if seq > since]

    def last(self, stream: str) -> int:
        return max([self.start.get(stream, 0), *self.events[stream]])

    def check(self, stream: str, last: int) -> None:
        """Every seq after the snapshot's up to `last`, once, in one epoch."""
        events = self.after_snapshot(stream)
        seqs = [e["seq"] for e in events]
        since = self.start.get(stream, 0)
        assert seqs == list(range(since + 1, last + 1)), (self.name, stream, since, seqs)
        epochs = {e["epoch"] for e in events}
        if self.epochs.get(stream):
            epochs.add(self.epochs[stream])
        assert len(epochs) <= 1, (self.name, stream, epochs)
        for first, second in self.copies:
            assert first == second, (self.name, "a seq came twice as different events")

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


async def _scenario(stack: dict[str, list[DeployedServer]], mall: dict[str, Any]) -> None:
    web, ws = stack["web"], stack["ws"]
    turn = iter(range(10**6))

    async def post(http: httpx.AsyncClient, path: str, headers: dict, body=None):
        server = web[next(turn) % 2]  # every request through the other gunicorn
        return await http.post(f"{server.url}{path}", headers=headers, json=body)

    sockets: list[Socket] = []
    async with httpx.AsyncClient(timeout=15) as http:
        try:
            # Two displays on each uvicorn: the agency's stream and the whole mall's.
            display_paths = [f"/ws/display/?agency={mall['agency']}", "/ws/display/"]
            displays = [await Socket.connect(server, p) for server in ws for p in display_paths]
            sockets += displays
            for k, counter in enumerate(mall["counters"]):
                response = await post(
                    http, f"/api/v1/counters/{counter}/open/", mall["officers"][k]
                )
                assert response.status_code == 200, response.text

            tickets = []
            for i in range(TICKETS):
                body = {"service": mall["services"][i % 2]}
                response = await post(http, "/api/v1/kiosk/tickets/", mall["kiosk"], body)
                assert response.status_code == 201, response.text
                tickets.append(response.json())
                # Its page opens at once, on the uvicorn the ticket's number picks.
                path = f"/ws/tickets/{tickets[-1]['token']}/"
                sockets.append(await Socket.connect(ws[i % 2], path))
            pages = sockets[len(displays) :]

            # Both counters call until the lines are empty; one recall each; each
            # ticket finished or marked no-show, through the gunicorn not used last.
            called: list[str] = []
            recalls: list[str] = []
            while True:
                answered = 0
                for k, counter in enumerate(mall["counters"]):
                    officer = mall["officers"][k]
                    response = await post(http, f"/api/v1/counters/{counter}/call-next/", officer)
                    if response.status_code == 204:
                        continue
                    assert response.status_code == 200, response.text
                    answered += 1
                    ticket = response.json()
                    called.append(ticket["code"])
                    if len(called) <= 2:
                        response = await post(http, f"/api/v1/counters/{counter}/recall/", officer)
                        assert response.status_code == 200, response.text
                        recalls.append(ticket["code"])
                    end = "finish" if len(called) % 3 else "no-show"
                    if end == "finish":
                        response = await post(
                            http, f"/api/v1/tickets/{ticket['token']}/start/", officer
                        )
                        assert response.status_code == 200, response.text
                    response = await post(
                        http, f"/api/v1/tickets/{ticket['token']}/{end}/", officer
                    )
                    assert response.status_code == 200, response.text
                if not answered:
                    break
            assert sorted(called) == sorted(t["code"] for t in tickets)

            # Every socket reaches the last seq any socket saw of each of its streams
            # (a stream's events come from both gunicorns, in one numbering).
            def lasts() -> dict[str, int]:
                out: dict[str, int] = {}
                for s in sockets:
                    for stream in s.events:
                        out[stream] = max(out.get(stream, 0), s.last(stream))
                return out

            deadline = time.monotonic() + SETTLE
            while time.monotonic() < deadline:
                final = lasts()
                behind = [s for s in sockets if any(s.last(x) < final[x] for x in s.events)]
                if not behind and all(
                    _announced(d, mall["agency"], called, recalls) for d in displays
                ):
                    break
                await asyncio.sleep(0.2)
            await asyncio.sleep(2.5)  # a new epoch's copies (RESEND_AFTER) come in too
            final = lasts()
            for s in sockets:
                for stream in s.events:
                    s.check(stream, final[stream])
            for display in displays:
                assert _announced(display, mall["agency"], called, recalls), display.name
            # The same stream on both uvicorns: the same events under the same seqs.
            for path in display_paths:
                on_both = [d for d in displays if d.name.startswith(path + " ")]
                stream = next(iter(on_both[0].events))
                a, b = (d.events[stream] for d in on_both)
                common = set(a) & set(b)
                assert common and all(a[seq] == b[seq] for seq in common)
            # Each page saw its own ticket called, whichever uvicorn it is on.
            for page, ticket in zip(pages, tickets, strict=True):
                stream = f"ticket.{ticket['token']}"
                statuses = [e.get("ticket", {}).get("status") for e in page.after_snapshot(stream)]
                assert "called" in statuses, (page.name, statuses)
            assert {p.name.rsplit(":", 1)[1] for p in pages} == {str(s.port) for s in ws}
        finally:
            for s in sockets:
                await s.close()


def _announced(display: Socket, agency: int, called: list[str], recalls: list[str]) -> bool:
    """Each call once as a call and each recall once as a recall, on this display (the
    whole mall's stream may also carry calls an earlier test's server made)."""
    stream = next(iter(display.events))
    calls = [
        e
        for e in display.after_snapshot(stream)
        if e["type"] == "ticket.called" and e["ticket"]["agency_id"] == agency
    ]
    first = sorted(e["ticket"]["code"] for e in calls if not e["recall"])
    again = sorted(e["ticket"]["code"] for e in calls if e["recall"])
    return first == sorted(called) and again == sorted(recalls)


def test_every_event_reaches_sockets_on_either_websocket_server(stack, mall):
    asyncio.run(asyncio.wait_for(_scenario(stack, mall), 120))
