"""bench/tickets.py's set-up, shared by the other benches: the bench database, the app's
environment, Django commands in a subprocess, gunicorn on a free port, and the SQL that
keeps a line's depth constant."""

import argparse
import os
import socket
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DB_NAME = os.environ.get("MPP_BENCH_DB", "mpp_bench")  # one per concurrent bench run
PG_DSN = "host=127.0.0.1 port=5432 user=postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
# gunicorn's sync workers as `deploy/run web` starts them in production: 2 x cores + 1.
WEB_WORKERS = 2 * (os.cpu_count() or 1) + 1

# Puts a called (or no-show) ticket back at the end of its line: constant queue depth.
REQUEUE_SQL = """
UPDATE queues_ticket SET status = 'waiting', counter_id = NULL, called_at = NULL,
    started_at = NULL, finished_at = NULL, queued_at = now()
WHERE token = %s
"""
# Frees a counter that a failed request may have left holding a ticket.
FREE_COUNTER_SQL = """
UPDATE queues_ticket SET status = 'waiting', counter_id = NULL, called_at = NULL,
    started_at = NULL, finished_at = NULL, queued_at = now()
WHERE counter_id = %s AND status IN ('called', 'serving')
"""
# Takes a called ticket out of the line (depth phase: the depth stays as seeded).
NO_SHOW_SQL = "UPDATE queues_ticket SET status = 'no_show', finished_at = now() WHERE token = %s"


def app_env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    # Production settings refuse to start without their own NIK hash key.
    env.setdefault("NIK_HASH_KEY", "bench-only-nik-hash-key")
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        # bench/day.py keeps a database of its own, so the benches can run side by side.
        DATABASE_URL=getattr(args, "database_url", DATABASE_URL),
        REDIS_URL=args.redis_url,
        DEBUG="false",
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        ANON_THROTTLE_RATE="100000000/minute",
        # One load client books for many residents: the per-client cap would stop it.
        BOOKING_LIMIT_PER_CLIENT_DAY="100000000",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


def recreate_database(name: str = DB_NAME) -> str:
    conn = psycopg2.connect(PG_DSN + " dbname=postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    conn.close()
    return version


def django_command(args: argparse.Namespace, *argv: str) -> str:
    done = subprocess.run(
        [sys.executable, *argv],
        cwd=ROOT,
        env=app_env(args),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(argv[:3])}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command(workers: int, port: int) -> list[str]:
    """gunicorn as production serves HTTP: sync WSGI workers."""
    return [
        str(BIN / "gunicorn"),
        "mpp.wsgi:application",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]


def start_gunicorn(
    args: argparse.Namespace, port: int, log_path: Path
) -> tuple[subprocess.Popen, list[str]]:
    command = gunicorn_command(args.workers, port)
    log = log_path.open("w")
    process = subprocess.Popen(
        command, cwd=ROOT, env=app_env(args), stdout=log, stderr=subprocess.STDOUT
    )
    return process, command


def wait_ready(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.stderr.write(log_path.read_text())
            raise SystemExit("gunicorn exited during start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(
                    b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                )
                if sock.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz with 200 within 30 s")


def stop_gunicorn(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()  # the master stops its workers on SIGTERM
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


# -------------------------------------------------------------------- client
