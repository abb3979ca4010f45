"""The booth scan's rules over a day with a frozen clock (DOMAIN.md "Booth attendance");
running it (twice, at once, the command, the notifications): test_scan_runs.py.

Booth A (Dispendukcapil, counters 1 and 2) and booth B (Polres, counter 3); hours
Mon-Thu 08:00-14:00, Fri 08:00-11:00; grace 15 min, no-call 10 min, pause limit 30 min.
"""

import datetime as dt

import pytest

from agencies.models import Closure, OpeningHours
from console.services import (
    counter_call_next,
    counter_close,
    counter_finish,
    counter_open,
    counter_pause,
    counter_resume,
    counter_start,
)
from counters.models import CounterPause, CounterSession
from monitoring.models import BoothAlert
from monitoring.selectors import in_working_hours, working_time, working_windows
from monitoring.services import booth_scan
from tests import factories
from tests.conftest import FRIDAY, SUNDAY, TUESDAY, at
from tests.monitoring.conftest import EMPTY, UNATTENDED, closure, open_alerts, staff, waiting

pytestmark = pytest.mark.usefixtures("hours")


# --- empty ------------------------------------------------------------------------------


def test_nothing_before_opening_or_in_the_grace_period(floor):
    assert not booth_scan(at=at(7, 50))
    assert not booth_scan(at=at(8, 0))
    assert not booth_scan(at=at(8, 14))
    assert open_alerts() == set()


def test_booth_never_opened_is_empty_after_the_grace(floor):
    result = booth_scan(at=at(8, 15))

    assert {(a.booth_id, a.kind) for a in result.opened} == {
        (floor[0].pk, EMPTY),
        (floor[1].pk, EMPTY),
    }
    assert open_alerts() == {
        ("Gerai Dukcapil", EMPTY, "no_counter_open"),
        ("Gerai Polres", EMPTY, "no_counter_open"),
    }
    assert {a.opened_at for a in result.opened} == {at(8, 15)}


def test_one_open_counter_keeps_the_booth_from_empty(floor, counter_a2, officer_a, counter_b):
    staff(counter_a2, officer_a, since=at(8, 5))

    booth_scan(at=at(9))

    assert open_alerts() == {("Gerai Polres", EMPTY, "no_counter_open")}


def test_a_booth_without_active_counters_is_not_watched(db, booth_a, officer_a):
    factories.CounterFactory(booth=booth_a, number=7, is_active=False)

    assert not booth_scan(at=at(10))


def test_staffed_again_closes_the_alert_by_itself(clock, floor, counter_a, officer_a):
    booth_scan(at=at(8, 15))
    staff(counter_a, officer_a, since=at(8, 30))

    result = booth_scan(at=at(8, 31))

    assert [(a.kind, a.closed_at) for a in result.closed] == [(EMPTY, at(8, 31))]
    assert open_alerts() == {("Gerai Polres", EMPTY, "no_counter_open")}


def test_opening_a_counter_closes_the_empty_alert_at_once(clock, floor, counter_a, officer_a):
    booth_scan(at=at(8, 15))
    clock.move_to(at(8, 40))

    counter_open(counter=counter_a, officer=officer_a)

    alert = BoothAlert.objects.get(booth=floor[0])
    assert alert.closed_at == at(8, 40)
    assert not booth_scan(at=at(8, 40))  # nothing left for the scan to do


def test_a_gap_after_closing_counts_from_the_last_session(floor, counter_a, officer_a):
    staff(counter_a, officer_a, since=at(8), until=at(10))
    staff(factories.CounterFactory(booth=floor[1], number=8), officer_a, since=at(8))

    assert not booth_scan(at=at(10, 14))
    booth_scan(at=at(10, 15))

    assert open_alerts() == {("Gerai Dukcapil", EMPTY, "no_counter_open")}


def test_closing_the_counter_opens_nothing_until_the_gap(clock, floor, counter_a, officer_a):
    clock.move_to(at(8))
    counter_open(counter=counter_a, officer=officer_a)
    clock.move_to(at(11))
    counter_close(counter=counter_a, actor=officer_a)

    booth_scan(at=at(11, 14))
    assert ("Gerai Dukcapil", EMPTY, "no_counter_open") not in open_alerts()
    booth_scan(at=at(11, 15))
    assert ("Gerai Dukcapil", EMPTY, "no_counter_open") in open_alerts()


# --- unattended: waiting tickets and no call --------------------------------------------


def test_waiting_and_no_call_for_the_threshold_is_unattended(staffed, service_a):
    waiting(service_a, queued=at(8, 30))

    assert not booth_scan(at=at(8, 39))
    result = booth_scan(at=at(8, 40))

    assert [(a.booth.label, a.kind, a.reason) for a in result.opened] == [
        ("Gerai Dukcapil", UNATTENDED, "no_call")
    ]


def test_nobody_waiting_is_not_unattended(staffed):
    assert not booth_scan(at=at(13))


def test_a_recent_call_resets_the_clock(clock, staffed, counter_a, officer_a, service_a):
    waiting(service_a, queued=at(8, 30))
    waiting(service_a, queued=at(8, 31))
    clock.move_to(at(8, 35))
    ticket = counter_call_next(counter=counter_a, actor=officer_a)
    counter_start(ticket=ticket, actor=officer_a)
    clock.move_to(at(8, 38))
    counter_finish(ticket=ticket, actor=officer_a)

    assert not booth_scan(at=at(8, 47))
    booth_scan(at=at(8, 48))

    assert open_alerts() == {("Gerai Dukcapil", UNATTENDED, "no_call")}


def test_a_counter_busy_with_a_ticket_is_not_unattended(
    clock, staffed, counter_a, officer_a, service_a
):
    waiting(service_a, queued=at(8, 30))
    waiting(service_a, queued=at(8, 31))
    clock.move_to(at(8, 32))
    counter_start(ticket=counter_call_next(counter=counter_a, actor=officer_a), actor=officer_a)

    assert not booth_scan(at=at(9, 30))  # a long service is work, not absence


def test_a_call_closes_the_unattended_alert_at_once(
    clock, staffed, counter_a, officer_a, service_a
):
    waiting(service_a, queued=at(8, 30))
    booth_scan(at=at(8, 45))
    clock.move_to(at(8, 50))
    counter_call_next(counter=counter_a, actor=officer_a)

    # Closed by the call itself, not by the next scan: the console and the dashboard agree.
    alert = BoothAlert.objects.get()
    assert (alert.kind, alert.closed_at) == (UNATTENDED, at(8, 50))
    assert not booth_scan(at=at(8, 51))


def test_a_call_leaves_another_counters_overrun_break_open(
    clock, staffed, counter_a, counter_a2, officer_a, service_a
):
    other = factories.UserFactory(agency=counter_a.booth.agency)
    staff(counter_a2, other, since=at(8))
    CounterPause.objects.create(
        session=CounterSession.objects.get(counter=counter_a2), reason="Salat", started_at=at(8)
    )
    waiting(service_a, queued=at(8, 30))
    booth_scan(at=at(8, 45))
    assert open_alerts() == {("Gerai Dukcapil", UNATTENDED, "break_overrun")}
    clock.move_to(at(8, 50))

    counter_call_next(counter=counter_a, actor=officer_a)

    assert open_alerts() == {("Gerai Dukcapil", UNATTENDED, "break_overrun")}


def test_finishing_a_ticket_closes_the_unattended_alert(
    clock, staffed, counter_a, officer_a, service_a
):
    waiting(service_a, queued=at(8, 30))
    waiting(service_a, queued=at(8, 31))
    clock.move_to(at(8, 32))
    ticket = counter_call_next(counter=counter_a, actor=officer_a)
    counter_start(ticket=ticket, actor=officer_a)
    # The officer went away mid-service, the applicant left, the next one waits on.
    BoothAlert.objects.create(
        booth=counter_a.booth, kind=UNATTENDED, reason="no_call", opened_at=at(8, 40)
    )
    clock.move_to(at(9, 30))

    counter_finish(ticket=ticket, actor=officer_a)

    assert open_alerts() == set()


def test_tickets_of_a_service_the_counter_does_not_serve_do_not_count(staffed, service_b):
    other = factories.ServiceFactory(agency=service_b.agency, prefix="Z")
    waiting(other, queued=at(8, 30))

    assert not booth_scan(at=at(10))


def test_a_counter_opened_late_gets_the_threshold_too(
    floor, counter_b, officer_a, officer_b, service_a
):
    staff(counter_b, officer_b, since=at(8))
    staff(floor[0].counters.first(), officer_a, since=at(9, 0))
    waiting(service_a, queued=at(8, 30))

    assert not booth_scan(at=at(9, 9))
    booth_scan(at=at(9, 10))

    assert open_alerts() == {("Gerai Dukcapil", UNATTENDED, "no_call")}


# --- unattended: a pause past its limit ---------------------------------------------------


def test_pause_past_its_limit_is_unattended(clock, staffed, counter_a, officer_a):
    clock.move_to(at(9))
    counter_pause(counter=counter_a, actor=officer_a, reason="Istirahat")

    assert not booth_scan(at=at(9, 29))
    result = booth_scan(at=at(9, 30))

    assert [(a.kind, a.reason) for a in result.opened] == [(UNATTENDED, "break_overrun")]
    clock.move_to(at(9, 40))
    counter_resume(counter=counter_a, actor=officer_a)  # closes it at once
    assert BoothAlert.objects.get().closed_at == at(9, 40)
    assert not booth_scan(at=at(9, 41))


def test_pause_within_its_limit_with_tickets_waiting_is_fine(
    clock, staffed, counter_a, officer_a, service_a
):
    waiting(service_a, queued=at(8, 50))
    clock.move_to(at(9))
    counter_pause(counter=counter_a, actor=officer_a, reason="Salat")

    assert not booth_scan(at=at(9, 20))


def test_pause_limit_counts_working_time_only(staffed, counter_a, officer_a):
    """A day with the Friday-prayer style break 11:30-13:00: the break is not overrun."""
    OpeningHours.objects.filter(weekday=1).update(
        break_start=dt.time(11, 30), break_end=dt.time(13)
    )
    session = CounterSession.objects.get(counter=counter_a)
    CounterPause.objects.create(session=session, reason="Istirahat", started_at=at(11, 20))

    assert not booth_scan(at=at(12))  # in the break: nothing at all
    assert not booth_scan(at=at(13, 19))  # 10 + 19 minutes of working time
    booth_scan(at=at(13, 20))

    assert open_alerts() == {("Gerai Dukcapil", UNATTENDED, "break_overrun")}


def test_settings_change_the_thresholds(settings, staffed, counter_a, officer_a, service_a):
    settings.MPP_BOOTH_NO_CALL_MINUTES = 3
    settings.MPP_BOOTH_EMPTY_GRACE_MINUTES = 5
    waiting(service_a, queued=at(8, 30))
    factories.CounterFactory(booth=factories.BoothFactory(label="Gerai Baru"), number=9)

    booth_scan(at=at(8, 33))

    assert open_alerts() == {
        ("Gerai Dukcapil", UNATTENDED, "no_call"),
        ("Gerai Baru", EMPTY, "no_counter_open"),
    }


# --- the calendar -------------------------------------------------------------------------


def test_friday_short_hours(floor):
    booth_scan(at=at(10, 59, day=FRIDAY))
    assert len(open_alerts()) == 2

    result = booth_scan(at=at(11, 0, day=FRIDAY))  # closed: the day's alerts end with it

    assert {a.closed_at for a in result.closed} == {at(11, 0, day=FRIDAY)}
    assert open_alerts() == set()
    assert not booth_scan(at=at(13, day=FRIDAY))


def test_nothing_in_the_days_break(floor):
    OpeningHours.objects.filter(weekday=1).update(
        break_start=dt.time(11, 30), break_end=dt.time(13)
    )
    booth_scan(at=at(11))
    assert len(open_alerts()) == 2

    booth_scan(at=at(11, 30))
    assert open_alerts() == set()
    assert not booth_scan(at=at(12, 59))
    assert not booth_scan(at=at(13, 14))  # the grace runs again after the break
    assert len(booth_scan(at=at(13, 15)).opened) == 2


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(at(10, day=SUNDAY), id="sunday"),
        pytest.param(at(10), id="holiday"),
        pytest.param(at(7, 59), id="before-opening"),
        pytest.param(at(14), id="after-closing"),
    ],
)
def test_nothing_on_closed_days_or_outside_hours(floor, moment):
    Closure.objects.create(date=TUESDAY, reason="Libur uji", source=Closure.Source.MANUAL)
    if moment.date() == TUESDAY and moment.hour in (7, 14):
        Closure.objects.all().delete()

    assert not booth_scan(at=moment)
    assert BoothAlert.objects.count() == 0


def test_an_unticked_closure_is_a_working_day(floor):
    Closure.objects.create(date=TUESDAY, reason="Dibuka", closed=False)

    assert len(booth_scan(at=at(10)).opened) == 2


# --- approved closures ----------------------------------------------------------------------


def test_an_approved_booth_closure_suppresses_alerts(floor, manager):
    closure(floor[0], manager, starts=at(8), ends=at(10))

    booth_scan(at=at(9))
    assert open_alerts() == {("Gerai Polres", EMPTY, "no_counter_open")}

    booth_scan(at=at(10, 0))  # the closure has ended: the grace has long passed
    assert ("Gerai Dukcapil", EMPTY, "no_counter_open") in open_alerts()


def test_a_closure_starting_closes_an_open_alert(floor, manager):
    booth_scan(at=at(9))
    closure(floor[0], manager, starts=at(9, 30), ends=at(12))

    booth_scan(at=at(9, 30))

    assert open_alerts() == {("Gerai Polres", EMPTY, "no_counter_open")}


def test_closing_every_counter_suppresses_closing_one_does_not(
    floor, counter_a, counter_a2, manager
):
    closure(floor[0], manager, counter=counter_a, starts=at(8), ends=at(12))
    booth_scan(at=at(9))
    assert ("Gerai Dukcapil", EMPTY, "no_counter_open") in open_alerts()

    closure(floor[0], manager, counter=counter_a2, starts=at(8), ends=at(12))
    booth_scan(at=at(9, 1))
    assert open_alerts() == {("Gerai Polres", EMPTY, "no_counter_open")}


@pytest.mark.parametrize("status", ["pending", "refused", "cancelled"])
def test_only_approved_closures_suppress(floor, manager, status):
    closure(floor[0], manager, starts=at(8), ends=at(12), status=status)

    booth_scan(at=at(9))

    assert ("Gerai Dukcapil", EMPTY, "no_counter_open") in open_alerts()


# --- working time ---------------------------------------------------------------------------


def test_working_windows_and_time(db):
    OpeningHours.objects.create(
        weekday=5,
        opens_at=dt.time(8),
        closes_at=dt.time(14),
        break_start=dt.time(11, 30),
        break_end=dt.time(13),
    )
    from agencies.selectors import day_schedule

    saturday = day_schedule(day=dt.date(2026, 11, 28))
    sat = dt.date(2026, 11, 28)
    assert working_windows(saturday) == [
        (at(8, day=sat), at(11, 30, day=sat)),
        (at(13, day=sat), at(14, day=sat)),
    ]
    assert working_time(saturday, at(11, day=sat), at(13, 30, day=sat)) == dt.timedelta(hours=1)
    assert working_time(saturday, at(6, day=sat), at(7, day=sat)) == dt.timedelta()
    assert in_working_hours(saturday, at(8, day=sat))
    assert not in_working_hours(saturday, at(12, day=sat))
    assert not in_working_hours(saturday, at(14, day=sat))
    assert working_windows(day_schedule(day=SUNDAY)) == []
