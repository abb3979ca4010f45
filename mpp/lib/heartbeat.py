"""Is Celery alive? Heartbeat keys of beat and the worker, read by /healthz and /metrics.

Beat writes `<CHANNEL_PREFIX>:heartbeat:beat` each time it sends a task; the worker
writes `...:heartbeat:worker` each time it starts one (mpp/celery.py connects the
signals). The `heartbeat` entry of the beat schedule sends a no-op task every
HEARTBEAT_SECONDS, so both keys are fresh within that period while both processes
run: a beat that stopped leaves both stale (nothing reaches the worker), a worker
that stopped leaves only its own stale. Without REDIS_URL (the demo) tasks run in
the web process and there is nothing to watch.
"""

import functools
import logging
import time
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)

ROLES = ("beat", "worker")
# Beat sends the heartbeat task this often (seconds).
HEARTBEAT_SECONDS = 60
# Set by mpp/celery.py's signal handlers in the beat and worker processes only (tasks
# run eagerly elsewhere, e.g. in tests, must not pass for a worker).
role = ""


@functools.cache
def redis_client(url: str) -> Any:
    """One client (and connection pool) per process for these small reads and writes."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def key(name: str) -> str:
    return f"{settings.CHANNEL_PREFIX}:heartbeat:{name}"


def beat(name: str, *, now: float | None = None) -> None:
    """Record that `name` (beat or worker) is alive now; never raises (a Redis outage
    already shows on /healthz as the channel layer)."""
    if not settings.REDIS_URL:
        return
    try:
        redis_client(settings.REDIS_URL).set(key(name), repr(time.time() if now is None else now))
    except Exception as exc:
        log.warning("heartbeat of %s not written: %s", name, exc)


def ages(*, now: float | None = None) -> dict[str, float | None]:
    """Seconds since each role's last heartbeat (None: never seen)."""
    now = time.time() if now is None else now
    values = redis_client(settings.REDIS_URL).mget([key(name) for name in ROLES])
    return {
        name: None if value is None else max(0.0, now - float(value))
        for name, value in zip(ROLES, values, strict=True)
    }


def report() -> dict[str, Any] | str:
    """/healthz's `celery` part: each role's status (ok, stale, missing, error) and age."""
    if not settings.REDIS_URL:
        return "in-process"
    try:
        found = ages()
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    limit = settings.HEARTBEAT_STALE_SECONDS
    parts: dict[str, Any] = {}
    for name, age in found.items():
        if age is None:
            parts[name] = {"status": "missing", "age_seconds": None}
        else:
            status = "ok" if age <= limit else "stale"
            parts[name] = {"status": status, "age_seconds": round(age, 1)}
    return parts
