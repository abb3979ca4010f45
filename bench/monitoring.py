"""Monitoring benchmark: the booth scan, the dashboard snapshot and the reports on a
month of demo history, in-process against PostgreSQL.

    .venv/bin/python bench/monitoring.py [--days 30] [--repeat 15] [--database NAME]

What it does (loopback only, about a minute):
1. Drops and recreates the PostgreSQL database `mpp_bench_monitoring`, migrates it and
   loads the demo mall (`load_demo --all-hours`: 22 agencies and booths), then its
   history when the command exists (`load_demo_activity --days N`).
2. Times, `--repeat` times each, and prints the median and worst wall time and the
   number of SQL queries of:
   - `booth_scan` as of now (first run opens the demo's alerts; the rest find nothing
     to change: the steady state beat sees every minute);
   - `monitoring_snapshot` (what /ws/manager/ and /dashboard/ send first);
   - the attendance, performance and IKM reports over the last `--days` days, every
     agency.
The scan runs every minute: the figure to watch is its share of that minute. This is
a measurement, not a test: it prints figures and never fails on slowness.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "mpp_bench_monitoring"  # --database changes it (two runs at once need two)


def _environment(database: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ["REDIS_URL"] = ""  # in-memory layer and cache: only the database is timed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mpp.settings")
    os.environ.setdefault("NOTIFY_BACKEND", "mpp.lib.notify.MemoryBackend")
    os.environ.setdefault("NIK_HASH_KEY", "bench-only-nik-hash-key")


def _recreate_database(database: str) -> None:
    import psycopg2

    connection = psycopg2.connect("postgres://postgres@127.0.0.1:5432/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{database}"')
    connection.close()


def _measure(name: str, action: Callable[[], object], repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds, queries = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            action()
            seconds.append(time.perf_counter() - start)
        queries.append(len(captured.captured_queries))
    print(
        f"{name:<34} median {statistics.median(seconds) * 1000:8.1f} ms"
        f"   worst {max(seconds) * 1000:8.1f} ms   queries {min(queries)}-{max(queries)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database", default=DB, help="PostgreSQL database to (re)create")
    options = parser.parse_args()
    if not options.database.replace("_", "").isalnum():
        parser.error("--database: letters, digits and underscores only")
    _environment(options.database)
    _recreate_database(options.database)
    import django

    django.setup()
    import logging

    logging.getLogger("celery").setLevel(logging.WARNING)  # eager tasks log every run
    from django.conf import settings
    from django.core.management import call_command, get_commands

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("load_demo", "--all-hours", verbosity=0)
    print(f"load_demo                          {time.perf_counter() - started:8.1f} s")
    if "load_demo_activity" in get_commands():
        started = time.perf_counter()
        call_command("load_demo_activity", "--days", str(options.days), verbosity=0)
        print(f"load_demo_activity --days {options.days:<8} {time.perf_counter() - started:8.1f} s")
    else:
        print("load_demo_activity: not available, reports run on an empty history")
    _run(options)


def _run(options: argparse.Namespace) -> None:
    from django.utils import timezone

    from agencies.models import Booth, User
    from complaints.survey import ikm_report
    from counters.models import Counter
    from monitoring.models import BoothAlert
    from monitoring.selectors import monitoring_snapshot
    from monitoring.services import booth_scan
    from queues.models import Ticket
    from reports import attendance as attendance_report
    from reports import performance as performance_report

    manager = User.objects.filter(role=User.Role.MANAGER).first()
    today = timezone.localdate()
    first = today - dt.timedelta(days=options.days)
    print(
        f"mall: {Booth.objects.count()} booths, {Counter.objects.count()} counters, "
        f"{Ticket.objects.count()} tickets, {BoothAlert.objects.count()} alerts so far"
    )
    opened = booth_scan(at=timezone.now())
    print(f"first scan opened {len(opened.opened)} alerts, closed {len(opened.closed)}")
    repeat = options.repeat
    _measure("booth_scan (steady state)", lambda: booth_scan(at=timezone.now()), repeat)
    _measure(
        "monitoring_snapshot (all booths)", lambda: monitoring_snapshot(agency_id=None), repeat
    )
    period = {"date_from": first, "date_to": today}
    _measure(
        f"attendance report, {options.days} days", lambda: attendance_report.attendance(**period), 5
    )
    _measure(
        f"performance report, {options.days} days",
        lambda: performance_report.performance(**period),
        5,
    )
    _measure(
        f"IKM report, {options.days} days",
        lambda: ikm_report(user=manager, **period),
        5,
    )


if __name__ == "__main__":
    main()
