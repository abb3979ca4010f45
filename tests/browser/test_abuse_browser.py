"""Abuse guards as residents and officers meet them (issue 11): the booking form's proof
of work solves itself on a 390x844 phone; a typed code checks in only with the NIK's
last four digits; a locked-out officer is told why on the login page."""

import datetime as dt

import pytest
from django.core import signing
from django.utils import timezone
from playwright.sync_api import expect

from queues.lookup import CHECKIN_SALT
from queues.models import Ticket
from tests import factories
from tests.browser.conftest import ARTIFACTS, ktp_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIK = "3574014101900001"
PHONE = "081234567890"


@pytest.fixture
def service(always_open):
    return ktp_service(online_booking=True)


def _widget_state(page) -> str:
    return page.evaluate("document.querySelector('altcha-widget').getState()")


def test_the_proof_of_work_solves_itself_and_the_resident_books(asgi_server, service, phone):
    # Tomorrow: today's last slot may be over when the suite runs late in the evening.
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    phone.goto(f"{asgi_server.url}/book/{service.pk}/?date={tomorrow}")
    widget = phone.locator("altcha-widget")
    expect(widget).to_be_visible()
    # Nobody has to tick anything: the widget finishes on its own within seconds.
    phone.wait_for_function(
        "() => document.querySelector('altcha-widget').getState() === 'verified'",
        timeout=15_000,
    )
    expect(widget).to_contain_text("Pemeriksaan selesai")
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390
    widget.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "booking-pow-verified-390.png"))

    phone.locator("#slots .p-slot:not(.is-full):not(.is-closed) label").first.click()
    phone.fill("#id_nik", NIK)
    phone.fill("#id_phone", PHONE)
    with phone.expect_navigation(url="**/book/done/**"):
        phone.locator("form.p-book-form button[type=submit]").click()

    ticket = Ticket.objects.get(service=service)
    expect(phone.locator("#booked-code")).to_have_text(ticket.code)


def test_a_post_without_proof_of_work_is_refused_with_a_reason(asgi_server, service, phone):
    """A script posting the form (no widget) gets the page back saying why."""
    # Tomorrow: today's last slot may be over when the suite runs late in the evening.
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    phone.goto(f"{asgi_server.url}/book/{service.pk}/?date={tomorrow}")
    phone.wait_for_function(
        "() => document.querySelector('altcha-widget').getState() === 'verified'",
        timeout=15_000,
    )
    phone.locator("#slots .p-slot:not(.is-full):not(.is-closed) label").first.click()
    phone.fill("#id_nik", NIK)
    phone.fill("#id_phone", PHONE)
    # What a script does: the same fields, without the solved challenge.
    phone.evaluate("document.querySelector('form.p-book-form input[name=altcha]').remove()")
    phone.evaluate("document.querySelector('altcha-widget').remove()")
    with phone.expect_navigation():
        phone.locator("form.p-book-form button[type=submit]").click()

    expect(phone.locator("#error-summary")).to_contain_text("Pemeriksaan keamanan otomatis")
    assert not Ticket.objects.exists()
    phone.screenshot(path=str(ARTIFACTS / "booking-pow-refused-390.png"))


def _booking_due_now(service, number: int) -> Ticket:
    return factories.booking_due_now(service, number=number, prefix="K", nik_last4="4321")


def test_phone_check_in_by_typed_code_needs_the_nik_digits(asgi_server, service, phone):
    booked = _booking_due_now(service, 6)
    code = signing.TimestampSigner(salt=CHECKIN_SALT).sign("kiosk:1")
    phone.goto(f"{asgi_server.url}/checkin/?code={code}")

    # Someone who only heard "K-006" called: no token, no check-in.
    phone.fill("#c-ticket", "K-006")
    phone.fill("#c-nik4", "0000")
    with phone.expect_navigation():
        phone.locator("#c-form button[type=submit]").click()
    expect(phone.locator("#c-error")).to_contain_text("tidak cocok")
    assert booked.token not in phone.content()
    assert "/t/" not in phone.url
    booked.refresh_from_db()
    assert booked.status == Ticket.Status.BOOKED
    phone.screenshot(path=str(ARTIFACTS / "phone-checkin-nik4-refused-390.png"))

    # The resident types their own last four digits.
    phone.fill("#c-ticket", "K-006")
    phone.fill("#c-nik4", "4321")
    with phone.expect_navigation(url=f"**/t/{booked.token}/"):
        phone.locator("#c-form button[type=submit]").click()
    expect(phone.locator("#t-ticket")).to_have_attribute("data-status", "waiting")


def test_login_page_says_the_account_is_locked(asgi_server, new_page, settings):
    officer = factories.UserFactory(role="officer", username="petugas-kunci")
    page = new_page(1366, 768)
    for _ in range(10):
        page.goto(asgi_server.url + "/login/")
        page.fill("input[name=username]", officer.username)
        page.fill("input[name=password]", "salah-sekali")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()

    page.goto(asgi_server.url + "/login/")
    page.fill("input[name=username]", officer.username)
    page.fill("input[name=password]", "secret-pass")  # the right one, during the cool-off
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    expect(page.locator("#login-locked")).to_contain_text("dikunci")
    assert "/login/" in page.url
    page.screenshot(path=str(ARTIFACTS / "login-locked-1366.png"))
