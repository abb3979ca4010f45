"""Counter endpoints (API.md "Tickets"): attendance (open, close, pause, resume), the
queue, calls, and the ticket at the counter (start, finish, no-show, transfer)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from console import services as counter_services
from counters.models import CounterPause, CounterSession
from queues import services as queue_services
from queues.models import Ticket, TicketEvent
from tests import factories
from tests.api.tickets_support import (
    TODAY,
    assert_error,
    book,
    counter_url,
    walk_in,
    writes,
)
from tests.conftest import at

pytestmark = pytest.mark.django_db


# Counters: attendance ------------------------------------------------------------------


def test_open_a_counter(api_as, mall, officer_a, counter_a):
    response = api_as(officer_a).post(counter_url(counter_a, "open"))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == counter_a.pk
    assert body["state"] == "open"
    assert body["officer"] == "officer-a"
    assert body["current_ticket"] is None
    session = CounterSession.objects.get(counter=counter_a)
    assert (session.officer, session.opened_at, session.closed_at) == (officer_a, at(9), None)


def test_opening_twice_keeps_one_session(api_as, mall, officer_a, counter_a):
    api_as(officer_a).post(counter_url(counter_a, "open"))

    response = api_as(officer_a).post(counter_url(counter_a, "open"))

    assert response.status_code == 200
    assert CounterSession.objects.filter(counter=counter_a).count() == 1


def test_opening_a_counter_held_by_a_colleague_is_refused(
    api_as, mall, officer_a, officer_a2, counter_a
):
    api_as(officer_a).post(counter_url(counter_a, "open"))

    response = api_as(officer_a2).post(counter_url(counter_a, "open"))

    assert_error(response, 409, "counter_taken")


def test_opening_a_second_counter_is_refused(api_as, mall, officer_a, counter_a, counter_a2):
    api_as(officer_a).post(counter_url(counter_a, "open"))

    response = api_as(officer_a).post(counter_url(counter_a2, "open"))

    assert_error(response, 409, "officer_busy_elsewhere")
    assert not CounterSession.objects.filter(counter=counter_a2).exists()


def test_opening_an_inactive_counter_is_refused(api_as, mall, officer_a, booth_a):
    counter = factories.CounterFactory(booth=booth_a, number=7, is_active=False)

    assert_error(api_as(officer_a).post(counter_url(counter, "open")), 400, "counter_inactive")


def test_close_a_counter(api_as, mall, officer_a, counter_a):
    client = api_as(officer_a)
    client.post(counter_url(counter_a, "open"))
    mall.move_to(at(12))

    response = client.post(counter_url(counter_a, "close"))

    assert response.status_code == 200
    assert response.json()["state"] == "closed"
    assert CounterSession.objects.get(counter=counter_a).closed_at == at(12)


def test_close_a_closed_counter_is_refused(api_as, mall, officer_a, counter_a):
    assert_error(api_as(officer_a).post(counter_url(counter_a, "close")), 409, "counter_not_open")


def test_close_with_a_called_ticket_is_refused(api_as, mall, officer_a, counter_a, service_a):
    client = api_as(officer_a)
    client.post(counter_url(counter_a, "open"))
    walk_in(service_a)
    client.post(counter_url(counter_a, "call-next"))

    assert_error(client.post(counter_url(counter_a, "close")), 409, "counter_busy")
    assert CounterSession.objects.get(counter=counter_a).closed_at is None


def test_pause_and_resume(api_as, mall, officer_a, counter_a):
    client = api_as(officer_a)
    client.post(counter_url(counter_a, "open"))

    paused = client.post(counter_url(counter_a, "pause"), {"reason": "Salat"}, format="json")
    mall.move_to(at(9, 20))
    resumed = client.post(counter_url(counter_a, "resume"))

    assert paused.status_code == resumed.status_code == 200
    assert paused.json()["state"] == "paused"
    assert resumed.json()["state"] == "open"
    pause = CounterPause.objects.get()
    assert (pause.reason, pause.started_at, pause.ended_at) == ("Salat", at(9), at(9, 20))


def test_pause_needs_a_reason(api_as, mall, officer_a, counter_a):
    client = api_as(officer_a)
    client.post(counter_url(counter_a, "open"))

    response = client.post(counter_url(counter_a, "pause"), {}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert not CounterPause.objects.exists()


def test_pause_twice_is_refused(api_as, mall, officer_a, counter_a):
    client = api_as(officer_a)
    client.post(counter_url(counter_a, "open"))
    client.post(counter_url(counter_a, "pause"), {"reason": "Istirahat"}, format="json")

    response = client.post(counter_url(counter_a, "pause"), {"reason": "Lagi"}, format="json")

    assert_error(response, 409, "counter_paused")
    assert CounterPause.objects.count() == 1


def test_resume_when_not_paused_is_refused(api_as, mall, officer_a, counter_a):
    client = api_as(officer_a)
    client.post(counter_url(counter_a, "open"))

    assert_error(client.post(counter_url(counter_a, "resume")), 409, "counter_not_paused")


def test_unknown_counter_is_a_json_404(api_as, mall, officer_a):
    response = api_as(officer_a).post("/api/v1/counters/999999/open/")

    assert_error(response, 404, "not_found")


# Counters: the queue and calls ---------------------------------------------------------


@pytest.fixture
def desk(mall, officer_a, counter_a, api_as):
    """counter_a opened by officer_a, and officer_a's client."""
    counter_services.counter_open(counter=counter_a, officer=officer_a)
    return SimpleNamespace(counter=counter_a, client=api_as(officer_a), officer=officer_a)


def _line(service, *, minute, priority="regular", **fields):
    rank = 1 if priority == "regular" else 0
    moment = at(8, minute)
    fields = {"issued_at": moment, "queued_at": moment, **fields}
    return factories.TicketFactory(service=service, priority=priority, priority_rank=rank, **fields)


def test_queue_lists_waiting_tickets_in_call_order(desk, service_a, service_a2, service_b):
    regular_840 = _line(service_a, minute=40)
    elderly_855 = _line(service_a2, minute=55, priority="elderly")
    regular_850 = _line(service_a, minute=50)
    disabled_858 = _line(service_a, minute=58, priority="disabled")
    regular_840_later_id = _line(service_a2, minute=40)
    _line(service_a, minute=30, status="booked", queued_at=None)
    _line(service_b, minute=10)  # not served at this counter
    _line(service_a, minute=5, date=dt.date(2026, 11, 23))  # yesterday

    response = desk.client.get(counter_url(desk.counter, "queue"))

    assert response.status_code == 200
    expected = [elderly_855, disabled_858, regular_840, regular_840_later_id, regular_850]
    assert [t["token"] for t in response.json()] == [t.token for t in expected]
    assert all(t["status"] == "waiting" for t in response.json())
    # Each line counts its own positions.
    assert [t["position"] for t in response.json()] == [1, 1, 2, 2, 3]


def test_call_next_follows_the_call_order(desk, service_a, service_a2):
    regular = _line(service_a, minute=40)
    elderly = _line(service_a2, minute=55, priority="elderly")
    later = _line(service_a, minute=50)
    called = []

    for _ in range(3):
        response = desk.client.post(counter_url(desk.counter, "call-next"))
        assert response.status_code == 200
        called.append(response.json()["token"])
        queue_services.ticket_no_show(
            ticket=Ticket.objects.get(token=called[-1]), actor=desk.officer
        )

    assert called == [elderly.token, regular.token, later.token]


def test_call_order_through_the_api(api, api_as, mall, kiosk, officer_a, counter_a, service_a):
    """Bookings queue by slot start when checked in early, walk-ins by issue time."""
    kiosk_api = api_as(kiosk)
    mall.move_to(at(8, 30))
    booked = book(api, service_a, date=TODAY, slot_start="09:00")
    mall.move_to(at(8, 45))
    kiosk_api.post("/api/v1/check-in/", {"token": booked["token"]}, format="json")
    mall.move_to(at(8, 50))
    walk = kiosk_api.post("/api/v1/kiosk/tickets/", {"service": service_a.pk}).json()
    mall.move_to(at(8, 55))
    elderly = kiosk_api.post(
        "/api/v1/kiosk/tickets/", {"service": service_a.pk, "priority": "elderly"}
    ).json()
    mall.move_to(at(9, 5))
    late_walk = kiosk_api.post("/api/v1/kiosk/tickets/", {"service": service_a.pk}).json()
    client = api_as(officer_a)
    client.post(counter_url(counter_a, "open"))

    queue = client.get(counter_url(counter_a, "queue")).json()

    order = [elderly["token"], walk["token"], booked["token"], late_walk["token"]]
    assert [t["token"] for t in queue] == order
    first = client.post(counter_url(counter_a, "call-next")).json()
    assert first["token"] == elderly["token"]
    assert first["status"] == "called"


def test_call_next_returns_the_called_ticket(api, desk, service_a):
    ticket = walk_in(service_a)

    response = desk.client.post(counter_url(desk.counter, "call-next"))

    assert response.status_code == 200
    body = response.json()
    assert body["token"] == ticket.token
    assert body["status"] == "called"
    assert body["called_at"] == "2026-11-24T09:00:00+07:00"
    assert body["counter"]["id"] == desk.counter.pk
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.status, stored.counter_id) == ("called", desk.counter.pk)
    assert api.get(f"/api/v1/tickets/{ticket.token}/").json()["status"] == "called"


def test_call_next_with_nobody_waiting_is_204(desk, service_a):
    response = desk.client.post(counter_url(desk.counter, "call-next"))

    assert response.status_code == 204
    assert response.content == b""
    assert TicketEvent.objects.count() == 0


def test_call_next_after_the_line_empties_is_204(desk, service_a):
    walk_in(service_a)
    first = desk.client.post(counter_url(desk.counter, "call-next"))
    desk.client.post(f"/api/v1/tickets/{first.json()['token']}/no-show/")

    response = desk.client.post(counter_url(desk.counter, "call-next"))

    assert first.status_code == 200
    assert response.status_code == 204


def test_two_counters_never_get_the_same_ticket(api_as, desk, officer_a2, counter_a2, service_a):
    walk_in(service_a)
    walk_in(service_a)
    counter_services.counter_open(counter=counter_a2, officer=officer_a2)
    other = api_as(officer_a2)

    first = desk.client.post(counter_url(desk.counter, "call-next")).json()
    second = other.post(counter_url(counter_a2, "call-next")).json()

    assert first["token"] != second["token"]
    assert (first["code"], second["code"]) == ("A-001", "A-002")
    assert set(Ticket.objects.values_list("counter_id", flat=True)) == {
        desk.counter.pk,
        counter_a2.pk,
    }


def test_call_next_on_a_closed_counter_is_refused(api_as, mall, officer_a, counter_a, service_a):
    walk_in(service_a)

    response = api_as(officer_a).post(counter_url(counter_a, "call-next"))

    assert_error(response, 409, "counter_not_open")
    assert Ticket.objects.get().status == Ticket.Status.WAITING


def test_call_next_on_a_paused_counter_is_refused(desk, service_a):
    walk_in(service_a)
    desk.client.post(counter_url(desk.counter, "pause"), {"reason": "Rapat"}, format="json")

    assert_error(desk.client.post(counter_url(desk.counter, "call-next")), 409, "counter_paused")
    assert Ticket.objects.get().status == Ticket.Status.WAITING


def test_call_next_while_holding_a_ticket_is_refused(desk, service_a):
    walk_in(service_a)
    walk_in(service_a)
    desk.client.post(counter_url(desk.counter, "call-next"))

    response = desk.client.post(counter_url(desk.counter, "call-next"))

    assert_error(response, 409, "counter_busy")
    assert Ticket.objects.filter(status="called").count() == 1


def test_recall_announces_the_current_ticket_again(desk, service_a):
    ticket = walk_in(service_a)
    desk.client.post(counter_url(desk.counter, "call-next"))

    response = desk.client.post(counter_url(desk.counter, "recall"))

    assert response.status_code == 200
    assert response.json()["token"] == ticket.token
    assert response.json()["status"] == "called"
    assert TicketEvent.objects.filter(ticket=ticket, kind="recalled").count() == 1


def test_recall_without_a_called_ticket_is_refused(desk, service_a):
    assert_error(desk.client.post(counter_url(desk.counter, "recall")), 409, "no_current_ticket")


def test_recall_of_a_ticket_being_served_is_refused(desk, service_a):
    walk_in(service_a)
    token = desk.client.post(counter_url(desk.counter, "call-next")).json()["token"]
    desk.client.post(f"/api/v1/tickets/{token}/start/")

    assert_error(desk.client.post(counter_url(desk.counter, "recall")), 409, "no_current_ticket")


def test_call_a_specific_ticket_out_of_order(desk, service_a):
    walk_in(service_a)
    second = walk_in(service_a)

    response = desk.client.post(
        counter_url(desk.counter, "call"), {"token": second.token}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["token"] == second.token
    assert response.json()["status"] == "called"
    assert Ticket.objects.get(pk=second.pk).counter_id == desk.counter.pk


def test_call_a_ticket_of_a_service_this_counter_does_not_serve(desk, service_b):
    ticket = walk_in(service_b)

    response = desk.client.post(
        counter_url(desk.counter, "call"), {"token": ticket.token}, format="json"
    )

    assert_error(response, 400, "not_at_this_counter")
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.WAITING


def test_call_a_ticket_not_waiting_is_refused(api, desk, service_a):
    token = book(api, service_a, date=TODAY)["token"]

    response = desk.client.post(counter_url(desk.counter, "call"), {"token": token}, format="json")

    assert_error(response, 409, "invalid_status")


def test_call_an_unknown_ticket_is_404(desk):
    response = desk.client.post(
        counter_url(desk.counter, "call"), {"token": "B" * 24}, format="json"
    )

    assert_error(response, 404, "not_found")


# Tickets at the counter ----------------------------------------------------------------


@pytest.fixture
def called(desk, service_a):
    walk_in(service_a)
    ticket = queue_services.ticket_call_next(counter=desk.counter, actor=desk.officer)
    desk.ticket = ticket
    return desk


def test_start_then_finish(called):
    token = called.ticket.token
    called_client = called.client

    started = called_client.post(f"/api/v1/tickets/{token}/start/")
    called.ticket.refresh_from_db()
    finished = called_client.post(f"/api/v1/tickets/{token}/finish/")

    assert started.status_code == finished.status_code == 200
    assert started.json()["status"] == "serving"
    assert started.json()["started_at"] == "2026-11-24T09:00:00+07:00"
    assert finished.json()["status"] == "done"
    assert finished.json()["finished_at"] == "2026-11-24T09:00:00+07:00"
    kinds = list(TicketEvent.objects.filter(ticket__token=token).values_list("kind", flat=True))
    assert kinds == ["issued", "called", "started", "finished"]


def test_no_show(called):
    response = called.client.post(f"/api/v1/tickets/{called.ticket.token}/no-show/")

    assert response.status_code == 200
    assert response.json()["status"] == "no_show"
    assert Ticket.objects.get(pk=called.ticket.pk).status == Ticket.Status.NO_SHOW


@pytest.mark.parametrize(
    ("action", "status"),
    [("finish", "called"), ("start", "waiting"), ("no-show", "waiting"), ("start", "done")],
)
def test_ticket_actions_check_the_status(desk, service_a, action, status):
    ticket = walk_in(service_a)
    if status != "waiting":
        queue_services.ticket_call_next(counter=desk.counter, actor=desk.officer)
    if status == "done":
        ticket.refresh_from_db()
        queue_services.ticket_start(ticket=ticket, actor=desk.officer)
        queue_services.ticket_finish(ticket=ticket, actor=desk.officer)
    before = writes()

    response = desk.client.post(f"/api/v1/tickets/{ticket.token}/{action}/")

    assert_error(response, 409, "invalid_status")
    assert writes() == before


def test_transfer_sends_the_same_ticket_to_another_agencys_line(
    api, api_as, called, officer_b, counter_b, service_b
):
    ticket = called.ticket
    original_queue_time = Ticket.objects.get(pk=ticket.pk).queued_at

    response = called.client.post(
        f"/api/v1/tickets/{ticket.token}/transfer/", {"service": service_b.pk}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["token"], body["code"]) == (ticket.token, "A-001")
    assert body["status"] == "waiting"
    assert body["service"] == service_b.pk
    assert body["agency"] == service_b.agency_id
    assert body["counter"] is None
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.queued_at == original_queue_time
    event = TicketEvent.objects.get(ticket=ticket, kind="transferred")
    assert event.note == "A -> S"
    # The other agency's counter now calls it, same code.
    counter_services.counter_open(counter=counter_b, officer=officer_b)
    called_there = api_as(officer_b).post(counter_url(counter_b, "call-next"))
    assert called_there.json()["token"] == ticket.token
    assert called_there.json()["code"] == "A-001"


def test_transfer_to_the_same_service_is_refused(called, service_a):
    response = called.client.post(
        f"/api/v1/tickets/{called.ticket.token}/transfer/",
        {"service": service_a.pk},
        format="json",
    )

    assert_error(response, 400, "transfer_same_service")
    assert Ticket.objects.get(pk=called.ticket.pk).status == Ticket.Status.CALLED


@pytest.mark.parametrize("service", [None, "abc", 999999])
def test_transfer_needs_a_known_service(called, service):
    body = {} if service is None else {"service": service}

    response = called.client.post(
        f"/api/v1/tickets/{called.ticket.token}/transfer/", body, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["service"]


def test_ticket_actions_on_unknown_token_are_404(desk):
    for action in ("start", "finish", "no-show"):
        response = desk.client.post(f"/api/v1/tickets/{'C' * 24}/{action}/")
        assert_error(response, 404, "not_found")
