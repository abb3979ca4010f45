"""The touch kiosk (/kiosk/): walk-in tickets, printing, check-in, the phone QR.

Through the Django test client; the clock is frozen at Tuesday 2026-11-24
09:00 WIB, inside opening hours (08:00-14:00, issuing until 13:30).
"""

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.conf import settings

from queues.lookup import (
    CHECKIN_MAX_AGE,
    kiosk_checkin_code,
    kiosk_checkin_code_valid,
    kiosk_checkin_kiosk_id,
)
from queues.models import Ticket
from queues.services import ticket_book, ticket_issue
from tests import factories
from tests.conftest import TUESDAY_9AM, WEDNESDAY, WIB

pytestmark = pytest.mark.usefixtures("clock", "hours")

NIK = "3574014101900001"
NIK2 = "3574014101900002"
TUESDAY = TUESDAY_9AM.date()
S = Ticket.Status


def config_of(response) -> dict:
    html = response.content.decode()
    match = re.search(r'<script id="kiosk-config" type="application/json">(.*?)</script>', html)
    assert match, "no #kiosk-config in the page"
    return json.loads(match[1])


@pytest.fixture
def kiosk_client(client, kiosk):
    client.force_login(kiosk)
    return client


def check_in(client, value, nik4=""):
    """A scan (URL or token) or a typed code with the NIK's last four digits."""
    return client.post("/kiosk/", {"action": "checkin", "value": value, "nik4": nik4})


# --- who gets in --------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get("/kiosk/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/kiosk/")


def test_officer_is_refused(client, officer_a):
    client.force_login(officer_a)

    response = client.get("/kiosk/")

    assert response.status_code == 403
    assert "Anjungan hanya untuk akun anjungan" in response.content.decode()


@pytest.mark.parametrize("persona", ["kiosk", "manager"])
def test_kiosk_and_manager_get_in(client, request, persona, counter_a):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/kiosk/")

    assert response.status_code == 200
    assert response["Content-Language"] == "id"


# --- agency -> service -> priority -> ticket ---------------------------------


def test_the_screen_offers_agencies_services_and_priorities(kiosk_client, counter_a, service_b):
    # service_b has no counter: a ticket for it would wait for nobody.
    response = kiosk_client.get("/kiosk/", headers={"accept-language": "en-US"})

    html = response.content.decode()
    assert '<html lang="id"' in html  # Indonesian first, whatever the browser says
    config = config_of(response)
    assert config["issuing"] is True
    [agency] = config["catalog"]
    assert agency["name"] == "Dispendukcapil"
    assert [s["name"] for s in agency["services"]] == ["Kartu Keluarga", "KTP-el baru"]
    assert [p["value"] for p in config["priorities"]] == [
        "regular",
        "elderly",
        "disabled",
        "pregnant",
        "child",
    ]
    assert config["idleSeconds"] == 60
    assert f'data-agency="{agency["id"]}"' in html
    assert "Polres" not in html


def test_three_taps_to_a_printed_ticket(kiosk_client, counter_a, service_a):
    config = config_of(kiosk_client.get("/kiosk/"))  # tap 1: the agency (client side)
    service = config["catalog"][0]["services"][1]  # tap 2: the service
    assert service["id"] == service_a.pk
    ticket_issue(service=service_a)  # someone is already waiting

    # tap 3: the priority issues the ticket through the API, as the page's script does
    response = kiosk_client.post(
        config["issueUrl"],
        {"service": service["id"], "priority": "elderly"},
        content_type="application/json",
        headers={"x-csrftoken": config["csrfToken"]},
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "waiting"
    assert data["channel"] == "kiosk"
    assert data["code"] == "A-002"
    printed = kiosk_client.get(f"/kiosk/?part=print&token={data['token']}")
    assert printed.status_code == 200
    html = printed.content.decode()
    assert settings.MPP_NAME in html
    assert "A-002" in html
    assert "KTP-el baru" in html
    assert "Gerai Dukcapil" in html  # the booth
    assert "09:00" in html
    assert re.search(r"Orang di depan Anda: <strong>0</strong>", html)  # elderly go first
    assert "<svg" in html
    assert "Lansia" in html
    assert 'class="kiosk-print paper-80"' in html
    assert "queues/kiosk.css" in html


def test_print_on_58mm_paper(kiosk_client, counter_a, service_a):
    ticket = ticket_issue(service=service_a)

    html = kiosk_client.get(f"/kiosk/?part=print&token={ticket.token}&paper=58").content.decode()

    assert 'class="kiosk-print paper-58"' in html


def test_print_of_an_unknown_ticket_is_404(kiosk_client):
    assert kiosk_client.get("/kiosk/?part=print&token=nope").status_code == 404


def test_print_css_has_pages_for_58_and_80_mm():
    css = (Path(settings.BASE_DIR) / "static/queues/kiosk.css").read_text()

    assert "@page" in css
    assert re.search(r"@page ticket80 \{[^}]*size: 80mm", css)
    assert re.search(r"@page ticket58 \{[^}]*size: 58mm", css)
    assert re.search(r"\.paper-58 \.print-ticket \{[^}]*page: ticket58", css)
    assert "@media print" in css


# --- outside hours --------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (dt.datetime(2026, 11, 24, 6, 0, tzinfo=WIB), "dibuka pukul 07:30"),
        (dt.datetime(2026, 11, 24, 13, 45, tzinfo=WIB), "sudah ditutup"),
        (dt.datetime(2026, 11, 28, 10, 0, tzinfo=WIB), "MPP tutup hari ini"),
    ],
)
def test_outside_hours_the_screen_says_when_service_resumes(
    kiosk_client, clock, counter_a, moment, words
):
    clock.move_to(moment)

    response = kiosk_client.get("/kiosk/")

    html = response.content.decode()
    assert config_of(response)["issuing"] is False
    assert 'id="k-closed"' in html
    assert words in html
    assert "data-agency" not in html


def test_outside_hours_the_api_refusal_says_when_issuing_resumes(
    kiosk_client, clock, counter_a, service_a
):
    clock.move_to(dt.datetime(2026, 11, 24, 6, 0, tzinfo=WIB))

    response = kiosk_client.post(
        "/api/v1/kiosk/tickets/",
        {"service": service_a.pk, "priority": "regular"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "07:30" in response.json()["detail"]


def test_check_in_by_code_with_a_digit_in_the_prefix(kiosk_client, agency_a):
    service = factories.ServiceFactory(agency=agency_a, prefix="T1")
    booking = ticket_book(service=service, day=TUESDAY, slot_start=dt.time(9, 30), nik=NIK2)

    response = check_in(kiosk_client, "t1-001", NIK2[-4:])

    assert response.status_code == 200, response.content
    assert response.json()["ticket"]["token"] == booking.token


def test_during_a_break_the_screen_says_when_it_resumes(kiosk_client, clock, counter_a):
    from agencies.models import OpeningHours

    OpeningHours.objects.filter(weekday=1).update(break_start=dt.time(12), break_end=dt.time(13))
    clock.move_to(dt.datetime(2026, 11, 24, 12, 10, tzinfo=WIB))

    html = kiosk_client.get("/kiosk/").content.decode()

    assert "istirahat" in html
    assert "13:00" in html


# --- failed prints ---------------------------------------------------------------


def test_void_of_a_failed_print_cancels_the_ticket(kiosk_client, kiosk, counter_a, service_a):
    ticket = ticket_issue(service=service_a, actor=kiosk)

    response = kiosk_client.post("/kiosk/", {"action": "void", "token": ticket.token})

    assert response.status_code == 200, response.content
    ticket.refresh_from_db()
    assert ticket.status == S.CANCELLED
    event = ticket.events.order_by("at", "id").last()
    assert event.actor == kiosk


def test_void_refuses_a_booking(kiosk_client, service_a):
    booking = ticket_book(service=service_a, day=WEDNESDAY, slot_start=dt.time(9), nik=NIK)

    response = kiosk_client.post("/kiosk/", {"action": "void", "token": booking.token})

    assert response.status_code == 409
    booking.refresh_from_db()
    assert booking.status == S.BOOKED


def test_an_unknown_action_is_refused(kiosk_client):
    assert kiosk_client.post("/kiosk/", {"action": "nope"}).status_code == 400


# --- check-in ------------------------------------------------------------------------


@pytest.fixture
def booking(service_a):
    return ticket_book(service=service_a, day=TUESDAY, slot_start=dt.time(9, 30), nik=NIK)


@pytest.mark.parametrize("form", ["url", "token", "code", "lowercase code", "no hyphen"])
def test_check_in_by_scan_or_code(kiosk_client, kiosk, booking, form):
    value = {
        "url": f"https://mpp.example.go.id/t/{booking.token}/",
        "token": booking.token,
        "code": booking.code,
        "lowercase code": booking.code.lower(),
        "no hyphen": booking.code.replace("-", ""),
    }[form]

    response = check_in(kiosk_client, value, NIK[-4:])

    assert response.status_code == 200, response.content
    assert response.json()["ticket"]["code"] == booking.code
    assert "Check-in berhasil" in response.json()["message"]
    booking.refresh_from_db()
    assert booking.status == S.WAITING
    assert booking.checked_in_at is not None


def test_check_in_twice_says_it_is_done(kiosk_client, booking):
    check_in(kiosk_client, booking.code, NIK[-4:])

    response = check_in(kiosk_client, booking.code, NIK[-4:])

    assert response.status_code == 409
    assert "sudah check-in" in response.json()["detail"]


def test_check_in_for_another_day_is_refused(kiosk_client, service_a):
    later = ticket_book(service=service_a, day=WEDNESDAY, slot_start=dt.time(9), nik=NIK)

    response = check_in(kiosk_client, f"http://testserver/t/{later.token}/")

    assert response.status_code == 400
    assert response.json()["detail"] == "Pendaftaran ini untuk tanggal 2026-11-25, bukan hari ini."
    # Codes typed by hand are today's only: the same code names no booking today.
    assert check_in(kiosk_client, later.code, NIK[-4:]).status_code == 403


def test_check_in_too_early_is_refused(kiosk_client, clock, booking):
    clock.move_to(dt.datetime(2026, 11, 24, 7, 0, tzinfo=WIB))

    response = check_in(kiosk_client, booking.code, NIK[-4:])

    assert response.status_code == 400
    assert response.json()["detail"] == "Check-in dibuka mulai 08:00."


def test_check_in_after_the_slot_is_refused(kiosk_client, clock, booking):
    clock.move_to(dt.datetime(2026, 11, 24, 10, 30, tzinfo=WIB))

    response = check_in(kiosk_client, booking.code, NIK[-4:])

    assert response.status_code == 400
    assert "Waktu check-in sudah lewat" in response.json()["detail"]
    assert "10:00" in response.json()["detail"]


def test_check_in_of_a_walk_in_or_nothing_is_refused(kiosk_client, service_a):
    walk_in = ticket_issue(service=service_a)

    refused = check_in(kiosk_client, walk_in.code, "0001")
    by_scan = check_in(kiosk_client, walk_in.token)
    unknown = check_in(kiosk_client, "Z-999", "0001")
    garbage = check_in(kiosk_client, "???")
    empty = check_in(kiosk_client, "   ")

    # A walk-in has no NIK: its typed code is refused, its printed QR says what it is.
    assert refused.status_code == 400
    assert "pindai kode QR" in refused.json()["detail"]
    assert by_scan.status_code == 409
    assert "bukan pendaftaran online" in by_scan.json()["detail"]
    assert unknown.status_code == 403
    assert "tidak cocok" in unknown.json()["detail"]
    assert garbage.status_code == 404
    assert "Kode tidak dikenali" in garbage.json()["detail"]
    assert empty.status_code == 400


def test_check_in_messages_in_english(kiosk_client, clock, booking):
    clock.move_to(dt.datetime(2026, 11, 24, 7, 0, tzinfo=WIB))

    response = kiosk_client.post(
        "/kiosk/?lang=en", {"action": "checkin", "value": booking.code, "nik4": NIK[-4:]}
    )

    assert response.status_code == 400
    assert response["Content-Language"] == "en"


def test_officer_cannot_check_in_through_the_kiosk(client, officer_a, booking):
    client.force_login(officer_a)

    assert check_in(client, booking.code).status_code == 403


# --- the rotating phone check-in code -------------------------------------------------


def test_qr_part_gives_a_signed_code_of_this_kiosk(kiosk_client, kiosk):
    response = kiosk_client.get("/kiosk/?part=qr")

    assert response.status_code == 200
    data = response.json()
    assert data["maxAge"] == 90
    assert data["svg"].startswith("<svg")
    assert kiosk_checkin_code_valid(data["value"])
    assert kiosk_checkin_kiosk_id(data["value"]) == kiosk.pk
    # The QR holds a URL a phone camera opens: /checkin/ with the same signed value.
    assert data["url"].startswith("http://testserver/checkin/?code=")
    assert parse_qs(urlsplit(data["url"]).query)["code"] == [data["value"]]


def test_checkin_code_is_valid_for_90_seconds_then_refused(kiosk):
    with time_machine.travel(TUESDAY_9AM, tick=False) as traveller:
        value = kiosk_checkin_code(kiosk.pk)
        assert kiosk_checkin_code_valid(value)
        traveller.shift(dt.timedelta(seconds=CHECKIN_MAX_AGE - 1))
        assert kiosk_checkin_code_valid(value)
        traveller.shift(dt.timedelta(seconds=2))
        assert not kiosk_checkin_code_valid(value)


def test_checkin_code_rotates_and_rejects_forgeries(kiosk, clock):
    first = kiosk_checkin_code(kiosk.pk)
    clock.shift(dt.timedelta(seconds=60))
    second = kiosk_checkin_code(kiosk.pk)

    assert first != second
    assert not kiosk_checkin_code_valid(first[:-2] + "xx")
    assert not kiosk_checkin_code_valid("kiosk:1")
    assert not kiosk_checkin_code_valid("")
    assert not kiosk_checkin_code_valid(None)  # type: ignore[arg-type]
    from django.core import signing

    other_salt = signing.TimestampSigner(salt="something-else").sign(f"kiosk:{kiosk.pk}")
    assert not kiosk_checkin_code_valid(other_salt)
