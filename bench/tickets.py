"""Ticket benchmark: issue, booking and call-next over HTTP, served as production serves them.

    .venv/bin/python bench/tickets.py [--duration 5] [--clients 32] [--rounds 1] [--diagnose]

What it does (loopback only, bounded, stops by itself, about 70 s with the defaults):
1. Drops and recreates the PostgreSQL database `mpp_bench`, migrates it, and seeds
   a bench mall (open 00:00-23:59 every day, no issuing cutoff) through
   `python -m bench._django seed`.
2. Starts gunicorn (sync WSGI workers, 2 x cores + 1 as `deploy/run web`) on a free port, with
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
import datetime as dt
import itertools
import json
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._tickets_clients import HttpxHttp, RawHttp, Sql, nik  # noqa: E402
from bench._tickets_phases import Phase, Results, Step, run_phase  # noqa: E402
from bench._tickets_report import HEALTHZ, PING, SVC, print_report  # noqa: E402
from bench._tickets_setup import (  # noqa: E402
    DB_NAME,
    FREE_COUNTER_SQL,
    JAKARTA,
    NO_SHOW_SQL,
    REQUEUE_SQL,
    WEB_WORKERS,
    django_command,
    free_port,
    recreate_database,
    start_gunicorn,
    stop_gunicorn,
    wait_ready,
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per phase (5)")
    parser.add_argument("--warmup", type=float, default=1.0, help="uncounted seconds first (1)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument(
        "--counters", type=int, default=16, help="counters = call-next clients (16)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=WEB_WORKERS,
        help="gunicorn workers (2 x cores + 1, as deploy/run web)",
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
