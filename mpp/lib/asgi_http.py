"""Django's HTTP under ASGI, with a bounded number of database connections per process.

Django's ASGIHandler runs each request's sync code (middleware, view) in a thread made
for that request (asgiref's ThreadSensitiveContext), and the thread ends with the
request. A persistent connection (CONN_MAX_AGE) opened there can never serve another
request: it stays open, idle, until the garbage collector finds the dead thread's
connection object (a uvicorn under a few minutes of tests held 33; two ran PostgreSQL
out of max_connections). So under ASGI, whatever the server (uvicorn, daphne's
runserver):

- a request's connections close when it finishes, as with CONN_MAX_AGE=0 (it costs
  nothing: the next request runs in a new thread and connected anyway);
- at most ASGI_HTTP_THREADS requests run at once per process; later ones wait for a
  turn (they are not refused), so at most that many request threads hold a connection.

WSGI (gunicorn's sync workers: one thread each, reused) keeps CONN_MAX_AGE, and so do
the two long-lived threads of an ASGI process, one connection each: the publisher
(mpp/lib/realtime.py) and the thread Channels runs every consumer's database work on.
"""

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.signals import request_finished
from django.db import connections

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


def http_app(django_app: ASGIApp) -> ASGIApp:
    """`django_app` running at most ASGI_HTTP_THREADS requests at once, each closing its
    database connections when it finishes."""
    request_finished.connect(_close_connections, dispatch_uid="mpp.lib.asgi_http")
    return _TakingTurns(django_app, settings.ASGI_HTTP_THREADS)


def _close_connections(sender: object, **kwargs: Any) -> None:
    # Only Django's ASGI requests: the WSGI handler's threads live on, and the test
    # client's requests run inside a test's transaction.
    if isinstance(sender, type) and issubclass(sender, ASGIHandler):
        connections.close_all()


class _TakingTurns:
    def __init__(self, app: ASGIApp, turns: int) -> None:
        self.app = app
        self.turns = turns
        # A semaphore belongs to one event loop (tests may serve from several in turn).
        self.semaphores: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self.semaphores = weakref.WeakKeyDictionary()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        loop = asyncio.get_running_loop()
        semaphore = self.semaphores.setdefault(loop, asyncio.Semaphore(self.turns))
        async with semaphore:
            await self.app(scope, receive, send)
