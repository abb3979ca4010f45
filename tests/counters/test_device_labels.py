"""Silent devices on the dashboard are told apart: the admin's (or a given) name, the kiosk
account, the agency or floor a lobby screen shows, the network address and the end of the
id. Every beat still needs the device's own token (counters/devices.py)."""

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from agencies.models import User
from counters.devices import devices_silent
from counters.models import Device
from tests import factories
from tests.conftest import TUESDAY_9AM

pytestmark = pytest.mark.django_db

HEARTBEAT = "/api/v1/devices/heartbeat/"
LATER = TUESDAY_9AM + dt.timedelta(minutes=5)


def device(pk: int, kind: str = "display", label: str = "Layar") -> Device:
    return Device.objects.create(pk=pk, kind=kind, label=label)


def beat(client, dev: Device, ip: str = "10.0.0.9", **body):
    response = client.post(
        HEARTBEAT,
        body,
        format="json",
        REMOTE_ADDR=ip,
        HTTP_AUTHORIZATION=f"Device {dev.token}",
    )
    assert response.status_code == 204, response.content
    return response


def test_two_kiosks_with_one_title_are_told_apart(clock):
    kiosk_a = factories.UserFactory(
        username="kiosk-lobi", role=User.Role.KIOSK, agency=None, first_name="Anjungan Lobi"
    )
    kiosk_b = factories.UserFactory(username="kiosk-lt2", role=User.Role.KIOSK, agency=None)
    for user, pk, ip in ((kiosk_a, 1111, "10.0.0.21"), (kiosk_b, 2222, "10.0.0.22")):
        client = APIClient()
        client.force_login(user)
        beat(client, device(pk, "kiosk", "Anjungan MPP"), ip)

    silent = {d["device"]: d for d in devices_silent(at=LATER)}

    a, b = silent["1111"], silent["2222"]
    assert (a["account"], a["address"], a["short_id"]) == ("Anjungan Lobi", "10.0.0.21", "1111")
    assert (b["account"], b["address"], b["short_id"]) == ("kiosk-lt2", "10.0.0.22", "2222")


def test_a_lobby_screen_says_its_agency_or_floor(clock, api, agency_a):
    beat(api, device(1), page=f"/display/?agency={agency_a.pk}")
    beat(api, device(2), page="/display/?floor=2&lang=en")
    beat(api, device(3), page="/display/?agency=oops")
    beat(api, device(4), name="TV Lobi Timur")

    silent = {d["device"]: d for d in devices_silent(at=LATER)}

    assert (silent["1"]["agency_name"], silent["1"]["floor"]) == (agency_a.name, "")
    assert (silent["2"]["agency_name"], silent["2"]["floor"]) == ("", "2")
    assert (silent["3"]["agency_name"], silent["3"]["floor"]) == ("", "")
    assert silent["4"]["name"] == "TV Lobi Timur"
    assert silent["1"]["name"] == "Layar"  # the admin's name when none was given


def test_a_renamed_device_is_noted(clock, api):
    tv = device(1)
    beat(api, tv)
    beat(api, tv, name="TV Lantai 2")

    assert devices_silent(at=LATER)[0]["name"] == "TV Lantai 2"


@pytest.mark.parametrize(
    "body",
    [{"name": "x" * 61}, {"page": "/" * 201}, {"name": ["x"]}],
)
def test_bad_descriptions_are_400(api, body):
    tv = device(1)
    response = api.post(HEARTBEAT, body, format="json", HTTP_AUTHORIZATION=f"Device {tv.token}")
    assert response.status_code == 400


def test_a_description_without_token_is_refused(api):
    device(1)
    response = api.post(HEARTBEAT, {"name": "TV palsu"}, format="json")
    assert response.status_code in (401, 403)
    assert devices_silent(at=LATER) == []


def test_dashboard_lines_differ_for_two_silent_kiosks(clock, manager):
    api = APIClient()
    for pk, ip in ((1111, "10.0.0.21"), (2222, "10.0.0.22")):
        beat(api, device(pk, "kiosk", "Anjungan MPP"), ip)
    clock.move_to(LATER)
    client = Client()
    client.force_login(manager)

    html = client.get("/dashboard/").content.decode()

    lines = [part.split("</li>")[0] for part in html.split('<li class="device">')[1:]]
    assert len(lines) == 2 and lines[0] != lines[1]
    assert "10.0.0.21" in html and "#1111" in html and "#2222" in html
    assert "terakhir 09:00" in html
