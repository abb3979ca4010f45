"""The portrait touch kiosk: a walk-in ticket in three taps, its print, and check-in."""

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from queues.models import Ticket
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MM_AT_96_DPI = 96 / 25.4


@pytest.fixture
def kiosk_setup(always_open):
    service = factories.ServiceFactory(
        name="Akta kelahiran",
        prefix="B",
        agency__name="Dinas Kependudukan dan Pencatatan Sipil",
    )
    factories.CounterFactory(booth__agency=service.agency, label="Loket 2", services=[service])
    kiosk_user = factories.UserFactory(role="kiosk", agency=None)
    return service, kiosk_user


def _open_kiosk(new_page, asgi_server, kiosk_user):
    page = new_page(1080, 1920)
    login(page, asgi_server.url, kiosk_user.username)
    page.goto(asgi_server.url + "/kiosk/")
    expect(page.locator("#k-home")).to_be_visible()
    return page


def _booking_due_now(service, *, number: int, nik_last4: str = "0001") -> Ticket:
    return factories.booking_due_now(service, number=number, nik_last4=nik_last4)


def test_walk_in_ticket_in_three_taps_and_its_80_mm_print(
    asgi_server, kiosk_setup, new_page, screenshot
):
    service, kiosk_user = kiosk_setup
    page = _open_kiosk(new_page, asgi_server, kiosk_user)
    screenshot(page, "kiosk-home-1080x1920")

    page.locator(f"[data-agency='{service.agency_id}']").click()
    page.locator("#k-service-list button", has_text=service.name).click()
    page.locator("#k-priority-list button", has_text="Reguler").click()

    expect(page.locator("#k-result-code")).to_have_text("B-001")
    expect(page.locator("#k-result-error")).to_be_hidden()
    ticket = Ticket.objects.get(service=service)
    assert ticket.code == "B-001"
    assert ticket.channel == Ticket.Channel.KIOSK
    assert ticket.status == Ticket.Status.WAITING
    screenshot(page, "kiosk-issued-1080x1920")

    page.goto(f"{asgi_server.url}/kiosk/?part=print&token={ticket.token}&paper=80")
    page.emulate_media(media="print")
    ticket_box = page.locator("#print-ticket")
    expect(ticket_box.locator(".p-code")).to_have_text("B-001")
    expect(ticket_box.locator(".p-qr svg")).to_be_visible()
    screenshot(page, "kiosk-print-80mm")
    width = page.evaluate("document.getElementById('print-ticket').getBoundingClientRect().width")
    assert 0 < width <= 80 * MM_AT_96_DPI + 0.5  # ~302.4 px


def test_check_in_an_online_booking_by_its_code(asgi_server, kiosk_setup, new_page, screenshot):
    service, kiosk_user = kiosk_setup
    booked = _booking_due_now(service, number=7, nik_last4="6789")
    page = _open_kiosk(new_page, asgi_server, kiosk_user)

    page.locator("#k-open-checkin").click()
    expect(page.locator("#k-checkin")).to_be_visible()
    # The code alone is public (called aloud, on the lobby TV): refused, nothing changes.
    page.fill("#k-checkin-value", "B-007")
    page.locator("#k-checkin-form button[type=submit]").click()
    expect(page.locator("#k-checkin-error")).to_contain_text("4 digit terakhir NIK")
    booked.refresh_from_db()
    assert booked.status == Ticket.Status.BOOKED
    # The code stays typed and the digits field takes focus.
    expect(page.locator("#k-checkin-value")).to_have_value("B-007")
    expect(page.locator("#k-checkin-nik4")).to_be_focused()
    screenshot(page, "kiosk-checkin-code-needs-nik4-1080x1920")

    page.fill("#k-checkin-nik4", "6789")
    page.locator("#k-checkin-form button[type=submit]").click()

    expect(page.locator("#k-result")).to_be_visible()
    expect(page.locator("#k-result-status")).to_have_text(
        "Check-in berhasil. Silakan menunggu panggilan."
    )
    expect(page.locator("#k-result-code")).to_have_text("B-007")
    screenshot(page, "kiosk-checked-in-1080x1920")
    booked.refresh_from_db()
    assert booked.status == Ticket.Status.WAITING
    assert booked.checked_in_at is not None


def test_phone_checks_in_by_scanning_the_kiosk_qr(asgi_server, kiosk_setup, new_page, screenshot):
    service, kiosk_user = kiosk_setup
    booked = _booking_due_now(service, number=9)
    # The resident opened their booking on this phone earlier (from the confirmation).
    phone = new_page(390, 844, is_mobile=True, has_touch=True)
    phone.goto(f"{asgi_server.url}/t/{booked.token}/")
    expect(phone.locator("#t-ticket")).to_have_attribute("data-status", "booked")

    kiosk = _open_kiosk(new_page, asgi_server, kiosk_user)
    kiosk.locator("#k-open-checkin").click()
    qr = kiosk.locator("#k-phone-qr-image svg")
    expect(qr).to_be_visible()
    screenshot(kiosk, "kiosk-checkin-qr-1080x1920")
    png = kiosk.screenshot(clip=qr.bounding_box())
    decoded = [d.text for d in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert len(decoded) == 1 and decoded[0].startswith(f"{asgi_server.url}/checkin/?code=")

    # The phone camera opens the URL; the page offers the booking this phone holds.
    phone.goto(decoded[0])
    mine = phone.locator("#c-list a", has_text="B-009")
    expect(mine).to_be_visible()
    screenshot(phone, "phone-checkin-390")
    mine.click()

    expect(phone.locator("#t-ticket")).to_have_attribute("data-status", "waiting")
    booked.refresh_from_db()
    assert booked.status == Ticket.Status.WAITING
    assert booked.checked_in_at is not None


def _print_requests(page) -> list[str]:
    """URLs of the ticket prints the page asks for (the hidden print frame)."""
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url) if "part=print" in r.url else None)
    return urls


def test_after_a_print_only_took_it_or_not_is_asked_and_cancel_waits_for_not(
    asgi_server, kiosk_setup, new_page, screenshot
):
    service, kiosk_user = kiosk_setup
    page = _open_kiosk(new_page, asgi_server, kiosk_user)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    prints = _print_requests(page)

    page.locator(f"[data-agency='{service.agency_id}']").click()
    page.locator("#k-service-list button", has_text=service.name).click()
    page.locator("#k-priority-list button", has_text="Reguler").click()

    expect(page.locator("#k-result-status")).to_have_text("Silakan ambil tiket Anda.")
    expect(page.locator("#k-print-ok")).to_be_visible()
    expect(page.locator("#k-print-missing")).to_be_visible()
    # One tap must not cancel the ticket the resident holds: no reprint, no cancel yet.
    expect(page.locator("#k-reprint")).to_be_hidden()
    expect(page.locator("#k-void")).to_be_hidden()
    screenshot(page, "kiosk-printed-1080x1920")

    page.locator("#k-print-missing").click()
    expect(page.locator("#k-result-status")).to_have_text("Tiket gagal dicetak.")
    expect(page.locator("#k-reprint")).to_be_visible()
    expect(page.locator("#k-void")).to_be_visible()
    expect(page.locator("#k-print-ok")).to_be_hidden()
    screenshot(page, "kiosk-print-missing-1080x1920")

    page.locator("#k-reprint").click()
    expect(page.locator("#k-print-ok")).to_be_visible()
    expect(page.locator("#k-void")).to_be_hidden()
    assert len(prints) == 2
    ticket = Ticket.objects.get(service=service)
    assert all(ticket.token in url for url in prints)

    page.locator("#k-print-missing").click()
    page.locator("#k-void").click()
    expect(page.locator("#k-result-status")).to_contain_text("Nomor antrean dibatalkan")
    expect(page.locator("#k-reprint")).to_be_hidden()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CANCELLED
    assert not errors, errors


def test_reprint_after_a_check_in_works_and_never_offers_to_cancel_the_booking(
    asgi_server, kiosk_setup, new_page, screenshot
):
    service, kiosk_user = kiosk_setup
    booked = _booking_due_now(service, number=11)
    page = _open_kiosk(new_page, asgi_server, kiosk_user)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    prints = _print_requests(page)

    page.locator("#k-open-checkin").click()
    page.fill("#k-checkin-value", "B-011")
    page.fill("#k-checkin-nik4", "0001")  # a typed code needs the NIK's last 4 digits
    page.locator("#k-checkin-form button[type=submit]").click()

    expect(page.locator("#k-result-code")).to_have_text("B-011")
    expect(page.locator("#k-result-status")).to_have_text(
        "Check-in berhasil. Silakan menunggu panggilan."
    )
    expect(page.locator("#k-print-status")).to_have_text("Silakan ambil tiket Anda.")
    expect(page.locator("#k-print-ok")).to_be_visible()
    expect(page.locator("#k-reprint")).to_be_hidden()
    expect(page.locator("#k-void")).to_be_hidden()

    page.locator("#k-print-missing").click()
    expect(page.locator("#k-reprint")).to_be_visible()
    expect(page.locator("#k-void")).to_be_hidden()  # a booking is not the kiosk's to cancel
    expect(page.locator("#k-print-status")).to_contain_text("petugas informasi")
    screenshot(page, "kiosk-checkin-print-missing-1080x1920")

    page.locator("#k-reprint").click()
    expect(page.locator("#k-print-ok")).to_be_visible()
    expect(page.locator("#k-result-status")).to_have_text(
        "Check-in berhasil. Silakan menunggu panggilan."
    )
    assert len(prints) == 2 and all(booked.token in url for url in prints)
    assert not errors, errors
    booked.refresh_from_db()
    assert booked.status == Ticket.Status.WAITING


def test_a_ticket_saved_behind_a_lost_answer_is_printed_once(asgi_server, kiosk_setup, new_page):
    """The server saves the ticket but its answer never reaches the kiosk (a 503 from a
    proxy, a dropped link): the kiosk asks again with the same Idempotency-Key and
    prints the ticket already saved; the resident never holds two numbers."""
    service, kiosk_user = kiosk_setup
    page = _open_kiosk(new_page, asgi_server, kiosk_user)
    keys: list[str] = []

    def lose_the_first_answer(route):
        keys.append(route.request.headers.get("idempotency-key", ""))
        if len(keys) == 1:
            route.fetch()  # reaches the server and commits the ticket
            route.fulfill(
                status=503,
                headers={"Retry-After": "1"},
                json={"detail": "Layanan sementara tidak tersedia.", "code": "unavailable"},
            )
        else:
            route.continue_()

    page.route("**/api/v1/kiosk/tickets/", lose_the_first_answer)
    page.locator(f"[data-agency='{service.agency_id}']").click()
    page.locator("#k-service-list button", has_text=service.name).click()
    page.locator("#k-priority-list button", has_text="Reguler").click()

    expect(page.locator("#k-result-code")).to_have_text("B-001", timeout=15_000)
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    assert len(keys[0]) == 32
    assert Ticket.objects.filter(service=service).count() == 1

    # The next resident's tap is a new request with a new key. "Selesai" reloads the
    # kiosk: the next taps go to the page it reloads into (a tap before it would be lost).
    with page.expect_navigation():
        page.locator("#k-done").click()
    page.locator(f"[data-agency='{service.agency_id}']").click()
    page.locator("#k-service-list button", has_text=service.name).click()
    page.locator("#k-priority-list button", has_text="Reguler").click()
    expect(page.locator("#k-result-code")).to_have_text("B-002")
    assert keys[2] != keys[0]
