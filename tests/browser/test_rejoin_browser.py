"""A resident who missed the call rejoins from the ticket page (390 px phone)."""

import re

import pytest
from playwright.sync_api import expect

from queues.models import Ticket
from queues.services import ticket_call_next, ticket_issue, ticket_no_show

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_missed_resident_sees_a_countdown_and_rejoins_behind_the_line(
    asgi_server, line, new_page, screenshot
):
    service, counter, officer = line
    mine = ticket_issue(service=service)
    page = new_page(390, 844, is_mobile=True, has_touch=True)
    page.goto(f"{asgi_server.url}/t/{mine.token}/")
    expect(page.locator("#t-ahead")).to_have_text("0")
    expect(page.locator("#t-rejoin")).to_be_hidden()

    called = ticket_call_next(counter=counter, actor=officer)
    ticket_no_show(ticket=called, actor=officer)
    others = [ticket_issue(service=service) for _ in range(2)]

    # Live: the no-show event carries the window, the page counts it down.
    expect(page.locator("#t-rejoin")).to_be_visible(timeout=3000)
    expect(page.locator("#t-rejoin-left")).to_have_text(re.compile(r"^(29:5\d|30:00)$"))
    first = page.locator("#t-rejoin-left").inner_text()
    page.wait_for_function(
        "(first) => document.getElementById('t-rejoin-left').textContent !== first", arg=first
    )
    screenshot(page, "ticket-rejoin-390")

    page.locator("#t-rejoin-button").click()

    expect(page.locator("#t-status-word")).to_have_text("Menunggu", timeout=3000)
    expect(page.locator("#t-rejoin")).to_be_hidden()
    expect(page.locator("#t-ahead")).to_have_text(str(len(others)), timeout=3000)
    screenshot(page, "ticket-rejoined-390")
    assert Ticket.objects.get(pk=mine.pk).status == "waiting"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390


def test_a_second_tab_is_told_the_rejoin_was_used(asgi_server, line, new_page):
    service, counter, officer = line
    mine = ticket_issue(service=service)
    ticket_no_show(ticket=ticket_call_next(counter=counter, actor=officer), actor=officer)
    tabs = [new_page(390, 844, is_mobile=True, has_touch=True) for _ in range(2)]
    for tab in tabs:
        tab.goto(f"{asgi_server.url}/t/{mine.token}/")
        expect(tab.locator("#t-rejoin")).to_be_visible()

    tabs[0].locator("#t-rejoin-button").click()
    expect(tabs[0].locator("#t-status-word")).to_have_text("Menunggu", timeout=3000)
    # The other tab follows live; had it been faster, the server refuses the second.
    expect(tabs[1].locator("#t-rejoin")).to_be_hidden(timeout=3000)
    expect(tabs[1].locator("#t-status-word")).to_have_text("Menunggu")
    answer = tabs[1].request.post(f"{asgi_server.url}/api/v1/tickets/{mine.token}/rejoin/")
    assert answer.status == 409 and answer.json()["code"] == "rejoin_used"
