"""Place in line and wait estimates."""

import datetime as dt

import pytest

from counters import services as counter_services
from queues import selectors
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
