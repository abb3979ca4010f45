"""PostgreSQL connections per ASGI process stay bounded under load (README "Reliability").

Django's ASGI handler runs each HTTP request's sync code in a thread made for that
request, which ends with it. A persistent connection (CONN_MAX_AGE) opened there can
never be reused, and it stayed open, idle, until the garbage collector happened to
find the dead thread's connection object: a uvicorn under a few minutes of tests held
33, and two of them ran PostgreSQL out of `max_connections`.

Here a real uvicorn (tests/browser/conftest.py's AsgiServer) serves 1,500 requests,
40 at a time (pages, API reads, kiosk tickets, lobby-display websockets), with the
production CONN_MAX_AGE, while a sampler counts its backends in pg_stat_activity:
its DATABASE_URL names an application_name no other process uses.
"""

import asyncio
import contextlib
import itertools
import json
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg2
import pytest
import websockets
from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from agencies.models import User
from tests import factories
from tests.browser.conftest import AsgiServer

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REQUESTS = 1500
AT_ONCE = 40
THREADS = 8  # the server's ASGI_HTTP_THREADS: requests it runs at once
# Kept between uses, one each per process: the publisher thread's connection and the
# one Channels runs every consumer's database work on.
KEPT = 2
# pg_stat_activity lists a backend until its process exits, a moment after the request
# closed it; the next request may already have connected (seen: 11 in 2 of 6 runs).
EXITING = 2
APP = f"mpp-conns-{os.getpid()}"


class Sampler:
    """Counts the server's backends every 20 ms on a connection of its own."""

    def __init__(self) -> None:
        db = settings.DATABASES["default"]
        self.conn = psycopg2.connect(
            host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]
        )
        self.conn.autocommit = True
        self.counts: list[int] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def count(self) -> int:
        with self.conn.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP]
            )
            return cursor.fetchone()[0]

    def _run(self) -> None:
        while not self.stopping.wait(0.02):
            self.counts.append(self.count())

    @contextlib.contextmanager
    def sampling(self) -> Iterator[list[int]]:
        self.thread.start()
        try:
            yield self.counts
        finally:
            self.stopping.set()
            self.thread.join()
            self.conn.close()


@pytest.fixture
def seed(always_open) -> dict[str, Any]:
    service = factories.ServiceFactory()
    kiosk = factories.UserFactory(role=User.Role.KIOSK, agency=None)
    return {
        "service": service.pk,
        "kiosk": {"Authorization": f"Token {Token.objects.create(user=kiosk).key}"},
    }


@pytest.fixture
def server(seed) -> Iterator[AsgiServer]:
    server = AsgiServer(settings.DATABASES["default"]["NAME"])
    server.env["DATABASE_URL"] += f"?application_name={APP}"
    server.env["CONN_MAX_AGE"] = "60"  # production's: the bound must hold with it
    server.env["ASGI_HTTP_THREADS"] = str(THREADS)
    server.start()
    yield server
    server.stop()


def _requests(seed: dict[str, Any]) -> Iterator[tuple[str, str, dict | None]]:
    """(method, path, json body): pages, API reads and every tenth a kiosk ticket."""
    service = seed["service"]
    today = timezone.localdate().isoformat()
    reads = [
        "/",
        f"/services/{service}/",
        "/display/",
        "/api/v1/agencies/",
        f"/api/v1/services/{service}/",
        f"/api/v1/services/{service}/availability/?date={today}",
        "/healthz",
        "/api/v1/services/",
    ]
    for n, path in enumerate(itertools.cycle(reads)):
        if n % 10 == 9:
            yield "POST", "/api/v1/kiosk/tickets/", {"service": service, "priority": "regular"}
        else:
            yield "GET", path, None


async def _load(server: AsgiServer, seed: dict[str, Any]) -> dict[int, int]:
    """REQUESTS requests, AT_ONCE at a time, and a lobby display connecting every 75th."""
    statuses: dict[int, int] = {}
    jobs = enumerate(itertools.islice(_requests(seed), REQUESTS))
    # Idle connections are dropped by us after 2 s, well before uvicorn's 5 s keep-alive
    # ends them: else a request may go out on one the server is closing (httpx.ReadError
    # under load).
    limits = httpx.Limits(max_connections=AT_ONCE, keepalive_expiry=2)

    async def display() -> None:
        url = f"ws://127.0.0.1:{server.port}/ws/display/"
        async with websockets.connect(url, origin=server.url, open_timeout=10) as ws:
            assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "snapshot"

    async def worker(http: httpx.AsyncClient) -> None:
        for n, (method, path, body) in jobs:
            headers = seed["kiosk"] if method == "POST" else {}
            response = await http.request(method, server.url + path, json=body, headers=headers)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if n % 75 == 74:
                await display()

    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        await asyncio.gather(*(worker(http) for _ in range(AT_ONCE)))
    return statuses


def test_connections_per_asgi_process_stay_bounded_under_load(server, seed):
    sampler = Sampler()
    with sampler.sampling() as counts:
        started = time.monotonic()
        statuses = asyncio.run(_load(server, seed))
        took = time.monotonic() - started
        loaded = len(counts)
        time.sleep(3)  # idle: the publisher is done with the kiosk tickets' events
    during, after = counts[:loaded], counts[loaded:]
    figures = (
        f"{REQUESTS} requests in {took:.1f} s, statuses {statuses}; "
        f"backends: peak {max(during)} under load, {after[-1]} after 3 s idle"
    )
    print(figures)

    assert sum(statuses.values()) == REQUESTS
    assert set(statuses) <= {200, 201}, figures
    assert max(during) >= 2, figures  # the sampler saw the load
    assert max(during) <= THREADS + KEPT + EXITING, figures
    assert after[-1] <= KEPT, figures
