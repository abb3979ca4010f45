"""Ticket endpoints (API.md "Tickets"): bookings, the public ticket, cancel, the kiosk,
check-in. Counters: test_counter_endpoints.py; scoping and token auth:
test_staff_endpoints.py."""

import datetime as dt

import pytest

from agencies.models import Closure
from console import services as counter_services
from queues import services as queue_services
from queues.models import Ticket, TicketEvent
from tests import factories
from tests.api.contract import TICKET_FIELDS
from tests.api.tickets_support import (
    CODE_RE,
    NAME,
    NIK,
    PHONE_DIGITS,
    TODAY,
    TOKEN_RE,
    TOMORROW,
    assert_error,
    book,
    booking,
    nik,
    walk_in,
    writes,
)
from tests.conftest import at

pytestmark = pytest.mark.django_db


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
