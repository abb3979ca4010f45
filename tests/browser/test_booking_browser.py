"""Online booking on a 390x844 phone: the confirmation survives a reload (post/redirect/
get), refusals are summed up at the top with the first bad field focused, a past day
says it has passed, nothing scrolls sideways, and the confirmation remembers the
booking so the kiosk's check-in QR offers it for a one-tap check-in."""

import datetime as dt
import json
import shutil

import pytest
from django.core import signing
from django.utils import timezone
from playwright.sync_api import expect

from queues.lookup import CHECKIN_SALT
from queues.models import Ticket
from tests.browser.conftest import ARTIFACTS, ROOT, ktp_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIK = "3574014101900001"  # a woman born 1 Jan 1990
PHONE = "081234567890"
SCREEN = ROOT / "docs" / "screens" / "booking-phone.png"


@pytest.fixture
def service(always_open):
    return ktp_service(
        online_booking=True, requirements=["KK asli", "Surat keterangan hilang dari kepolisian"]
    )


def _open_today(phone, asgi_server, service):
    """The booking page on today's date (the phone check-in offers today's bookings)."""
    phone.goto(f"{asgi_server.url}/book/{service.pk}/?date={timezone.localdate().isoformat()}")
    expect(phone.locator("h1")).to_have_text("Daftar antrean online")


def _pick_first_free_slot(phone):
    slot = phone.locator("#slots .p-slot:not(.is-full):not(.is-closed) label").first
    slot.click()
    expect(slot.locator("input[name=slot]")).to_be_checked()


def _wait_for_proof_of_work(phone):
    """The widget solves the form's proof of work by itself in a second or two."""
    phone.wait_for_function(
        "() => { const f = document.querySelector('form.p-book-form input[name=altcha]');"
        " return f && f.value; }",
        timeout=15_000,
    )


def _submit(phone):
    _wait_for_proof_of_work(phone)
    with phone.expect_navigation():
        phone.locator("form.p-book-form button[type=submit]").click()


def _scroll_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def test_book_reload_and_check_in_from_the_kiosk_qr(asgi_server, service, phone):
    _open_today(phone, asgi_server, service)
    _pick_first_free_slot(phone)
    phone.fill("#id_nik", NIK)
    phone.fill("#id_phone", PHONE)
    assert _scroll_width(phone) <= 390
    _submit(phone)

    ticket = Ticket.objects.get(service=service)
    assert phone.url == f"{asgi_server.url}/book/done/{ticket.token}/"
    expect(phone.locator("#booked-code")).to_have_text(ticket.code)
    assert _scroll_width(phone) <= 390, "the confirmation scrolls sideways on a phone"

    # A reload reads the confirmation again: the same ticket, no duplicate refusal.
    phone.reload()
    expect(phone.locator("#booked-code")).to_have_text(ticket.code)
    assert "sudah memiliki antrean aktif" not in phone.content()
    assert Ticket.objects.filter(service=service).count() == 1
    assert _scroll_width(phone) <= 390

    ARTIFACTS.mkdir(exist_ok=True)
    SCREEN.parent.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "booking-phone.png"), full_page=True)
    shutil.copyfile(ARTIFACTS / "booking-phone.png", SCREEN)

    # The confirmation itself remembered the booking on this phone (ticket.js's list).
    kept = json.loads(phone.evaluate("localStorage.getItem('mpp.tickets')") or "[]")
    assert [(t["token"], t["code"]) for t in kept] == [(ticket.token, ticket.code)]

    # At the mall: the kiosk's rotating QR opens /checkin/ and offers this booking.
    code = signing.TimestampSigner(salt=CHECKIN_SALT).sign("kiosk:1")
    phone.goto(f"{asgi_server.url}/checkin/?code={code}")
    mine = phone.locator("#c-list a", has_text=ticket.code)
    expect(mine).to_be_visible()
    with phone.expect_navigation():
        mine.click()
    expect(phone.locator("#t-ticket")).to_have_attribute("data-status", "waiting")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING


def test_refusals_are_summed_up_at_the_top_and_the_first_bad_field_has_focus(
    asgi_server, service, phone
):
    _open_today(phone, asgi_server, service)
    _pick_first_free_slot(phone)
    phone.fill("#id_nik", "35740141019")  # too short
    phone.fill("#id_phone", "12345")
    _submit(phone)

    summary = phone.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("NIK harus terdiri dari 16 angka.")
    expect(summary).to_contain_text("Nomor HP tidak valid.")
    assert phone.evaluate("window.scrollY") == 0
    box = summary.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    assert phone.evaluate("document.activeElement.id") == "id_nik"
    assert _scroll_width(phone) <= 390
    phone.screenshot(path=str(ARTIFACTS / "booking-errors-390.png"))

    # The summary's link brings the field into view.
    summary.locator("a", has_text="Nomor HP").click()
    expect(phone.locator("#id_phone")).to_be_focused()
    expect(phone.locator("#id_phone")).to_be_in_viewport()
    assert not Ticket.objects.exists()


def test_elderly_priority_under_60_is_refused_with_focus_on_the_priority(
    asgi_server, service, phone
):
    _open_today(phone, asgi_server, service)
    _pick_first_free_slot(phone)
    phone.fill("#id_nik", NIK)
    phone.fill("#id_phone", PHONE)
    phone.select_option("#id_priority", "elderly")
    _submit(phone)

    expect(phone.locator("#error-summary")).to_contain_text("Prioritas lansia hanya untuk")
    expect(phone.locator("#id_priority")).to_be_focused()
    assert not Ticket.objects.exists()


def test_a_past_date_says_it_has_passed_not_full(asgi_server, service, phone):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    phone.goto(f"{asgi_server.url}/book/{service.pk}/?date={yesterday.isoformat()}")

    expect(phone.locator("#day-refusal")).to_have_text("Tanggal sudah lewat.")
    expect(phone.locator("#next-free")).not_to_contain_text("Penuh")
    expect(phone.locator("#slots input[name=slot]")).to_have_count(0)
    assert _scroll_width(phone) <= 390


def test_a_second_tap_while_booking_sends_nothing(asgi_server, service, phone):
    _open_today(phone, asgi_server, service)
    _pick_first_free_slot(phone)
    phone.fill("#id_nik", NIK)
    phone.fill("#id_phone", PHONE)
    # Hold the booking POST (a slow mobile network) while the resident taps again.
    held = []
    phone.route(
        lambda url: f"/book/{service.pk}/" in url,
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    _wait_for_proof_of_work(phone)
    button = phone.locator("form.p-book-form button[type=submit]")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    phone.touchscreen.tap(x, y)
    for _ in range(50):
        if held:
            break
        phone.wait_for_timeout(100)
    # A raw tap: a locator would wait for the navigation under way.
    phone.touchscreen.tap(x, y)
    phone.wait_for_timeout(500)

    assert len(held) == 1, "the second tap posted the booking again"
    with phone.expect_navigation(url="**/book/done/**"):
        held[0].continue_()
    ticket = Ticket.objects.get(service=service)
    expect(phone.locator("#booked-code")).to_have_text(ticket.code)
