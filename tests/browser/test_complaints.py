"""Chromium: a resident files a complaint from their ticket page, a supervisor answers
publicly, and the resident sees the answer on the tracking page."""

import pytest
from playwright.sync_api import expect

from agencies.models import User
from complaints.models import Complaint
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTER = "Siti Rahmawati Zulaikha"
PHONE = "081298765432"


@pytest.fixture
def ticket(always_open):
    service = factories.ServiceFactory(
        name="KTP-el baru", prefix="K", agency__name="Dispendukcapil", agency__code="dukcapil"
    )
    return factories.TicketFactory(service=service, number=7)


@pytest.fixture
def supervisor(ticket):
    return factories.UserFactory(
        username="supervisor-dukcapil",
        role=User.Role.SUPERVISOR,
        agency=ticket.service.agency,
    )


def test_complaint_from_ticket_to_public_reply(
    asgi_server, ticket, supervisor, new_page, screenshot
):
    # The resident, on a phone, from the ticket page.
    phone = new_page(390, 844, is_mobile=True, has_touch=True)
    phone.goto(f"{asgi_server.url}/t/{ticket.token}/")
    with phone.expect_navigation():
        phone.locator("#t-complain").click()
    expect(phone.locator("#complaint-ticket")).to_contain_text("K-007")
    expect(phone.locator("#complaint-ticket")).to_contain_text("Dispendukcapil")
    phone.select_option("#id_category", "waiting")
    phone.fill("#id_description", "Sudah menunggu dua jam, loket 1 kosong sejak pukul 09.00.")
    phone.fill("#id_name", REPORTER)
    phone.fill("#id_contact", PHONE)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "complaints-1-form")
    with phone.expect_navigation():
        phone.locator("#complaint-submit").click()

    complaint = Complaint.objects.get()
    assert complaint.ticket_id == ticket.pk and complaint.agency_id == ticket.service.agency_id
    expect(phone.locator("#complaint-code")).to_have_text(complaint.code)
    expect(phone.locator("#complaint-status")).to_have_text("Diterima")
    screenshot(phone, "complaints-2-filed")
    tracking_url = f"{asgi_server.url}/complaints/{complaint.code}/"

    # The supervisor answers publicly and verifies the complaint.
    desk = new_page(1280, 800)
    login(desk, asgi_server.url, supervisor.username)
    desk.goto(f"{asgi_server.url}/dashboard/complaints/")
    row = desk.locator(f"tr[data-code='{complaint.code}']")
    expect(row).to_be_visible()
    screenshot(desk, "complaints-3-inbox")
    with desk.expect_navigation():
        row.locator("a", has_text=complaint.code).click()
    expect(desk.locator(".c-facts")).to_contain_text(REPORTER)
    desk.fill("#id_message", "Mohon maaf. Petugas loket 1 sudah kembali bertugas.")
    desk.check("#id_public")
    desk.select_option("#id_status", "verified")
    with desk.expect_navigation():
        desk.locator("#reply-submit").click()
    expect(desk.locator("#case-status")).to_have_text("Diverifikasi")
    expect(desk.locator("#case-history")).to_contain_text("Petugas loket 1 sudah kembali")
    desk.fill("#id_message", "Catatan internal: cek jadwal piket.")
    with desk.expect_navigation():
        desk.locator("#reply-submit").click()
    screenshot(desk, "complaints-4-case")

    # The resident reloads the tracking page: the public reply, not the internal note.
    phone.goto(tracking_url)
    expect(phone.locator("#complaint-status")).to_have_text("Diverifikasi")
    expect(phone.locator("#complaint-replies")).to_contain_text(
        "Petugas loket 1 sudah kembali bertugas."
    )
    content = phone.content()
    assert "jadwal piket" not in content
    assert REPORTER not in content and "98765432" not in content
    screenshot(phone, "complaints-5-tracking")


def test_kiosk_variant_has_big_targets(asgi_server, always_open, new_page, screenshot):
    page = new_page(1080, 1920, has_touch=True)
    page.goto(f"{asgi_server.url}/complaints/new/?kiosk=1")

    box = page.locator("#complaint-submit").bounding_box()
    assert box is not None and box["height"] >= 48
    page.select_option("#id_category", "facilities")
    page.fill("#id_description", "Kursi ruang tunggu lantai 1 rusak.")
    with page.expect_navigation():
        page.locator("#complaint-submit").click()
    expect(page.locator("#complaint-code")).to_have_text(Complaint.objects.get().code)
    assert "kiosk=1" in page.url
    screenshot(page, "complaints-6-kiosk")


def test_complaint_pages_have_no_serious_axe_violations(
    asgi_server, ticket, supervisor, new_page, screenshot
):
    from complaints import services
    from tests.browser.test_accessibility import _check

    complaint = services.complaint_file(
        category="staff", description="Petugas tidak ramah.", ticket_token=ticket.token
    )
    services.complaint_respond(
        complaint=complaint, author=supervisor, message="Sudah ditegur.", public=True
    )
    page = new_page(390, 844, is_mobile=True, has_touch=True)

    page.goto(f"{asgi_server.url}/complaints/new/")
    with page.expect_navigation():
        page.locator("#complaint-submit").click()  # empty: the inline errors show
    expect(page.locator("#id_description_error")).to_be_visible()
    _check(page, screenshot, "complaint-new-errors")
    page.goto(f"{asgi_server.url}/complaints/{complaint.code}/")
    _check(page, screenshot, "complaint-track")

    desk = new_page(1280, 800)
    login(desk, asgi_server.url, supervisor.username)
    desk.goto(f"{asgi_server.url}/dashboard/complaints/")
    _check(desk, screenshot, "complaint-inbox")
    desk.goto(f"{asgi_server.url}/dashboard/complaints/{complaint.code}/")
    _check(desk, screenshot, "complaint-case")
