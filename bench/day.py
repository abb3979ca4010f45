"""A simulated day at the Kota Probolinggo MPP, compressed into minutes, through the real
HTTP API and websockets, served as production serves them.

    .venv/bin/python bench/day.py [--visitors 1500] [--minutes 4] [--seed 1] [--voice]

What it does (loopback only, bounded, stops by itself):
1. Drops and recreates the PostgreSQL database `mpp_bench_day` (its own, `$MPP_BENCH_DB`
   + `_day`: bench/realtime.py and bench/tickets.py use `mpp_bench`), migrates it, loads
   the demo mall (`load_demo --all-hours`: about 22 agencies, 150 services, one officer per counter)
   and fits online booking to a compressed day (`python -m bench._day prepare`: hour-long
   slots with room for the day's bookings). Starts a redis-server of its own, gunicorn
   (`--web-workers` sync workers, HTTP) and uvicorn (`--ws-workers`, websockets) with
   bench/realtime.py's helpers. Without `--voice` espeak-ng is off the servers' PATH
   (calls carry no audio): the box is shared, and bench/realtime.py times the voice.
2. Takes tokens over `POST /api/v1/auth/token/` (the kiosk and every counter's officer:
   `officer-<code>`, `officer-<code>-<k>` for the agency's k-th counter in
   `GET /api/v1/agencies/`), connects 5 lobby displays (/ws/display/) for the whole day.
3. Runs the day 08:00-15:30 in `--minutes` real minutes: `--visitors` residents arrive
   with a morning peak (the last at 15:00), each at an agency chosen by its counters (two
   for Dukcapil) and a service of that agency; 60% walk in (kiosk ticket), 40% booked
   online before the day (`POST /api/v1/bookings/`, in the pre-day phase) and arrive early,
   on time, late, or not at all (15% no-shows, never checked in); 10% priority. Up to 100
   residents at a time keep their ticket page open (/ws/tickets/<token>/) from their ticket
   to the end of their visit. Every counter is opened by its officer, who calls the next
   ticket, recalls (5%; a resident who never comes is recalled twice and marked no-show),
   starts, serves for a simulated time (sized so each agency's counters are busy about
   80% of the day), finishes or, for a new KTP-el, transfers the ticket to the recording
   stage (perekaman KTP-el, a second call); each officer takes one 20-40 minute break;
   after 15:30 each serves what is left in its agency's lines, then closes.
   Booking slots are real: the compressed day falls inside one real hour-long slot, so an
   "early" or "late" arrival is early or late on the simulated clock only; the server's
   check-in window is not exercised here (tests/queues cover it).
4. Prints: requests and errors by endpoint and status code, latency per endpoint (p50,
   p99), waits per agency (simulated minutes, from ticket or check-in to call), event lag
   (call-next response -> each display's `ticket.called`; the ticket's own page; the
   event's `last_called_at` -> display), seq gaps on every socket, the client loop's lag; and
   checks: 0 errors, gap-free numbers per prefix, no double calls, every call and recall
   seen once by every display, nothing waiting at closing beyond what the counters could
   not yet serve, and the whole day served.
Every server it starts is stopped at the end whatever happens. This is a measurement,
not a test: it prints "ok"/"FAILED" per check and never fails on slowness.
"""

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import _tickets_setup as base  # noqa: E402  (database)
from bench import realtime  # noqa: E402  (servers, private Redis)
from bench._day_floor import Day  # noqa: E402
from bench._day_report import report  # noqa: E402
from bench._realtime_servers import lag_file  # noqa: E402

# Its own database: bench/realtime.py and bench/tickets.py use MPP_BENCH_DB (mpp_bench).
DB_NAME = os.environ.get("MPP_BENCH_DB", "mpp_bench") + "_day"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visitors", type=int, default=1500, help="residents in the day (1500)")
    parser.add_argument("--minutes", type=float, default=4.0, help="real minutes of the day (4)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument(
        "--web-workers", type=int, default=base.WEB_WORKERS, help="gunicorn (2 x cores + 1)"
    )
    parser.add_argument("--ws-workers", type=int, default=2, help="uvicorn workers (2)")
    parser.add_argument("--voice", action="store_true", help="render announcements (espeak-ng)")
    args = parser.parse_args()
    if not (1 <= args.visitors <= 5000 and 0.5 <= args.minutes <= 60):
        parser.error("1 <= visitors <= 5000, 0.5 <= minutes <= 60")
    args.database_url = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    return args


# ------------------------------------------------------------------ main


def main() -> None:
    args = parse_args()
    began = time.monotonic()
    realtime.raise_nofile()
    print("Antrean MPP: one simulated day (Kota Probolinggo demo mall)")
    redis_server = realtime.start_private_redis(args)
    logs = Path(tempfile.mkdtemp(prefix="mpp-bench-day-"))
    media = logs / "media"
    servers: list[realtime.Server] = []
    try:
        version = base.recreate_database(DB_NAME)
        base.django_command(args, "manage.py", "migrate", "--noinput")
        base.django_command(args, "manage.py", "load_demo", "--all-hours")
        prepared = json.loads(base.django_command(args, "-m", "bench._day", "prepare", "{}"))
        if not prepared["open"]:
            raise SystemExit(f"the demo mall is closed today: {prepared['reason']}")
        env = realtime.app_env(args, media, voice=args.voice)
        env["LOGIN_THROTTLE_RATE"] = "100000/minute"  # every officer logs in from here
        web = realtime.gunicorn(argparse.Namespace(web_workers=args.web_workers), env, logs, "web")
        ws = realtime.uvicorn(argparse.Namespace(workers=args.ws_workers), env, logs, "ws")
        servers += [web, ws]
        for server in servers:
            server.wait_ready()
        print(
            f"  PostgreSQL {version}, database `{DB_NAME}`; redis-server of its own on port "
            f"{redis_server.port}; gunicorn {args.web_workers} sync workers; uvicorn "
            f"{args.ws_workers} workers; voice {'on' if args.voice else 'off'}; "
            f"{os.cpu_count()} cores, load average "
            + ", ".join(f"{x:.2f}" for x in os.getloadavg())
        )
        args.lag_file = lag_file(media)
        asyncio.run(simulate(args, web.port, ws.port, prepared["today"], began))
    finally:
        for server in servers:
            server.stop()
        redis_server.stop()
        shutil.rmtree(media, ignore_errors=True)
    print(f"Database `{DB_NAME}` and server logs ({logs}) kept for inspection.")


async def simulate(args: argparse.Namespace, web: int, ws: int, today: str, began: float) -> None:
    day = Day(args, web, ws)
    day.today = today
    await day.catalog()
    day.plan()
    t0 = time.monotonic()
    await day.book_ahead()
    print(
        f"  {len(day.counters)} counters staffed, {len(day.agency_services)} agencies; "
        f"{sum(1 for v in day.visitors if v.online and v.token)} bookings made before the day "
        f"in {time.monotonic() - t0:.0f} s; the day 08:00-15:30 in {args.minutes:g} min "
        f"(1 simulated minute = {day.clock.scale * 1000:.0f} ms)"
    )
    await day.connect_displays()
    await day.run()
    report(day, began, args)


if __name__ == "__main__":
    main()
