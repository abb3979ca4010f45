"""Reads about tickets and lines: the public ticket, a counter's queue,
positions and wait estimates."""

import datetime as dt
import math
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from agencies.models import Service, User
from agencies.quotas import DayQuota, day_quota
from agencies.selectors import DaySchedule, Slot, service_slot_starts
from counters.models import Counter, CounterSession
from counters.selectors import user_may_operate
from mpp.lib.errors import NotAllowed
from mpp.lib.kept import kept
from queues.models import LineVersion, Ticket, TicketEvent

_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{8,32}")
# How many recent services of a line the wait estimate averages over.
ESTIMATE_SAMPLE = 20
LINE_PACE_SECONDS = 30
# The kiosk puts first the services most used over this many past days.
POPULAR_DAYS = 30


def _tickets() -> QuerySet[Ticket]:
    return Ticket.objects.select_related("service__agency", "counter__booth")


def ticket_get(*, token: str) -> Ticket:
    """The ticket behind a public token; Ticket.DoesNotExist when there is none."""
    # Tokens are URL-safe base64; anything else (NUL bytes, surrogates) must not reach SQL.
    if not isinstance(token, str) or not _TOKEN_RE.fullmatch(token):
        raise Ticket.DoesNotExist
    return _tickets().get(token=token)


def ticket_get_for_staff(*, user: User, token: str) -> Ticket:
    """A ticket a staff user may act on: at (or waiting for) their agency's counter."""
    ticket = ticket_get(token=token)
    agency_id = ticket.counter.booth.agency_id if ticket.counter else ticket.service.agency_id
    if not user_may_operate(user=user, agency_id=agency_id):
        raise NotAllowed()
    return ticket


def service_day_counts(*, service: Service, day: dt.date) -> tuple[int, dict[dt.datetime, int]]:
    """Tickets of the line on `day` that use quota (all but cancelled): total and per slot."""
    rows = (
        Ticket.objects.filter(prefix=service.prefix, date=day)
        .exclude(status=Ticket.Status.CANCELLED)
        .values("slot_start")
        .annotate(n=Count("id"))
    )
    per_slot = {row["slot_start"]: row["n"] for row in rows}
    return sum(per_slot.values()), {k: v for k, v in per_slot.items() if k is not None}


def service_days_counts(
    *, service: Service, first: dt.date, last: dt.date
) -> dict[dt.date, tuple[int, dict[dt.datetime, int]]]:
    """`service_day_counts` of every day from `first` to `last` in one query
    (days without tickets are absent)."""
    rows = (
        Ticket.objects.filter(prefix=service.prefix, date__range=(first, last))
        .exclude(status=Ticket.Status.CANCELLED)
        .values("date", "slot_start")
        .annotate(n=Count("id"))
    )
    days: dict[dt.date, tuple[int, dict[dt.datetime, int]]] = {}
    for row in rows:
        total, per_slot = days.get(row["date"], (0, {}))
        if row["slot_start"] is not None:
            per_slot[row["slot_start"]] = row["n"]
        days[row["date"]] = (total + row["n"], per_slot)
    return days


# Which lines each counter serves, for the whole mall (a few hundred pairs), kept until a
# counter, a service or the pairing changes (mpp.lib.kept; counters/apps.py): every call
# asks it, and the console's socket on every change of its lines.
COUNTER_SERVICES_KEY = "counters:services"


def counter_service_ids(*, counter: Counter) -> list[int]:
    # A literal id list (not a subquery) lets the planner walk the call-order
    # indexes instead of sorting every waiting ticket of the day.
    return kept(COUNTER_SERVICES_KEY, _counter_services).get(counter.pk, [])


def _counter_services() -> dict[int, list[int]]:
    pairs: dict[int, list[int]] = {}
    rows = Counter.services.through.objects.order_by("counter_id", "service_id")
    for counter_id, service_id in rows.values_list("counter_id", "service_id"):
        pairs.setdefault(counter_id, []).append(service_id)
    return pairs


def counter_queue(*, counter: Counter, limit: int = 200) -> QuerySet[Ticket]:
    """Waiting tickets this counter can serve, in call order."""
    services = counter_service_ids(counter=counter)
    return (
        _tickets()
        .filter(status=Ticket.Status.WAITING, date=timezone.localdate(), service_id__in=services)
        .order_by("priority_rank", "queued_at", "id")[:limit]
    )


def line_waiting_codes(*, service_id: int) -> list[str]:
    """Today's waiting codes of one line, in call order (public: codes only)."""
    return [code for code, _ in line_waiting(service_id=service_id)]


def line_head(*, service_id: int, size: int) -> tuple[list[str], int]:
    """The first `size` waiting codes of one line, in call order, and how many wait in
    all: what a lobby display shows of a line (reading every code of a long line for
    three of them cost the publisher ~0.1 s a change at 10,000 waiting)."""
    waiting = Ticket.objects.filter(
        service_id=service_id, status=Ticket.Status.WAITING, date=timezone.localdate()
    )
    rows = waiting.order_by("priority_rank", "queued_at", "id").values_list("prefix", "number")
    head = [f"{prefix}-{number:03d}" for prefix, number in rows[:size]]
    return head, (len(head) if len(head) < size else waiting.count())


def line_waiting(*, service_id: int) -> list[tuple[str, list[int]]]:
    """Today's waiting (code, call-order key) of one line, in call order: the key
    (`call_order_key`) places a ticket that joins later."""
    rows = (
        Ticket.objects.filter(
            service_id=service_id, status=Ticket.Status.WAITING, date=timezone.localdate()
        )
        .order_by("priority_rank", "queued_at", "id")
        .values_list("prefix", "number", "priority_rank", "queued_at", "id")
    )
    return [
        (f"{prefix}-{number:03d}", call_order_key(rank, queued_at, pk))
        for prefix, number, rank, queued_at, pk in rows
    ]


def call_order_key(priority_rank: int, queued_at: dt.datetime | None, pk: int) -> list[int]:
    """A waiting ticket's place in call order as JSON numbers: priority rank, queue time
    (epoch seconds, then microseconds: one 16-digit number would look like a NIK), id."""
    assert queued_at is not None, "a waiting ticket has a queue time (a constraint)"
    return [priority_rank, int(queued_at.timestamp()), queued_at.microsecond, pk]


def line_version(*, service_id: int) -> int:
    """The line's `line.changed` version; waits for a change being committed (FOR
    SHARE), so the waiting list read next in the same transaction is at this version."""
    table = LineVersion._meta.db_table  # ours, not input
    with connection.cursor() as cursor:
        sql = f"SELECT version FROM {table} WHERE service_id = %s FOR SHARE"  # noqa: S608
        cursor.execute(sql, [service_id])
        row = cursor.fetchone()
    return row[0] if row else 0


def agency_waiting_counts() -> dict[int, int]:
    """Tickets waiting now per agency (today), for the home page: one grouped query."""
    rows = (
        Ticket.objects.filter(status=Ticket.Status.WAITING, date=timezone.localdate())
        .values("service__agency_id")
        .annotate(n=Count("id"))
        .values_list("service__agency_id", "n")
    )
    return dict(rows)


def counter_current_ticket(*, counter: Counter) -> Ticket | None:
    return _tickets().filter(counter=counter, status__in=Ticket.AT_COUNTER_STATUSES).first()


@dataclass(frozen=True)
class Position:
    position: int | None
    people_ahead: int | None
    estimated_wait_minutes: int | None


def service_mean_minutes(*, service: Service) -> float:
    """Mean service time of the line's last finished tickets, else the configured figure."""
    recent = (
        Ticket.objects.filter(service=service, status=Ticket.Status.DONE, started_at__isnull=False)
        .order_by("-finished_at")
        .values_list("pk", flat=True)[:ESTIMATE_SAMPLE]
    )
    duration = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
    mean = Ticket.objects.filter(pk__in=list(recent)).aggregate(m=Avg(duration))["m"]
    if mean is None:
        return float(service.expected_service_minutes)
    return max(mean.total_seconds() / 60, 1.0)


def service_open_counter_count(*, service: Service) -> int:
    # A counter has at most one open session, so counting sessions counts counters.
    return CounterSession.objects.filter(
        closed_at__isnull=True, counter__is_active=True, counter__services=service
    ).count()


def _pace_key(service_id: int) -> str:
    return f"line-pace:{service_id}"


def service_pace(*, service: Service, fresh: bool = False) -> tuple[float, int]:
    """(mean service minutes, open counters) of a line, cached for LINE_PACE_SECONDS.

    Both move slowly; caching them keeps every ticket response to one count query
    for its place in line, and every line event to one read of its waiting codes.
    A counter of the line opening, pausing or closing forgets it
    (`service_pace_forget`); `fresh` recomputes.
    """
    key = _pace_key(service.pk)
    pace = None if fresh else cache.get(key)
    if pace is None:
        pace = (service_mean_minutes(service=service), service_open_counter_count(service=service))
        cache.set(key, pace, LINE_PACE_SECONDS)
    return pace


def service_pace_forget(*, service_id: int) -> None:
    """The line's open counters changed: the next read of its pace counts them again."""
    cache.delete(_pace_key(service_id))


def service_pace_known(*, service: Service, fresh: bool = False) -> tuple[float, int] | None:
    """The pace as last cached (None if not), or (`fresh`) read now without caching it:
    for events built inside a transaction, which must not cache what may roll back."""
    if fresh:
        return service_mean_minutes(service=service), service_open_counter_count(service=service)
    return cache.get(_pace_key(service.pk))


# Waiting before the ticket in call order (priority_rank, queued_at, id), as one row
# comparison on the `ticket_call_order` index. The same filter as three OR-ed Q objects
# cost ~0.65 ms more CPU to compile, on every answer about a waiting ticket.
_AHEAD_SQL = """
SELECT count(*) FROM queues_ticket
WHERE service_id = %s AND date = %s AND status = %s
  AND (priority_rank, queued_at, id) < (%s, %s, %s)
"""


def ticket_position(*, ticket: Ticket) -> Position:
    """Place in its line and an estimate: people ahead x mean service time / open counters."""
    if ticket.status != Ticket.Status.WAITING:
        return Position(None, None, None)
    with connection.cursor() as cursor:
        cursor.execute(
            _AHEAD_SQL,
            [
                ticket.service_id,
                ticket.date,
                Ticket.Status.WAITING,
                ticket.priority_rank,
                ticket.queued_at,
                ticket.pk,
            ],
        )
        people_ahead = int(cursor.fetchone()[0])
    mean_minutes, open_counters = service_pace(service=ticket.service)
    minutes = people_ahead * mean_minutes / max(open_counters, 1)
    return Position(people_ahead + 1, people_ahead, round(minutes))


def queue_positions(tickets: list[Ticket]) -> dict[int, Position]:
    """Each ticket's place in its line by the list's own order (a counter's queue, as
    counter_queue gives it): no query per ticket, and no estimate."""
    ahead_in_line: dict[int, int] = {}
    positions = {}
    for ticket in tickets:
        ahead = ahead_in_line.get(ticket.service_id, 0)
        ahead_in_line[ticket.service_id] = ahead + 1
        positions[ticket.pk] = Position(ahead + 1, ahead, None)
    return positions


def kiosk_services(*, today: dt.date | None = None) -> list[Service]:
    """Active services some active counter serves, most used first, in one query.

    Each carries `popularity` (tickets of the last POPULAR_DAYS days, today
    included, cancelled ones left out: a voided print is nobody's visit) and
    `waiting` (in line today). Ties fall back to the name, so the order holds
    still between reloads.
    """
    today = today or timezone.localdate()
    served = Counter.services.through.objects.filter(
        service_id=OuterRef("pk"), counter__is_active=True
    )
    # The join itself keeps to the window (date is the lead of an index), so a
    # year of history is never read to count a month.
    recent = FilteredRelation(
        "tickets",
        condition=Q(
            tickets__date__gt=today - dt.timedelta(days=POPULAR_DAYS), tickets__date__lte=today
        ),
    )
    services = (
        Service.objects.filter(Exists(served), is_active=True)
        .select_related("agency")
        .annotate(recent=recent)
        .annotate(
            popularity=Count("recent", filter=~Q(recent__status=Ticket.Status.CANCELLED)),
            waiting=Count(
                "recent", filter=Q(recent__date=today, recent__status=Ticket.Status.WAITING)
            ),
        )
    )
    # Sorted here, not in SQL: the database's collation may put "KTP" before "Kartu".
    return sorted(services, key=lambda s: (-s.popularity, s.name.casefold(), s.pk))  # type: ignore[attr-defined]


def services_quota(*, services: list[Service], now: dt.datetime) -> dict[int, DayQuota]:
    """Today's fair quota (agencies/quotas.py) of each of `services` that has a daily
    quota, in one query: the kiosk's "places left" for walk-ins."""
    limited = {s.prefix: s for s in services if s.daily_quota is not None}
    if not limited:
        return {}
    today = timezone.localdate(now)
    rows = (
        Ticket.objects.filter(date=today, prefix__in=list(limited))
        .exclude(status=Ticket.Status.CANCELLED)
        .values("prefix")
        .annotate(total=Count("id"), booked=Count("id", filter=Q(slot_start__isnull=False)))
    )
    counts = {row["prefix"]: (row["total"], row["booked"]) for row in rows}
    quotas = {}
    for prefix, service in limited.items():
        total, booked = counts.get(prefix, (0, 0))
        quotas[service.pk] = day_quota(
            service=service, day=today, booked=booked, walk_ins=total - booked, now=now
        )
    return quotas


def services_served(*, service_ids: list[int]) -> set[int]:
    """Those of `service_ids` that some active counter serves (a kiosk issues only for them)."""
    rows = Counter.services.through.objects.filter(
        service_id__in=service_ids, counter__is_active=True
    ).values_list("service_id", flat=True)
    return set(rows)


def services_waiting(*, today: dt.date | None = None) -> dict[int, int]:
    """How many wait in each line today (lines nobody waits in are absent)."""
    rows = (
        Ticket.objects.filter(date=today or timezone.localdate(), status=Ticket.Status.WAITING)
        .values("service_id")
        .annotate(n=Count("id"))
    )
    return {row["service_id"]: row["n"] for row in rows}


# How many codes of each line the lobby's "next in line" strip gets.
NEXT_IN_LINE = 3


def line_wait_minutes(*, waiting: int, mean_minutes: float, open_counters: int) -> int:
    """What a newcomer to a line waits: the rule of `ticket_position`, halves rounded up
    as display.js's Math.round does (it recomputes this on every line event)."""
    return math.floor(waiting * mean_minutes / max(open_counters, 1) + 0.5)


def waiting_by_agency(*, waiting: QuerySet[Ticket]) -> list[dict]:
    """Waiting tickets per agency and per line, for the lobby: counts, the next codes of
    each line and the estimated wait of a newcomer (the agency's longest line). Codes
    only, no personal data; three queries plus two per line whose pace is not cached."""
    rows = waiting.order_by("priority_rank", "queued_at", "id").values_list(
        "service_id", "prefix", "number"
    )
    codes: dict[int, list[str]] = {}
    for service_id, prefix, number in rows:
        codes.setdefault(service_id, []).append(f"{prefix}-{number:03d}")
    services = Service.objects.select_related("agency").in_bulk(list(codes))
    agencies: dict[int, dict] = {}
    for service_id, line in codes.items():
        service = services[service_id]
        mean_minutes, open_counters = service_pace(service=service)
        entry = agencies.setdefault(
            service.agency_id,
            {
                "agency_id": service.agency_id,
                "agency": service.agency.name,
                "count": 0,
                "wait_minutes": 0,
                "services": [],
            },
        )
        wait = line_wait_minutes(
            waiting=len(line), mean_minutes=mean_minutes, open_counters=open_counters
        )
        entry["count"] += len(line)
        entry["wait_minutes"] = max(entry["wait_minutes"], wait)
        entry["services"].append(
            {
                "service": service_id,
                "count": len(line),
                "next": line[:NEXT_IN_LINE],
                "mean_minutes": round(mean_minutes, 1),
                "open_counters": open_counters,
            }
        )
    return sorted(agencies.values(), key=lambda a: (a["agency"], a["agency_id"]))


def _today_bounds() -> tuple[dt.datetime, dt.datetime]:
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    return start, start + dt.timedelta(days=1)


def counter_today_counts(*, counter: Counter) -> dict[str, int]:
    """Today's work of one counter: from its timeline events, plus who waits now."""
    start, end = _today_bounds()
    Kind = TicketEvent.Kind
    events = TicketEvent.objects.filter(counter=counter, at__gte=start, at__lt=end).aggregate(
        served=Count("id", filter=Q(kind=Kind.FINISHED)),
        no_show=Count("id", filter=Q(kind=Kind.NO_SHOW)),
        transferred=Count("id", filter=Q(kind=Kind.TRANSFERRED)),
    )
    waiting = Ticket.objects.filter(
        status=Ticket.Status.WAITING,
        date=timezone.localdate(),
        service_id__in=counter_service_ids(counter=counter),
    ).count()
    return {**events, "waiting": waiting}


# --- reads for the message tasks (queues/tasks.py) ---


TURN_NEAR_AHEAD = 3


def bookings_to_remind(*, at: dt.datetime) -> list[int]:
    """Ids of tomorrow's bookings, still `booked`, that have a phone to remind."""
    tomorrow = timezone.localdate(at) + dt.timedelta(days=1)
    booked = Ticket.objects.filter(date=tomorrow, status=Ticket.Status.BOOKED).exclude(phone="")
    return list(booked.order_by("id").values_list("id", flat=True))


def line_near_turn(*, service_id: int, at: dt.datetime) -> list[int]:
    """Ids of today's waiting tickets in a line with TURN_NEAR_AHEAD or fewer ahead."""
    waiting = Ticket.objects.filter(
        service_id=service_id, date=timezone.localdate(at), status=Ticket.Status.WAITING
    ).order_by("priority_rank", "queued_at", "id")
    near = waiting.values_list("id", "phone")[: TURN_NEAR_AHEAD + 1]
    return [ticket_id for ticket_id, phone in near if phone]


def bookings_in_periods(
    *, periods: dict[int, tuple[list[int], dt.datetime, dt.datetime]]
) -> dict[int, int]:
    """Online bookings still to come (booked) per period: for each key, those of its lines
    with a slot inside [start, end) (what a planned closure would touch). One query however
    many periods."""
    if not periods:
        return {}
    every = {service_id for ids, _start, _end in periods.values() for service_id in ids}
    booked = list(
        Ticket.objects.filter(
            service_id__in=every,
            status=Ticket.Status.BOOKED,
            slot_start__gte=min(start for _ids, start, _end in periods.values()),
            slot_start__lt=max(end for _ids, _start, end in periods.values()),
        ).values_list("service_id", "slot_start")
    )
    return {
        key: sum(
            1
            for service_id, slot_start in booked
            if service_id in ids and slot_start is not None and start <= slot_start < end
        )
        for key, (ids, start, end) in periods.items()
    }


# Tickets of a line on one day that use quota: the total and the count per slot start.
DayCounts = tuple[int, dict[dt.datetime, int]]


def service_slots(
    *, service: Service, schedule: DaySchedule, counts: DayCounts | None = None
) -> list[Slot]:
    """Slots with their remaining capacity; all full once the daily quota is used.
    `counts` (tickets of that day: total and per slot) saves the query when known."""
    starts = service_slot_starts(service=service, schedule=schedule)
    if not starts:
        return []
    if counts is None:
        counts = service_day_counts(service=service, day=schedule.date)
    quota_left = counts_quota(service=service, day=schedule.date, counts=counts).online_left
    per_slot = counts[1]
    step = dt.timedelta(minutes=service.slot_minutes)
    slots = []
    for start in starts:
        remaining = max(0, service.slot_capacity - per_slot.get(start, 0))
        if quota_left is not None:
            remaining = min(remaining, quota_left)
        slots.append(Slot(start, start + step, service.slot_capacity, remaining))
    return slots


def counts_quota(
    *, service: Service, day: dt.date, counts: DayCounts, now: dt.datetime | None = None
) -> DayQuota:
    """The fair quota of `day` (agencies/quotas.py) from the line's counts of that day."""
    total, per_slot = counts
    booked = sum(per_slot.values())
    return day_quota(
        service=service,
        day=day,
        booked=booked,
        walk_ins=total - booked,
        now=now or timezone.now(),
    )


def service_quota(*, service: Service, day: dt.date, now: dt.datetime | None = None) -> DayQuota:
    """The fair quota of `service` on `day`: places left online and for walk-ins."""
    counts = service_day_counts(service=service, day=day)
    return counts_quota(service=service, day=day, counts=counts, now=now)


def ticket_active_for_phone(*, phone: str, at: dt.datetime) -> Ticket | None:
    """The resident's next active ticket (today's or a later booking), by their phone:
    what a WhatsApp reply (BATAL, POSISI, TUNDA) is about."""
    return (
        _tickets()
        .filter(phone=phone, status__in=Ticket.ACTIVE_STATUSES, date__gte=timezone.localdate(at))
        .order_by("date", "queued_at", "slot_start", "id")
        .first()
    )
