"""Fair quotas under concurrency, with real threads against real PostgreSQL: racing
issuers for the last online (or walk-in) place, one wins; the refusals roll their
numbers back, so numbers stay gap-free."""

import datetime as dt

import pytest

from queues import errors
from queues.models import Ticket
from queues.services import ticket_book, ticket_issue
from tests.conftest import at
from tests.queues.test_concurrency import nik, numbers, quick_thread_switches, run_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("clock", "hours", "quick_thread_switches"),
]
__all__ = ["quick_thread_switches"]

TUESDAY = dt.date(2026, 11, 24)
WEDNESDAY = dt.date(2026, 11, 25)
SLOTS = [dt.time(9), dt.time(9, 30), dt.time(10), dt.time(10, 30), dt.time(11)]


@pytest.fixture
def fair(service_a):
    """A quota of 10: 6 online, 4 walk-in, unused online places released at 10:00."""
    service_a.daily_quota, service_a.online_quota_percent = 10, 60
    service_a.online_release_time = dt.time(10)
    service_a.slot_capacity = 20
    service_a.save()
    return service_a


def test_two_bookings_for_the_last_online_place_one_wins(fair):
    for serial in range(5):
        ticket_book(service=fair, day=WEDNESDAY, slot_start=SLOTS[serial], nik=nik(serial + 1))

    def book_last(index: int) -> int | Exception:
        try:
            return ticket_book(
                service=fair, day=WEDNESDAY, slot_start=dt.time(13), nik=nik(100 + index)
            ).number
        except errors.OnlineQuotaFull as refusal:
            return refusal

    results, failures = run_threads(2, book_last)

    assert failures == []
    assert sorted(type(r).__name__ for r in results) == ["OnlineQuotaFull", "int"]
    assert Ticket.objects.filter(date=WEDNESDAY).count() == 6
    assert numbers("A", WEDNESDAY) == [1, 2, 3, 4, 5, 6]


def test_many_bookings_and_walk_ins_racing_never_pass_their_shares(fair):
    """20 bookings for today and 20 walk-ins at once: 6 and 4 get through, gap-free."""

    def race(index: int) -> str:
        try:
            if index % 2:
                ticket_book(service=fair, day=TUESDAY, slot_start=dt.time(13), nik=nik(index + 1))
                return "booked"
            ticket_issue(service=fair)
            return "walk-in"
        except (errors.OnlineQuotaFull, errors.WalkInQuotaFull, errors.QuotaFull) as refusal:
            return refusal.code

    results, failures = run_threads(40, race)

    assert failures == []
    assert results.count("booked") == 6 and results.count("walk-in") == 4
    # Each share refuses its own kind; once both are used the whole quota refuses.
    refused = {code: results.count(code) for code in set(results) - {"booked", "walk-in"}}
    assert set(refused) <= {"online_quota_full", "walk_in_quota_full", "quota_full"}
    assert sum(refused.values()) == 30
    assert numbers("A", TUESDAY) == list(range(1, 11))


def test_after_the_release_racing_walk_ins_share_the_unused_online_places(clock, fair):
    for serial in range(2):
        ticket_book(service=fair, day=TUESDAY, slot_start=dt.time(11), nik=nik(serial + 1))
    for _ in range(4):
        ticket_issue(service=fair)
    clock.move_to(at(10, 0))

    def walk_in(_: int) -> str:
        try:
            return ticket_issue(service=fair).code
        except errors.QuotaFull as refusal:
            return refusal.code

    results, failures = run_threads(12, walk_in)

    assert failures == []
    assert sorted(r for r in results if r != "quota_full") == ["A-007", "A-008", "A-009", "A-010"]
    assert results.count("quota_full") == 8
    assert Ticket.objects.filter(date=TUESDAY).count() == 10
