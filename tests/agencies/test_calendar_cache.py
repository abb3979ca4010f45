"""The mall's calendar (opening hours, closed days) is read from the cache (issue 14: two
queries on every ticket issued, booked or checked in, and on every booth state), and a
change to it is seen at once: the signals drop it on save and delete
(agencies.selectors.CALENDAR_KEY). Clock: Tuesday 2026-11-24 09:00 WIB."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Closure, OpeningHours
from agencies.selectors import CALENDAR_DAYS, day_schedule
from tests.browser.conftest import _free_port
from tests.conftest import at

pytestmark = pytest.mark.usefixtures("clock", "hours")

TODAY = dt.date(2026, 11, 24)


def schedule_and_queries(day: dt.date):
    with CaptureQueriesContext(connection) as queries:
        schedule = day_schedule(day=day)
    return schedule, len(queries)


def test_a_days_schedule_is_read_once_then_from_the_cache():
    first, cold = schedule_and_queries(TODAY)
    again, warm = schedule_and_queries(TODAY)
    assert cold == 2 and warm == 0
    assert again == first
    assert (again.opens_at, again.closes_at, again.cutoff_at) == (at(8), at(14), at(13, 30))
    # Friday's shorter hours and the weekend's closing come from the same read.
    friday, n = schedule_and_queries(dt.date(2026, 11, 27))
    assert (friday.closes_at, n) == (at(11, day=dt.date(2026, 11, 27)), 0)
    saturday, n = schedule_and_queries(dt.date(2026, 11, 28))
    assert (saturday.open, saturday.reason, n) == (False, "MPP tutup pada hari Sabtu.", 0)


def test_a_closure_saved_or_deleted_is_seen_at_once():
    assert day_schedule(day=TODAY).open
    closure = Closure.objects.create(date=TODAY, reason="Cuti bersama")
    closed = day_schedule(day=TODAY)
    assert (closed.open, closed.reason) == (False, "Cuti bersama")
    closure.closed = False  # kept as a record, not closing
    closure.save()
    assert day_schedule(day=TODAY).open
    closure.closed = True
    closure.save()
    assert not day_schedule(day=TODAY).open
    closure.delete()
    assert day_schedule(day=TODAY).open


def test_new_opening_hours_are_seen_at_once():
    assert day_schedule(day=TODAY).closes_at == at(14)
    hours = OpeningHours.objects.get(weekday=TODAY.weekday())
    hours.closes_at = dt.time(15)
    hours.break_start, hours.break_end = dt.time(12), dt.time(13)
    hours.save()
    schedule = day_schedule(day=TODAY)
    assert schedule.closes_at == at(15)
    assert schedule.breaks == [(at(12), at(13))]
    hours.delete()
    assert not day_schedule(day=TODAY).open


def test_a_day_far_ahead_is_read_from_the_database():
    far = TODAY + dt.timedelta(days=CALENDAR_DAYS + 5)
    Closure.objects.create(date=far, reason="Libur jauh")
    day_schedule(day=TODAY)
    schedule, queries = schedule_and_queries(far)
    assert (schedule.open, schedule.reason, queries) == (False, "Libur jauh", 1)


def test_redis_down_the_database_answers(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "mpp.lib.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",
        }
    }
    Closure.objects.create(date=TODAY + dt.timedelta(days=1), reason="Cuti bersama")
    schedule, queries = schedule_and_queries(TODAY)
    assert schedule.open and queries == 2
    tomorrow, queries = schedule_and_queries(TODAY + dt.timedelta(days=1))
    assert (tomorrow.open, tomorrow.reason, queries) == (False, "Cuti bersama", 2)


def test_seeding_the_holidays_drops_the_calendar():
    """closures_seed() writes with bulk_create, which sends no signal."""
    from agencies.services import closures_seed

    christmas = dt.date(2026, 12, 25)
    assert day_schedule(day=christmas).open
    closures_seed(years=[2026])
    assert not day_schedule(day=christmas).open


def test_after_midnight_the_calendar_is_read_again(clock):
    """Kept yesterday, the window starts a day too early; the new day reads it again."""
    day_schedule(day=TODAY)
    clock.move_to(at(9, day=TODAY + dt.timedelta(days=1)))
    _, queries = schedule_and_queries(TODAY + dt.timedelta(days=1))
    assert queries == 2
    _, queries = schedule_and_queries(TODAY + dt.timedelta(days=1))
    assert queries == 0
