"""Django-side helpers for bench/tickets.py, run in a subprocess so the
benchmark's event loop never touches the ORM:

    python -m bench._django seed '<json options>'   -> JSON description on stdout
    python -m bench._django fill-depth '{"lines": [...]}' -> fills queue-depth lines
    python -m bench._django diagnose '<json seed>'  -> queries per request, plans

The environment (DATABASE_URL, REDIS_URL, ...) is set by bench/tickets.py.
"""

import datetime as dt
import json
import os
import sys
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def seed(options: dict[str, Any]) -> dict[str, Any]:
    """Bench mall: always open, one agency, issue lines, call lines, depth lines."""
    from django.db import transaction
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from agencies.models import Agency, Booth, OpeningHours, Service, User
    from counters.models import Counter

    lines = int(options["lines"])
    counters = int(options["counters"])
    queue_depth = int(options["queue_depth"])
    depths = [int(d) for d in options["depths"]]
    today = timezone.localdate()
    now = timezone.now()

    def service(code: str, prefix: str) -> Service:
        return Service.objects.create(
            agency=agency,
            code=code,
            name=f"Layanan bench {prefix}",
            prefix=prefix,
            description="Layanan untuk pengukuran kinerja.",
            requirements=["KTP-el asli", "Fotokopi KK"],
            procedure=["Ambil antrean", "Serahkan berkas", "Terima produk"],
            duration="1 hari kerja",
            fee="Gratis",
            online_booking=True,
            slot_minutes=5,
            slot_capacity=30000,
            daily_quota=None,
            booking_window_days=30,
        )

    def officer(name: str) -> tuple[User, str]:
        user = User.objects.create(username=name, role=User.Role.OFFICER, agency=agency)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return user, Token.objects.create(user=user).key

    with transaction.atomic():
        for weekday in range(7):
            OpeningHours.objects.update_or_create(
                weekday=weekday,
                defaults={
                    "opens_at": dt.time(0, 0),
                    "closes_at": dt.time(23, 59),
                    "issue_cutoff_minutes": 0,
                },
            )
        agency = Agency.objects.create(code="bench", name="Dinas Bench", kind=Agency.Kind.LOCAL)
        booth = Booth.objects.create(agency=agency, label="Gerai Bench", floor="1")
        issue_lines = [service(f"issue-{i}", f"K{i}") for i in range(1, lines + 1)]
        call_lines = [service(f"call-{i}", f"C{i}") for i in range(1, lines + 1)]
        for line in call_lines:
            fill(line, queue_depth, now=now)
        call_counters = []
        for i in range(1, counters + 1):
            counter = Counter.objects.create(booth=booth, label=f"Loket {i}", number=i)
            counter.services.set(call_lines)
            _, key = officer(f"bench-officer-{i}")
            call_counters.append({"id": counter.pk, "token": key})
        depth_lines = []
        for j, depth in enumerate(depths):
            line = service(f"depth-{depth}", f"D{j}")  # filled just before its phase
            number = counters + 1 + j
            counter = Counter.objects.create(booth=booth, label=f"Loket {number}", number=number)
            counter.services.set([line])
            _, key = officer(f"bench-officer-depth-{depth}")
            depth_lines.append(
                {"depth": depth, "service": line.pk, "counter": counter.pk, "token": key}
            )
        kiosk = User.objects.create(username="bench-kiosk", role=User.Role.KIOSK)
        kiosk_key = Token.objects.create(user=kiosk).key
    analyze()

    return {
        "today": today.isoformat(),
        "agency": agency.pk,
        "issue_services": [s.pk for s in issue_lines],
        "call_services": [s.pk for s in call_lines],
        "counters": call_counters,
        "depth_lines": depth_lines,
        "kiosk_token": kiosk_key,
    }


def fill(line: Any, count: int, *, now: dt.datetime) -> None:
    """`count` waiting walk-ins in `line`, queued 1 ms apart, the last an hour ago."""
    from django.utils import timezone

    from queues.models import DailySequence, Ticket

    today = timezone.localdate(now)
    start = now - dt.timedelta(hours=1, milliseconds=count)
    Ticket.objects.bulk_create(
        [
            Ticket(
                prefix=line.prefix,
                number=n,
                date=today,
                service=line,
                channel=Ticket.Channel.KIOSK,
                status=Ticket.Status.WAITING,
                priority_rank=1,
                issued_at=start + dt.timedelta(milliseconds=n),
                queued_at=start + dt.timedelta(milliseconds=n),
            )
            for n in range(1, count + 1)
        ],
        batch_size=2000,
    )
    DailySequence.objects.create(prefix=line.prefix, date=today, last_number=count)


def analyze() -> None:
    """What autovacuum would do after a bulk insert: fresh planner statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE queues_ticket")


def fill_depth_lines(info: dict[str, Any]) -> None:
    from django.db import transaction
    from django.utils import timezone

    from agencies.models import Service

    now = timezone.now()
    with transaction.atomic():
        for line in info["lines"]:
            fill(Service.objects.get(pk=line["service"]), line["depth"], now=now)
    analyze()


def _explain(sql: str) -> list[str]:
    """EXPLAIN ANALYZE one captured query inside a transaction that is rolled back."""
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        transaction.set_rollback(True)
    return plan


def diagnose(info: dict[str, Any]) -> None:
    """Queries per request (CaptureQueriesContext), and plans of the slowest ones."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from queues.models import Ticket

    host = {"HTTP_HOST": "127.0.0.1"}
    client = Client(**host)
    kiosk = {"HTTP_AUTHORIZATION": f"Token {info['kiosk_token']}"}
    today = dt.date.fromisoformat(info["today"])
    book_day = (today + dt.timedelta(days=20)).isoformat()

    def run(
        label: str, method: str, path: str, body: Any = None, quiet: bool = False, **headers: str
    ) -> Any:
        call = getattr(client, method)
        kwargs: dict[str, Any] = dict(headers)
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        with CaptureQueriesContext(connection) as ctx:
            response = call(path, **kwargs)
        total = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        if not quiet:
            print(
                f"  {label:<46} {response.status_code}  {len(ctx):>3} queries"
                f"  {total:7.2f} ms in SQL"
            )
        run.last = ctx.captured_queries  # type: ignore[attr-defined]
        return response

    print("Queries per request (Django test client in-process, same database, warmed up):")
    service = info["issue_services"][0]
    # A first, unprinted pass warms per-process caches (content types, URL resolver).
    run("", "get", "/healthz", quiet=True)
    run("", "get", f"/api/v1/services/{service}/", quiet=True)
    run("GET /healthz", "get", "/healthz")
    run("GET /bench/ping/", "get", "/bench/ping/")
    run("GET /api/v1/services/<id>/", "get", f"/api/v1/services/{service}/")
    run(
        "POST kiosk/tickets/ (issue line)",
        "post",
        "/api/v1/kiosk/tickets/",
        {"service": service},
        **kiosk,
    )
    slot = f"{book_day}T10:00:00+07:00"
    booking = {
        "service": service,
        "date": book_day,
        "slot_start": slot,
        "nik": "3574015507990001",
        "phone": "081299990001",
        "name": "Diagnosa",
    }
    run("POST bookings/", "post", "/api/v1/bookings/", booking)

    slowest: dict[str, list[dict[str, str]]] = {}
    for line in info["depth_lines"]:
        officer = {"HTTP_AUTHORIZATION": f"Token {line['token']}"}
        depth = line["depth"]
        response = run(
            f"POST kiosk/tickets/ ({depth:,} waiting)",
            "post",
            "/api/v1/kiosk/tickets/",
            {"service": line["service"]},
            **kiosk,
        )
        slowest[f"issue, {depth:,} waiting"] = list(run.last)  # type: ignore[attr-defined]
        response = run(
            f"POST counters/<id>/call-next/ ({depth:,} waiting)",
            "post",
            f"/api/v1/counters/{line['counter']}/call-next/",
            **officer,
        )
        slowest[f"call-next, {depth:,} waiting"] = list(run.last)  # type: ignore[attr-defined]
        if response.status_code == 200:
            token = response.json()["token"]
            run(
                "POST tickets/<token>/no-show/",
                "post",
                f"/api/v1/tickets/{token}/no-show/",
                **officer,
            )

    print()
    print("Slowest queries of the deep/shallow requests (time as captured):")
    deepest = max(line["depth"] for line in info["depth_lines"])
    for label, queries in slowest.items():
        top = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:3]
        print(f"  {label}:")
        for q in top:
            sql = " ".join(q["sql"].split())
            print(f"    {float(q['time']) * 1000:6.2f} ms  {sql[:150]}")
    print()
    print(f"EXPLAIN ANALYZE of the slowest SELECTs at {deepest:,} waiting:")
    for label, queries in slowest.items():
        if f"{deepest:,}" not in label:
            continue
        selects = [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
        top = sorted(selects, key=lambda q: float(q["time"]), reverse=True)[:2]
        for q in top:
            sql = " ".join(q["sql"].split())
            print(f"  [{label}] {sql[:200]}")
            for row in _explain(q["sql"]):
                print(f"      {row}")
    waiting = Ticket.objects.filter(status=Ticket.Status.WAITING).count()
    print(f"\n(tickets waiting in the whole database now: {waiting:,})")


def main() -> None:
    command, payload = sys.argv[1], json.loads(sys.argv[2])
    _setup()
    if command == "seed":
        print(json.dumps(seed(payload)))
    elif command == "fill-depth":
        fill_depth_lines(payload)
    elif command == "diagnose":
        diagnose(payload)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
