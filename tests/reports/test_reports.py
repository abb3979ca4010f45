"""Attendance and performance report figures (reports/), computed by hand.

The week of Mon 2026-11-23 .. Sat 2026-11-28 (WIB). Opening hours: Mon-Thu
08:00-14:00, Fri 08:00-11:00; Monday here also has a 12:00-13:00 break.
"""

import datetime as dt
import functools
from fractions import Fraction

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from agencies.models import Closure, OpeningHours
from agencies.selectors import day_schedule
from closures.models import ClosureRequest
from complaints.models import SurveyResponse
from console.services import counter_open
from counters.models import CounterPause, CounterSession
from monitoring.models import BoothAlert
from mpp.lib.errors import NotAllowed
from queues.models import Ticket, TicketEvent
from queues.services import (
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_start,
    ticket_transfer,
)
from reports import attendance as attendance_report
from reports import intervals
from reports import performance as performance_report
from reports import selectors as report_selectors
from reports.errors import ReportAgencyNotAllowed, ReportRangeReversed, ReportRangeTooLong
from tests import factories
from tests.conftest import WIB, at

pytestmark = pytest.mark.django_db

MON, TUE, WED, THU, FRI, SAT = (dt.date(2026, 11, d) for d in range(23, 29))
# "Now" for the reports: Saturday noon, after the week (Saturday is closed).
SAT_NOON = dt.datetime(2026, 11, 28, 12, 0, tzinfo=WIB)


def session(counter, officer, opened, closed=None, pauses=()):
    s = CounterSession.objects.create(
        counter=counter, officer=officer, opened_at=opened, closed_at=closed
    )
    for start, end in pauses:
        CounterPause.objects.create(session=s, reason="Istirahat", started_at=start, ended_at=end)
    return s


@pytest.fixture
def now_saturday():
    with time_machine.travel(SAT_NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def week(
    hours,
    booth_a,
    booth_b,
    counter_a,
    counter_a2,
    counter_b,
    officer_a,
    officer_a2,
    officer_b,
    manager,
):
    """Sessions, pauses, a closed day, a planned closure and alerts over the week."""
    OpeningHours.objects.filter(weekday=0).update(break_start=dt.time(12), break_end=dt.time(13))
    Closure.objects.create(date=TUE, reason="Cuti bersama")
    # Monday, booth A: counter 1 from before opening to 10:00; counter 2 09:00-11:00
    # with a 10:30-10:45 pause (overlaps counter 1: counted once); counter 1 again
    # 11:30-14:45, across the break and past closing.
    session(counter_a, officer_a, at(7, 30, day=MON), at(10, day=MON))
    session(
        counter_a2,
        officer_a2,
        at(9, day=MON),
        at(11, day=MON),
        pauses=[(at(10, 30, day=MON), at(10, 45, day=MON))],
    )
    session(counter_a, officer_a, at(11, 30, day=MON), at(14, 45, day=MON))
    # Tuesday is closed: a session that day counts for nothing.
    session(counter_a, officer_a, at(9, day=TUE), at(10, day=TUE))
    # Wednesday, booth A: closed by plan 08:00-10:00; staffed 09:00-12:00.
    ClosureRequest.objects.create(
        booth=booth_a,
        reason="Rapat dinas",
        starts_at=at(8, day=WED),
        ends_at=at(10, day=WED),
        status=ClosureRequest.Status.APPROVED,
        requested_by=officer_a,
        requested_at=at(8, day=MON),
    )
    # A refused closure and a counter-only closure change nothing.
    ClosureRequest.objects.create(
        booth=booth_a,
        reason="Ditolak",
        starts_at=at(10, day=WED),
        ends_at=at(14, day=WED),
        status=ClosureRequest.Status.REFUSED,
        requested_by=officer_a,
        requested_at=at(8, day=MON),
    )
    ClosureRequest.objects.create(
        booth=booth_a,
        counter=counter_a2,
        reason="Satu loket",
        starts_at=at(10, day=WED),
        ends_at=at(14, day=WED),
        status=ClosureRequest.Status.APPROVED,
        requested_by=officer_a,
        requested_at=at(8, day=MON),
    )
    session(counter_a, officer_a, at(9, day=WED), at(12, day=WED))
    # Booth B: nobody on Monday; opened Wednesday 13:00 and never closed (counts until now).
    session(counter_b, officer_b, at(13, day=WED))
    BoothAlert.objects.create(booth=booth_b, kind="empty", opened_at=at(8, 15, day=MON))
    BoothAlert.objects.create(
        booth=booth_b, kind="unattended", opened_at=at(10, day=MON), closed_at=at(10, 20, day=MON)
    )
    BoothAlert.objects.create(
        booth=booth_a, kind="empty", opened_at=at(8, 15, day=TUE), closed_at=at(9, day=TUE)
    )
    # Sunday night before the period: not counted.
    BoothAlert.objects.create(
        booth=booth_a, kind="empty", opened_at=at(23, 59, day=dt.date(2026, 11, 22))
    )


def figures(rows):
    return {
        (row.booth_label, row.date): (
            row.scheduled_minutes,
            row.staffed_minutes,
            row.coverage,
            row.alerts,
        )
        for row in rows
    }


# --- attendance -------------------------------------------------------------------------


def test_attendance_matches_the_hand_computed_week(week, now_saturday):
    rows = attendance_report.attendance(date_from=MON, date_to=SAT)

    assert figures(rows) == {
        # Monday: 300 scheduled (6 h minus the 1 h break).
        # A: 08:00-10:30 + 10:45-11:00 (two counters, one pause) = 165, plus
        #    11:30-12:00 and 13:00-14:00 of the afternoon session = 90 -> 255.
        ("Gerai Dukcapil", MON): (300, 255, 0.85, 0),
        ("Gerai Dukcapil", TUE): (0, 0, None, 1),
        # Wednesday: 360 minus the 120-minute planned closure; 10:00-12:00 staffed.
        ("Gerai Dukcapil", WED): (240, 120, 0.5, 0),
        ("Gerai Dukcapil", THU): (360, 0, 0.0, 0),
        ("Gerai Dukcapil", FRI): (180, 0, 0.0, 0),
        ("Gerai Dukcapil", SAT): (0, 0, None, 0),
        ("Gerai Polres", MON): (300, 0, 0.0, 2),
        ("Gerai Polres", TUE): (0, 0, None, 0),
        # The open session: Wednesday 13:00-14:00, all of Thursday and Friday.
        ("Gerai Polres", WED): (360, 60, 0.1667, 0),
        ("Gerai Polres", THU): (360, 360, 1.0, 0),
        ("Gerai Polres", FRI): (180, 180, 1.0, 0),
        ("Gerai Polres", SAT): (0, 0, None, 0),
    }


def test_attendance_row_details(week, now_saturday):
    rows = {
        (r.booth_label, r.date): r for r in attendance_report.attendance(date_from=MON, date_to=WED)
    }

    monday_b = rows[("Gerai Polres", MON)]
    assert (monday_b.empty_alerts, monday_b.unattended_alerts) == (1, 1)
    assert rows[("Gerai Dukcapil", WED)].planned_closure_minutes == 120
    assert rows[("Gerai Polres", WED)].planned_closure_minutes == 0
    assert rows[("Gerai Dukcapil", TUE)].open is False
    assert rows[("Gerai Dukcapil", MON)].open is True
    assert [r.date for r in attendance_report.attendance(date_from=MON, date_to=WED)] == [
        MON,
        TUE,
        WED,
    ] * 2


def test_attendance_counts_an_open_session_and_pause_until_now(hours, counter_a, officer_a):
    # Thursday 10:00: open since 08:30, paused since 09:40 -> 70 minutes staffed so far.
    session(counter_a, officer_a, at(8, 30, day=THU), pauses=[(at(9, 40, day=THU), None)])
    with time_machine.travel(at(10, day=THU), tick=False):
        (row,) = attendance_report.attendance(date_from=THU, date_to=THU)

    assert (row.scheduled_minutes, row.staffed_minutes, row.coverage) == (360, 70, 0.1944)


def test_attendance_filters_by_agency(week, now_saturday, agency_a):
    rows = attendance_report.attendance(date_from=MON, date_to=MON, agency=agency_a.pk)

    assert [(r.booth_label, r.staffed_minutes) for r in rows] == [("Gerai Dukcapil", 255)]


def test_attendance_by_booth_sums_the_period(week, now_saturday):
    summaries = attendance_report.attendance_by_booth(
        attendance_report.attendance(date_from=MON, date_to=SAT)
    )

    assert [
        (s.booth_label, s.scheduled_minutes, s.staffed_minutes, s.alerts) for s in summaries
    ] == [
        ("Gerai Dukcapil", 1080, 375, 1),
        ("Gerai Polres", 1200, 600, 2),
    ]
    assert summaries[1].coverage == 0.5


def test_scheduled_windows_agree_with_day_schedule(week):
    Closure.objects.create(date=dt.date(2026, 12, 25), reason="Natal")
    Closure.objects.create(date=dt.date(2026, 12, 24), reason="Dibuka", closed=False)
    first, last = dt.date(2026, 11, 20), dt.date(2026, 12, 31)

    windows = intervals.scheduled_windows(date_from=first, date_to=last)

    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        schedule = day_schedule(day=day)
        expected = []
        if schedule.open:
            expected = intervals.subtract_intervals(
                [(schedule.opens_at, schedule.closes_at)], schedule.breaks
            )
        assert windows[day] == expected, day


def test_interval_helpers():
    a, b, c, d = (at(h, day=MON) for h in (8, 9, 10, 11))

    assert intervals.merge_intervals([(c, d), (a, b), (b, c)]) == [(a, d)]
    assert intervals.merge_intervals([(a, a)]) == []
    assert intervals.subtract_intervals([(a, d)], [(b, c)]) == [(a, b), (c, d)]
    assert intervals.subtract_intervals([(a, b)], [(a, d)]) == []
    assert intervals.intersect_intervals([(a, c)], [(b, d)]) == [(b, c)]
    assert intervals.interval_minutes([(a, b), (c, d)]) == 120


def test_attendance_query_count_does_not_grow_with_booths(
    week, now_saturday, agency_a, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        attendance_report.attendance(date_from=MON, date_to=SAT, agency=agency_a.pk)
    for n in range(5):
        counter = factories.CounterFactory(booth=factories.BoothFactory(agency=agency_a))
        officer = factories.UserFactory(role="officer", agency=agency_a)
        session(
            counter,
            officer,
            at(8 + n, day=MON),
            at(9 + n, day=MON),
            pauses=[(at(8, day=MON), at(9, day=MON))],
        )
        BoothAlert.objects.create(booth=counter.booth, kind="empty", opened_at=at(9, day=THU))
    with (
        django_assert_max_num_queries(7),
        CaptureQueriesContext(connection) as many,
    ):
        rows = attendance_report.attendance(date_from=MON, date_to=SAT)

    assert len(rows) == 7 * 6
    assert len(many) == len(few) <= 7


# --- period and scope -------------------------------------------------------------------


def test_report_period_defaults_and_limits(clock):
    today = dt.date(2026, 11, 24)

    assert report_selectors.report_period(date_from=None, date_to=None) == (today, today)
    assert report_selectors.report_period(date_from=MON, date_to=None) == (MON, today)
    assert report_selectors.report_period(date_from=None, date_to=MON) == (MON, MON)
    assert report_selectors.report_period(date_from=FRI, date_to=None) == (FRI, FRI)
    first = dt.date(2026, 1, 1)
    assert report_selectors.report_period(date_from=first, date_to=dt.date(2027, 1, 1)) == (
        first,
        dt.date(2027, 1, 1),
    )  # 366 days
    with pytest.raises(ReportRangeTooLong):
        report_selectors.report_period(date_from=first, date_to=dt.date(2027, 1, 2))
    with pytest.raises(ReportRangeReversed):
        report_selectors.report_period(date_from=TUE, date_to=MON)


def test_report_agency_for_user(manager, supervisor_a, officer_a, kiosk, agency_a, agency_b):
    assert report_selectors.report_agency_for_user(user=manager, agency_id=None) is None
    assert (
        report_selectors.report_agency_for_user(user=manager, agency_id=agency_b.pk) == agency_b.pk
    )
    assert report_selectors.report_agency_for_user(user=supervisor_a, agency_id=None) == agency_a.pk
    assert (
        report_selectors.report_agency_for_user(user=supervisor_a, agency_id=agency_a.pk)
        == agency_a.pk
    )
    with pytest.raises(ReportAgencyNotAllowed):
        report_selectors.report_agency_for_user(user=supervisor_a, agency_id=agency_b.pk)
    for user in (officer_a, kiosk):
        with pytest.raises(NotAllowed):
            report_selectors.report_agency_for_user(user=user, agency_id=None)


# --- performance ------------------------------------------------------------------------


def test_p90_is_nearest_rank():
    assert performance_report.p90([]) is None
    assert performance_report.p90([7]) == 7
    assert (
        performance_report.p90([5, 10, 30, 25, 20]) == 30
    )  # ceil(4.5) = 5th (linear would say 28)
    assert performance_report.p90(list(range(1, 11))) == 9  # ceil(9.0) = 9th
    assert performance_report.p90(list(range(1, 12))) == 10  # ceil(9.9) = 10th


def ticket(service, day, status, queued, called, started=None, finished=None, officer=None):
    t = factories.TicketFactory(
        service=service,
        date=day,
        status=status,
        issued_at=queued,
        queued_at=queued,
        called_at=called,
        started_at=started,
        finished_at=finished,
    )
    if officer is not None:
        kind = TicketEvent.Kind.FINISHED if status == "done" else TicketEvent.Kind.NO_SHOW
        TicketEvent.objects.create(
            ticket=t,
            kind=kind,
            at=finished or called,
            actor=officer,
            service=service,
            from_status="serving",
            to_status=status,
        )
    return t


def survey(t, officer, score):
    return SurveyResponse.objects.create(
        ticket=t,
        agency=t.service.agency,
        service=t.service,
        officer=officer,
        created_at=t.finished_at,
        **{f"u{n}": score for n in range(1, 10)},
    )


@pytest.fixture
def served(service_a, service_a2, service_b, officer_a, officer_a2, officer_b):
    """Monday's tickets, with waits (queued -> called) and service times by hand."""
    m = MON
    mon = functools.partial(at, day=m)
    t1 = ticket(service_a, m, "done", mon(8), mon(8, 5), mon(8, 6), mon(8, 16), officer_a)
    t2 = ticket(service_a, m, "done", mon(8), mon(8, 10), mon(8, 10), mon(8, 30), officer_a)
    t3 = ticket(service_a, m, "done", mon(8, 10), mon(8, 40), mon(8, 41), mon(8, 47), officer_a2)
    ticket(service_a, m, "no_show", mon(8, 20), mon(8, 45), officer=officer_a2)
    # Two stages. Stage 1 in service_a2: queued 07:50, called 08:20, started 08:22,
    # transferred into service_a by officer A at 08:30 (served: wait 30, service 8).
    # Stage 2 in service_a: called 08:50 (wait 20 from the transfer, not 60),
    # finished 09:02. The transfer event carries the service it goes to, as the
    # services write it.
    t5 = ticket(service_a, m, "done", mon(7, 50), mon(8, 50), mon(8, 50), mon(9, 2), officer_a)
    for kind, when, to_service, status in [
        (TicketEvent.Kind.CALLED, mon(8, 20), service_a2, "called"),
        (TicketEvent.Kind.STARTED, mon(8, 22), service_a2, "serving"),
        (TicketEvent.Kind.TRANSFERRED, mon(8, 30), service_a, "waiting"),
    ]:
        TicketEvent.objects.create(
            ticket=t5, kind=kind, at=when, actor=officer_a, service=to_service, to_status=status
        )
    tb = ticket(service_b, m, "done", mon(9), mon(9, 12), mon(9, 12), mon(9, 20), officer_b)
    # Not counted: still waiting, cancelled, and a served ticket of another day.
    factories.TicketFactory(service=service_a, date=m, status="waiting", queued_at=mon(9))
    factories.TicketFactory(service=service_a, date=m, status="cancelled", queued_at=mon(9))
    ticket(
        service_a,
        TUE,
        "done",
        at(8, day=TUE),
        at(9, day=TUE),
        at(9, day=TUE),
        at(10, day=TUE),
        officer_a,
    )
    survey(t1, officer_a, 4)
    survey(t2, officer_a, 3)
    survey(t3, officer_a2, 2)
    survey(tb, officer_b, 4)


def by(rows, key):
    return {row[key]: row for row in rows}


def test_performance_per_service(served, service_a, service_a2, service_b):
    report = performance_report.performance(date_from=MON, date_to=MON)
    services = by(report.services, "service")

    a = services[service_a.pk]
    # waits 5, 10, 30, 25 (no-show), 20 -> mean 18, p90 30; service 10, 20, 6, 12 -> 12, 20
    assert (a["served"], a["no_shows"]) == (4, 1)
    assert (a["wait_mean_minutes"], a["wait_p90_minutes"]) == (18.0, 30.0)
    assert (a["service_mean_minutes"], a["service_p90_minutes"]) == (12.0, 20.0)
    b = services[service_b.pk]
    assert (b["served"], b["no_shows"], b["wait_mean_minutes"], b["service_p90_minutes"]) == (
        1,
        0,
        12.0,
        8.0,
    )
    # service_a2 served the first stage of the transferred ticket.
    a2 = services[service_a2.pk]
    assert (a2["served"], a2["no_shows"], a2["wait_mean_minutes"], a2["service_mean_minutes"]) == (
        1,
        0,
        30.0,
        8.0,
    )
    assert set(services) == {service_a.pk, service_a2.pk, service_b.pk}
    # All seven stages: waits 5, 10, 30, 25, 20, 12, 30 -> 132 / 7 = 18.9, p90 = 7th = 30.
    assert report.totals == {
        "served": 6,  # stages served: the transferred ticket counts twice
        "no_shows": 1,
        "wait_mean_minutes": 18.9,
        "wait_p90_minutes": 30.0,
        "service_mean_minutes": 10.7,  # (10 + 20 + 6 + 12 + 8 + 8) / 6
        "service_p90_minutes": 20.0,  # 6th of 6, 8, 8, 10, 12, 20
    }


def test_performance_per_officer_and_ranking(served, officer_a, officer_a2, officer_b):
    report = performance_report.performance(date_from=MON, date_to=MON)
    officers = by(report.officers, "username")

    a = officers["officer-a"]
    # t1, t2, and both stages of t5 (the first credited to the transfer's actor).
    assert (a["served"], a["no_shows"]) == (4, 0)
    assert (a["wait_mean_minutes"], a["wait_p90_minutes"]) == (16.2, 30.0)  # 5, 10, 20, 30
    assert (a["service_mean_minutes"], a["service_p90_minutes"]) == (12.5, 20.0)  # 10, 20, 12, 8
    a2 = officers["officer-a2"]
    assert (a2["served"], a2["no_shows"], a2["wait_mean_minutes"], a2["wait_p90_minutes"]) == (
        1,
        1,
        27.5,
        30.0,
    )
    # IKM index = all scores / (9 n) x 25: A (4s and 3s) 87.5, A2 50, B 100.
    assert (a["ikm_respondents"], a["ikm_index"]) == (2, 87.5)
    assert officers["officer-b"]["ikm_index"] == 100.0
    # Everyone has fewer than 5 answers: all use the average index of the 4 answers,
    # (36 + 27 + 18 + 36) / 36 x 25 = 81.25.
    assert report.ranking_average_index == 81.25
    # Equal score and served share a place; fewer no-shows first, then the username.
    assert [(r["rank"], r["username"], r["score"]) for r in report.officers] == [
        (1, "officer-a", 3.25),  # 4 x 0.8125
        (2, "officer-b", 0.81),
        (2, "officer-a2", 0.81),
    ]


def test_performance_filters_by_agency(served, agency_a, service_a, service_a2):
    report = performance_report.performance(date_from=MON, date_to=MON, agency=agency_a.pk)

    assert {row["service"] for row in report.services} == {service_a.pk, service_a2.pk}
    assert {row["username"] for row in report.officers} == {"officer-a", "officer-a2"}
    # Only agency A's answers: (36 + 27 + 18) / 27 x 25 = 75.
    assert report.ranking_average_index == 75.0
    assert report.officers[0]["score"] == 3.0  # 4 x 0.75


def test_officer_score_rule():
    index = Fraction(90)

    assert (
        performance_report.officer_score(served=10, respondents=5, index=index, average=None) == 9.0
    )
    assert (
        performance_report.officer_score(
            served=10, respondents=4, index=index, average=Fraction(80)
        )
        == 8
    )
    assert (
        performance_report.officer_score(served=10, respondents=0, index=None, average=None) == 10
    )
    assert performance_report.officer_score(served=0, respondents=9, index=index, average=None) == 0


def test_performance_through_the_real_services(
    hours, clock, counter_a, officer_a, service_a, service_a2
):
    """Officer attribution from the timeline the services write, transfers included."""
    counter_open(counter=counter_a, officer=officer_a)
    ticket_issue(service=service_a)  # 09:00
    clock.move_to(at(9, 4, day=TUE))
    first = ticket_call_next(counter=counter_a, actor=officer_a)
    ticket_start(ticket=first, actor=officer_a)
    clock.move_to(at(9, 10, day=TUE))
    ticket_transfer(ticket=first, service=service_a2, actor=officer_a)
    clock.move_to(at(9, 16, day=TUE))
    again = ticket_call_next(counter=counter_a, actor=officer_a)
    ticket_start(ticket=again, actor=officer_a)
    clock.move_to(at(9, 25, day=TUE))
    ticket_finish(ticket=again, actor=officer_a)
    ticket_issue(service=service_a)
    clock.move_to(at(9, 30, day=TUE))
    gone = ticket_call_next(counter=counter_a, actor=officer_a)
    ticket_no_show(ticket=gone, actor=officer_a)

    report = performance_report.performance(date_from=TUE, date_to=TUE)

    (officer,) = report.officers
    # Stage 1 (service_a, transferred), stage 2 (service_a2, finished), and a no-show.
    assert (officer["username"], officer["served"], officer["no_shows"]) == ("officer-a", 2, 1)
    # Waits: 4 (09:00 -> 09:04), 6 (09:10 transfer -> 09:16 call) and 5 (09:25 -> 09:30);
    # service 6 (09:04 -> 09:10 transfer) and 9 (09:16 -> 09:25).
    assert (officer["wait_mean_minutes"], officer["service_mean_minutes"]) == (5.0, 7.5)
    services = by(report.services, "service")
    assert (services[service_a2.pk]["served"], services[service_a2.pk]["no_shows"]) == (1, 0)
    assert (services[service_a.pk]["served"], services[service_a.pk]["no_shows"]) == (1, 1)
    assert services[service_a.pk]["service_mean_minutes"] == 6.0
    assert Ticket.objects.get(pk=again.pk).status == "done"


def test_performance_query_count_does_not_grow(
    served, agency_a, service_a, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        performance_report.performance(date_from=MON, date_to=TUE)
    for n in range(6):
        service = factories.ServiceFactory(agency=agency_a)
        officer = factories.UserFactory(role="officer", agency=agency_a)
        t = ticket(
            service,
            MON,
            "done",
            at(8, day=MON),
            at(8, n, day=MON),
            at(9, day=MON),
            at(9, n, day=MON),
            officer,
        )
        survey(t, officer, 3)
    with (
        django_assert_max_num_queries(5),
        CaptureQueriesContext(connection) as many,
    ):
        report = performance_report.performance(date_from=MON, date_to=TUE)

    assert len(report.officers) == 3 + 6
    assert len(many) == len(few) <= 5


# --- interval arithmetic against a minute-by-minute model -------------------------------

minute_spans = st.lists(
    st.tuples(st.integers(0, 24 * 60), st.integers(0, 6 * 60)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=6,
)


def as_times(spans):
    base = at(0, day=MON)
    return [(base + dt.timedelta(minutes=a), base + dt.timedelta(minutes=b)) for a, b in spans]


def minutes_of(spans) -> set[int]:
    return {m for a, b in spans for m in range(a, b)}


@settings(max_examples=200, deadline=None)
@given(sessions=minute_spans, pauses=minute_spans, schedule=minute_spans)
def test_staffed_minutes_match_a_minute_by_minute_count(sessions, pauses, schedule):
    staffed = intervals.subtract_intervals(as_times(sessions), as_times(pauses))
    covered = intervals.intersect_intervals(as_times(schedule), staffed)

    expected = (minutes_of(sessions) - minutes_of(pauses)) & minutes_of(schedule)
    assert intervals.interval_minutes(covered) == len(expected)
    assert intervals.merge_intervals(covered) == covered  # sorted, disjoint, non-empty pieces
