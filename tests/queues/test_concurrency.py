"""The queue's concurrency claims, with real threads against real PostgreSQL.

- numbers run 1, 2, 3 ... per prefix per day with no gap and no repeat;
- two counters never receive the same ticket;
- a slot or a daily quota is never overbooked.

The frozen `clock` is process-wide, so the threads share it.
"""

import datetime as dt
import sys
import threading
from collections import Counter as Tally
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count

from agencies.models import User
from console.services import counter_open
from queues import errors
from queues.models import DailySequence, Ticket, TicketEvent
from queues.services import (
    ticket_book,
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_rejoin,
    ticket_start,
)
from tests import factories
from tests.conftest import TUESDAY_9AM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("clock", "hours"),
]

TODAY = TUESDAY_9AM.date()
WEDNESDAY = TODAY + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def quick_thread_switches():
    # A thread holding the sequence row lock waits for the GIL after each query;
    # the default 5 ms switch interval would dominate the run time on 2 cores.
    default = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    yield
    sys.setswitchinterval(default)


def run_threads(count: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run work(0..count-1) in threads released together; (results, unexpected errors)."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            start.wait(timeout=30)
            results[index] = work(index)
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results, failures


def numbers(prefix: str, day: dt.date) -> list[int]:
    return sorted(Ticket.objects.filter(prefix=prefix, date=day).values_list("number", flat=True))


def nik(serial: int) -> str:
    return f"357401450190{serial:04d}"


def test_parallel_walk_ins_get_gap_free_numbers(service_a):
    threads, per_thread = 16, 125

    def issue_many(_: int) -> list[int]:
        return [ticket_issue(service=service_a).number for _ in range(per_thread)]

    results, failures = run_threads(threads, issue_many)

    assert failures == []
    handed_out = sorted(n for batch in results for n in batch)
    assert handed_out == list(range(1, threads * per_thread + 1))
    assert numbers("A", TODAY) == handed_out
    assert DailySequence.objects.get(prefix="A", date=TODAY).last_number == threads * per_thread


def test_racing_counters_never_call_the_same_ticket(booth_a, agency_a, service_a):
    counters = [
        factories.CounterFactory(booth=booth_a, number=10 + i, services=[service_a])
        for i in range(8)
    ]
    officers = [factories.UserFactory(role=User.Role.OFFICER, agency=agency_a) for _ in counters]
    for counter, officer in zip(counters, officers, strict=True):
        counter_open(counter=counter, officer=officer)
    queued = [TUESDAY_9AM - dt.timedelta(minutes=60) + dt.timedelta(seconds=i) for i in range(300)]
    Ticket.objects.bulk_create(
        Ticket(
            prefix="A",
            number=i + 1,
            date=TODAY,
            service=service_a,
            channel=Ticket.Channel.KIOSK,
            status=Ticket.Status.WAITING,
            issued_at=at,
            queued_at=at,
        )
        for i, at in enumerate(queued)
    )

    def serve_until_empty(index: int) -> list[int]:
        counter, officer = counters[index], officers[index]
        got = []
        while (ticket := ticket_call_next(counter=counter, actor=officer)) is not None:
            got.append(ticket.pk)
            if ticket.number % 2:
                ticket_no_show(ticket=ticket, actor=officer)
            else:
                ticket_start(ticket=ticket, actor=officer)
                ticket_finish(ticket=ticket, actor=officer)
        return got

    results, failures = run_threads(len(counters), serve_until_empty)

    assert failures == []
    all_ids = set(Ticket.objects.values_list("pk", flat=True))
    received = [pk for got in results for pk in got]
    assert len(received) == len(set(received)) == 300
    assert set(received) == all_ids
    calls = TicketEvent.objects.filter(kind=TicketEvent.Kind.CALLED).values("ticket")
    assert {row["n"] for row in calls.annotate(n=Count("id"))} == {1}
    assert calls.count() == 300
    statuses = Tally(Ticket.objects.values_list("status", flat=True))
    assert statuses == {Ticket.Status.DONE: 150, Ticket.Status.NO_SHOW: 150}


@pytest.mark.parametrize(
    ("daily_quota", "earlier_slots", "expected_error"),
    [
        # 2 seats of the 10:00 slot taken, 3 elsewhere: the slot has 3 left.
        (20, [dt.time(10)] * 2 + [dt.time(10, 30)] * 3, errors.SlotFull),
        # 4 of a quota of 7 taken in another slot: the day has 3 left.
        (7, [dt.time(10, 30)] * 4, errors.QuotaFull),
    ],
    ids=["slot-full", "quota-full"],
)
def test_racing_bookings_never_overbook(service_a, daily_quota, earlier_slots, expected_error):
    service_a.slot_capacity, service_a.daily_quota = 5, daily_quota
    service_a.save()
    for serial, slot in enumerate(earlier_slots, start=1000):
        ticket_book(service=service_a, day=WEDNESDAY, slot_start=slot, nik=nik(serial))

    def book_ten_oclock(index: int) -> int | Exception:
        try:
            ticket = ticket_book(
                service=service_a, day=WEDNESDAY, slot_start=dt.time(10), nik=nik(index + 1)
            )
        except (errors.SlotFull, errors.QuotaFull) as refusal:
            return refusal
        return ticket.number

    results, failures = run_threads(50, book_ten_oclock)

    assert failures == []
    booked = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if not isinstance(r, int)]
    assert len(booked) == 3
    assert {type(r) for r in refused} == {expected_error}
    in_slot = Ticket.objects.filter(date=WEDNESDAY, slot_start__time=dt.time(10)).count()
    assert in_slot == earlier_slots.count(dt.time(10)) + 3
    assert in_slot <= 5
    assert Ticket.objects.filter(date=WEDNESDAY).count() <= daily_quota
    total = len(earlier_slots) + 3
    assert numbers("A", WEDNESDAY) == list(range(1, total + 1))
    assert DailySequence.objects.get(prefix="A", date=WEDNESDAY).last_number == total


def test_racing_bookings_of_one_nik_leave_one_active_ticket(service_a):
    def book_same_nik(_: int) -> int | Exception:
        try:
            ticket = ticket_book(
                service=service_a, day=WEDNESDAY, slot_start=dt.time(10), nik=nik(1)
            )
        except errors.DuplicateBooking as refusal:
            return refusal
        return ticket.number

    results, failures = run_threads(10, book_same_nik)

    assert failures == []
    assert [r for r in results if isinstance(r, int)] == [1]
    assert numbers("A", WEDNESDAY) == [1]
    assert DailySequence.objects.get(prefix="A", date=WEDNESDAY).last_number == 1


def test_a_double_tap_rejoins_once(counter_a, officer_a, service_a):
    counter_open(counter=counter_a, officer=officer_a)
    ticket = ticket_issue(service=service_a)
    ticket_no_show(ticket=ticket_call_next(counter=counter_a, actor=officer_a), actor=officer_a)

    def tap(_: int) -> str:
        try:
            return ticket_rejoin(ticket=Ticket.objects.get(pk=ticket.pk)).status
        except errors.RejoinUsed:
            return "refused"

    results, failures = run_threads(8, tap)

    assert failures == []
    assert sorted(results) == ["refused"] * 7 + ["waiting"]
    assert TicketEvent.objects.filter(ticket=ticket, kind="rejoined").count() == 1
    assert Ticket.objects.get(pk=ticket.pk).status == "waiting"
