"""Device heartbeats (counters/devices.py): only registered, active displays and kiosks,
each with its own token, can say they are alive; the admin registers and revokes them."""

import datetime as dt

import pytest
from django.urls import reverse

from counters.devices import devices_silent
from counters.models import Device
from tests.conftest import TUESDAY_9AM

HEARTBEAT = "/api/v1/devices/heartbeat/"


@pytest.fixture
def tv(db):
    return Device.objects.create(kind=Device.Kind.DISPLAY, label="TV lobi lantai 1")


@pytest.fixture
def kiosk_device(db):
    return Device.objects.create(kind=Device.Kind.KIOSK, label="Anjungan pintu utama")


def beat(api, token: str, **extra):
    return api.post(HEARTBEAT, {}, format="json", HTTP_AUTHORIZATION=f"Device {token}", **extra)


def test_a_registered_device_beats_and_is_listed_when_silent(api, clock, tv, kiosk_device):
    assert beat(api, tv.token).status_code == 204
    assert beat(api, kiosk_device.token).status_code == 204
    assert devices_silent() == []

    clock.move_to(TUESDAY_9AM + dt.timedelta(minutes=1))
    beat(api, kiosk_device.token)
    clock.move_to(TUESDAY_9AM + dt.timedelta(minutes=2, seconds=1))

    silent = devices_silent()
    assert [(d["kind"], d["label"]) for d in silent] == [("display", "TV lobi lantai 1")]
    assert silent[0]["last_seen"] == "2026-11-24T09:00:00+07:00"
    assert silent[0]["silent_minutes"] == 2


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Device ", "Device nope", "Token abc", "Device " + "x" * 200, "Bearer x"],
)
def test_a_heartbeat_without_a_valid_device_token_is_refused(api, clock, tv, authorization):
    beat(api, tv.token)  # the real TV, once
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    response = api.post(HEARTBEAT, {"kind": "display", "device": "tv-1"}, format="json", **headers)

    assert response.status_code in (401, 403)
    assert response.json()["detail"]
    clock.move_to(TUESDAY_9AM + dt.timedelta(minutes=5))
    assert [d["label"] for d in devices_silent()] == ["TV lobi lantai 1"]


def test_made_up_heartbeats_put_nothing_on_the_dashboard(api, clock, db):
    # Issue 11: 320 fake POSTs put 284 "silent devices" on the dashboard.
    for n in range(320):
        body = {"kind": "display", "device": f"fake-{n:04d}", "label": "Palsu"}
        assert api.post(HEARTBEAT, body, format="json").status_code in (401, 403)
    clock.move_to(TUESDAY_9AM + dt.timedelta(minutes=5))
    assert devices_silent() == []


def test_a_revoked_device_cannot_keep_itself_alive(api, clock, tv):
    beat(api, tv.token)
    tv.active = False
    tv.save()

    clock.move_to(TUESDAY_9AM + dt.timedelta(minutes=1))
    assert beat(api, tv.token).status_code == 401
    assert beat(api, tv.token).json()["code"] == "authentication_failed"
    # Revoked: not listed at all (it is no device of the mall any more).
    clock.move_to(TUESDAY_9AM + dt.timedelta(minutes=5))
    assert devices_silent() == []


def test_a_dead_tv_cannot_be_kept_alive_with_another_devices_token(api, clock, tv, kiosk_device):
    beat(api, tv.token)
    for minute in range(1, 6):
        clock.move_to(TUESDAY_9AM + dt.timedelta(minutes=minute))
        beat(api, kiosk_device.token)  # the body names the TV: ignored
    assert [d["label"] for d in devices_silent()] == ["TV lobi lantai 1"]


def test_refusal_is_in_english_on_request(api, db):
    response = api.post(
        HEARTBEAT, {}, format="json", HTTP_AUTHORIZATION="Device x", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "Unknown or revoked device token."


def test_staff_session_or_token_is_no_device(api_as, manager, db):
    response = api_as(manager).post(HEARTBEAT, {}, format="json")
    assert response.status_code in (401, 403)


# --- admin ---------------------------------------------------------------------------


def _admin_url(view: str, *args) -> str:
    return reverse(f"admin:counters_device_{view}", args=args)


def test_admin_shows_the_setup_address(admin_client, tv, kiosk_device):
    content = admin_client.get(_admin_url("change", tv.pk)).content.decode()
    assert f"/display/?device={tv.token}" in content
    content = admin_client.get(_admin_url("change", kiosk_device.pk)).content.decode()
    assert f"/kiosk/?device={kiosk_device.token}" in content


def test_admin_adds_a_device_with_a_fresh_token(admin_client, db):
    response = admin_client.post(
        _admin_url("add"), {"kind": "display", "label": "TV lantai 2", "active": "on"}
    )
    assert response.status_code == 302
    device = Device.objects.get(label="TV lantai 2")
    assert len(device.token) >= 32


def test_admin_revokes_and_renews_tokens(admin_client, api, tv, kiosk_device):
    old = kiosk_device.token
    admin_client.post(_admin_url("changelist"), {"action": "revoke", "_selected_action": [tv.pk]})
    admin_client.post(
        _admin_url("changelist"), {"action": "new_token", "_selected_action": [kiosk_device.pk]}
    )
    tv.refresh_from_db()
    kiosk_device.refresh_from_db()
    assert not tv.active
    assert kiosk_device.token != old
    assert beat(api, tv.token).status_code == 401
    assert beat(api, old).status_code == 401
    assert beat(api, kiosk_device.token).status_code == 204
