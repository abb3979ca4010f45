"""The officer console in a real browser: its buttons drive a ticket from waiting to done."""

import pytest
from playwright.sync_api import expect

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
