"""Typed codes never hand out tickets (issue 11 item 7): /checkin/, the kiosk and the
kiosk survey need the NIK's last four digits with a short code, count wrong tries per
ticket and per client, and still take a scanned QR (the token) on its own."""

import datetime as dt

import pytest
from django.core import signing
from django.test import Client

from queues.lookup import CHECKIN_SALT
from queues.models import Ticket
from queues.services import ticket_book, ticket_issue
from tests.complaints.survey_support import done_ticket

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)


def nik(serial: int) -> str:
    return f"357401410190{serial:04d}"


@pytest.fixture
def bookings(clock, hours, service_a):
    """Fifteen of today's bookings at 09:00 (the clock stands at 09:00): A-001..A-015."""
    service_a.slot_capacity = 20
    service_a.save()
    return [
        ticket_book(
            service=service_a, day=TODAY, slot_start=dt.time(9), nik=nik(n), phone=f"0812345{n:05d}"
        )
        for n in range(1, 16)
    ]


def kiosk_code() -> str:
    return signing.TimestampSigner(salt=CHECKIN_SALT).sign("kiosk:1")


def phone_check_in(client, typed, nik4="", **meta):
    data = {"code": kiosk_code(), "ticket": typed, "nik4": nik4}
    return client.post("/checkin/", data, **meta)


def test_walking_the_codes_with_one_kiosk_qr_yields_nothing(bookings):
    """The issue's run: one fresh kiosk QR, every code, no digits (or guessed ones)."""
    client = Client()
    responses = [phone_check_in(client, f"A-{n:03d}") for n in range(1, 41)]
    guessed = [phone_check_in(client, f"A-{n:03d}", "1234") for n in range(1, 16)]

    for response in responses + guessed:
        assert response.status_code in (400, 403, 404, 429)
        page = response.content.decode()
        assert all(ticket.token not in page for ticket in bookings)
    assert {t.status for t in Ticket.objects.all()} == {"booked"}
    assert "4 digit terakhir NIK" in responses[0].content.decode()


def test_the_code_with_its_nik_digits_checks_in(bookings):
    ticket = bookings[5]

    response = phone_check_in(Client(), ticket.code, ticket.nik_last4)

    assert response.status_code == 302
    assert response["Location"] == f"/t/{ticket.token}/"
    ticket.refresh_from_db()
    assert ticket.status == "waiting"


def test_five_wrong_digits_lock_the_typed_code_of_that_ticket(bookings, settings):
    settings.CODE_LOOKUP_FAILURES_PER_CLIENT_HOUR = 100
    ticket = bookings[0]
    wrong = [
        phone_check_in(Client(), ticket.code, f"{n:04d}", REMOTE_ADDR=f"10.0.0.{n}")
        for n in range(5000, 5005)
    ]

    right = phone_check_in(Client(), ticket.code, ticket.nik_last4, REMOTE_ADDR="10.9.9.9")
    scanned = Client().get(f"/t/{ticket.token}/", {"checkin": kiosk_code()})

    assert [r.status_code for r in wrong] == [403] * 5
    assert right.status_code == 429
    assert "Terlalu banyak percobaan" in right.content.decode()
    # The resident's own QR (the token) still works.
    assert scanned.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "waiting"


def test_a_client_guessing_many_tickets_is_stopped(bookings, settings):
    settings.CODE_LOOKUP_FAILURES_PER_CLIENT_HOUR = 3
    client = Client()
    codes = [phone_check_in(client, t.code, "9999").status_code for t in bookings[:5]]

    assert codes == [403, 403, 403, 429, 429]
    other = phone_check_in(
        Client(), bookings[6].code, bookings[6].nik_last4, REMOTE_ADDR="10.1.1.1"
    )
    assert other.status_code == 302


def test_kiosk_check_in_by_code_alone_reveals_no_token(bookings, kiosk):
    client = Client()
    client.force_login(kiosk)
    ticket = bookings[2]

    bare = client.post("/kiosk/", {"action": "checkin", "value": ticket.code})
    with_digits = client.post(
        "/kiosk/", {"action": "checkin", "value": ticket.code, "nik4": ticket.nik_last4}
    )

    assert bare.status_code == 400
    assert bare.json()["code"] == "nik_last4_required"
    assert ticket.token not in bare.content.decode()
    assert with_digits.status_code == 200
    assert with_digits.json()["ticket"]["code"] == ticket.code


def test_kiosk_survey_find_by_code_needs_the_digits(clock, kiosk, service_a):
    served = done_ticket(service_a, number=12, nik_hash="h" * 64, nik_last4="2468")
    client = Client()
    client.force_login(kiosk)

    bare = client.post("/kiosk/survey/", {"action": "find", "value": "A-012"})
    wrong = client.post("/kiosk/survey/", {"action": "find", "value": "A-012", "nik4": "1111"})
    right = client.post("/kiosk/survey/", {"action": "find", "value": "A-012", "nik4": "2468"})

    assert bare.status_code == wrong.status_code == 400
    assert served.token not in bare.content.decode() + wrong.content.decode()
    assert "4 digit terakhir NIK" in bare.content.decode()
    assert "tidak cocok" in wrong.content.decode()
    assert right.status_code == 200 and served.token in right.content.decode()


def test_kiosk_survey_find_is_rate_limited(clock, kiosk, service_a, settings):
    settings.CODE_LOOKUP_FAILURES_PER_CLIENT_HOUR = 2
    tickets = [
        done_ticket(service_a, number=n, nik_hash=f"{n}" * 64, nik_last4="2468") for n in (1, 2, 3)
    ]
    client = Client()
    client.force_login(kiosk)

    answers = [
        client.post("/kiosk/survey/", {"action": "find", "value": t.code, "nik4": "0000"})
        for t in tickets
    ]
    right = client.post("/kiosk/survey/", {"action": "find", "value": "A-003", "nik4": "2468"})

    assert "tidak cocok" in answers[0].content.decode()
    assert "Terlalu banyak percobaan" in answers[2].content.decode()
    assert "Terlalu banyak percobaan" in right.content.decode()


def test_a_walk_in_is_found_by_its_printed_qr_not_its_code(clock, hours, kiosk, service_a):
    walk_in = ticket_issue(service=service_a)
    client = Client()
    client.force_login(kiosk)

    typed = client.post("/kiosk/", {"action": "checkin", "value": walk_in.code, "nik4": "0001"})

    assert typed.status_code == 400 and typed.json()["code"] == "qr_required"
    assert walk_in.token not in typed.content.decode()


def test_refusals_in_english(bookings):
    response = phone_check_in(Client(), "A-001", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "last 4 digits" in response.content.decode()
