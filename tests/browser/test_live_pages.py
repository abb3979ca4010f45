"""The lobby display and a resident's ticket page, live, in a real browser.

Calls are made through the real services in this process; the page is served by
a separate uvicorn process, so each event crosses Redis like in production.
"""

import time

import pytest
from django.db import transaction
from playwright.sync_api import expect

from mpp.lib import realtime
from queues import events
from queues.services import ticket_call_next, ticket_issue, ticket_no_show, ticket_recall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_display(new_page, asgi_server):
    page = new_page(1920, 1080)
    page.goto(asgi_server.url + "/display/")
    expect(page.locator("#d-offline")).to_be_hidden()
    page.wait_for_function(
        "() => window.mppDisplay && window.mppDisplay.stream.seqs.display !== undefined"
    )
    return page


def test_display_shows_a_call_within_2_s_and_a_reload_does_not_replay_it(
    asgi_server, line, new_page, screenshot
):
    service, counter, officer = line
    ticket = ticket_issue(service=service, nik="3574014101900001", name="Siti Aminah")
    page = _open_display(new_page, asgi_server)

    started = time.monotonic()
    ticket_call_next(counter=counter, actor=officer)
    expect(page.locator("#d-board")).to_contain_text(ticket.code, timeout=2000)
    assert time.monotonic() - started < 2.0
    expect(page.locator("#d-call-text")).to_have_text(
        "Nomor antrean A nol nol satu, silakan menuju loket tiga"
    )
    page.wait_for_function("() => window.mppDisplay.announced.length === 1")
    screenshot(page, "display-1920")
    body = page.content()
    assert "3574014101900001" not in body and "Siti Aminah" not in body

    page.reload()
    expect(page.locator("#d-board")).to_contain_text(ticket.code)
    page.wait_for_timeout(1000)
    assert page.evaluate("window.mppDisplay.announced.length") == 0

    ticket_recall(counter=counter, actor=officer)
    page.wait_for_function("() => window.mppDisplay.announced.length === 1", timeout=2000)
    expect(page.locator("#d-call-tag")).to_be_visible()


def test_display_announces_a_call_it_only_sees_in_the_snapshot_after_a_gap_once(
    asgi_server, line, new_page, monkeypatch
):
    service, counter, officer = line
    ticket_issue(service=service)
    second = ticket_issue(service=service)
    first = ticket_call_next(counter=counter, actor=officer)  # before the page: not announced
    page = _open_display(new_page, asgi_server)
    announced = "window.mppDisplay.announced"

    # The next call's lobby event is lost (as in a gap): only the seq it took remains,
    # and the heartbeat (every 5 s) tells the page it is behind.
    def lose_the_lobby_event(*args, **kwargs):
        transaction.on_commit(lambda: realtime._sequences().next("display"))

    monkeypatch.setattr(events, "publish_called", lose_the_lobby_event)
    ticket_no_show(ticket=first, actor=officer)
    ticket_call_next(counter=counter, actor=officer)
    page.wait_for_function(f"() => {announced}.length === 1", timeout=15_000)
    assert page.evaluate(announced) == [second.code]
    expect(page.locator("#d-call-text")).to_have_text(
        "Nomor antrean A nol nol dua, silakan menuju loket tiga"
    )
    expect(page.locator("#d-call-tag")).to_be_hidden()

    # A later snapshot says nothing again, nor the first call (older than both).
    page.evaluate("window.mppDisplay.stream.resnapshot()")
    page.wait_for_timeout(2000)
    assert page.evaluate(announced) == [second.code]

    # A recall lost the same way counts from when it was made: announced, as a recall.
    ticket_recall(counter=counter, actor=officer)
    page.wait_for_function(f"() => {announced}.length === 2", timeout=15_000)
    expect(page.locator("#d-call-tag")).to_be_visible()

    # Live again: the next recall is announced once, from its event.
    monkeypatch.undo()
    ticket_recall(counter=counter, actor=officer)
    page.wait_for_function(f"() => {announced}.length === 3", timeout=5000)
    page.wait_for_timeout(1500)
    assert page.evaluate(announced) == [second.code] * 3


def test_display_recovers_after_the_server_restarts(asgi_server, line, new_page):
    service, counter, officer = line
    first = ticket_issue(service=service)
    second = ticket_issue(service=service)
    page = _open_display(new_page, asgi_server)

    asgi_server.restart()
    expect(page.locator("#d-offline")).to_be_hidden(timeout=20_000)
    page.wait_for_function("() => window.mppDisplay.stream.socket.readyState === 1")
    ticket_call_next(counter=counter, actor=officer)

    expect(page.locator("#d-board")).to_contain_text(first.code, timeout=3000)
    assert second.code not in page.locator("#d-board").inner_text()


def test_display_at_720p(asgi_server, line, new_page, screenshot):
    service, counter, officer = line
    ticket_issue(service=service)
    ticket_call_next(counter=counter, actor=officer)
    ticket_issue(service=service)

    page = new_page(1280, 720)
    page.goto(asgi_server.url + "/display/")
    expect(page.locator("#d-board")).to_contain_text("A-001")
    screenshot(page, "display-1280")


def test_ticket_page_turns_called_with_the_counter(asgi_server, line, new_page, screenshot):
    service, counter, officer = line
    ahead = ticket_issue(service=service)
    mine = ticket_issue(service=service, phone="081234567890", name="Budi Santoso")

    page = new_page(390, 844, is_mobile=True, has_touch=True)
    page.goto(f"{asgi_server.url}/t/{mine.token}/")
    expect(page.locator("#t-ahead")).to_have_text("1")
    screenshot(page, "ticket-waiting")

    ticket_call_next(counter=counter, actor=officer)  # calls `ahead`
    expect(page.locator("#t-ahead")).to_have_text("0", timeout=2000)
    assert ahead.code not in page.locator("#t-called").inner_text()

    ahead.refresh_from_db()
    ticket_no_show(ticket=ahead, actor=officer)
    ticket_call_next(counter=counter, actor=officer)  # calls mine
    expect(page.locator("#t-called")).to_be_visible(timeout=2000)
    expect(page.locator("#t-called-where")).to_contain_text("Loket 3")
    screenshot(page, "ticket-called")
    body = page.content()
    assert "Budi Santoso" not in body and "81234567890" not in body

    # The resident closed the alert and wandered off; the officer calls once more.
    page.locator("#t-called-close").click()
    expect(page.locator("#t-called")).to_be_hidden()
    ticket_recall(counter=counter, actor=officer)
    expect(page.locator("#t-called")).to_be_visible(timeout=2000)
