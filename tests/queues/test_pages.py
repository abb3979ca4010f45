"""The live queue's pages (queues/views.py): the lobby display and a resident's ticket.

The clock is frozen at Tuesday 2026-11-24 09:00 WIB, inside opening hours.
Both pages are rendered on the server; their scripts get everything they show
in words through a `json_script` config, which these tests read back.
"""

import datetime as dt
import json
import re

import pytest
import segno
from django.utils.html import escape

from console.services import counter_open
from queues.models import DisplayMessage, Ticket
from queues.services import (
    ticket_book,
    ticket_call_next,
    ticket_cancel,
    ticket_issue,
    ticket_start,
)
from tests import factories
from tests.conftest import WEDNESDAY

pytestmark = pytest.mark.usefixtures("clock", "hours")

NIK = "3574014101900001"
PHONE = "081234567890"
NAME = "Siti Aminah"
S = Ticket.Status


def config_of(response, element_id: str) -> dict:
    html = response.content.decode()
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, f"no #{element_id} config in the page"
    return json.loads(match[1])


def page(client, ticket: Ticket, **headers):
    return client.get(f"/t/{ticket.token}/", headers=headers)


def assert_no_personal_data(html: str) -> None:
    assert NIK not in html
    assert NAME not in html
    assert "81234567890" not in html  # the phone, with or without its leading 0 or +62


@pytest.fixture
def resident_ticket(service_a):
    """A walk-in ticket that carries every kind of personal data the system holds."""
    return ticket_issue(service=service_a, nik=NIK, phone=PHONE, name=NAME)


@pytest.fixture
def called(counter_a, officer_a):
    """call() -> the next waiting ticket, called to counter_a."""

    def call() -> Ticket:
        counter_open(counter=counter_a, officer=officer_a)
        ticket = ticket_call_next(counter=counter_a, actor=officer_a)
        assert ticket is not None
        return ticket

    return call


# --- /display/ ----------------------------------------------------------------


def test_display_renders_the_clock_in_wib_with_indonesian_names(client, db):
    response = client.get("/display/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Selasa, 24 November 2026" in html
    assert '<span id="d-time">09:00</span>' in html
    config = config_of(response, "display-config")
    assert config["serverTime"].startswith("2026-11-24T09:00:00")
    assert config["zone"] == "WIB"
    assert config["utcOffsetMinutes"] == 7 * 60
    assert config["days"][0] == "Minggu" and config["days"][2] == "Selasa"
    assert config["months"][10] == "November" and config["months"][7] == "Agustus"


def test_display_is_full_screen_without_the_site_header(client, db):
    html = client.get("/display/").content.decode()

    assert 'class="site-header"' not in html
    assert "queues/display.css" in html and "queues/display.js" in html
    assert "js/live.js" in html
    assert 'id="d-offline"' in html
    assert 'id="d-unlock-button"' in html


def test_display_without_filters_follows_the_whole_mall(client, db):
    config = config_of(client.get("/display/"), "display-config")

    assert config["ws"] == "/ws/display/"
    assert config["agency"] is None
    assert config["floor"] is None
    assert config["floorAgencies"] is None
    assert config["chime"].endswith("sound/chime.wav")


def test_display_echoes_the_agency_filter(client, service_a, agency_b):
    agency = service_a.agency
    response = client.get(f"/display/?agency={agency.pk}")

    config = config_of(response, "display-config")
    assert config["agency"] == agency.pk
    assert config["floor"] is None
    assert config["ws"] == f"/ws/display/?agency={agency.pk}"
    assert config["agencyNames"] == {str(agency.pk): agency.name}
    assert agency.name in response.content.decode()  # the screen says whose queue it is


def test_display_echoes_the_floor_filter_with_its_agencies(client, agency_a, agency_b):
    factories.BoothFactory(agency=agency_a, floor="2")
    factories.BoothFactory(agency=agency_b, floor="1")
    response = client.get("/display/?floor=2")

    config = config_of(response, "display-config")
    assert config["floor"] == "2"
    assert config["agency"] is None
    assert config["ws"] == "/ws/display/?floor=2"
    assert config["floorAgencies"] == [agency_a.pk]
    assert "Lantai 2" in response.content.decode()


def test_display_passes_both_filters_to_the_socket(client, agency_a):
    config = config_of(client.get(f"/display/?agency={agency_a.pk}&floor=2"), "display-config")

    assert config["ws"] == f"/ws/display/?agency={agency_a.pk}&floor=2"


@pytest.mark.parametrize("agency", ["abc", "-1", "1.5", "٣", "9" * 30, ""])
def test_display_ignores_a_malformed_agency(client, db, agency):
    response = client.get("/display/", {"agency": agency})

    assert response.status_code == 200
    assert config_of(response, "display-config")["agency"] is None


def test_display_floor_cannot_break_out_of_the_page(client, db):
    response = client.get("/display/", {"floor": "</script><b>2"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "</script><b>" not in html
    assert config_of(response, "display-config")["floor"] == "</script><b>2"


@pytest.mark.parametrize("floor", ["2%00", "2%0A3", "9" * 31, "%20%20"])
def test_display_ignores_a_malformed_floor_as_the_socket_does(client, db, floor):
    response = client.get(f"/display/?floor={floor}")

    assert response.status_code == 200
    config = config_of(response, "display-config")
    assert config["floor"] is None
    assert config["ws"] == "/ws/display/"


def test_display_shows_the_running_text(client, db):
    DisplayMessage.objects.create(text="Layanan KTP-el buka sampai 14.00 WIB", order=1)
    DisplayMessage.objects.create(text="Teks lama", is_active=False)

    response = client.get("/display/")

    html = response.content.decode()
    assert "Layanan KTP-el buka sampai 14.00 WIB" in html
    assert "Teks lama" not in html
    assert 'id="d-ticker" hidden' not in html


def test_display_hides_the_ticker_without_messages(client, db):
    assert 'id="d-ticker" hidden' in client.get("/display/").content.decode()


def test_display_never_shows_personal_data(client, resident_ticket, called):
    called()

    html = client.get("/display/").content.decode()

    assert_no_personal_data(html)
    assert resident_ticket.nik_last4 not in html


def test_display_stays_indonesian_whatever_the_tv_browser_speaks(client, db):
    response = client.get("/display/", headers={"accept-language": "en-US,en"})

    html = response.content.decode()
    assert '<html lang="id"' in html
    assert response["Content-Language"] == "id"
    assert "Selasa, 24 November 2026" in html
    config = config_of(response, "display-config")
    assert config["days"][2] == "Selasa"
    assert config["texts"]["goTo"] == "Silakan menuju {counter}"


def test_display_in_english_when_asked(client, db):
    response = client.get("/display/?lang=en")

    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in response.content.decode()
    config = config_of(response, "display-config")
    assert config["days"][2] == "Tuesday"
    assert config["months"][7] == "August"


def test_display_follows_the_language_chosen_on_the_browser(client, db):
    client.cookies["django_language"] = "en"

    assert config_of(client.get("/display/"), "display-config")["days"][2] == "Tuesday"


def test_display_refuses_writes(client, db):
    assert client.post("/display/").status_code == 405


# --- /t/<token>/ ------------------------------------------------------------------


def test_ticket_page_shows_a_waiting_ticket_and_its_place(client, service_a):
    ticket_issue(service=service_a)
    ticket = ticket_issue(service=service_a)

    response = page(client, ticket)

    assert response.status_code == 200
    html = response.content.decode()
    assert "A-002" in html
    assert "KTP-el baru" in html
    assert "Dispendukcapil" in html
    assert "Menunggu" in html
    assert '<dd id="t-position">2</dd>' in html
    assert '<dd id="t-ahead">1</dd>' in html
    # 1 ahead x 10 minutes (the service's expected time) / 1 (no counter open)
    assert '<dd id="t-wait">± 10 menit</dd>' in html
    assert "Giliran Anda sebentar lagi" in html
    config = config_of(response, "ticket-config")
    assert config["ws"] == f"/ws/tickets/{ticket.token}/"
    assert config["cancelUrl"] == f"/api/v1/tickets/{ticket.token}/cancel/"
    assert config["code"] == "A-002"
    assert config["status"] == "waiting"
    assert (config["position"], config["peopleAhead"], config["minutes"]) == (2, 1, 10)


@pytest.mark.parametrize(("ahead", "notice"), [(4, " hidden>"), (3, ">")])
def test_ticket_page_shows_the_soon_notice_from_three_ahead(client, service_a, ahead, notice):
    for _ in range(ahead):
        ticket_issue(service=service_a)
    ticket = ticket_issue(service=service_a)

    html = page(client, ticket).content.decode()

    assert f'<dd id="t-ahead">{ahead}</dd>' in html
    assert f'<p class="t-soon" id="t-soon"{notice}' in html


def test_ticket_page_never_shows_name_nik_or_phone(client, resident_ticket):
    response = page(client, resident_ticket)

    assert response.status_code == 200
    html = response.content.decode()
    assert "A-001" in html
    assert_no_personal_data(html)
    assert_no_personal_data(json.dumps(config_of(response, "ticket-config")))


def test_booked_ticket_page_never_shows_personal_data(client, service_a):
    ticket = ticket_book(
        service=service_a, day=WEDNESDAY, slot_start=dt.time(9), nik=NIK, phone=PHONE, name=NAME
    )

    assert_no_personal_data(page(client, ticket).content.decode())


def test_ticket_page_works_in_english(client, resident_ticket):
    response = page(client, resident_ticket, accept_language="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Waiting" in html
    assert "A-001" in html
    assert_no_personal_data(html)
    config = config_of(response, "ticket-config")
    assert config["texts"]["status"]["called"] == "Called"


def test_called_ticket_page_says_where_to_go(client, resident_ticket, called, counter_a):
    ticket = called()

    response = page(client, ticket)

    html = response.content.decode()
    assert "Dipanggil" in html
    assert f"Silakan menuju {counter_a.label} (Gerai Dukcapil)" in html
    assert '<div class="t-called" id="t-called" role="alertdialog"' in html
    assert 'aria-labelledby="t-called-title" hidden' not in html
    assert '<form method="post" class="t-cancel" id="t-cancel" hidden>' in html
    config = config_of(response, "ticket-config")
    assert config["counter"] == {"label": counter_a.label, "booth": "Gerai Dukcapil"}
    assert config["position"] is None


def test_serving_ticket_page_names_the_counter(client, service_a, called, officer_a, counter_a):
    ticket_issue(service=service_a)
    ticket = ticket_start(ticket=called(), actor=officer_a)

    html = page(client, ticket).content.decode()

    assert "Dilayani" in html
    assert f"Anda sedang dilayani di {counter_a.label} (Gerai Dukcapil)." in html
    assert 'aria-labelledby="t-called-title" hidden' in html


def test_booked_ticket_page_shows_slot_and_check_in(client, service_a):
    ticket = ticket_book(service=service_a, day=WEDNESDAY, slot_start=dt.time(9, 30), nik=NIK)

    response = page(client, ticket)

    html = response.content.decode()
    assert "Terdaftar" in html
    assert "Rabu, 25 November 2026" in html
    assert "09:30\u201310:00 WIB" in html  # an en dash
    assert "Check-in dibuka mulai pukul 08:00 WIB" in html
    # slot end 10:00 + the service's 15 minutes of grace
    assert "Check-in paling lambat pukul 10:15 WIB" in html
    assert escape(f"ketik kode {ticket.code}") in html
    assert "<svg" in html  # the QR code the kiosk scans
    assert '<form method="post" class="t-cancel" id="t-cancel">' in html
    assert '<dl class="t-place" id="t-place" hidden>' in html


def test_booked_ticket_qr_code_is_the_page_address(client, service_a):
    ticket = ticket_book(service=service_a, day=WEDNESDAY, slot_start=dt.time(9), nik=NIK)

    html = client.get(f"/t/{ticket.token}/?utm=x").content.decode()

    qr = re.search(r"<svg.*?</svg>", html, re.S)[0]
    expected = segno.make(f"http://testserver/t/{ticket.token}/", error="m")
    assert qr == expected.svg_inline(border=2, dark="#000", light="#fff", omitsize=True)


def test_live_pages_are_never_cached(client, service_a):
    ticket = ticket_issue(service=service_a)

    for url in ("/display/", f"/t/{ticket.token}/"):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_waiting_ticket_page_offers_cancel(client, service_a):
    ticket = ticket_issue(service=service_a)

    html = page(client, ticket).content.decode()

    assert '<form method="post" class="t-cancel" id="t-cancel">' in html
    assert "Batalkan antrean" in html
    assert "csrfmiddlewaretoken" in html


@pytest.mark.parametrize(
    ("status", "word", "sentence"),
    [
        (S.DONE, "Selesai", "Layanan Anda sudah selesai."),
        (S.NO_SHOW, "Tidak hadir", "Silakan ambil nomor baru di anjungan."),
        (S.CANCELLED, "Dibatalkan", "sudah dibatalkan dan tidak berlaku lagi."),
        (S.EXPIRED, "Kedaluwarsa", "jadi nomor ini tidak berlaku lagi."),
    ],
)
def test_finished_ticket_pages_say_so_clearly(client, service_a, status, word, sentence):
    ticket = factories.TicketFactory(service=service_a, status=status)

    html = page(client, ticket).content.decode()

    assert f'<p class="t-status-word" id="t-status-word">{word}</p>' in html
    assert sentence in html
    assert '<form method="post" class="t-cancel" id="t-cancel" hidden>' in html
    assert '<dl class="t-place" id="t-place" hidden>' in html
    assert "Giliran Anda sebentar lagi" not in html.split('id="t-soon" hidden>')[0]


def test_cancel_without_javascript_asks_first(client, service_a):
    ticket = ticket_issue(service=service_a)

    response = client.post(f"/t/{ticket.token}/")

    assert response.status_code == 200
    assert "Ya, batalkan" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == S.WAITING


def test_cancel_without_javascript_cancels_once_confirmed(client, service_a):
    ticket = ticket_issue(service=service_a)

    response = client.post(f"/t/{ticket.token}/", {"confirm": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"/t/{ticket.token}/"
    ticket.refresh_from_db()
    assert ticket.status == S.CANCELLED
    assert "Dibatalkan" in page(client, ticket).content.decode()


def test_cancel_of_a_called_ticket_is_refused_on_the_page(client, resident_ticket, called):
    ticket = called()

    response = client.post(f"/t/{ticket.token}/", {"confirm": "1"})

    assert response.status_code == 200
    assert '<p class="t-error" id="t-cancel-error" role="alert">' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == S.CALLED


def test_cancel_form_needs_the_csrf_token(service_a):
    from django.test import Client

    ticket = ticket_issue(service=service_a)

    response = Client(enforce_csrf_checks=True).post(f"/t/{ticket.token}/", {"confirm": "1"})

    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == S.WAITING


def test_cancelled_through_the_api_page_follows(client, service_a):
    ticket = ticket_cancel(ticket=ticket_issue(service=service_a))

    assert "Dibatalkan" in page(client, ticket).content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "no-such-ticket-token-123",
        "abc%00def",
        "%00" * 3,
        "a" * 200,
        "%F0%9F%8E%AB",
        "..%2F..%2Fetc",
        "%ED%A0%80abcdefgh",
    ],
)
def test_unknown_or_malformed_token_is_404(client, db, token):
    response = client.get(f"/t/{token}/")

    assert response.status_code == 404


def test_unknown_token_post_is_404(client, db):
    assert client.post("/t/no-such-ticket-token-123/", {"confirm": "1"}).status_code == 404


# --- Check-in from the resident's own phone, with the QR the kiosk shows ---


@pytest.fixture
def booked_now(clock, hours, service_a):
    import datetime as dt

    from queues.services import ticket_book

    return ticket_book(
        service=service_a,
        day=dt.date(2026, 11, 24),
        slot_start=dt.time(9, 0),
        nik="3574014101900001",
        phone="081234567890",
    )


def _kiosk_code(kiosk_user_id: int = 1) -> str:
    from django.core import signing

    return signing.TimestampSigner(salt="kiosk-checkin").sign(f"kiosk:{kiosk_user_id}")


def test_phone_check_in_with_the_kiosk_qr(client, booked_now):
    response = client.get(f"/t/{booked_now.token}/", {"checkin": _kiosk_code()})

    assert response.status_code == 302
    booked_now.refresh_from_db()
    assert booked_now.status == "waiting"


def test_phone_check_in_refuses_an_old_kiosk_qr(client, clock, booked_now):
    import datetime as dt

    code = _kiosk_code()
    clock.shift(dt.timedelta(seconds=91))
    response = client.get(f"/t/{booked_now.token}/", {"checkin": code})

    assert response.status_code == 200
    assert "kedaluwarsa" in response.content.decode()
    booked_now.refresh_from_db()
    assert booked_now.status == "booked"


def test_phone_check_in_refuses_a_forged_qr(client, booked_now):
    response = client.get(f"/t/{booked_now.token}/", {"checkin": "kiosk:1:forged"})

    assert "kedaluwarsa" in response.content.decode()
    booked_now.refresh_from_db()
    assert booked_now.status == "booked"


# --- /checkin/: where a phone camera lands after scanning the kiosk's QR ---


def test_checkin_landing_offers_the_typed_code_form(client, booked_now):
    response = client.get("/checkin/", {"code": _kiosk_code()})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="ticket"' in page
    assert "checkin-code" in page  # the script that lists this phone's bookings gets the code


def test_checkin_landing_checks_in_a_typed_booking_code(client, booked_now):
    code = _kiosk_code()
    response = client.post(
        "/checkin/",
        {"code": code, "ticket": booked_now.code.lower(), "nik4": booked_now.nik_last4},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/t/{booked_now.token}/"
    booked_now.refresh_from_db()
    assert booked_now.status == "waiting"


def test_checkin_landing_refuses_an_old_qr_and_keeps_the_booking(client, clock, booked_now):
    import datetime as dt

    code = _kiosk_code()
    clock.shift(dt.timedelta(seconds=91))
    for response in (
        client.get("/checkin/", {"code": code}),
        client.post("/checkin/", {"code": code, "ticket": booked_now.code}),
    ):
        assert response.status_code == 400
        assert "kedaluwarsa" in response.content.decode()
        assert 'name="ticket"' not in response.content.decode()
    booked_now.refresh_from_db()
    assert booked_now.status == "booked"


@pytest.mark.parametrize("typed", ["", "x" * 5000, "/t/unknown-token-1234/"])
def test_checkin_landing_refuses_unknown_codes_clearly(client, booked_now, typed):
    response = client.post("/checkin/", {"code": _kiosk_code(), "ticket": typed})

    assert response.status_code == 404
    assert "Kode tidak dikenali" in response.content.decode()
    booked_now.refresh_from_db()
    assert booked_now.status == "booked"


def test_checkin_landing_refuses_a_walk_in_ticket_in_english(client, service_a, booked_now):
    from queues.services import ticket_issue

    walk_in = ticket_issue(service=service_a, channel="kiosk")
    response = client.post(
        "/checkin/",
        {"code": _kiosk_code(), "ticket": walk_in.code},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    walk_in.refresh_from_db()
    assert walk_in.status == "waiting"


def test_checkin_landing_without_a_code_explains_what_to_do(client, db):
    response = client.get("/checkin/")

    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()


def test_ticket_page_gives_its_script_what_the_phone_remembers(client, booked_now):
    config = config_of(client.get(f"/t/{booked_now.token}/"), "ticket-config")

    assert config["token"] == booked_now.token
    assert config["date"] == "2026-11-24"
    assert config["serviceName"] == booked_now.service.name
