"""`load_demo_activity` on an empty database, outside hours, and with a seed.

Kept apart from test_demo_activity.py, whose module-wide demo would be visible here.
"""

import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from complaints.models import SurveyResponse
from counters.models import CounterPause, CounterSession
from monitoring.models import BoothAlert
from monitoring.selectors import booth_states
from queues.models import DailySequence, Ticket
from tests.agencies.test_demo_activity import PAST, TODAY, _run
from tests.conftest import TUESDAY_9AM

pytestmark = pytest.mark.django_db


@pytest.mark.slow  # loads the demo mall and its history
def test_outside_opening_hours_today_is_skipped(db):
    evening = TUESDAY_9AM.replace(hour=20)
    with time_machine.travel(evening, tick=False):
        call_command("load_demo", stdout=io.StringIO())
        output = _run("--days", "1")
    assert "di luar jam layanan" in output
    assert not Ticket.objects.filter(date=TODAY).exists()
    assert not CounterSession.objects.filter(closed_at=None).exists()
    assert set(Ticket.objects.values_list("date", flat=True)) == {PAST[-1]}


def _history_rows() -> list[tuple]:
    return list(
        Ticket.objects.order_by("prefix", "number").values_list(
            "prefix", "number", "status", "priority", "called_at", "finished_at", "counter_id"
        )
    )


@pytest.mark.slow  # loads the demo mall and its history
def test_the_same_seed_gives_the_same_history(db):
    with time_machine.travel(TUESDAY_9AM.replace(hour=20), tick=False):
        call_command("load_demo", stdout=io.StringIO())
        _run("--days", "1", "--seed", "7")
        first = _history_rows()
        SurveyResponse.objects.all().delete()
        Ticket.objects.all().delete()
        for model in (DailySequence, CounterPause, CounterSession, BoothAlert):
            model.objects.all().delete()
        _run("--days", "1", "--seed", "7")
        assert _history_rows() == first
        SurveyResponse.objects.all().delete()
        Ticket.objects.all().delete()
        DailySequence.objects.all().delete()
        _run("--days", "1", "--seed", "8")
        assert _history_rows() != first


def test_without_load_demo_it_refuses_clearly(db, clock):
    with pytest.raises(CommandError, match="load_demo"):
        _run()
    assert not Ticket.objects.exists()


def test_days_out_of_range_are_refused(db, clock):
    with pytest.raises(CommandError, match="--days"):
        _run("--days", "-1")


@pytest.mark.slow  # loads the demo mall and its history
def test_the_summary_speaks_english_when_asked(db):
    with time_machine.travel(TUESDAY_9AM.replace(hour=20), tick=False):
        call_command("load_demo", stdout=io.StringIO())
        with translation.override("en"):
            output = _run("--days", "1")
    assert "Demo history: 1 days built" in output
    assert "Today skipped: outside opening hours." in output


@pytest.mark.slow  # loads the demo mall and its history
def test_with_a_running_clock_no_staffed_booth_is_flagged_empty(db):
    """Counters open a moment after the run starts: the scan must see them open."""
    with time_machine.travel(TUESDAY_9AM, tick=True):
        call_command("load_demo", stdout=io.StringIO())
        _run("--days", "0")
        states = booth_states(at=None)
    assert {b["state"] for b in states} >= {"serving", "empty"}
    for booth in states:
        staffed = any(c["state"] != "closed" for c in booth["counters"])
        assert not (staffed and booth["state"] == "empty"), booth


@pytest.mark.slow  # loads the demo mall and its history
def test_around_the_clock_demo_spreads_the_day_so_coverage_stays_readable(db):
    """`make run` loads --all-hours: the history covers weekends and the whole day, so
    the attendance report does not read ~5% for every booth."""
    import datetime as dt

    from reports import attendance as attendance_report

    monday_evening = TUESDAY_9AM.replace(day=23, hour=20)
    with time_machine.travel(monday_evening, tick=False):
        call_command("load_demo", "--all-hours", stdout=io.StringIO())
        _run("--days", "2")
        past = Ticket.objects.filter(date__lt=dt.date(2026, 11, 23))
        days = sorted(set(past.values_list("date", flat=True)))
        rows = attendance_report.attendance(date_from=days[0], date_to=days[-1])

    assert days == [dt.date(2026, 11, 21), dt.date(2026, 11, 22)]  # Saturday, Sunday
    issued = past.values_list("issued_at", flat=True)
    assert max(issued) - min(issued) > dt.timedelta(hours=12)
    coverage = [row.coverage for row in rows if row.coverage is not None]
    assert 0.4 < sum(coverage) / len(coverage) < 1
