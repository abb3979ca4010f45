"""Place in line and wait estimates."""

import datetime as dt

import pytest

from console import services as counter_services
from queues import selectors
from queues.models import Ticket
from queues.services import ticket_call_next, ticket_finish, ticket_issue, ticket_start

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "hours")]


def test_position_counts_people_ahead_in_call_order(service_a):
    first = ticket_issue(service=service_a)
    elderly = ticket_issue(service=service_a, priority="elderly")
    last = ticket_issue(service=service_a)

    assert selectors.ticket_position(ticket=elderly).people_ahead == 0
    assert selectors.ticket_position(ticket=first).people_ahead == 1
    assert selectors.ticket_position(ticket=last).position == 3


def test_estimate_uses_configured_minutes_and_open_counters(
    service_a, counter_a, counter_a2, officer_a, officer_a2
):
    service_a.expected_service_minutes = 12
    service_a.save()
    for _ in range(4):
        ticket_issue(service=service_a)
    fifth = ticket_issue(service=service_a)
    counter_services.counter_open(counter=counter_a, officer=officer_a)
    counter_services.counter_open(counter=counter_a2, officer=officer_a2)

    # 4 ahead x 12 minutes / 2 open counters
    assert selectors.ticket_position(ticket=fifth).estimated_wait_minutes == 24


def test_estimate_learns_from_recent_service_times(clock, service_a, counter_a, officer_a):
    counter_services.counter_open(counter=counter_a, officer=officer_a)
    for _ in range(2):
        ticket_issue(service=service_a)
    for _ in range(2):
        ticket = ticket_call_next(counter=counter_a, actor=officer_a)
        ticket_start(ticket=ticket, actor=officer_a)
        clock.shift(dt.timedelta(minutes=4))
        ticket_finish(ticket=ticket, actor=officer_a)
    ticket_issue(service=service_a)
    third = ticket_issue(service=service_a)

    # 1 ahead x 4 minutes (measured, not the configured 10) / 1 open counter
    assert selectors.ticket_position(ticket=third).estimated_wait_minutes == 4


def test_called_ticket_has_no_position(service_a, counter_a, officer_a):
    ticket_issue(service=service_a)
    counter_services.counter_open(counter=counter_a, officer=officer_a)
    called = ticket_call_next(counter=counter_a, actor=officer_a)

    assert selectors.ticket_position(ticket=called) == selectors.Position(None, None, None)


# -- the lobby's waiting per agency ------------------------------------------


def test_waiting_by_agency_counts_lines_next_codes_and_the_longest_wait(
    service_a, service_a2, service_b, counter_a, counter_a2, officer_a, officer_a2
):
    service_a.expected_service_minutes = 10
    service_a.save()
    service_a2.expected_service_minutes = 5
    service_a2.save()
    counter_services.counter_open(counter=counter_a, officer=officer_a)
    counter_services.counter_open(counter=counter_a2, officer=officer_a2)
    for _ in range(4):
        ticket_issue(service=service_a)
    elderly = ticket_issue(service=service_a, priority="elderly")
    ticket_issue(service=service_a2, phone="081234567890", name="Siti Aminah")
    for _ in range(3):
        ticket_issue(service=service_b)
    ticket_call_next(counter=counter_a, actor=officer_a)  # the elderly one goes first

    today = Ticket.objects.filter(status=Ticket.Status.WAITING)
    dukcapil, polres = selectors.waiting_by_agency(waiting=today)

    assert (dukcapil["agency"], dukcapil["count"], polres["agency"], polres["count"]) == (
        "Dispendukcapil",
        5,
        "Polres",
        3,
    )
    lines = {line["service"]: line for line in dukcapil["services"]}
    assert lines[service_a.pk]["next"] == ["A-001", "A-002", "A-003"]
    assert elderly.code not in lines[service_a.pk]["next"]
    # Both counters serve both lines: 4 x 10 / 2 = 20 and 1 x 5 / 2 = 2.5 -> 3 (halves up).
    assert (lines[service_a.pk]["count"], lines[service_a2.pk]["count"]) == (4, 1)
    assert dukcapil["wait_minutes"] == 20
    # Nobody staffs Polres: its estimate counts one counter, as a ticket's would.
    assert polres["services"][0]["open_counters"] == 0
    assert polres["wait_minutes"] == 3 * service_b.expected_service_minutes
    assert "Siti" not in str(dukcapil) and "0812" not in str(dukcapil)


def test_line_wait_rounds_halves_up_like_the_tv():
    assert selectors.line_wait_minutes(waiting=1, mean_minutes=5, open_counters=2) == 3
    assert selectors.line_wait_minutes(waiting=5, mean_minutes=5, open_counters=2) == 13
    assert selectors.line_wait_minutes(waiting=2, mean_minutes=10, open_counters=0) == 20


def test_a_lines_head_is_its_first_codes_in_call_order_with_the_count(service_a, service_b):
    # A lobby display gets the head of a line and how many wait, not every code.
    codes = [ticket_issue(service=service_a).code for _ in range(12)]
    ticket_issue(service=service_b)
    priority = ticket_issue(service=service_a, priority=Ticket.Priority.ELDERLY).code

    assert selectors.line_head(service_id=service_a.pk, size=10) == (
        [priority, *codes[:9]],
        13,
    )
    assert selectors.line_head(service_id=service_a.pk, size=20) == ([priority, *codes], 13)
    assert selectors.line_head(service_id=service_a.pk, size=13) == ([priority, *codes], 13)
