"""Rejoin after a missed call (API.md "Self-service rejoin"): once, within
REJOIN_GRACE_MINUTES of the no-show, at the back of the line; refusals as 409s."""

import datetime as dt

import pytest

from console.services import counter_open
from queues.models import Ticket, TicketEvent
from queues.services import (
    ticket_book,
    ticket_call_next,
    ticket_check_in,
    ticket_issue,
    ticket_no_show,
)
from tests.conftest import TUESDAY_9AM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "hours")]


@pytest.fixture
def open_counter(counter_a, officer_a):
    counter_open(counter=counter_a, officer=officer_a)
    return counter_a


def missed(service, counter, officer, **issue) -> Ticket:
    """A walk-in called (the first in line) and marked no-show."""
    ticket = ticket_issue(service=service, **issue)
    called = ticket_call_next(counter=counter, actor=officer)
    assert called is not None and called.pk == ticket.pk
    return ticket_no_show(ticket=called, actor=officer)


def rejoin(api, ticket, **headers):
    return api.post(f"/api/v1/tickets/{ticket.token}/rejoin/", **headers)


def test_a_missed_ticket_rejoins_behind_those_waiting(
    api, clock, service_a, open_counter, officer_a
):
    ticket = missed(service_a, open_counter, officer_a)
    clock.shift(dt.timedelta(minutes=5))
    regular = ticket_issue(service=service_a)
    elderly = ticket_issue(service=service_a, priority=Ticket.Priority.ELDERLY)
    clock.shift(dt.timedelta(minutes=5))

    answer = rejoin(api, ticket)

    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["status"] == "waiting"
    assert body["code"] == ticket.code and body["token"] == ticket.token
    assert body["people_ahead"] == 2 and body["position"] == 3
    assert body["rejoin_until"] is None and body["counter"] is None
    order = []
    for _ in range(3):
        order.append(ticket_call_next(counter=open_counter, actor=officer_a))
        ticket_no_show(ticket=order[-1], actor=officer_a)
    assert [t.pk for t in order] == [elderly.pk, regular.pk, ticket.pk]


def test_the_rejoin_is_on_the_timeline_without_an_actor(api, service_a, open_counter, officer_a):
    ticket = missed(service_a, open_counter, officer_a)

    assert rejoin(api, ticket).status_code == 200

    event = TicketEvent.objects.filter(ticket=ticket).last()
    assert (event.kind, event.from_status, event.to_status) == ("rejoined", "no_show", "waiting")
    assert event.actor is None
    ticket.refresh_from_db()
    assert ticket.rejoined_at == TUESDAY_9AM and ticket.queued_at == TUESDAY_9AM


def test_a_second_rejoin_is_refused_even_after_another_no_show(
    api, service_a, open_counter, officer_a
):
    ticket = missed(service_a, open_counter, officer_a)
    assert rejoin(api, ticket).status_code == 200

    twice = rejoin(api, ticket)
    assert twice.status_code == 409
    assert twice.json()["code"] == "rejoin_used"

    called = ticket_call_next(counter=open_counter, actor=officer_a)
    ticket_no_show(ticket=called, actor=officer_a)
    again = rejoin(api, ticket, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409
    assert again.json() == {
        "code": "rejoin_used",
        "detail": "This number has already rejoined the queue; that chance is given only once.",
    }
    assert api.get(f"/api/v1/tickets/{ticket.token}/").json()["rejoin_until"] is None


def test_the_window_closes_after_the_grace_minutes(
    api, clock, settings, service_a, open_counter, officer_a
):
    settings.REJOIN_GRACE_MINUTES = 10
    ticket = missed(service_a, open_counter, officer_a)
    shown = api.get(f"/api/v1/tickets/{ticket.token}/").json()["rejoin_until"]
    assert dt.datetime.fromisoformat(shown) == TUESDAY_9AM + dt.timedelta(minutes=10)
    clock.shift(dt.timedelta(minutes=10, seconds=1))

    late = rejoin(api, ticket)

    assert late.status_code == 409
    assert late.json()["code"] == "rejoin_closed"
    assert "10 menit" in late.json()["detail"]
    assert Ticket.objects.get(pk=ticket.pk).status == "no_show"
    english = rejoin(api, ticket, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert english.startswith("The time to rejoin the queue has passed (10 minutes")


def test_just_inside_the_window_is_accepted(
    api, clock, settings, service_a, open_counter, officer_a
):
    settings.REJOIN_GRACE_MINUTES = 10
    ticket = missed(service_a, open_counter, officer_a)
    clock.shift(dt.timedelta(minutes=10))

    assert rejoin(api, ticket).status_code == 200


@pytest.mark.parametrize("status", ["waiting", "called", "done", "cancelled", "booked"])
def test_only_a_missed_ticket_rejoins(api, service_a, counter_a, status):
    ticket = ticket_issue(service=service_a)
    Ticket.objects.filter(pk=ticket.pk).update(status=status, counter=counter_a)

    answer = rejoin(api, ticket)

    assert answer.status_code == 409
    assert answer.json()["code"] == "rejoin_not_missed"
    assert Ticket.objects.get(pk=ticket.pk).status == status


def test_an_unknown_token_is_404(api):
    answer = api.post("/api/v1/tickets/not-a-token/rejoin/")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


def test_a_booked_ticket_that_was_missed_rejoins(api, service_a, open_counter, officer_a):
    booked = ticket_book(
        service=service_a,
        day=TUESDAY_9AM.date(),
        slot_start=dt.time(9),
        nik="3574014501900001",
        phone="",
        name="",
    )
    ticket_check_in(ticket=booked)
    called = ticket_call_next(counter=open_counter, actor=officer_a)
    ticket_no_show(ticket=called, actor=officer_a)

    answer = rejoin(api, booked)

    assert answer.status_code == 200
    assert answer.json()["status"] == "waiting" and answer.json()["channel"] == "online"


def test_yesterdays_missed_ticket_does_not_rejoin(api, clock, service_a, open_counter, officer_a):
    ticket = missed(service_a, open_counter, officer_a)
    Ticket.objects.filter(pk=ticket.pk).update(date=TUESDAY_9AM.date() - dt.timedelta(days=1))

    assert rejoin(api, ticket).json()["code"] == "rejoin_closed"


def test_the_ticket_page_offers_the_rejoin_only_while_possible(
    client, clock, service_a, open_counter, officer_a
):
    ticket = missed(service_a, open_counter, officer_a)
    page = client.get(f"/t/{ticket.token}/").content.decode()
    assert 'id="t-rejoin"' in page and 'id="t-rejoin" hidden' not in page
    assert "30:00" in page

    clock.shift(dt.timedelta(minutes=31))
    assert 'id="t-rejoin" hidden' in client.get(f"/t/{ticket.token}/").content.decode()


def test_the_ticket_page_form_rejoins_without_javascript(
    client, service_a, open_counter, officer_a
):
    ticket = missed(service_a, open_counter, officer_a)

    answer = client.post(f"/t/{ticket.token}/", {"rejoin": "1"})

    assert answer.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == "waiting"
    refused = client.post(f"/t/{ticket.token}/", {"rejoin": "1"}).content.decode()
    assert "kesempatan itu hanya sekali" in refused
