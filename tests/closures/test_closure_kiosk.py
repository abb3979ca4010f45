"""Planned closures where a resident or an officer picks a line: the kiosk, check-in of
a booking a later closure covers, the service page, transfers, the console's lists and
the ticket page (the clock and the lines as in test_closure_effects.py)."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from closures.errors import ServiceClosedForNow
from console import services as counter_services
from queues import services as queue_services
from queues.models import Ticket
from tests import factories
from tests.closures.closure_support import NIK, close_booth, logged_in
from tests.conftest import TUESDAY, WEDNESDAY, at

pytestmark = pytest.mark.usefixtures("clock", "hours")


# --- the kiosk ---------------------------------------------------------------------------


def kiosk_config(client, language="id") -> dict:
    html = client.get(f"/kiosk/?lang={language}").content.decode()
    match = re.search(r'<script id="kiosk-config" type="application/json">(.*?)</script>', html)
    return json.loads(match[1])


def kiosk_services(config) -> dict[str, dict]:
    return {s["name"]: s for agency in config["catalog"] for s in agency["services"]}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Ditutup sementara sampai pukul 11:00 WIB"),
        ("en", "Temporarily closed until 11:00 WIB"),
    ],
)
def test_kiosk_shows_a_closed_service_with_until_when(
    kiosk,
    booth_a,
    counter_a,
    counter_b,
    service_a,
    service_a2,
    service_b,
    manager,
    language,
    expected,
):
    close_booth(booth_a, manager, end=at(11))

    services = kiosk_services(kiosk_config(logged_in(kiosk), language))

    assert services["KTP-el baru"]["closed"] == expected
    assert services["Kartu Keluarga"]["closed"] == expected
    assert services["SKCK"]["closed"] == ""


def test_kiosk_offers_the_service_again_once_the_closure_ends(
    clock, kiosk, booth_a, counter_a, service_a, manager
):
    close_booth(booth_a, manager, end=at(10))
    client = logged_in(kiosk)
    assert kiosk_services(kiosk_config(client))["KTP-el baru"]["closed"]

    clock.move_to(at(10))

    assert kiosk_services(kiosk_config(client))["KTP-el baru"]["closed"] == ""


def test_kiosk_catalog_costs_the_same_queries_however_many_lines_are_closed(
    kiosk, booth_a, booth_b, counter_a, counter_b, manager
):
    client = logged_in(kiosk)
    close_booth(booth_a, manager)
    kiosk_config(client)  # the calendar's rows cached, as after the first page
    with CaptureQueriesContext(connection) as one:
        kiosk_config(client)
    close_booth(booth_b, manager)
    for n in range(4):
        factories.CounterFactory(
            booth=booth_b, number=20 + n, services=[factories.ServiceFactory(prefix=f"K{n}")]
        )
    kiosk_config(client)  # the closure ahead, kept again after the new one
    with CaptureQueriesContext(connection) as many:
        config = kiosk_config(client)

    assert len(many) == len(one)
    assert sum(1 for s in kiosk_services(config).values() if s["closed"]) == 2 + 1 + 4


def test_kiosk_script_disables_a_closed_service():
    from pathlib import Path

    script = Path("static/queues/kiosk.js").read_text()

    assert "service.closed" in script
    assert "tile.disabled = true" in script


# --- check-in of a booking whose slot a later closure covers ----------------------------


@pytest.fixture
def booking(service_a, counter_a):
    return queue_services.ticket_book(
        service=service_a, day=TUESDAY, slot_start=dt.time(9, 30), nik=NIK
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Check-in berhasil, tetapi layanan ini ditutup sementara sampai pukul 11:00 WIB."),
        ("en", "Checked in, but this service is temporarily closed until 11:00 WIB."),
    ],
)
def test_check_in_inside_a_closure_approved_after_booking_is_allowed_and_told(
    kiosk, booking, booth_a, manager, language, expected
):
    close_booth(booth_a, manager, end=at(11))

    response = logged_in(kiosk).post(
        f"/kiosk/?lang={language}",
        {"action": "checkin", "value": booking.code, "nik4": booking.nik_last4},
    )

    assert response.status_code == 200
    assert response.json()["message"].startswith(expected)
    booking.refresh_from_db()
    assert booking.status == Ticket.Status.WAITING
    assert booking.queued_at == at(9, 30)  # keeps its place for when the line reopens


def test_check_in_without_a_closure_says_only_that_it_worked(kiosk, booking):
    response = logged_in(kiosk).post(
        "/kiosk/", {"action": "checkin", "value": booking.code, "nik4": booking.nik_last4}
    )

    assert response.json()["message"] == "Check-in berhasil. Silakan menunggu panggilan."


def test_check_in_api_accepts_a_booking_inside_a_closure(api_as, kiosk, booking, booth_a, manager):
    close_booth(booth_a, manager, end=at(11))

    response = api_as(kiosk).post("/api/v1/check-in/", {"token": booking.token}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "waiting"


# --- the service page ------------------------------------------------------------------


def test_service_page_says_the_service_is_closed_until_when(
    booth_a, counter_a, service_a, service_b, counter_b, manager
):
    close_booth(booth_a, manager, end=at(11, 0, day=25))

    closed = Client().get(f"/services/{service_a.pk}/").content.decode()
    english = Client().get(f"/services/{service_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content
    other = Client().get(f"/services/{service_b.pk}/").content.decode()

    notice = re.search(r'<p class="p-error" id="service-closed"[^>]*>(.*?)</p>', closed)[1]
    assert notice.startswith("Layanan ditutup sementara sampai 25-11-2026 pukul 11:00 WIB.")
    assert b"The service is temporarily closed until 25-11-2026 at 11:00 WIB." in english
    assert 'id="service-closed"' not in other


def test_service_page_says_nothing_of_a_closure_not_started(booth_a, counter_a, service_a, manager):
    close_booth(booth_a, manager, start=at(12), end=at(13))

    assert 'id="service-closed"' not in Client().get(f"/services/{service_a.pk}/").content.decode()


# --- transfers ---------------------------------------------------------------------------


@pytest.fixture
def called(officer_a, counter_a, service_a):
    counter_services.counter_open(counter=counter_a, officer=officer_a)
    queue_services.ticket_issue(service=service_a)
    return queue_services.ticket_call_next(counter=counter_a, actor=officer_a)


def test_transfer_into_a_closed_line_is_refused(
    called, officer_a, service_a, booth_b, counter_b, service_b, manager
):
    close_booth(booth_b, manager, end=at(11))

    with pytest.raises(ServiceClosedForNow):
        queue_services.ticket_transfer(ticket=called, service=service_b, actor=officer_a)

    called.refresh_from_db()
    assert (called.status, called.service_id) == (Ticket.Status.CALLED, service_a.pk)
    assert not called.events.filter(kind="transferred").exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "ditutup sementara"), ("en", "temporarily closed")],
)
def test_transfer_api_refusal_is_named_and_translated(
    api_as, called, officer_a, booth_b, counter_b, service_b, manager, language, expected
):
    close_booth(booth_b, manager, end=at(11))

    response = api_as(officer_a).post(
        f"/api/v1/tickets/{called.token}/transfer/",
        {"service": service_b.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 409
    assert response.json()["code"] == "service_closed"
    assert expected in response.json()["detail"]
    assert Ticket.objects.get(pk=called.pk).status == Ticket.Status.CALLED


def test_transfer_goes_through_once_the_closure_ends(
    clock, called, officer_a, booth_b, counter_b, service_b, manager
):
    close_booth(booth_b, manager, end=at(9, 30))
    clock.move_to(at(9, 30))

    moved = queue_services.ticket_transfer(ticket=called, service=service_b, actor=officer_a)

    assert (moved.status, moved.service_id) == (Ticket.Status.WAITING, service_b.pk)


def test_transfer_of_another_agencys_ticket_is_still_refused_first(
    api_as, called, officer_b, booth_b, counter_b, service_b, manager
):
    close_booth(booth_b, manager, end=at(11))

    response = api_as(officer_b).post(
        f"/api/v1/tickets/{called.token}/transfer/", {"service": service_b.pk}, format="json"
    )

    assert response.status_code in (403, 404)


# --- the console's transfer and assisted-ticket lists --------------------------------------


def test_console_marks_closed_services_in_the_transfer_list(
    officer_a, counter_a, service_a, booth_b, counter_b, service_b, manager
):
    close_booth(booth_b, manager, end=at(11))

    page = logged_in(officer_a).get(f"/counter/?counter={counter_a.pk}").content.decode()

    transfer = re.search(r'<select id="transfer-service".*?</select>', page, re.S)[0]
    assert (
        f'<option value="{service_b.pk}" disabled data-closed>'
        "SKCK (S) \u2013 ditutup sementara sampai pukul 11:00 WIB</option>"
    ) in transfer
    assert f'<option value="{service_a.pk}">KTP-el baru (A)</option>' in transfer
    assist = re.search(r'<select id="assist-service".*?</select>', page, re.S)[0]
    assert f'<option value="{service_b.pk}" disabled data-closed>' in assist


def test_console_in_english_marks_closed_services(
    officer_a, counter_a, booth_b, counter_b, service_b, manager
):
    close_booth(booth_b, manager, end=at(11))

    page = (
        logged_in(officer_a)
        .get(f"/counter/?counter={counter_a.pk}", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )

    assert "SKCK (S) \u2013 temporarily closed until 11:00 WIB" in page


def test_console_costs_the_same_queries_however_many_lines_are_closed(
    officer_a, counter_a, booth_b, counter_b, manager
):
    client = logged_in(officer_a)
    close_booth(booth_b, manager)
    client.get(f"/counter/?counter={counter_a.pk}")  # the calendar's rows cached
    with CaptureQueriesContext(connection) as one:
        client.get(f"/counter/?counter={counter_a.pk}")
    for n in range(4):
        factories.CounterFactory(
            booth=booth_b, number=30 + n, services=[factories.ServiceFactory(prefix=f"C{n}")]
        )
    client.get(f"/counter/?counter={counter_a.pk}")  # the new counters' lines, kept
    with CaptureQueriesContext(connection) as many:
        page = client.get(f"/counter/?counter={counter_a.pk}").content.decode()

    assert len(many) == len(one)
    assert page.count("data-closed") == 2 * 5  # transfer and assisted lists


def test_console_script_keeps_closed_options_disabled_when_filtering():
    from pathlib import Path

    script = Path("static/counters/console.js").read_text()

    assert "disabled: option.disabled" in script
    assert "el.disabled = option.disabled" in script


# --- the resident's ticket page ---------------------------------------------------------


def closed_notice(ticket, language="id") -> str | None:
    html = Client().get(f"/t/{ticket.token}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    match = re.search(r'<p class="t-closed" id="t-closed">(.*?)</p>', html)
    return match[1] if match else None


def test_ticket_page_tells_a_booking_its_slot_was_closed_after_booking(
    booth_a, counter_a, service_a, manager
):
    booked = queue_services.ticket_book(
        service=service_a, day=WEDNESDAY, slot_start=dt.time(10), nik=NIK
    )
    assert closed_notice(booked) is None
    close_booth(booth_a, manager, start=at(10, 15, day=25), end=at(11, 0, day=25))

    assert closed_notice(booked) == (
        "Layanan ditutup sementara sampai pukul 11:00 WIB. "
        "Nomor Anda tetap berlaku dan dipanggil setelah layanan dibuka kembali."
    )
    assert closed_notice(booked, "en").startswith(
        "The service is temporarily closed until 11:00 WIB."
    )


def test_ticket_page_tells_a_waiting_ticket_while_its_line_is_closed(
    clock, booking, booth_a, manager
):
    queue_services.ticket_check_in(ticket=booking)
    booking.refresh_from_db()
    close_booth(booth_a, manager, end=at(10))

    assert closed_notice(booking).startswith("Layanan ditutup sementara sampai pukul 10:00 WIB.")
    clock.move_to(at(10))
    assert closed_notice(booking) is None


def test_ticket_page_of_a_ticket_served_says_nothing_of_a_closure(
    called, booth_a, manager, officer_a
):
    close_booth(booth_a, manager, end=at(11))

    assert closed_notice(called) is None
