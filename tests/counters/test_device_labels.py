"""Silent devices on the dashboard are told apart: a given name, the kiosk account, the
agency or floor a lobby screen shows, the network address and the end of the id."""

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from agencies.models import User
from counters.devices import devices_silent
from tests import factories
from tests.conftest import TUESDAY_9AM

pytestmark = pytest.mark.django_db

HEARTBEAT = "/api/v1/devices/heartbeat/"
LATER = TUESDAY_9AM + dt.timedelta(minutes=5)


def beat(client, **body):
    response = client.post(HEARTBEAT, body, format="json", REMOTE_ADDR=body.pop("ip", "10.0.0.9"))
    assert response.status_code == 204, response.content
    return response


def test_two_kiosks_with_one_title_are_told_apart(clock):
    kiosk_a = factories.UserFactory(
        username="kiosk-lobi", role=User.Role.KIOSK, agency=None, first_name="Anjungan Lobi"
    )
    kiosk_b = factories.UserFactory(username="kiosk-lt2", role=User.Role.KIOSK, agency=None)
    for user, device, ip in (
        (kiosk_a, "kiosk-aaaa1111", "10.0.0.21"),
        (kiosk_b, "kiosk-bbbb2222", "10.0.0.22"),
    ):
        client = APIClient()
        client.force_login(user)
        client.post(
            HEARTBEAT,
            {"kind": "kiosk", "device": device, "label": "Anjungan MPP"},
            format="json",
            REMOTE_ADDR=ip,
        )

    silent = {d["device"]: d for d in devices_silent(at=LATER)}

    a, b = silent["kiosk-aaaa1111"], silent["kiosk-bbbb2222"]
    assert (a["account"], a["address"], a["short_id"]) == ("Anjungan Lobi", "10.0.0.21", "1111")
    assert (b["account"], b["address"], b["short_id"]) == ("kiosk-lt2", "10.0.0.22", "2222")


def test_a_lobby_screen_says_its_agency_or_floor(clock, api, agency_a):
    beat(
        api, kind="display", device="tv-aaaa", label="Layar", page=f"/display/?agency={agency_a.pk}"
    )
    beat(api, kind="display", device="tv-bbbb", label="Layar", page="/display/?floor=2&lang=en")
    beat(api, kind="display", device="tv-cccc", label="Layar", page="/display/?agency=oops")
    beat(api, kind="display", device="tv-dddd", label="Layar", name="TV Lobi Timur")

    silent = {d["device"]: d for d in devices_silent(at=LATER)}

    assert (silent["tv-aaaa"]["agency_name"], silent["tv-aaaa"]["floor"]) == (agency_a.name, "")
    assert (silent["tv-bbbb"]["agency_name"], silent["tv-bbbb"]["floor"]) == ("", "2")
    assert (silent["tv-cccc"]["agency_name"], silent["tv-cccc"]["floor"]) == ("", "")
    assert silent["tv-dddd"]["name"] == "TV Lobi Timur"


def test_a_renamed_device_is_noted(clock, api):
    beat(api, kind="display", device="tv-aaaa", label="Layar")
    beat(api, kind="display", device="tv-aaaa", label="Layar", name="TV Lantai 2")

    assert devices_silent(at=LATER)[0]["name"] == "TV Lantai 2"


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "display", "device": "abcd", "name": "x" * 61},
        {"kind": "display", "device": "abcd", "page": "/" * 201},
        {"kind": "display", "device": "abcd", "name": ["x"]},
    ],
)
def test_bad_descriptions_are_400(api, body):
    assert api.post(HEARTBEAT, body, format="json").status_code == 400


def test_dashboard_lines_differ_for_two_silent_kiosks(clock, manager):
    api = APIClient()
    for device, ip in (("kiosk-aaaa1111", "10.0.0.21"), ("kiosk-bbbb2222", "10.0.0.22")):
        api.post(
            HEARTBEAT,
            {"kind": "kiosk", "device": device, "label": "Anjungan MPP"},
            format="json",
            REMOTE_ADDR=ip,
        )
    clock.move_to(LATER)
    client = Client()
    client.force_login(manager)

    html = client.get("/dashboard/").content.decode()

    lines = [part.split("</li>")[0] for part in html.split('<li class="device">')[1:]]
    assert len(lines) == 2 and lines[0] != lines[1]
    assert "10.0.0.21" in html and "#1111" in html and "#2222" in html
    assert "terakhir 09:00" in html
