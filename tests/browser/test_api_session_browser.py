"""Staff pages and a login that changed under them (static/js/api.js).

A session that ended says so in words the officer can act on; a login in another tab
(which rotates the CSRF cookie) does not make the open console refuse every action.
"""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SESSION_ENDED = "Sesi Anda berakhir. Silakan masuk kembali."


@pytest.fixture
def console(asgi_server, always_open, new_page):
    service = factories.ServiceFactory(prefix="S")
    counter = factories.CounterFactory(booth__agency=service.agency, services=[service])
    factories.UserFactory(username="petugas-sesi", agency=service.agency)
    page = new_page(1366, 900)
    login(page, asgi_server.url, "petugas-sesi")
    page.goto(f"{asgi_server.url}/counter/?counter={counter.pk}")
    expect(page.locator("#console")).to_have_attribute("data-state", "closed")
    return page, counter


def test_console_says_the_session_ended(console):
    page, counter = console
    Session.objects.all().delete()  # signed out elsewhere, or the session timed out

    page.click("[data-action=open]")

    expect(page.locator("#console-error")).to_have_text(SESSION_ENDED)
    assert not counter.sessions.exists()


def test_console_still_acts_after_a_login_in_another_tab(asgi_server, console):
    page, counter = console
    rendered = page.evaluate(
        "() => JSON.parse(document.getElementById('console-config').textContent).csrfToken"
    )
    other_tab = page.context.new_page()
    login(other_tab, asgi_server.url, "petugas-sesi")  # rotates the CSRF cookie
    other_tab.close()
    cookie = next(c for c in page.context.cookies() if c["name"] == "csrftoken")
    assert cookie["value"] not in (rendered, rendered[:32])

    page.click("[data-action=open]")

    expect(page.locator("#console")).to_have_attribute("data-state", "open")
    assert counter.sessions.filter(closed_at__isnull=True).exists()
