"""The kiosk home through the Django test client: most used first, waiting
counts, the forgiving search and the counts refresh, in a fixed number of
queries. The clock is frozen at Tuesday 2026-11-24 09:00 WIB."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from queues.models import Ticket
from tests import factories
from tests.conftest import TUESDAY_9AM

pytestmark = pytest.mark.usefixtures("clock", "hours")


@pytest.fixture
def kiosk_client(client, kiosk):
    client.force_login(kiosk)
    return client


def _config(response) -> dict:
    match = re.search(
        r'<script id="kiosk-config" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    assert match
    return json.loads(match[1])


def _tickets(service, n: int, *, status: str = Ticket.Status.WAITING, days_ago: int = 0):
    day = TUESDAY_9AM.date() - dt.timedelta(days=days_ago)
    for number in range(1, n + 1):
        factories.TicketFactory(
            service=service, number=number, date=day, status=status, issued_at=TUESDAY_9AM
        )


def test_most_used_first_with_icons_and_waiting_counts(
    kiosk_client, counter_a, counter_b, service_a, service_a2, service_b
):
    _tickets(service_b, 5, days_ago=2, status=Ticket.Status.DONE)
    _tickets(service_a2, 3)

    response = kiosk_client.get("/kiosk/")

    html = response.content.decode()
    popular = re.findall(r'class="k-tile k-service[^"]*" data-service="(\d+)"', html)
    assert popular == [str(service_b.pk), str(service_a2.pk)]  # never used: not "popular"
    agencies = [a["id"] for a in _config(response)["catalog"]]
    assert agencies == [service_b.agency_id, service_a.agency_id]
    assert f'data-service-waiting="{service_a2.pk}">3 menunggu<' in html
    assert f'data-agency-waiting="{service_a.agency_id}">3 menunggu<' in html
    # Every icon a tile names is in the page's sprite.
    used = set(re.findall(r'<use href="#i-([a-z0-9-]+)"', html))
    defined = set(re.findall(r'<symbol id="i-([a-z0-9-]+)"', html))
    assert {"id-card", "shield", "qr-code", "search"} <= used <= defined


def test_the_home_makes_the_same_number_of_queries_however_big_the_mall(
    kiosk_client, counter_a, service_a
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert kiosk_client.get("/kiosk/").status_code == 200
        return len(queries)

    count()  # the calendar's rows cached, as after the first page
    few = count()
    agency = factories.AgencyFactory()
    services = [factories.ServiceFactory(agency=agency) for _ in range(10)]
    factories.CounterFactory(booth__agency=agency, services=services)
    for service in services:
        _tickets(service, 2)

    assert count() == few


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("ktp hilang", "lost"),
        ("KTP-el  HILANG", "lost"),
        ("ktp hialng", "lost"),
        ("bikin ktp baru", "new"),
    ],
)
def test_search_uses_the_portal_search_and_keeps_to_kiosk_lines(
    kiosk_client, agency_a, counter_a, service_a, query, wanted
):
    lost = factories.ServiceFactory(
        agency=agency_a, name="Penggantian KTP-el Hilang atau Rusak", keywords="ktp hilang"
    )
    counter_a.services.add(lost)
    factories.ServiceFactory(agency=agency_a, name="KTP-el hilang (tanpa loket)")

    response = kiosk_client.get("/kiosk/", {"part": "search", "q": query})

    assert response.status_code == 200
    ids = response.json()["services"]
    expected = {"lost": lost, "new": service_a}[wanted]
    assert ids[0] == expected.pk


@pytest.mark.parametrize("query", ["", "   ", "x" * 5000, "\x00"])
def test_search_with_nothing_useful_answers_an_empty_list(kiosk_client, counter_a, query):
    response = kiosk_client.get("/kiosk/", {"part": "search", "q": query})

    assert response.status_code == 200
    assert response.json() == {"services": []}


def test_counts_refresh_gives_today_waiting_per_line(kiosk_client, counter_a, service_a):
    _tickets(service_a, 4)
    _tickets(service_a, 2, days_ago=1)

    response = kiosk_client.get("/kiosk/", {"part": "counts"})

    assert response.json() == {"waiting": {str(service_a.pk): 4}}


@pytest.mark.parametrize("part", ["search", "counts"])
def test_officer_cannot_read_the_kiosk_parts(client, officer_a, part):
    client.force_login(officer_a)

    assert client.get("/kiosk/", {"part": part, "q": "ktp"}).status_code == 403


def test_kiosk_css_lets_hidden_win_and_every_block_closes():
    """`hidden` must beat `.k-actions { display: flex }`; an unclosed block would
    silently drop every rule after it (the printed ticket's 80 mm among them)."""
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "queues" / "kiosk.css").read_text()
    text = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert re.search(r"\[hidden\]\s*\{\s*display:\s*none\s*!important;?\s*\}", text)
