"""mpp/lib/asgi_http.py in this process: ASGI requests take turns and keep no database
connection (tests/test_db_connections.py checks the same under a real uvicorn)."""

import asyncio
import time

import pytest
from channels.testing import HttpCommunicator
from django.core.handlers.asgi import ASGIHandler
from django.db import connection

from mpp.lib import asgi_http


async def test_at_most_asgi_http_threads_requests_run_at_once(settings):
    settings.ASGI_HTTP_THREADS = 3
    running = []
    release = asyncio.Event()

    async def app(scope, receive, send):
        running.append(scope)
        await release.wait()
        running.remove(scope)

    served = asgi_http.http_app(app)
    requests = [asyncio.create_task(served({"type": "http", "n": n}, None, None)) for n in range(9)]
    await asyncio.sleep(0.1)
    assert [scope["n"] for scope in running] == [0, 1, 2]  # the others wait their turn
    release.set()
    await asyncio.wait_for(asyncio.gather(*requests), 5)  # and none is refused
    assert running == []


def _other_backends() -> int:
    """Backends on the test database besides this thread's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_asgi_requests_keep_no_connection_open_whatever_conn_max_age(settings):
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0  # production's 60
    app = asgi_http.http_app(ASGIHandler())
    before = _other_backends()  # e.g. a connection the Channels thread keeps

    async def get() -> int:
        request = HttpCommunicator(app, "GET", "/healthz", headers=[(b"host", b"testserver")])
        response = await request.get_response(timeout=10)
        await request.wait(timeout=10)  # the handler closes the response after sending it
        return response["status"]

    async def load() -> list[int]:
        return await asyncio.gather(*(get() for _ in range(20)))

    assert asyncio.run(load()) == [200] * 20  # /healthz queries the database
    deadline = time.monotonic() + 2  # a closed backend takes a moment to exit
    while (left := _other_backends()) > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left == before
