"""The pages that run all day on cheap hardware and mall Wi-Fi stay light and local.

A lobby TV, a kiosk and 2,000 residents' phones load these pages; each must stay
under 200 KB on first load (audio fetched per call excluded: it is the call) and
no request may leave the machine (the mall's LAN may have no internet at all).
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from queues.services import ticket_issue
from tests import factories

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT_BYTES = 200 * 1024


@pytest.fixture
def mall(always_open):
    service = factories.ServiceFactory(name="KTP-el baru", prefix="A")
    factories.CounterFactory(booth__agency=service.agency, label="Loket 1", services=[service])
    for _ in range(3):
        ticket_issue(service=service)
    return service


def _first_load(page, url: str) -> tuple[int, list[str], list[str]]:
    """Bytes of every non-audio response on first load, and the URLs of any foreign request."""
    sizes: dict[str, int] = {}
    foreign: list[str] = []

    def on_request(request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http://", "https://", "ws://", "wss://")) and host not in (
            "127.0.0.1",
        ):
            foreign.append(request.url)

    def on_response(response):
        if response.headers.get("content-type", "").startswith("audio/"):
            return
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # a redirect has no body to read
            sizes.setdefault(response.url, 0)

    page.on("request", on_request)
    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    return sum(sizes.values()), sorted(sizes), foreign


def test_lobby_display_is_light_and_local(asgi_server, mall, new_page):
    page = new_page(1920, 1080)
    total, urls, foreign = _first_load(page, asgi_server.url + "/display/")
    assert foreign == []
    assert 0 < total < LIMIT_BYTES, (total, urls)


def test_ticket_page_is_light_and_local_on_a_phone(asgi_server, mall, new_page):
    ticket = ticket_issue(service=mall)
    page = new_page(390, 844)
    total, urls, foreign = _first_load(page, f"{asgi_server.url}/t/{ticket.token}/")
    expect(page.locator("body")).to_contain_text(ticket.code)
    assert foreign == []
    assert 0 < total < LIMIT_BYTES, (total, urls)


def test_kiosk_is_light_and_local(asgi_server, mall, new_page):
    kiosk = factories.UserFactory(role="kiosk", agency=None)
    page = new_page(1080, 1920)
    login(page, asgi_server.url, kiosk.username)
    total, urls, foreign = _first_load(page, asgi_server.url + "/kiosk/")
    assert foreign == []
    assert 0 < total < LIMIT_BYTES, (total, urls)
