"""The site header: residents' links for everyone, staff links by role after login;
the favicon; the language switch."""

import re

import pytest

from queues.models import Ticket
from tests import factories

pytestmark = pytest.mark.django_db

STAFF_PATHS = ["/counter/", "/dashboard/", "/display/", "/kiosk/", "/api/docs/", "/admin/"]


def _header(client) -> str:
    html = client.get("/").content.decode()
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def _staff_hrefs(header: str) -> list[str]:
    return [href for href in re.findall(r'href="([^"]+)"', header) if href in STAFF_PATHS]


def test_an_anonymous_resident_gets_residents_links_and_a_staff_login(client):
    header = _header(client)

    assert _staff_hrefs(header) == []
    for href in ('href="/"', 'href="/complaints/new/"', 'href="/complaints/new/#lookup-title"'):
        assert href in header
    assert 'href="/login/"' in header and "Keluar" not in header


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("officer_a", ["/counter/"]),
        ("supervisor_a", ["/dashboard/", "/display/"]),
        ("manager", ["/counter/", "/dashboard/", "/display/", "/kiosk/", "/api/docs/"]),
        ("kiosk", []),
    ],
)
def test_staff_links_follow_the_role(client, request, persona, links):
    client.force_login(request.getfixturevalue(persona))

    header = _header(client)

    assert _staff_hrefs(header) == links
    assert 'href="/login/"' not in header and "Keluar" in header


def test_the_admin_link_shows_to_accounts_that_may_open_the_admin(client):
    client.force_login(factories.UserFactory(role="manager", agency=None, is_staff=True))
    assert "/admin/" in _staff_hrefs(_header(client))
    client.force_login(factories.UserFactory(role="resident", agency=None))
    assert _staff_hrefs(_header(client)) == []


def test_home_groups_services_per_agency_with_the_waiting_count(client, service_a, service_b):
    factories.TicketFactory(service=service_a, status=Ticket.Status.WAITING)

    html = client.get("/").content.decode()

    card = html.split(f'id="agency-{service_a.agency.code}"', 1)[1].split("</details>", 1)[0]
    assert "1 layanan" in card and "1 menunggu" in card and service_a.name in card
    assert html.count('<details class="agency"') == 2


def test_the_favicon_is_a_real_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"
    assert "max-age" in response["Cache-Control"]


def test_each_language_is_named_in_its_own_language(client):
    for accept in ("id", "en"):
        html = client.get("/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
        assert '<option value="id" lang="id"' in html
        assert ">Bahasa Indonesia</option>" in html and ">English</option>" in html
        assert "Inggris" not in html
