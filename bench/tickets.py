"""Ticket benchmark: issue, booking and call-next over HTTP, served as production serves them.

    .venv/bin/python bench/tickets.py [--duration 5] [--clients 32] [--rounds 1] [--diagnose]

What it does (loopback only, bounded, stops by itself, about 70 s with the defaults):
1. Drops and recreates the PostgreSQL database `mpp_bench`, migrates it, and seeds
   a bench mall (open 00:00-23:59 every day, no issuing cutoff) through
   `python -m bench._django seed`.
2. Starts gunicorn (sync WSGI workers, one per core) on a free port, with
   DEBUG=false, Redis db 1 for cache/throttles/channel layer, and settings
   `bench.settings` = `mpp.settings` plus one extra route, `/bench/ping/`, the most
   trivial DRF view, as a second baseline.
3. Runs fixed-duration phases with N concurrent clients (a warm-up that is not
   counted, then `--duration` seconds; `--rounds` repeats them, merged) and prints
   requests/s, p50/p99 latency and errors of each, with its ratio to /healthz and
   to the trivial DRF endpoints:
   - GET /healthz (plain Django view: SELECT 1 + Redis PING), GET /bench/ping/,
     GET /api/v1/services/<id>/ (a small DRF retrieve view: the issue's baseline);
   - POST /api/v1/kiosk/tickets/ (kiosk token), round-robin over `--lines` lines;
   - POST /api/v1/bookings/ (anonymous; unique valid NIKs; slots from availability);
   - POST /api/v1/counters/<id>/call-next/: one client per counter (`--counters`),
     all counters serving the same `--lines` call lines. The queue depth is held
     constant: after each call the bench puts the called ticket back at the end of
     the line with one SQL UPDATE (not timed), so the phase never runs dry.
     A second phase does call-next + POST tickets/<token>/no-show/ over HTTP.
   It also samples /proc for the CPU used by gunicorn, by the PostgreSQL backends
   of `mpp_bench`, by this client and by everything else, and prints requests per
   server CPU-second: on a shared machine that figure moves less than req/s.
4. Queue depth, one client, three blocks of `--depth-duration`/3 s: fills a line
   with 10 waiting tickets and measures issue then call-next on it; fills another
   line with 10,000 and measures it; measures the 10-line again beside it. Each
   called ticket is marked no-show by SQL, so depths stay constant. Prints p50 at
   10,000 / at 10 (target <= 1.5x) and CPU per issue + call-next pair.
5. `--diagnose`: queries per request (CaptureQueriesContext) and EXPLAIN ANALYZE
   of the slowest queries at 10,000 waiting.
The HTTP client is a minimal asyncio HTTP/1.1 client (`--client raw`, on uvloop):
gunicorn's sync workers close every connection anyway, and it costs about a tenth
of httpx's client CPU (`--client httpx`), CPU the server shares on a small machine.
Gunicorn is stopped at the end whatever happens. This is a measurement, not a test:
it prints "target met/missed" and never fails on slowness.
"""

import argparse
import asyncio
import concurrent.futures
import datetime as dt
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import zoneinfo
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DB_NAME = os.environ.get("MPP_BENCH_DB", "mpp_bench")  # one per concurrent bench run
PG_DSN = "host=127.0.0.1 port=5432 user=postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")

TARGET_ISSUE = 0.50
TARGET_CALL = 0.40
TARGET_DEPTH = 1.5
CONTENDED_CORES = 0.25
HEALTHZ, PING, SVC = "GET /healthz", "GET /bench/ping/", "GET /api/v1/services/<id>/"

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


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per phase (5)")
    parser.add_argument("--warmup", type=float, default=1.0, help="uncounted seconds first (1)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument(
        "--counters", type=int, default=16, help="counters = call-next clients (16)"
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (cores)"
    )
    parser.add_argument("--lines", type=int, default=4, help="service lines issued/called (4)")
    parser.add_argument(
        "--queue-depth", type=int, default=100, help="waiting tickets per call line (100)"
    )
    parser.add_argument(
        "--depths", default="10,10000", help="queue depths compared, comma-separated"
    )
    parser.add_argument(
        "--depth-duration",
        type=float,
        default=12.0,
        help="seconds of the depth blocks together (12)",
    )
    parser.add_argument(
        "--client",
        choices=["raw", "httpx"],
        default="raw",
        help="raw: minimal asyncio HTTP/1.1 client (least client CPU); httpx: AsyncClient",
    )
    parser.add_argument("--rounds", type=int, default=1, help="repeat the rate phases, merged (1)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/1")
    parser.add_argument(
        "--diagnose", action="store_true", help="queries per request and EXPLAIN ANALYZE"
    )
    args = parser.parse_args()
    args.depths = [int(d) for d in args.depths.split(",")]
    if args.counters > 200 or args.clients < 1 or args.duration <= 0:
        parser.error("counters <= 200, clients >= 1, duration > 0")
    return args


# --------------------------------------------------------------------- setup


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


def start_gunicorn(
    args: argparse.Namespace, port: int, log_path: Path
) -> tuple[subprocess.Popen, list[str]]:
    command = [
        str(BIN / "gunicorn"),
        "mpp.wsgi:application",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
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


class RawHttp:
    """HTTP/1.1 over asyncio streams, one connection per request (gunicorn's sync
    workers close every connection anyway): the least client CPU per request."""

    def __init__(self, port: int) -> None:
        self.port = port

    async def close(self) -> None:
        pass

    async def request(
        self, method: str, path: str, token: str | None = None, body: Any = None
    ) -> tuple[int, bytes]:
        payload = b"" if body is None else json.dumps(body).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            "Connection: close\r\nAccept: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n"
        )
        if payload:
            head += "Content-Type: application/json\r\n"
        if token:
            head += f"Authorization: Token {token}\r\n"
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(head.encode() + b"\r\n" + payload)
            data = await reader.read()  # to EOF: the server closes after the response
        finally:
            writer.close()
        if not data.startswith(b"HTTP/1."):
            raise ConnectionError(f"no HTTP response ({len(data)} bytes)")
        return int(data[9:12]), data.partition(b"\r\n\r\n")[2]


class HttpxHttp:
    def __init__(self, port: int, clients: int) -> None:
        import httpx

        self.client = httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}",
            limits=httpx.Limits(max_connections=clients, max_keepalive_connections=clients),
            timeout=30,
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def request(
        self, method: str, path: str, token: str | None = None, body: Any = None
    ) -> tuple[int, bytes]:
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        response = await self.client.request(method, path, headers=headers, json=body)
        return response.status_code, response.content


class Sql:
    """One autocommit connection per client, used from a thread (never blocks the loop)."""

    def __init__(self, clients: int) -> None:
        self.connections = []
        for _ in range(clients):
            conn = psycopg2.connect(PG_DSN + f" dbname={DB_NAME}")
            conn.autocommit = True
            self.connections.append(conn)
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=clients)

    def _run(self, i: int, sql: str, params: tuple) -> None:
        with self.connections[i].cursor() as cursor:
            cursor.execute(sql, params)

    async def execute(self, i: int, sql: str, *params: Any) -> None:
        await asyncio.get_running_loop().run_in_executor(self.pool, self._run, i, sql, params)

    def expire(self, services: list[int]) -> int:
        """Expire the lines' waiting tickets, refresh statistics, count what still waits."""
        with self.connections[0].cursor() as cursor:
            cursor.execute(
                "UPDATE queues_ticket SET status = 'expired', finished_at = now() "
                "WHERE service_id = ANY(%s) AND status = 'waiting'",
                (services,),
            )
            cursor.execute("ANALYZE queues_ticket")
            cursor.execute("SELECT count(*) FROM queues_ticket WHERE status = 'waiting'")
            return int(cursor.fetchone()[0])

    def close(self) -> None:
        self.pool.shutdown()
        for conn in self.connections:
            conn.close()


# --------------------------------------------------------------- measurement

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server_pid: int) -> dict[str, Any]:
    """CPU ticks so far: the whole machine (busy), and per process: gunicorn (master +
    workers), our PostgreSQL backends (those of mpp_bench), and this client."""
    with open("/proc/stat") as f:
        values = [int(x) for x in f.readline().split()[1:9]]
    out: dict[str, Any] = {"at": time.perf_counter(), "busy": sum(values) - values[3] - values[4]}
    out.update(server={}, db={}, client={})
    me = os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        close = stat.rfind(b")")
        rest = stat[close + 2 :].split()
        pid, ppid, ticks = int(name), int(rest[1]), int(rest[11]) + int(rest[12])
        if pid == server_pid or ppid == server_pid:
            out["server"][pid] = ticks
        elif pid == me:
            out["client"][pid] = ticks
        elif b"(postgres)" in stat[: close + 1]:
            try:
                with open(f"/proc/{name}/cmdline", "rb") as f:
                    if DB_NAME.encode() in f.read():
                        out["db"][pid] = ticks
            except OSError:
                continue
    return out


def cpu_cores(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """Cores used on average between two snapshots, per kind; `other` is everyone else.
    A process that exits in between is lost (counted as other); a new one counts whole."""
    seconds = after["at"] - before["at"]
    cores = {"busy": (after["busy"] - before["busy"]) / CLOCK_TICKS / seconds}
    for kind in ("server", "db", "client"):
        ticks = sum(t - before[kind].get(pid, 0) for pid, t in after[kind].items())
        cores[kind] = ticks / CLOCK_TICKS / seconds
    cores["other"] = max(0.0, cores["busy"] - cores["server"] - cores["db"] - cores["client"])
    return cores


@dataclass
class Metric:
    name: str
    clients: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: Counter = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered) + 0.5) - 1))] * 1000

    def merge(self, other: "Metric") -> None:
        self.clients = other.clients
        self.latencies += other.latencies
        self.errors += other.errors
        self.statuses.update(other.statuses)
        self.samples = (self.samples + other.samples)[:3]
        self.seconds += other.seconds


class Phase:
    """Counts only requests that start after the warm-up and end before the end."""

    def __init__(self, http: "RawHttp | HttpxHttp", warmup: float, duration: float) -> None:
        self.http = http
        now = time.perf_counter()
        self.start = now + warmup
        self.end = self.start + duration
        self.duration = duration
        self.metrics: dict[str, Metric] = {}

    @property
    def running(self) -> bool:
        return time.perf_counter() < self.end

    async def timed(
        self,
        name: str,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: Any = None,
        expect: int = 200,
    ) -> tuple[int, bytes]:
        t0 = time.perf_counter()
        try:
            status, data = await asyncio.wait_for(self.http.request(method, path, token, body), 30)
        except (OSError, TimeoutError, ValueError) as exc:
            status, data = 0, repr(exc).encode()
        t1 = time.perf_counter()
        if self.start <= t0 and t1 <= self.end:
            metric = self.metrics.setdefault(name, Metric(name, seconds=self.duration))
            metric.statuses[status] += 1
            if status == expect:
                metric.latencies.append(t1 - t0)
            else:
                metric.errors += 1
                if len(metric.samples) < 3:
                    metric.samples.append(f"{status} {data[:200]!r}")
        return status, data


Step = Callable[[Phase, int, int], Awaitable[None]]


async def run_phase(
    http: "RawHttp | HttpxHttp",
    args: argparse.Namespace,
    server_pid: int,
    clients: int,
    step: Step,
    duration: float,
) -> tuple[dict[str, Metric], dict[str, float]]:
    """`clients` loops calling step(phase, client, iteration) until the phase ends."""
    phase = Phase(http, args.warmup, duration)

    async def snapshot_at(moment: float) -> dict[str, Any]:
        await asyncio.sleep(max(0.0, moment - time.perf_counter()))
        return cpu_snapshot(server_pid)

    async def loop(client: int) -> None:
        for n in itertools.count():
            if not phase.running:
                return
            await step(phase, client, n)

    first = asyncio.create_task(snapshot_at(phase.start))
    last = asyncio.create_task(snapshot_at(phase.end))
    await asyncio.gather(*(loop(i) for i in range(clients)))
    for metric in phase.metrics.values():
        metric.clients = clients
    return phase.metrics, cpu_cores(await first, await last)


def nik(index: int) -> str:
    """A valid NIK (Kota Probolinggo, 35 74 01), unique for index < 3.3 million."""
    serial = index % 9999 + 1
    rest = index // 9999
    day, month = rest % 28 + 1, (rest // 28) % 12 + 1
    return f"357401{day:02d}{month:02d}90{serial:04d}"


@dataclass
class Results:
    metrics: dict[str, Metric] = field(default_factory=dict)
    cpu: dict[str, list[dict[str, float]]] = field(default_factory=dict)
    primary: dict[str, str] = field(default_factory=dict)  # phase label -> its main metric
    notes: list[str] = field(default_factory=list)

    def add(self, label: str, metrics: dict[str, Metric], cpu: dict[str, float]) -> None:
        if metrics:
            self.primary.setdefault(label, next(iter(metrics)))
        for name, metric in metrics.items():
            if name in self.metrics:
                self.metrics[name].merge(metric)
            else:
                self.metrics[name] = metric
        self.cpu.setdefault(label, []).append(cpu)


async def measure(
    args: argparse.Namespace, port: int, info: dict[str, Any], server_pid: int
) -> Results:
    http: RawHttp | HttpxHttp = (
        RawHttp(port) if args.client == "raw" else HttpxHttp(port, args.clients)
    )
    sql = Sql(max(args.counters, 1))
    results = Results()
    try:
        # Counters open (the officer's attendance) before anyone calls.
        openings = [(c["id"], c["token"]) for c in info["counters"]]
        openings += [(line["counter"], line["token"]) for line in info["depth_lines"]]
        for counter_id, token in openings:
            path = f"/api/v1/counters/{counter_id}/open/"
            status, data = await http.request("POST", path, token)
            if status != 200:
                raise SystemExit(f"opening counter failed: {status} {data[:200]!r}")

        # Booking targets: 7 days from tomorrow x the issue lines, slots from availability.
        today = dt.date.fromisoformat(info["today"])
        targets = []
        for offset in range(1, 8):
            day = (today + dt.timedelta(days=offset)).isoformat()
            for service in info["issue_services"]:
                path = f"/api/v1/services/{service}/availability/?date={day}"
                status, data = await http.request("GET", path)
                body = json.loads(data) if status == 200 else {}
                starts = [s["start"] for s in body.get("slots", []) if s["remaining"] > 0]
                if not starts:
                    raise SystemExit(f"no bookable slot: {path} -> {status} {data[:200]!r}")
                targets.append((service, day, starts))

        service_id = info["issue_services"][0]
        kiosk = info["kiosk_token"]
        issue_lines = info["issue_services"]
        bookings = itertools.count()

        async def healthz(phase: Phase, i: int, n: int) -> None:
            await phase.timed(HEALTHZ, "GET", "/healthz")

        async def ping(phase: Phase, i: int, n: int) -> None:
            await phase.timed(PING, "GET", "/bench/ping/")

        async def detail(phase: Phase, i: int, n: int) -> None:
            path = f"/api/v1/services/{service_id}/"
            await phase.timed(SVC, "GET", path)

        async def issue(phase: Phase, i: int, n: int) -> None:
            body = {"service": issue_lines[(i + n) % len(issue_lines)]}
            await phase.timed(
                "POST kiosk/tickets/ (issue)",
                "POST",
                "/api/v1/kiosk/tickets/",
                token=kiosk,
                body=body,
                expect=201,
            )

        async def book(phase: Phase, i: int, n: int) -> None:
            k = next(bookings)
            service, day, starts = targets[k % len(targets)]
            body = {
                "service": service,
                "date": day,
                "slot_start": starts[(k // len(targets)) % len(starts)],
                "nik": nik(k),
                "phone": f"0812{k:08d}",
                "name": f"Warga Bench {k}",
                "priority": "regular",
            }
            name = "POST bookings/ (online booking)"
            await phase.timed(name, "POST", "/api/v1/bookings/", body=body, expect=201)

        def call_step(no_show: bool) -> Step:
            name = "POST call-next/" + (" (+no-show cycle)" if no_show else "")

            async def step(phase: Phase, i: int, n: int) -> None:
                counter = info["counters"][i]
                status, data = await phase.timed(
                    name,
                    "POST",
                    f"/api/v1/counters/{counter['id']}/call-next/",
                    token=counter["token"],
                )
                if status != 200:
                    await sql.execute(i, FREE_COUNTER_SQL, counter["id"])
                    await asyncio.sleep(0.005 if status == 204 else 0)
                    return
                token = json.loads(data)["token"]
                if no_show:
                    await phase.timed(
                        "POST tickets/<token>/no-show/ (in cycle)",
                        "POST",
                        f"/api/v1/tickets/{token}/no-show/",
                        token=counter["token"],
                    )
                await sql.execute(i, REQUEUE_SQL, token)

            return step

        def depth_step(line: dict[str, Any], label: str) -> Step:
            async def step(phase: Phase, i: int, n: int) -> None:
                await phase.timed(
                    f"issue @ {label}",
                    "POST",
                    "/api/v1/kiosk/tickets/",
                    token=kiosk,
                    body={"service": line["service"]},
                    expect=201,
                )
                status, data = await phase.timed(
                    f"call-next @ {label}",
                    "POST",
                    f"/api/v1/counters/{line['counter']}/call-next/",
                    token=line["token"],
                )
                if status == 200:
                    await sql.execute(0, NO_SHOW_SQL, json.loads(data)["token"])
                else:
                    await sql.execute(0, FREE_COUNTER_SQL, line["counter"])

            return step

        async def expire_issued() -> None:
            """End of day for the issue phase's walk-ins: nobody serves those lines."""
            waiting = await asyncio.to_thread(sql.expire, issue_lines)
            results.notes.append(
                f"call-next phases start with {waiting:,} tickets waiting in the whole mall "
                f"({args.lines} call lines x {args.queue_depth}); issue-phase walk-ins expired"
            )

        def fill_depth(line: dict[str, Any]) -> Callable[[], Awaitable[None]]:
            async def fill() -> None:
                payload = json.dumps({"lines": [line]})
                await asyncio.to_thread(
                    django_command, args, "-m", "bench._django", "fill-depth", payload
                )

            return fill

        phases: list[tuple[str, int, Step, Callable[[], Awaitable[None]] | None]] = [
            ("healthz", args.clients, healthz, None),
            ("trivial DRF: /bench/ping/", args.clients, ping, None),
            ("trivial DRF: services/<id>/", args.clients, detail, None),
            ("kiosk issue", args.clients, issue, None),
            ("online booking", args.clients, book, None),
            ("call-next (counter freed by SQL)", args.counters, call_step(False), expire_issued),
            ("call-next + no-show over HTTP", args.counters, call_step(True), None),
        ]
        schedule = [(*p, args.duration) for _ in range(args.rounds) for p in phases]
        # Depth blocks, one client, one line each: every line alone, shallow first (each
        # filled just before its block), then the shallower lines again beside the deepest.
        depth_lines = sorted(info["depth_lines"], key=lambda line: line["depth"])
        deepest = depth_lines[-1]["depth"]
        blocks = [(line, f"{line['depth']:,} waiting", fill_depth(line)) for line in depth_lines]
        blocks += [
            (line, f"{line['depth']:,} waiting, {deepest:,} elsewhere", None)
            for line in depth_lines[:-1]
        ]
        block_seconds = args.depth_duration / len(blocks)
        for line, label, before in blocks:
            step = depth_step(line, label)
            schedule.append((f"depth: {label}", 1, step, before, block_seconds))
        for label, clients, step, before, duration in schedule:
            if before is not None:
                await before()
            print(f"  {label:<38} {clients:>3} clients ...", end=" ", flush=True)
            metrics, cpu = await run_phase(http, args, server_pid, clients, step, duration)
            rates = "  ".join(f"{m.rate:,.0f}/s" for m in metrics.values() if "@" not in m.name)
            print(
                f"{rates or 'done':<16} CPU cores: gunicorn {cpu['server']:.2f}, "
                f"postgres {cpu['db']:.2f}, client {cpu['client']:.2f}, "
                f"other {cpu['other']:.2f}",
                flush=True,
            )
            results.add(label, metrics, cpu)
    finally:
        await http.close()
        sql.close()
    return results


# ------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "target met" if ok else "target missed"


def print_report(results: Results, args: argparse.Namespace) -> None:
    metrics = results.metrics
    healthz = metrics.get(HEALTHZ)
    ping = metrics.get(PING)
    detail = metrics.get(SVC)

    def ratio(metric: Metric, base: Metric | None) -> str:
        return f"{metric.rate / base.rate:.2f}x" if base is not None and base.rate else "-"

    rounds = f", {args.rounds} rounds" if args.rounds > 1 else ""
    print()
    print(
        f"Results ({args.duration:g} s measured per phase after {args.warmup:g} s warm-up{rounds})"
    )
    header = (
        f"{'endpoint':<41} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6} {'/healthz':>8} {'/svc':>6} {'/ping':>6}"
    )
    print(header)
    print("-" * len(header))
    for m in metrics.values():
        if "@" in m.name:
            continue
        print(
            f"{m.name:<41} {m.clients:>7} {len(m.latencies):>8} {m.rate:>7,.0f} "
            f"{m.percentile(0.50):>7.1f} {m.percentile(0.99):>7.1f} {m.errors:>6} "
            f"{ratio(m, healthz):>8} {ratio(m, detail):>6} {ratio(m, ping):>6}"
        )
    print("-" * len(header))
    print("/healthz: plain Django view, SELECT 1 + a new Redis connection and PING")
    print("/svc: GET /api/v1/services/<id>/, a small DRF retrieve view (the issue's baseline)")
    print("/ping: GET /bench/ping/, a DRF APIView returning a constant (bench-only route)")
    print("call-next rows: one client per counter; each called ticket goes back to the end")
    print("of its line by SQL (untimed), so the queue depth stays constant.")

    # Per server CPU-second: robust to other processes taking CPU on a shared machine.
    per_cpu: dict[str, float] = {}
    cpu_rows = []
    for label, samples in results.cpu.items():
        mean = {k: sum(s[k] for s in samples) / len(samples) for k in samples[0]}
        metric = metrics.get(results.primary.get(label, ""))
        server = mean["server"] + mean["db"]
        if metric is not None and "@" not in metric.name and server > 0:
            per_cpu[metric.name] = metric.rate / server
        cpu_rows.append((label, mean, metric))

    def cpu_ratio(name: str, base: str) -> str:
        return (
            f"{per_cpu[name] / per_cpu[base]:.2f}x" if name in per_cpu and base in per_cpu else "-"
        )

    print()
    print(f"CPU during the measured seconds (cores of {os.cpu_count()}), and requests per")
    print("server CPU-second (gunicorn + its PostgreSQL backends), which other load affects less:")
    print(
        f"  {'phase':<36} {'gunicorn':>8} {'postgres':>8} {'client':>6} {'other':>6} "
        f"{'req/CPU-s':>9} {'/svc':>6} {'/ping':>6}"
    )
    busy_phases = []
    for label, mean, metric in cpu_rows:
        name = metric.name if metric is not None else ""
        rate = f"{per_cpu[name]:,.0f}" if name in per_cpu else "-"
        flag = " *" if mean["other"] > CONTENDED_CORES else ""
        if flag:
            busy_phases.append(label)
        print(
            f"  {label:<36} {mean['server']:>8.2f} {mean['db']:>8.2f} {mean['client']:>6.2f} "
            f"{mean['other']:>6.2f} {rate:>9} {cpu_ratio(name, SVC):>6} {cpu_ratio(name, PING):>6}"
            f"{flag}"
        )
    print("  other = every other process on the machine (Redis, anything else running)")
    if busy_phases:
        print(
            f"  * other processes took > {CONTENDED_CORES} cores: that phase's req/s is "
            "understated; compare req/CPU-s"
        )

    issue = metrics.get("POST kiosk/tickets/ (issue)")
    call = metrics.get("POST call-next/")
    print()
    print("Targets (rate relative to the trivial DRF endpoint GET /api/v1/services/<id>/):")
    for label, metric, target in (
        ("kiosk issue", issue, TARGET_ISSUE),
        ("call-next", call, TARGET_CALL),
    ):
        if metric is None or detail is None or not detail.rate:
            print(f"  {label}: not measured")
            continue
        value = metric.rate / detail.rate
        vs_ping = f"; vs /bench/ping/ {metric.rate / ping.rate:.2f}x" if ping and ping.rate else ""
        print(
            f"  {label:<12} {value:.2f}x (target >= {target:.2f}x): "
            f"{verdict(value >= target)}{vs_ping}"
        )
        if metric.name in per_cpu and SVC in per_cpu:
            value = per_cpu[metric.name] / per_cpu[SVC]
            print(
                f"  {'':<12} {value:.2f}x per server CPU-second: {verdict(value >= target)}; "
                f"vs /bench/ping/ {cpu_ratio(metric.name, PING)}"
            )

    depth_rows = [
        m.name.split(" @ ", 1)[1] for m in metrics.values() if m.name.startswith("issue @")
    ]
    if depth_rows:
        print()
        block = args.depth_duration / max(1, 2 * len(args.depths) - 1)
        print(f"Queue depth (1 client, {block:g} s per block, issue then call-next; ms):")
        print(
            f"  {'line':<36} {'issue p50':>9} {'p90':>6} {'call-next p50':>13} {'p90':>6} "
            f"{'n':>4} {'CPU/cycle':>9} err"
        )
        for row in depth_rows:
            i = metrics.get(f"issue @ {row}")
            c = metrics.get(f"call-next @ {row}")
            if i is None or c is None:
                continue
            samples = results.cpu.get(f"depth: {row}", [])
            cycles = len(c.latencies) + c.errors
            cpu = "-"
            if samples and cycles:
                cores = samples[0]["server"] + samples[0]["db"]
                cpu = f"{cores * c.seconds / cycles * 1000:.1f}"
            print(
                f"  {row:<36} {i.percentile(0.5):>9.2f} {i.percentile(0.9):>6.2f} "
                f"{c.percentile(0.5):>13.2f} {c.percentile(0.9):>6.2f} {len(c.latencies):>4} "
                f"{cpu:>9} {i.errors + c.errors:>3}"
            )
        print(
            "  CPU/cycle: gunicorn + PostgreSQL CPU ms per issue + call-next pair (less "
            "sensitive to other load)"
        )
        low, high = min(args.depths), max(args.depths)
        for label in ("issue", "call-next"):
            a = metrics.get(f"{label} @ {low:,} waiting")
            b = metrics.get(f"{label} @ {high:,} waiting")
            if a is None or b is None or not a.latencies or not b.latencies:
                continue
            value = b.percentile(0.5) / a.percentile(0.5)
            print(
                f"  {label:<10} p50 at {high:,} / at {low:,} waiting: {value:.2f}x "
                f"(target <= {TARGET_DEPTH}x): {verdict(value <= TARGET_DEPTH)}"
            )
            beside = metrics.get(f"{label} @ {low:,} waiting, {high:,} elsewhere")
            if beside is not None and beside.latencies:
                value = beside.percentile(0.5) / a.percentile(0.5)
                print(
                    f"  {'':<10} p50 at {low:,} waiting beside a {high:,} line / alone: "
                    f"{value:.2f}x"
                )

    if results.notes:
        print()
        for note in results.notes[:1]:
            print(f"Note: {note}.")
    failed = [m for m in metrics.values() if m.errors]
    if failed:
        print()
        print("Errors (status: count; first bodies):")
        for m in failed:
            print(f"  {m.name}: {dict(m.statuses)}")
            for sample in m.samples:
                print(f"      {sample}")


# --------------------------------------------------------------------- main


def main() -> None:
    args = parse_args()
    began = time.monotonic()
    now = dt.datetime.now(JAKARTA)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), JAKARTA)
    if (midnight - now).total_seconds() < 300:
        print("warning: Asia/Jakarta midnight is near; 'today' may change during the run")

    print("Antrean MPP ticket benchmark")
    version = recreate_database()
    django_command(args, "manage.py", "migrate", "--noinput")
    options = {
        "lines": args.lines,
        "counters": args.counters,
        "queue_depth": args.queue_depth,
        "depths": args.depths,
    }
    info = json.loads(django_command(args, "-m", "bench._django", "seed", json.dumps(options)))
    setup_seconds = time.monotonic() - began

    try:
        import uvloop

        loop_factory, loop_name = uvloop.new_event_loop, "uvloop"
    except ImportError:
        loop_factory, loop_name = None, "asyncio"
    port = free_port()
    log_path = Path(tempfile.mkdtemp(prefix="mpp-bench-")) / "gunicorn.log"
    process = None
    try:
        process, command = start_gunicorn(args, port, log_path)
        wait_ready(process, port, log_path)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"  server:   gunicorn {' '.join(command[1:])}")
        print(
            f"            {args.workers} sync WSGI workers on {os.cpu_count()} cores; "
            f"log {log_path}"
        )
        print("  settings: bench.settings (= mpp.settings + /bench/ping/), DEBUG=false,")
        print(f"            REDIS_URL={args.redis_url}, ANON_THROTTLE_RATE=100000000/minute")
        print(f"  database: PostgreSQL {version}, fresh `{DB_NAME}`, setup {setup_seconds:.1f} s")
        print(
            f"  load:     {args.clients} clients, {args.counters} for call-next (one per counter); "
            f"{args.client} HTTP client on {loop_name}, loopback; load average {load}"
        )
        print(
            f"  data:     kiosk issue and booking round-robin over {args.lines} lines; "
            f"{args.counters} counters serve {args.lines} call lines of {args.queue_depth} waiting"
        )
        print()
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            results = runner.run(measure(args, port, info, process.pid))
        if process.poll() is not None:
            print("warning: gunicorn exited during the run")
    finally:
        stop_gunicorn(process)
    print_report(results, args)
    if args.diagnose:
        print()
        print(django_command(args, "-m", "bench._django", "diagnose", json.dumps(info)), end="")
    print()
    print(f"Total {time.monotonic() - began:.0f} s; database `{DB_NAME}` kept for inspection.")


if __name__ == "__main__":
    main()
