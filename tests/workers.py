"""Real Celery processes, for the few tests that send work through a worker (or beat).

Each runs `python -m celery -A mpp ...` from the repository in a session of its own, on
the test's database, its output in a log file the test reads when it fails.
"""

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]

# The broker of the workers these tests start: a Redis database apart from the run's
# cache and channel layer; each test also names a queue of its own and deletes it.
WORKER_REDIS_URL = "redis://127.0.0.1:6379/11"


def database_url() -> str:
    """The test database (not the configured one) as a DATABASE_URL for a child process."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{port}/{db['NAME']}"


def celery(*args: str, env: Mapping[str, str], log: Path) -> subprocess.Popen:
    """`celery -A mpp <args>` with `env` over ours, its output appended to `log`."""
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "mpp", *args],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": database_url(), "CONN_MAX_AGE": "0", **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def solo_worker(queue: str, *, env: Mapping[str, str], log: Path) -> subprocess.Popen:
    """One worker process taking tasks from `queue` alone, so no other worker on the
    broker takes this test's tasks, nor this one theirs."""
    return celery(
        *("worker", "--pool=solo", "-l", "warning", "-Q", queue),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        env=env,
        log=log,
    )


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, as a supervisor stops it; killed when it has not exited within 15 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
