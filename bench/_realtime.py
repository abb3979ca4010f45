"""Django-side helper for bench/realtime.py, run in a subprocess (like bench/_django.py)
so the benchmark's event loop never touches the ORM:

    python -m bench._realtime fill '{"services": [...], "waiting": 480}'
        -> tops the lines up to `waiting` waiting tickets in all, round-robin over
           the lines (numbers continue each line's daily sequence), and prints the
           waiting tickets as JSON, in call order: [{"token", "code", "service"}, ...]

The mall itself (always open, agency, lines, counters, officer tokens) is seeded
by `python -m bench._django seed`. The environment is set by bench/realtime.py.
"""

import datetime as dt
import json
import sys
from typing import Any

from bench._django import _setup, analyze


def fill(payload: dict[str, Any]) -> list[dict[str, Any]]:
    from django.db import transaction
    from django.utils import timezone

    from agencies.models import Service
    from queues.models import DailySequence, Ticket

    services = list(Service.objects.filter(pk__in=payload["services"]).order_by("pk"))
    target = int(payload["waiting"])
    now = timezone.now()
    today = timezone.localdate(now)
    waiting = Ticket.objects.filter(
        service__in=services, date=today, status=Ticket.Status.WAITING
    ).order_by("priority_rank", "queued_at", "id")
    with transaction.atomic():
        missing = max(0, target - waiting.count())
        # Queued an hour ago, 1 ms apart, after anything already waiting; the
        # lines alternate, so counters serving every line call them in turn.
        start = now - dt.timedelta(hours=1)
        sequences = {
            s.pk: DailySequence.objects.select_for_update().get_or_create(
                prefix=s.prefix, date=today
            )[0]
            for s in services
        }
        tickets = []
        for i in range(missing):
            service = services[i % len(services)]
            sequence = sequences[service.pk]
            sequence.last_number += 1
            at = start + dt.timedelta(milliseconds=i)
            tickets.append(
                Ticket(
                    prefix=service.prefix,
                    number=sequence.last_number,
                    date=today,
                    service=service,
                    channel=Ticket.Channel.KIOSK,
                    status=Ticket.Status.WAITING,
                    priority_rank=1,
                    issued_at=at,
                    queued_at=at,
                )
            )
        Ticket.objects.bulk_create(tickets, batch_size=2000)
        for sequence in sequences.values():
            sequence.save(update_fields=["last_number"])
    analyze()
    return [
        {"token": t.token, "code": t.code, "service": t.service_id}
        for t in waiting.only("token", "prefix", "number", "service_id")
    ]


def main() -> None:
    command, payload = sys.argv[1], json.loads(sys.argv[2])
    _setup()
    if command == "fill":
        print(json.dumps(fill(payload)))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
