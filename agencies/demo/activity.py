"""A history for the demo mall (riwayat demo): so every report and screen shows figures.

`demo_activity_load` writes, for the past working days, counter sessions and breaks,
tickets with their whole timeline, survey answers and booth alerts, then a dozen
complaints, then "today" (counters opened and tickets issued through the real services).

Past days are a seeder: rows are created directly with explicit timestamps, but they
keep every rule the services keep (numbers 1..n per prefix per day with the day's
`DailySequence`, a `TicketEvent` per transition, one ticket at a counter at a time,
the officer of a session serves its tickets). Each past day is built in one transaction
and skipped when it already has tickets, so running the loader twice changes nothing.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from agencies.demo import activity_data as data
from agencies.demo.activity_day import DayBuilder, around_the_clock
from agencies.demo.activity_documents import documents_load, pickup_lines_load
from agencies.demo.activity_today import complaints_load, today_load
from agencies.demo.common import officer_username
from agencies.management.commands.load_demo import DEFAULT_PASSWORD
from agencies.models import Agency, Booth, Service, User
from agencies.selectors import DaySchedule, day_schedules
from counters.models import Counter
from queues.models import Ticket


class DemoMissing(Exception):
    """`load_demo` has not run: there is no mall to give a history to."""


@dataclass
class ActivitySummary:
    days_built: list[dt.date] = field(default_factory=list)
    days_skipped: list[dt.date] = field(default_factory=list)
    tickets: int = 0
    sessions: int = 0
    surveys: int = 0
    alerts: int = 0
    complaints: int = 0
    documents: int = 0
    today: str = ""


# --- the entry point --------------------------------------------------------------------


def demo_activity_load(
    *, days: int = 10, seed: int = 2026, password: str | None = None
) -> ActivitySummary:
    """History for the past `days` working days, complaints, and today's activity."""
    pickup_lines_load()  # part of the mall the history is built in
    mall = DemoMall.load(password=password)
    summary = ActivitySummary()
    now = timezone.now()
    for schedule in _history_days(timezone.localdate(now), days):
        with transaction.atomic():
            if Ticket.objects.filter(date=schedule.date).exists():
                summary.days_skipped.append(schedule.date)
                continue
            DayBuilder(mall, schedule, random.Random(f"{seed}:{schedule.date}"), summary).build()
            summary.days_built.append(schedule.date)

    summary.complaints = complaints_load(mall=mall, now=now)
    summary.today = today_load(mall=mall, now=now, rng=random.Random(f"{seed}:today"))
    summary.documents = documents_load(now=now)
    return summary


def _history_days(today: dt.date, count: int) -> list[DaySchedule]:
    """The last `count` open weekdays before today (every open day when the mall is
    open around the clock, as in the --all-hours demo), oldest first."""
    if count <= 0:
        return []
    first = today - dt.timedelta(days=count * 3 + 21)
    schedules = day_schedules(first=first, last=today - dt.timedelta(days=1))
    working = [s for s in schedules if s.open and (s.date.weekday() < 5 or around_the_clock(s))]
    return working[-count:]


# --- the mall as loaded by load_demo -----------------------------------------------------


@dataclass
class DemoMall:
    """What load_demo built, read once: booths, counters, services and staff."""

    agencies: list[Agency]
    booths: list[Booth]
    counters: dict[int, list[Counter]]  # booth id -> counters
    services: dict[int, list[Service]]  # agency id -> services
    served_by: dict[int, set[int]]  # counter id -> service ids
    officers: dict[int, list[User]]  # agency id -> officers
    supervisors: dict[int, User]
    manager: User
    kiosk: User

    @classmethod
    def load(cls, *, password: str | None = None) -> "DemoMall":
        users = {u.username: u for u in User.objects.filter(username__in=["manager", "kiosk"])}
        agencies = list(Agency.objects.order_by("order", "name"))
        if not agencies or set(users) != {"manager", "kiosk"} or not Counter.objects.exists():
            raise DemoMissing()
        booths = list(Booth.objects.select_related("agency").order_by("agency__order", "label"))
        counters: dict[int, list[Counter]] = defaultdict(list)
        for counter in Counter.objects.filter(is_active=True).order_by("number"):
            counters[counter.booth_id].append(counter)
        services: dict[int, list[Service]] = defaultdict(list)
        for service in Service.objects.filter(is_active=True).order_by("agency_id", "pk"):
            services[service.agency_id].append(service)
        served_by: dict[int, set[int]] = defaultdict(set)
        for counter_id, service_id in Counter.services.through.objects.values_list(
            "counter_id", "service_id"
        ):
            served_by[counter_id].add(service_id)
        supervisors = {
            u.agency_id: u
            for u in User.objects.filter(role=User.Role.SUPERVISOR, agency__isnull=False)
            if u.agency_id is not None
        }
        return cls(
            agencies=agencies,
            booths=booths,
            counters=counters,
            services=services,
            served_by=served_by,
            officers=_officers(agencies, booths, counters, password),
            supervisors=supervisors,
            manager=users["manager"],
            kiosk=users["kiosk"],
        )

    def profile(self, booth: Booth) -> str:
        return data.STAFFING.get(booth.agency.code, "good")


def _officers(
    agencies: list[Agency],
    booths: list[Booth],
    counters: dict[int, list[Counter]],
    password: str | None,
) -> dict[int, list[User]]:
    """Per agency, its officers in counter order: the accounts `load_demo` made, one per
    counter (`common.officer_username`); any missing (an older database) is created with
    the demo password."""

    wanted: dict[int, int] = defaultdict(int)
    for booth in booths:
        wanted[booth.agency_id] += len(counters.get(booth.pk, []))
    existing = {u.username: u for u in User.objects.filter(role=User.Role.OFFICER)}
    hashed = None
    result: dict[int, list[User]] = {}
    names = iter(data.OFFICER_NAMES * 3)
    for agency in agencies:
        officers = []
        for k in range(1, max(wanted[agency.pk], 1) + 1):
            username = officer_username(agency.code, k)
            user = existing.get(username)
            first, last = next(names)
            if user is None:
                hashed = hashed or make_password(password or DEFAULT_PASSWORD)
                user = User.objects.create(
                    username=username,
                    role=User.Role.OFFICER,
                    agency=agency,
                    password=hashed,
                    first_name=first,
                    last_name=last,
                )
            elif not user.first_name and user.agency_id == agency.pk:
                User.objects.filter(pk=user.pk).update(first_name=first, last_name=last)
                user.first_name, user.last_name = first, last
            if user.agency_id == agency.pk:
                officers.append(user)
        result[agency.pk] = officers
    return result
