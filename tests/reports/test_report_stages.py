"""Performance report by stage (tahap): every stage of a transferred ticket is credited.

Hand-computed on Mon 2026-11-23 (WIB). The e-KTP flow moves one applicant from one
line to another (another service, or another agency's): each visit is a stage with
its own wait, service time, service and officer (reports/performance.py docstring).
"""

import datetime as dt
import functools

import pytest
from django.test import Client

from console.services import counter_open
from queues.models import Ticket, TicketEvent
from queues.services import (
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from reports import performance as performance_report
from tests import factories
from tests.conftest import at

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 11, 23)
TUE = dt.date(2026, 11, 24)
K = TicketEvent.Kind


def timeline(service, status, events, **times):
    """A ticket ending in `service` with `status`, and its events as the services
    write them: (kind, time, actor, service) - a transfer carries the service it
    goes to."""
    first = events[0][1]
    t = factories.TicketFactory(
        service=service, date=MON, status=status, issued_at=first, queued_at=first, **times
    )
    for kind, when, actor, event_service in events:
        TicketEvent.objects.create(
            ticket=t, kind=kind, at=when, actor=actor, service=event_service, to_status="x"
        )
    return t


@pytest.fixture
def stages(service_a, service_a2, service_b, officer_a, officer_a2, officer_b):
    m = MON
    mon = functools.partial(at, day=m)
    # T: stage 1 at service_a by officer A (wait 10:00 -> 10:12 = 12, the recall does
    # not restart it; service 10:15 -> 10:35 transfer = 20), transferred to agency B's
    # service_b; stage 2 by officer B (wait 10:35 -> 10:50 = 15; service 10:53 -> 11:10 = 17).
    timeline(
        service_b,
        "done",
        [
            (K.ISSUED, mon(10), None, service_a),
            (K.CALLED, mon(10, 12), officer_a, service_a),
            (K.RECALLED, mon(10, 14), officer_a, service_a),
            (K.STARTED, mon(10, 15), officer_a, service_a),
            (K.TRANSFERRED, mon(10, 35), officer_a, service_b),
            (K.CALLED, mon(10, 50), officer_b, service_b),
            (K.STARTED, mon(10, 53), officer_b, service_b),
            (K.FINISHED, mon(11, 10), officer_b, service_b),
        ],
        called_at=mon(10, 50),
        started_at=mon(10, 53),
        finished_at=mon(11, 10),
    )
    # N: stage 1 at service_a served by officer A2 (wait 15, service 9), transferred
    # to service_a2, then a no-show there marked by officer A (wait 10:30 -> 10:40 = 10).
    timeline(
        service_a2,
        "no_show",
        [
            (K.ISSUED, mon(10, 5), None, service_a),
            (K.CALLED, mon(10, 20), officer_a2, service_a),
            (K.STARTED, mon(10, 21), officer_a2, service_a),
            (K.TRANSFERRED, mon(10, 30), officer_a2, service_a2),
            (K.CALLED, mon(10, 40), officer_a, service_a2),
            (K.NO_SHOW, mon(10, 45), officer_a, service_a2),
        ],
        called_at=mon(10, 40),
        finished_at=mon(10, 45),
    )
    # W: transferred and still waiting in its second line: none of its stages count yet.
    timeline(
        service_a2,
        "waiting",
        [
            (K.ISSUED, mon(9), None, service_a),
            (K.CALLED, mon(9, 5), officer_a, service_a),
            (K.STARTED, mon(9, 6), officer_a, service_a),
            (K.TRANSFERRED, mon(9, 30), officer_a, service_a2),
        ],
    )


def by(rows, key):
    return {row[key]: row for row in rows}


def figures(row):
    return (
        row["served"],
        row["no_shows"],
        row["wait_mean_minutes"],
        row["service_mean_minutes"],
    )


def test_each_stage_is_credited_to_its_service(stages, service_a, service_a2, service_b):
    services = by(performance_report.performance(date_from=MON, date_to=MON).services, "service")

    # service_a: the first stages of T (wait 12, service 20) and N (15, 9).
    assert figures(services[service_a.pk]) == (2, 0, 13.5, 14.5)
    assert figures(services[service_b.pk]) == (1, 0, 15.0, 17.0)
    # service_a2: N's no-show stage (waited 10, no service time).
    assert figures(services[service_a2.pk]) == (0, 1, 10.0, None)


def test_each_stage_is_credited_to_its_officer(stages):
    report = performance_report.performance(date_from=MON, date_to=MON)
    officers = by(report.officers, "username")

    # A served T's first stage (12, 20) and marked N's second a no-show (waited 10).
    assert figures(officers["officer-a"]) == (1, 1, 11.0, 20.0)
    assert figures(officers["officer-b"]) == (1, 0, 15.0, 17.0)
    assert figures(officers["officer-a2"]) == (1, 0, 15.0, 9.0)
    # No survey answers: the score is the served count, each earned stage counts.
    assert [(r["rank"], r["username"], r["score"]) for r in report.officers] == [
        (1, "officer-a2", 1.0),  # no no-shows before A
        (1, "officer-b", 1.0),
        (1, "officer-a", 1.0),
    ]


def test_totals_count_stages_not_tickets(stages):
    report = performance_report.performance(date_from=MON, date_to=MON)

    # Two tickets ended (T done, N no-show), three stages were served, one was a no-show.
    assert report.totals == {
        "served": 3,
        "no_shows": 1,
        "wait_mean_minutes": 13.0,  # 12, 15, 15, 10
        "wait_p90_minutes": 15.0,  # 4th of 10, 12, 15, 15
        "service_mean_minutes": 15.3,  # 20, 17, 9
        "service_p90_minutes": 20.0,
    }
    # The totals are the sum of the service rows.
    assert report.totals["served"] == sum(row["served"] for row in report.services)
    assert report.totals["no_shows"] == sum(row["no_shows"] for row in report.services)


def test_an_agency_sees_only_the_stages_at_its_services(
    stages, agency_a, agency_b, service_a, service_a2, service_b
):
    b = performance_report.performance(date_from=MON, date_to=MON, agency=agency_b.pk)
    a = performance_report.performance(date_from=MON, date_to=MON, agency=agency_a.pk)

    assert [row["service"] for row in b.services] == [service_b.pk]
    assert [row["username"] for row in b.officers] == ["officer-b"]
    assert (b.totals["served"], b.totals["no_shows"], b.totals["wait_mean_minutes"]) == (1, 0, 15.0)
    # Agency A keeps T's first stage although T ended at agency B.
    assert {row["service"] for row in a.services} == {service_a.pk, service_a2.pk}
    assert {row["username"] for row in a.officers} == {"officer-a", "officer-a2"}
    assert (a.totals["served"], a.totals["no_shows"], a.totals["wait_mean_minutes"]) == (
        2,
        1,
        12.3,  # 12, 15, 10
    )


def test_other_days_do_not_count(stages):
    report = performance_report.performance(date_from=TUE, date_to=TUE)

    assert (report.totals["served"], report.services, report.officers) == (0, [], [])


def test_an_expired_booking_is_a_no_show_stage_without_wait(service_a):
    factories.TicketFactory(
        service=service_a,
        date=MON,
        status="no_show",
        channel=Ticket.Channel.ONLINE,
        issued_at=at(7, day=MON),
        queued_at=None,
        finished_at=at(11, day=MON),
    )

    report = performance_report.performance(date_from=MON, date_to=MON)

    assert (report.totals["no_shows"], report.totals["wait_mean_minutes"]) == (1, None)
    assert report.officers == []


def test_stages_through_the_real_services(
    hours, clock, counter_a, counter_b, officer_a, officer_b, service_a, service_b, agency_b
):
    """ticket_issue, call, start, transfer to another agency, call, start, finish."""
    counter_open(counter=counter_a, officer=officer_a)
    counter_open(counter=counter_b, officer=officer_b)
    ticket_issue(service=service_a)  # Tue 09:00
    clock.move_to(at(9, 7, day=TUE))
    first = ticket_call_next(counter=counter_a, actor=officer_a)
    clock.move_to(at(9, 8, day=TUE))
    ticket_recall(counter=counter_a, actor=officer_a)
    clock.move_to(at(9, 9, day=TUE))
    ticket_start(ticket=first, actor=officer_a)
    clock.move_to(at(9, 21, day=TUE))
    ticket_transfer(ticket=first, service=service_b, actor=officer_a)
    clock.move_to(at(9, 25, day=TUE))
    again = ticket_call_next(counter=counter_b, actor=officer_b)
    clock.move_to(at(9, 26, day=TUE))
    ticket_start(ticket=again, actor=officer_b)
    clock.move_to(at(9, 40, day=TUE))
    ticket_finish(ticket=again, actor=officer_b)
    # Another one served at stage 1, then a no-show at stage 2.
    clock.move_to(at(9, 41, day=TUE))
    ticket_issue(service=service_a)
    clock.move_to(at(9, 43, day=TUE))
    second = ticket_call_next(counter=counter_a, actor=officer_a)
    ticket_start(ticket=second, actor=officer_a)
    clock.move_to(at(9, 48, day=TUE))
    ticket_transfer(ticket=second, service=service_b, actor=officer_a)
    clock.move_to(at(9, 58, day=TUE))
    gone = ticket_call_next(counter=counter_b, actor=officer_b)
    clock.move_to(at(10, 3, day=TUE))
    ticket_no_show(ticket=gone, actor=officer_b)

    report = performance_report.performance(date_from=TUE, date_to=TUE)
    officers = by(report.officers, "username")
    services = by(report.services, "service")

    # A: stage 1 of both (waits 7 and 2; service 12 and 5).
    assert figures(officers["officer-a"]) == (2, 0, 4.5, 8.5)
    assert figures(services[service_a.pk]) == (2, 0, 4.5, 8.5)
    # B: stage 2 of the first (wait 09:21 -> 09:25 = 4, service 14) and a no-show
    # (wait 09:48 -> 09:58 = 10).
    assert figures(officers["officer-b"]) == (1, 1, 7.0, 14.0)
    assert figures(services[service_b.pk]) == (1, 1, 7.0, 14.0)
    assert (report.totals["served"], report.totals["no_shows"]) == (3, 1)
    assert Ticket.objects.get(pk=again.pk).status == "done"
    only_b = performance_report.performance(date_from=TUE, date_to=TUE, agency=agency_b.pk)
    assert [row["username"] for row in only_b.officers] == ["officer-b"]


def test_the_api_and_page_show_the_stages_to_each_agency(
    stages, clock, agency_a, agency_b, service_a, service_a2, service_b
):
    supervisor_b = factories.UserFactory(role="supervisor", agency=agency_b)
    supervisor_a = factories.UserFactory(role="supervisor", agency=agency_a)
    period = {"date_from": MON.isoformat(), "date_to": MON.isoformat()}

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(supervisor_b)
    body = client.get("/api/v1/reports/performance/", period).json()
    assert [(r["service"], r["served"]) for r in body["services"]] == [(service_b.pk, 1)]
    assert [(r["username"], r["served"], r["score"]) for r in body["officers"]] == [
        ("officer-b", 1, 1.0)
    ]
    # Another agency's report stays refused.
    refused = client.get("/api/v1/reports/performance/", {**period, "agency": agency_a.pk})
    assert refused.status_code == 403
    page = client.get("/dashboard/reports/performance/", period).content.decode()
    assert "Counted by stage" in page
    assert "a ticket served in two stages counts twice" in page

    client.force_login(supervisor_a)
    body = client.get("/api/v1/reports/performance/", period).json()
    assert (body["totals"]["served"], body["totals"]["no_shows"]) == (2, 1)
    assert {r["service"] for r in body["services"]} == {service_a.pk, service_a2.pk}
