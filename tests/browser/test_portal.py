"""A resident on a phone: search, service page, online booking, QR, ticket page."""

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from queues.models import Ticket
from tests.browser.conftest import ktp_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def service(always_open):
    return ktp_service(keywords="ktp hilang, e-ktp rusak", online_booking=True)


def test_search_book_and_decode_the_qr_on_a_phone(asgi_server, service, new_page, screenshot):
    page = new_page(390, 844, is_mobile=True, has_touch=True)
    page.goto(asgi_server.url + "/")
    page.fill("#q", "ktp hilang")
    with page.expect_navigation():
        page.locator("form.p-search button[type=submit]").click()
    result = page.locator(".p-result-name", has_text=service.name)
    expect(result).to_be_visible()

    with page.expect_navigation():
        result.click()
    expect(page.locator("h1")).to_have_text(service.name)
    with page.expect_navigation():
        page.locator("a.p-button", has_text="Daftar antrean online").click()
    assert page.url.endswith(f"/book/{service.pk}/")

    # The first open day with room is chosen already; take its first free slot.
    first_day = page.locator("#calendar li.p-day:not(.is-closed):not(.is-full) a").first
    with page.expect_navigation():
        first_day.click()
    slot = page.locator("#slots .p-slot:not(.is-full) label").first
    slot.click()
    expect(slot.locator("input[name=slot]")).to_be_checked()
    # Nothing (the site header's links included) is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#id_nik", "3574014101900001")
    page.fill("#id_phone", "081234567890")
    # The form's proof of work (anti-calo) solves itself in the background.
    page.wait_for_function(
        "() => { const f = document.querySelector('form.p-book-form input[name=altcha]');"
        " return f && f.value; }",
        timeout=15_000,
    )
    with page.expect_navigation():
        page.locator("form.p-book-form button[type=submit]").click()

    ticket = Ticket.objects.get(service=service)
    assert ticket.status == Ticket.Status.BOOKED and ticket.channel == Ticket.Channel.ONLINE
    expect(page.locator("#booked-code")).to_have_text(ticket.code)
    qr = page.locator(".p-qr svg")
    expect(qr).to_be_visible()
    expect(page.locator("#ics-link")).to_have_attribute("href", f"/t/{ticket.token}/calendar.ics")
    screenshot(page, "portal-booked-390")

    # The PNG of the <svg> alone. With mobile emulation Chromium's visual viewport
    # can sit apart from the layout one, which shifts `qr.screenshot()`; a clip of
    # the element's box after scrolling it into view is exact.
    qr.scroll_into_view_if_needed()
    png = page.screenshot(clip=qr.bounding_box())
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    ticket_url = f"{asgi_server.url}/t/{ticket.token}/"
    assert [d.text for d in decoded] == [ticket_url]

    page.goto(ticket_url)
    expect(page.locator("#t-ticket")).to_have_attribute("data-status", "booked")
    expect(page.locator("#t-ticket")).to_contain_text(ticket.code)
    expect(page.locator("#t-service")).to_have_text(service.name)
    screenshot(page, "portal-ticket-390")
