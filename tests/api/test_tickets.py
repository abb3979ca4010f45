"""Ticket, kiosk and counter endpoints (API.md "Tickets") and token auth."""

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from agencies.models import Closure
from console import services as counter_services
from counters.models import CounterPause, CounterSession
from queues import services as queue_services
from queues.models import DailySequence, Ticket, TicketEvent
from tests import factories
from tests.api.contract import TICKET_FIELDS
from tests.conftest import at

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
TODAY = "2026-11-24"  # the frozen Tuesday
TOMORROW = "2026-11-25"
NIK = "3574014101900001"
PHONE = "0812-3456-7890"
PHONE_DIGITS = "81234567890"
NAME = "Siti Rahayuningsih"

CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{0,3}-\d{3}$")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22,}$")


def nik(serial):
    return f"357401410190{serial:04d}"


def booking(service, **overrides):
    return {
        "service": service.pk,
        "date": TOMORROW,
        "slot_start": "09:00",
        "nik": NIK,
        "phone": PHONE,
        "name": NAME,
        "priority": "regular",
        **overrides,
    }


def book(api, service, **overrides):
    response = api.post("/api/v1/bookings/", booking(service, **overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == code
    assert body["detail"]
    return body


def walk_in(service, priority="regular", actor=None):
    return queue_services.ticket_issue(service=service, priority=priority, actor=actor)


def writes():
    """Everything a refused request must leave as it was."""
    return (
        list(Ticket.objects.order_by("id").values_list("id", "status", "counter_id", "service_id")),
        TicketEvent.objects.count(),
        list(DailySequence.objects.order_by("id").values_list("prefix", "date", "last_number")),
        list(CounterSession.objects.order_by("id").values_list("id", "officer_id", "closed_at")),
        list(CounterPause.objects.order_by("id").values_list("id", "ended_at")),
    )


@pytest.fixture
def mall(clock, hours):
    return clock


# Bookings ------------------------------------------------------------------------------


def test_booking_returns_a_booked_ticket_with_every_field(api, mall, service_a):
    response = api.post("/api/v1/bookings/", booking(service_a), format="json")

    assert response.status_code == 201
    ticket = response.json()
    assert set(ticket) >= TICKET_FIELDS
    assert ticket["status"] == "booked"
    assert ticket["channel"] == "online"
    assert ticket["code"] == "A-001"
    assert CODE_RE.fullmatch(ticket["code"])
    assert ticket["number"] == 1
    assert TOKEN_RE.fullmatch(ticket["token"])
    assert ticket["service"] == service_a.pk
    assert ticket["agency"] == service_a.agency_id
    assert ticket["date"] == TOMORROW
    assert ticket["priority"] == "regular"
    assert ticket["slot_start"] == "2026-11-25T09:00:00+07:00"
    assert ticket["slot_end"] == "2026-11-25T09:30:00+07:00"
    assert ticket["issued_at"] == "2026-11-24T09:00:00+07:00"
    for field in ("checked_in_at", "called_at", "started_at", "finished_at", "counter"):
        assert ticket[field] is None
    stored = Ticket.objects.get(token=ticket["token"])
    assert stored.status == Ticket.Status.BOOKED
    assert stored.nik_last4 == "0001"
    assert NIK not in stored.nik_hash
    assert stored.phone == "+6281234567890"


def test_booking_tokens_are_unique_and_codes_run_on(api, mall, service_a):
    first = book(api, service_a)
    second = book(api, service_a, nik=nik(2), slot_start="10:00")
    other_day = book(api, service_a, nik=nik(3), date="2026-11-26")

    assert (first["code"], second["code"]) == ("A-001", "A-002")
    assert other_day["code"] == "A-001"
    assert len({first["token"], second["token"], other_day["token"]}) == 3


def test_booking_accepts_the_slot_start_the_availability_endpoint_gives(api, mall, service_a):
    slots = api.get(f"/api/v1/services/{service_a.pk}/availability/?date={TOMORROW}").json()
    start = slots["slots"][3]["start"]

    ticket = book(api, service_a, slot_start=start)

    assert ticket["slot_start"] == start == "2026-11-25T09:30:00+07:00"


def test_booking_keeps_the_priority(api, mall, service_a):
    assert book(api, service_a, priority="pregnant")["priority"] == "pregnant"


def test_booking_on_the_last_day_of_the_window_is_accepted(api, mall, service_a):
    # booking_window_days = 30: 2026-12-24 is the last bookable day (a Thursday).
    assert book(api, service_a, date="2026-12-24")["date"] == "2026-12-24"


def test_booking_today_for_a_later_slot_is_accepted(api, mall, service_a):
    assert book(api, service_a, date=TODAY, slot_start="09:00")["status"] == "booked"


def test_staff_booking_for_a_resident_is_assisted(api_as, mall, service_a, officer_a):
    response = api_as(officer_a).post(
        "/api/v1/bookings/", booking(service_a, phone=""), format="json"
    )

    assert response.status_code == 201
    assert response.json()["channel"] == "assisted"


@pytest.mark.parametrize(
    "bad_nik",
    [
        "357401410190001",  # 15 digits
        "35740141019000011",  # 17 digits
        "0074014101900001",  # province 00
        "9974014101900001",  # province 99
        "3574013201900001",  # day 32
        "3574017201900001",  # day 72 (32 + 40)
        "3574014113900001",  # month 13
        "3574014101900000",  # serial 0000
        "35740141019O0001",  # letter O
        NIK.translate({ord("0") + i: 0xFF10 + i for i in range(10)}),  # full-width digits
        "",
    ],
)
def test_booking_with_an_invalid_nik_is_a_field_error(api, mall, service_a, bad_nik):
    before = writes()

    response = api.post("/api/v1/bookings/", booking(service_a, nik=bad_nik), format="json")

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["nik"]
    assert body["nik"] and all(isinstance(m, str) for m in body["nik"])
    assert writes() == before


@pytest.mark.parametrize("phone", ["12345", "0712345678", "+1 555 0100", "08123"])
def test_booking_with_an_invalid_phone_is_a_field_error(api, mall, service_a, phone):
    response = api.post("/api/v1/bookings/", booking(service_a, phone=phone), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["phone"]


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"date": "2026-11-23"}, 400, "past_date"),
        ({"date": "2026-12-25"}, 400, "beyond_booking_window"),
        ({"date": "2026-11-28"}, 400, "day_closed"),  # Saturday
        ({"date": "2026-11-29"}, 400, "day_closed"),  # Sunday
        ({"slot_start": "08:15"}, 400, "invalid_slot"),
        ({"slot_start": "13:30"}, 400, "invalid_slot"),  # after the issuing cutoff
        ({"slot_start": "12:00", "date": "2026-11-27"}, 400, "invalid_slot"),  # Friday closes 11
        ({"date": TODAY, "slot_start": "08:00"}, 400, "slot_passed"),
    ],
)
def test_booking_refusals_by_date_and_slot(api, mall, service_a, overrides, status, code):
    before = writes()

    response = api.post("/api/v1/bookings/", booking(service_a, **overrides), format="json")

    assert_error(response, status, code)
    assert writes() == before


def test_booking_on_a_closure_day_names_the_reason(api, mall, service_a):
    Closure.objects.create(date=dt.date(2026, 11, 25), reason="Cuti bersama uji")

    response = api.post("/api/v1/bookings/", booking(service_a), format="json")

    body = assert_error(response, 400, "day_closed")
    assert "Cuti bersama uji" in body["detail"]
    assert Ticket.objects.count() == 0


def test_booking_a_walk_in_only_service_is_refused(api, mall, agency_a):
    service = factories.ServiceFactory(agency=agency_a, online_booking=False)

    response = api.post("/api/v1/bookings/", booking(service), format="json")

    assert_error(response, 400, "online_booking_disabled")
    assert Ticket.objects.count() == 0


def test_booking_an_inactive_service_is_a_field_error(api, mall, agency_a):
    service = factories.ServiceFactory(agency=agency_a, is_active=False)

    response = api.post("/api/v1/bookings/", booking(service), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["service"]


def test_booking_a_full_slot_is_refused_without_using_a_number(api, mall, service_a, settings):
    settings.BOOKING_LIMIT_PER_PHONE_DAY = 10  # six bookings on one phone
    for serial in range(1, 6):  # slot_capacity = 5
        book(api, service_a, nik=nik(serial))
    before = writes()

    response = api.post("/api/v1/bookings/", booking(service_a, nik=nik(6)), format="json")

    assert_error(response, 409, "slot_full")
    assert writes() == before
    # The refusal rolled back its number: the next booking continues without a gap.
    assert book(api, service_a, nik=nik(6), slot_start="09:30")["code"] == "A-006"


def test_booking_beyond_the_daily_quota_is_refused(api, mall, agency_a):
    service = factories.ServiceFactory(agency=agency_a, prefix="Q", daily_quota=2)
    book(api, service, nik=nik(1), slot_start="08:00")
    book(api, service, nik=nik(2), slot_start="10:00")
    before = writes()

    response = api.post(
        "/api/v1/bookings/", booking(service, nik=nik(3), slot_start="11:00"), format="json"
    )

    assert_error(response, 409, "quota_full")
    assert writes() == before


def test_second_active_booking_of_a_nik_is_refused(api, mall, service_a, service_a2):
    book(api, service_a)
    before = writes()

    response = api.post("/api/v1/bookings/", booking(service_a, slot_start="10:00"), format="json")

    assert_error(response, 409, "duplicate_booking")
    assert writes() == before
    # Another service, or another day, is not a duplicate.
    assert book(api, service_a2)["code"] == "B-001"
    assert book(api, service_a, date="2026-11-26")["date"] == "2026-11-26"


def test_nik_with_spaces_around_is_the_same_nik(api, mall, service_a):
    book(api, service_a)

    response = api.post(
        "/api/v1/bookings/", booking(service_a, nik=f"  {NIK} ", slot_start="10:00"), format="json"
    )

    assert_error(response, 409, "duplicate_booking")


def test_a_cancelled_booking_frees_the_nik(api, mall, service_a):
    first = book(api, service_a)
    api.post(f"/api/v1/tickets/{first['token']}/cancel/")

    again = book(api, service_a, slot_start="10:00")

    assert again["status"] == "booked"
    assert again["code"] == "A-002"


# Public ticket -------------------------------------------------------------------------


def test_ticket_shows_no_personal_data(api, mall, service_a):
    token = book(api, service_a)["token"]

    response = api.get(f"/api/v1/tickets/{token}/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= TICKET_FIELDS
    assert body["token"] == token
    assert body["status"] == "booked"
    for key in ("nik", "nik_hash", "nik_last4", "phone", "name"):
        assert key not in body
    stored = Ticket.objects.get(token=token)
    for secret in (NIK, PHONE_DIGITS, NAME, stored.nik_hash):
        assert secret.encode() not in response.content


def test_ticket_in_line_shows_its_position_and_estimate(api, api_as, mall, service_a, kiosk):
    kiosk_api = api_as(kiosk)
    kiosk_api.post("/api/v1/kiosk/tickets/", {"service": service_a.pk}, format="json")
    kiosk_api.post("/api/v1/kiosk/tickets/", {"service": service_a.pk}, format="json")
    third = kiosk_api.post("/api/v1/kiosk/tickets/", {"service": service_a.pk}, format="json")

    body = api.get(f"/api/v1/tickets/{third.json()['token']}/").json()

    assert body["position"] == 3
    assert body["people_ahead"] == 2
    # No open counter and no history: 2 people x 10 expected minutes.
    assert body["estimated_wait_minutes"] == 20


def test_ticket_at_a_counter_shows_the_counter(api, mall, officer_a, counter_a, service_a):
    ticket = walk_in(service_a)
    counter_services.counter_open(counter=counter_a, officer=officer_a)
    queue_services.ticket_call_next(counter=counter_a, actor=officer_a)

    body = api.get(f"/api/v1/tickets/{ticket.token}/").json()

    assert body["status"] == "called"
    assert body["counter"]["id"] == counter_a.pk
    assert body["counter"]["label"] == counter_a.label
    assert body["counter"]["booth"] == "Gerai Dukcapil"
    assert body["called_at"] == "2026-11-24T09:00:00+07:00"
    assert body["position"] is None


def test_unknown_ticket_is_a_json_404(api, db):
    response = api.get("/api/v1/tickets/AAAAAAAAAAAAAAAAAAAAAAAA/")

    assert_error(response, 404, "not_found")


# Cancel --------------------------------------------------------------------------------


def test_cancel_a_booking(api, mall, service_a):
    token = book(api, service_a)["token"]

    response = api.post(f"/api/v1/tickets/{token}/cancel/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "cancelled"
    assert body["finished_at"] == "2026-11-24T09:00:00+07:00"
    assert Ticket.objects.get(token=token).status == Ticket.Status.CANCELLED
    assert TicketEvent.objects.filter(ticket__token=token, kind="cancelled").count() == 1


def test_cancel_a_waiting_ticket(api, mall, service_a):
    ticket = walk_in(service_a)

    response = api.post(f"/api/v1/tickets/{ticket.token}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


@pytest.mark.parametrize("status", ["called", "serving", "done", "no_show", "cancelled", "expired"])
def test_cancel_is_refused_outside_booked_and_waiting(api, mall, counter_a, service_a, status):
    at_counter = counter_a if status in ("called", "serving") else None
    ticket = factories.TicketFactory(service=service_a, status=status, counter=at_counter)
    before = writes()

    response = api.post(f"/api/v1/tickets/{ticket.token}/cancel/")

    assert_error(response, 409, "invalid_status")
    assert writes() == before


def test_cancel_unknown_ticket_is_404(api, db):
    assert_error(api.post("/api/v1/tickets/AAAAAAAAAAAAAAAAAAAAAAAA/cancel/"), 404, "not_found")


# Kiosk ---------------------------------------------------------------------------------


def test_kiosk_issues_a_waiting_walk_in_ticket(api_as, mall, kiosk, service_a):
    response = api_as(kiosk).post(
        "/api/v1/kiosk/tickets/", {"service": service_a.pk, "priority": "elderly"}, format="json"
    )

    assert response.status_code == 201
    ticket = response.json()
    assert set(ticket) >= TICKET_FIELDS
    assert ticket["status"] == "waiting"
    assert ticket["channel"] == "kiosk"
    assert ticket["priority"] == "elderly"
    assert ticket["code"] == "A-001"
    assert CODE_RE.fullmatch(ticket["code"])
    assert TOKEN_RE.fullmatch(ticket["token"])
    assert ticket["date"] == TODAY
    assert ticket["slot_start"] is None
    assert ticket["position"] == 1
    assert ticket["people_ahead"] == 0
    assert ticket["estimated_wait_minutes"] == 0
    assert Ticket.objects.get(token=ticket["token"]).status == Ticket.Status.WAITING


def test_kiosk_ticket_position_counts_people_ahead(api_as, mall, kiosk, service_a, service_a2):
    walk_in(service_a)
    walk_in(service_a)
    walk_in(service_a2)  # another line

    ticket = api_as(kiosk).post("/api/v1/kiosk/tickets/", {"service": service_a.pk}).json()

    assert ticket["code"] == "A-003"
    assert (ticket["position"], ticket["people_ahead"]) == (3, 2)
    assert ticket["estimated_wait_minutes"] == 20


def test_kiosk_ticket_without_priority_is_regular(api_as, mall, kiosk, service_a):
    response = api_as(kiosk).post("/api/v1/kiosk/tickets/", {"service": service_a.pk})

    assert response.json()["priority"] == "regular"


@pytest.mark.parametrize("persona", ["officer_a", "manager"])
def test_staff_issued_walk_in_is_assisted(request, api_as, mall, service_a, persona):
    user = request.getfixturevalue(persona)

    response = api_as(user).post("/api/v1/kiosk/tickets/", {"service": service_a.pk})

    assert response.status_code == 201
    assert response.json()["channel"] == "assisted"


def test_kiosk_ticket_needs_a_login(api, mall, service_a):
    response = api.post("/api/v1/kiosk/tickets/", {"service": service_a.pk}, format="json")

    assert response.status_code in (401, 403)
    assert set(response.json()) == {"detail", "code"}
    assert Ticket.objects.count() == 0


def test_kiosk_ticket_refuses_a_supervisor(api_as, mall, service_a, supervisor_a):
    response = api_as(supervisor_a).post("/api/v1/kiosk/tickets/", {"service": service_a.pk})

    assert response.status_code == 403
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize(
    ("moment", "code"),
    [
        (at(13, 45), "outside_hours"),  # after the 13:30 cutoff
        (at(7, 0), "outside_hours"),  # before 07:30 (30 minutes before opening)
        (at(9, 0, day=28), "day_closed"),  # Saturday
    ],
)
def test_kiosk_ticket_refused_outside_issuing_hours(api_as, mall, kiosk, service_a, moment, code):
    mall.move_to(moment)

    response = api_as(kiosk).post("/api/v1/kiosk/tickets/", {"service": service_a.pk})

    assert_error(response, 400, code)
    assert writes() == ([], 0, [], [], [])


def test_kiosk_ticket_beyond_the_daily_quota_is_refused(api_as, mall, kiosk, agency_a):
    service = factories.ServiceFactory(agency=agency_a, daily_quota=1)
    walk_in(service)

    response = api_as(kiosk).post("/api/v1/kiosk/tickets/", {"service": service.pk})

    assert_error(response, 409, "quota_full")
    assert Ticket.objects.count() == 1


# Check-in ------------------------------------------------------------------------------


def test_check_in_puts_the_booking_in_line(api, api_as, mall, kiosk, service_a):
    token = book(api, service_a, date=TODAY, slot_start="09:30")["token"]

    response = api_as(kiosk).post("/api/v1/check-in/", {"token": token}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "waiting"
    assert body["checked_in_at"] == "2026-11-24T09:00:00+07:00"
    assert body["position"] == 1
    stored = Ticket.objects.get(token=token)
    # Checked in before the slot: queues by the slot's start.
    assert stored.queued_at == at(9, 30)


def test_late_check_in_queues_by_arrival(api, api_as, mall, kiosk, service_a):
    token = book(api, service_a, date=TODAY, slot_start="09:00")["token"]
    mall.move_to(at(9, 40))

    response = api_as(kiosk).post("/api/v1/check-in/", {"token": token}, format="json")

    assert response.status_code == 200
    assert Ticket.objects.get(token=token).queued_at == at(9, 40)


def test_officer_may_check_in_a_booking(api, api_as, mall, officer_a, service_a):
    token = book(api, service_a, date=TODAY)["token"]

    response = api_as(officer_a).post("/api/v1/check-in/", {"token": token}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "waiting"


def test_check_in_for_another_day_is_refused(api, api_as, mall, kiosk, service_a):
    token = book(api, service_a, date=TOMORROW)["token"]

    response = api_as(kiosk).post("/api/v1/check-in/", {"token": token}, format="json")

    assert_error(response, 400, "checkin_wrong_day")
    assert Ticket.objects.get(token=token).status == Ticket.Status.BOOKED


def test_check_in_before_opening_is_refused(api, api_as, mall, kiosk, service_a):
    mall.move_to(at(7, 0))
    token = book(api, service_a, date=TODAY, slot_start="08:00")["token"]

    response = api_as(kiosk).post("/api/v1/check-in/", {"token": token}, format="json")

    body = assert_error(response, 400, "checkin_too_early")
    assert "08.00" in body["detail"] or "08:00" in body["detail"]


def test_check_in_after_slot_end_plus_grace_is_refused(api, api_as, mall, kiosk, service_a):
    token = book(api, service_a, date=TODAY, slot_start="09:00")["token"]
    mall.move_to(at(9, 45))  # slot ends 09:30, grace 15 minutes: last moment
    assert api_as(kiosk).post("/api/v1/check-in/", {"token": token}).status_code == 200

    other = book(api, service_a, date=TODAY, slot_start="10:00", nik=nik(2))["token"]
    mall.move_to(at(10, 45) + dt.timedelta(seconds=1))

    response = api_as(kiosk).post("/api/v1/check-in/", {"token": other}, format="json")

    assert_error(response, 400, "checkin_expired")
    assert Ticket.objects.get(token=other).status == Ticket.Status.BOOKED


@pytest.mark.parametrize("status", ["waiting", "cancelled", "done"])
def test_check_in_only_from_booked(api_as, mall, kiosk, service_a, status):
    ticket = factories.TicketFactory(service=service_a, status=status)

    response = api_as(kiosk).post("/api/v1/check-in/", {"token": ticket.token}, format="json")

    assert_error(response, 409, "invalid_status")


def test_check_in_unknown_token_is_404(api_as, mall, kiosk):
    response = api_as(kiosk).post("/api/v1/check-in/", {"token": "A" * 24}, format="json")

    assert_error(response, 404, "not_found")


def test_check_in_needs_a_kiosk_or_staff(api, api_as, mall, service_a, supervisor_a):
    token = book(api, service_a, date=TODAY)["token"]

    anonymous = api.post("/api/v1/check-in/", {"token": token}, format="json")
    supervisor = api_as(supervisor_a).post("/api/v1/check-in/", {"token": token}, format="json")

    assert anonymous.status_code in (401, 403)
    assert supervisor.status_code == 403
    assert Ticket.objects.get(token=token).status == Ticket.Status.BOOKED


# Counters: attendance ------------------------------------------------------------------


def counter_url(counter, action):
    return f"/api/v1/counters/{counter.pk}/{action}/"


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


# Staff endpoints: agency scoping -------------------------------------------------------


@dataclass(frozen=True)
class StaffAction:
    name: str
    method: str
    path: str  # {counter} or {token}
    state: str  # closed, open, paused, waiting, called, serving
    body: dict | None = None
    ok: int = 200


STAFF_ACTIONS = [
    StaffAction("detail", "get", "counters/{counter}/", "open"),
    StaffAction("open", "post", "counters/{counter}/open/", "closed"),
    StaffAction("close", "post", "counters/{counter}/close/", "open"),
    StaffAction("pause", "post", "counters/{counter}/pause/", "open", {"reason": "Rapat"}),
    StaffAction("resume", "post", "counters/{counter}/resume/", "paused"),
    StaffAction("queue", "get", "counters/{counter}/queue/", "waiting"),
    StaffAction("call-next", "post", "counters/{counter}/call-next/", "waiting"),
    StaffAction("call", "post", "counters/{counter}/call/", "waiting", {"token": "{token}"}),
    StaffAction("recall", "post", "counters/{counter}/recall/", "called"),
    StaffAction("start", "post", "tickets/{token}/start/", "called"),
    StaffAction("finish", "post", "tickets/{token}/finish/", "serving"),
    StaffAction("no-show", "post", "tickets/{token}/no-show/", "called"),
    StaffAction("transfer", "post", "tickets/{token}/transfer/", "called", {"service": "{other}"}),
]


def _prepare(action, *, officer, counter, service, other_service):
    """Put counter_a (of agency A) in the state the action needs; return path and body."""
    ticket = walk_in(service)
    if action.state != "closed":
        counter_services.counter_open(counter=counter, officer=officer)
    if action.state == "paused":
        counter_services.counter_pause(counter=counter, actor=officer, reason="Istirahat")
    if action.state in ("called", "serving"):
        ticket = queue_services.ticket_call_next(counter=counter, actor=officer)
    if action.state == "serving":
        ticket = queue_services.ticket_start(ticket=ticket, actor=officer)
    values = {"counter": counter.pk, "token": ticket.token, "other": other_service.pk}
    path = "/api/v1/" + action.path.format(**values)
    body = None
    if action.body:
        body = {k: v.format(**values) for k, v in action.body.items()}
        body = {k: int(v) if v.isdigit() else v for k, v in body.items()}
    return path, body, ticket


def _send(client, action, path, body):
    if action.method == "get":
        return client.get(path)
    return client.post(path, body, format="json")


@pytest.fixture
def staff_floor(mall, officer_a, counter_a, service_a, service_b, counter_b):
    return {
        "officer": officer_a,
        "counter": counter_a,
        "service": service_a,
        "other_service": service_b,
    }


@pytest.mark.parametrize("action", STAFF_ACTIONS, ids=lambda a: a.name)
def test_officer_of_another_agency_is_refused(api_as, staff_floor, officer_b, action):
    path, body, _ = _prepare(action, **staff_floor)
    before = writes()

    response = _send(api_as(officer_b), action, path, body)

    assert response.status_code == 403, response.content
    assert set(response.json()) == {"detail", "code"}
    assert writes() == before


@pytest.mark.parametrize("action", STAFF_ACTIONS, ids=lambda a: a.name)
@pytest.mark.parametrize("persona", ["supervisor_a", "kiosk"])
def test_staff_actions_refuse_other_roles(request, api_as, staff_floor, action, persona):
    path, body, _ = _prepare(action, **staff_floor)
    before = writes()

    response = _send(api_as(request.getfixturevalue(persona)), action, path, body)

    assert response.status_code == 403, response.content
    assert writes() == before


@pytest.mark.parametrize("action", STAFF_ACTIONS, ids=lambda a: a.name)
def test_staff_actions_need_a_login(api, staff_floor, action):
    path, body, _ = _prepare(action, **staff_floor)
    before = writes()

    response = _send(api, action, path, body)

    assert response.status_code in (401, 403)
    assert set(response.json()) == {"detail", "code"}
    assert writes() == before


EXPECTED_AFTER = {
    "detail": ("open", None),
    "open": ("open", None),
    "close": ("closed", None),
    "pause": ("paused", None),
    "resume": ("open", None),
    "queue": (None, "waiting"),
    "call-next": (None, "called"),
    "call": (None, "called"),
    "recall": (None, "called"),
    "start": (None, "serving"),
    "finish": (None, "done"),
    "no-show": (None, "no_show"),
    "transfer": (None, "waiting"),
}


@pytest.mark.parametrize("action", STAFF_ACTIONS, ids=lambda a: a.name)
def test_manager_may_act_on_any_agencys_counter(api_as, staff_floor, manager, action):
    path, body, ticket = _prepare(action, **staff_floor)

    response = _send(api_as(manager), action, path, body)

    assert response.status_code == action.ok, response.content
    counter_state, ticket_status = EXPECTED_AFTER[action.name]
    if counter_state is not None:
        assert response.json()["state"] == counter_state
    if ticket_status is not None:
        ticket.refresh_from_db()
        assert ticket.status == ticket_status
    if action.name == "open":
        assert CounterSession.objects.get(closed_at=None).officer == manager


@pytest.mark.parametrize("action", STAFF_ACTIONS, ids=lambda a: a.name)
def test_officer_may_act_on_own_agencys_counter(api_as, staff_floor, action):
    path, body, ticket = _prepare(action, **staff_floor)

    response = _send(api_as(staff_floor["officer"]), action, path, body)

    assert response.status_code == action.ok, response.content
    _, ticket_status = EXPECTED_AFTER[action.name]
    if ticket_status is not None:
        ticket.refresh_from_db()
        assert ticket.status == ticket_status


def test_counter_queue_of_another_agency_leaks_nothing(api_as, staff_floor, officer_b):
    walk_in(staff_floor["service"])

    response = api_as(officer_b).get(counter_url(staff_floor["counter"], "queue"))

    assert response.status_code == 403
    assert b"A-00" not in response.content


# Token auth ----------------------------------------------------------------------------


def test_token_auth_for_api_clients(mall, officer_a, counter_a):
    client = APIClient()

    response = client.post(
        "/api/v1/auth/token/", {"username": "officer-a", "password": "secret-pass"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["token"]
    assert body["token"] == Token.objects.get(user=officer_a).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    opened = client.post(counter_url(counter_a, "open"))
    assert opened.status_code == 200
    assert opened.json()["officer"] == "officer-a"


def test_token_auth_gives_the_same_token_twice(officer_a):
    client = APIClient()
    credentials = {"username": "officer-a", "password": "secret-pass"}

    first = client.post("/api/v1/auth/token/", credentials, format="json").json()
    second = client.post("/api/v1/auth/token/", credentials, format="json").json()

    assert first == second


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "officer-a", "password": "wrong-pass"},
        {"username": "nobody", "password": "secret-pass"},
        {"username": "officer-a"},
        {"username": "", "password": ""},
    ],
)
def test_token_auth_refuses_bad_credentials(officer_a, credentials):
    response = APIClient().post("/api/v1/auth/token/", credentials, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body and all(isinstance(v, list) for v in body.values())
    assert not Token.objects.exists()


def test_a_bad_token_is_refused(mall, counter_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.post(counter_url(counter_a, "open"))

    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}
    assert not CounterSession.objects.exists()
