"""Documents in a real browser: the officer opens one after "Selesai" on a 1366x768
laptop; the resident follows it on the ticket page (390 px) and collects it through the
pickup line."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from counters.models import CounterSession
from documents.models import Document, PickupLine
from documents.services import document_open, document_set_status
from queues.services import ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booth(always_open):
    service = factories.ServiceFactory(name="KTP-el baru", prefix="K")
    pickup = factories.ServiceFactory(
        agency=service.agency, name="Pengambilan berkas", prefix="AMB", online_booking=False
    )
    PickupLine.objects.create(agency=service.agency, service=pickup)
    counter = factories.CounterFactory(
        booth__agency=service.agency, label="Loket 1", services=[service, pickup]
    )
    officer = factories.UserFactory(username="petugas-berkas", agency=service.agency)
    CounterSession.objects.create(counter=counter, officer=officer, opened_at=timezone.now())
    return {"service": service, "counter": counter, "officer": officer}


def _served(booth):
    ticket_issue(service=booth["service"], phone="081234567890")
    ticket = ticket_call_next(counter=booth["counter"], actor=booth["officer"])
    ticket_start(ticket=ticket, actor=booth["officer"])
    return ticket


def test_the_officer_opens_a_document_after_finish(asgi_server, booth, new_page, screenshot):
    ticket = _served(booth)
    page = new_page(1366, 768)
    login(page, asgi_server.url, "petugas-berkas")
    page.goto(f"{asgi_server.url}/counter/?counter={booth['counter'].pk}")
    expect(page.locator("#current-status")).to_have_text("Dilayani")
    expect(page.locator("#document-offer")).to_be_hidden()

    page.click("[data-action=finish]")

    expect(page.locator("#document-offer")).to_be_visible()
    expect(page.locator("#document-offer-text")).to_contain_text("K-001")
    box = page.locator("#document-open").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 768, box
    screenshot(page, "console-document-offer-1366")
    page.click("#document-open")
    expect(page.locator("#document-dialog")).to_be_visible()
    page.fill("#document-expected", (timezone.localdate()).isoformat())
    page.fill("#document-note", "Menunggu blanko")
    screenshot(page, "console-document-dialog-1366")
    page.locator("#document-form button[type=submit]").click()

    expect(page.locator("#document-dialog")).to_be_hidden()
    document = Document.objects.get(ticket=ticket)
    expect(page.locator("#console-notice")).to_contain_text(document.code)
    expect(page.locator("#document-offer")).to_be_hidden()
    assert document.note == "Menunggu blanko" and document.status == "processing"

    # The document arrives: marked ready by its code, typed loosely.
    page.fill("#document-status-code", document.code.lower().replace("-", ""))
    page.select_option("#document-status-value", "ready")
    page.locator("#document-status-form button[type=submit]").click()
    expect(page.locator("#console-notice")).to_contain_text("Siap diambil")
    screenshot(page, "console-document-ready-1366")
    assert Document.objects.get(pk=document.pk).status == "ready"

    # A wrong step is refused with the reason.
    page.fill("#document-status-code", document.code)
    page.select_option("#document-status-value", "ready")
    page.locator("#document-status-form button[type=submit]").click()
    expect(page.locator("#console-error")).to_contain_text("tidak dapat diubah menjadi")


def test_the_resident_follows_the_document_and_takes_a_pickup_number(
    asgi_server, booth, new_page, screenshot
):
    ticket = ticket_finish(ticket=_served(booth), actor=booth["officer"])
    page = new_page(390, 844, is_mobile=True, has_touch=True)
    page.goto(f"{asgi_server.url}/t/{ticket.token}/")
    expect(page.locator("#t-status-word")).to_have_text("Selesai")
    expect(page.locator("#t-document")).to_be_hidden()

    document = document_open(
        ticket=ticket, expected_ready=timezone.localdate(), note="", actor=booth["officer"]
    )
    # Live: the page hears document.updated on the ticket's stream.
    expect(page.locator("#t-document")).to_be_visible(timeout=3000)
    expect(page.locator("#t-document-status")).to_have_text("Diproses")
    expect(page.locator("#t-document-code")).to_have_text(document.code)
    page.locator("#t-document").scroll_into_view_if_needed()
    screenshot(page, "ticket-document-processing-390")

    document_set_status(document=document, status="ready", actor=booth["officer"])
    expect(page.locator("#t-document-status")).to_have_text("Siap diambil", timeout=3000)
    expect(page.locator("#t-document-ready")).to_be_visible()
    page.locator("#t-document").scroll_into_view_if_needed()
    screenshot(page, "ticket-document-ready-390")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    page.click("#t-document-link")
    expect(page).to_have_url(re.compile(r"/berkas/"))
    expect(page.locator("#b-status")).to_have_text("Siap diambil")
    screenshot(page, "lacak-berkas-ready-390")
    page.click("#b-pickup-button")
    expect(page).to_have_url(re.compile(r"/t/"))
    expect(page.locator("h1.t-code")).to_have_text("AMB-001")
    expect(page.locator("#t-status-word")).to_have_text("Menunggu")
    screenshot(page, "ticket-pickup-390")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_lacak_berkas_from_the_home_page(asgi_server, booth, new_page, screenshot):
    ticket = ticket_finish(ticket=_served(booth), actor=booth["officer"])
    document = document_open(
        ticket=ticket, expected_ready=timezone.localdate(), note="", actor=booth["officer"]
    )
    page = new_page(390, 844, is_mobile=True, has_touch=True)
    page.goto(asgi_server.url + "/")
    page.click("#home-track-document")
    page.fill("#b-code", "nope")
    page.locator(".b-lookup button[type=submit]").click()
    expect(page.locator("#b-error")).to_be_visible()
    page.fill("#b-code", document.code.lower())
    page.locator(".b-lookup button[type=submit]").click()
    expect(page.locator("#b-code")).to_have_text(document.code)
    expect(page.locator("#b-status")).to_have_text("Diproses")
    expect(page.locator("#b-pickup")).to_have_count(0)
    screenshot(page, "lacak-berkas-390")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
