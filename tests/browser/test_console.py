"""The officer console in a real browser: its buttons drive a ticket from waiting to done."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from monitoring.services import booth_scan
from queues.models import Ticket
from queues.services import ticket_issue
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_console_buttons_drive_a_ticket_to_done(asgi_server, always_open, new_page, screenshot):
    service = factories.ServiceFactory(name="KTP-el baru", prefix="A")
    counter = factories.CounterFactory(booth__agency=service.agency, services=[service])
    factories.UserFactory(username="petugas", agency=service.agency)
    ticket = ticket_issue(service=service, nik="3574014101900001")

    page = new_page(1366, 900)
    login(page, asgi_server.url, "petugas")
    page.goto(f"{asgi_server.url}/counter/?counter={counter.pk}")
    expect(page.locator("#queue-body")).to_contain_text(ticket.code)

    page.click("[data-action=open]")
    expect(page.locator("#console")).to_have_attribute("data-state", "open")
    page.click("[data-action=call-next]")
    expect(page.locator("#current-code")).to_have_text(ticket.code)
    expect(page.locator("#current-nik")).to_contain_text("0001")
    page.click("[data-action=start]")
    expect(page.locator("#current-status")).to_contain_text("Dilayani")
    screenshot(page, "console-serving")
    page.click("[data-action=finish]")
    expect(page.locator("#current-empty")).to_be_visible()

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.DONE
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == ["issued", "called", "started", "finished"]


def test_console_keyboard_calls_next(asgi_server, always_open, new_page):
    service = factories.ServiceFactory(prefix="B")
    counter = factories.CounterFactory(booth__agency=service.agency, services=[service])
    factories.UserFactory(username="petugas2", agency=service.agency)
    ticket = ticket_issue(service=service)

    page = new_page(1366, 900)
    login(page, asgi_server.url, "petugas2")
    page.goto(f"{asgi_server.url}/counter/?counter={counter.pk}")
    page.click("[data-action=open]")
    expect(page.locator("#console")).to_have_attribute("data-state", "open")
    page.locator("body").press("n")

    expect(page.locator("#current-code")).to_have_text(ticket.code)


RED_EDGE = "rgb(179, 38, 30)"  # .booth-state-empty's left border


def test_booth_state_turns_to_the_alert_live_and_clears(
    asgi_server, always_open, new_page, screenshot
):
    if timezone.localtime().time() < dt.time(0, 20):
        pytest.skip("the all-day hours need the grace period behind us")
    service = factories.ServiceFactory(prefix="C")
    counter = factories.CounterFactory(
        booth__agency=service.agency, booth__label="Gerai Pantau", services=[service]
    )
    other = factories.CounterFactory()  # another agency's booth: its alert stays away
    factories.UserFactory(username="petugas3", agency=service.agency)

    page = new_page(390, 844)
    login(page, asgi_server.url, "petugas3")
    page.goto(f"{asgi_server.url}/counter/?counter={counter.pk}")
    note = page.locator("#booth-state")
    expect(note).to_have_attribute("data-state", "closed")
    expect(page.locator("#booth-state-hint")).to_be_hidden()
    expect(page.locator("#live-badge")).to_have_class("live live-online")

    started = time.monotonic()
    booth_scan(at=timezone.now())
    expect(note).to_have_attribute("data-state", "empty", timeout=2000)
    assert time.monotonic() - started < 2
    expect(page.locator("#booth-state-word")).to_have_text("Kosong")
    alert = page.locator("#booth-state-alerts li")
    expect(alert).to_have_count(1)
    expect(alert).to_have_attribute("data-kind", "empty")
    expect(alert).to_contain_text("Gerai kosong")
    expect(alert).to_contain_text("Tidak ada loket yang dibuka")
    expect(page.locator("#booth-state-hint")).to_contain_text("Pengelola MPP telah diberi tahu")
    expect(note).to_have_css("border-left-color", RED_EDGE)
    expect(note).not_to_contain_text(other.booth.label)
    screenshot(page, "console-booth-alert")

    page.click("[data-action=open]")
    expect(page.locator("#console")).to_have_attribute("data-state", "open")
    expect(note).to_have_attribute("data-state", "idle", timeout=2000)
    expect(page.locator("#booth-state-alerts li")).to_have_count(0)
    expect(page.locator("#booth-state-hint")).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the console scrolls sideways on a phone"
