"""Lobby TV and kiosk heartbeats in Chromium (issue 11 item 11): a device beats only with
the token of its setup address, which leaves the address bar at once; the public
/display/ without a token still works and sends no heartbeat."""

import time

import pytest
from playwright.sync_api import expect

from agencies.models import User
from counters.devices import device_last_seen
from counters.models import Device
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait_seen(device: Device, timeout: float = 10) -> float | None:
    deadline = time.monotonic() + timeout
    while device_last_seen(device=device) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    return device_last_seen(device=device)


def _heartbeats(page) -> list:
    sent: list = []
    page.on(
        "request",
        lambda request: sent.append(request) if "/devices/heartbeat/" in request.url else None,
    )
    return sent


def test_lobby_tv_beats_with_its_setup_token_only(asgi_server, always_open, new_page):
    factories.ServiceFactory(prefix="H")
    tv = Device.objects.create(kind=Device.Kind.DISPLAY, label="TV lobi lantai 1")

    page = new_page(1920, 1080)
    page.goto(f"{asgi_server.url}/display/?device={tv.token}&floor=1")
    assert _wait_seen(tv) is not None
    # The token is kept by the TV, not shown in its address (the filter stays).
    assert tv.token not in page.url and page.url.endswith("/display/?floor=1")
    expect(page.locator("body")).not_to_contain_text(tv.token)

    # Switched off and on again: the TV still knows who it is.
    from django.core.cache import cache

    cache.clear()
    page.goto(f"{asgi_server.url}/display/?floor=1")
    assert _wait_seen(tv) is not None

    # The public display elsewhere (no token): shows the queue, sends no heartbeat.
    public = new_page(1920, 1080)
    sent = _heartbeats(public)
    public.goto(f"{asgi_server.url}/display/")
    expect(public.locator("#live-badge, body").first).to_be_visible()
    public.wait_for_timeout(1500)
    assert sent == []


def test_a_revoked_tv_stops_beating_and_forgets_its_token(asgi_server, always_open, new_page):
    tv = Device.objects.create(kind=Device.Kind.DISPLAY, label="TV lama")
    page = new_page(1920, 1080)
    # Its first beat answered before the revocation (one still on its way would be the
    # 204 the reload is expected to replace: CI once caught it so).
    with page.expect_response(lambda r: "/devices/heartbeat/" in r.url) as accepted:
        page.goto(f"{asgi_server.url}/display/?device={tv.token}")
    assert accepted.value.status == 204
    assert _wait_seen(tv) is not None
    Device.objects.filter(pk=tv.pk).update(active=False)

    with page.expect_response(lambda r: "/devices/heartbeat/" in r.url) as refused:
        page.reload()
    assert refused.value.status == 401
    page.wait_for_function("() => localStorage.getItem('mpp-device-token') === null")


def test_kiosk_beats_with_its_device_token(asgi_server, always_open, new_page):
    factories.ServiceFactory(prefix="K")
    factories.UserFactory(username="kiosk-hb", role=User.Role.KIOSK, agency=None)
    device = Device.objects.create(kind=Device.Kind.KIOSK, label="Anjungan pintu utama")

    kiosk = new_page(1080, 1920)
    sent = _heartbeats(kiosk)
    login(kiosk, asgi_server.url, "kiosk-hb")
    kiosk.goto(f"{asgi_server.url}/kiosk/")
    kiosk.wait_for_timeout(1500)
    assert sent == []  # a kiosk account alone is no registered device

    kiosk.goto(f"{asgi_server.url}/kiosk/?device={device.token}")
    assert _wait_seen(device) is not None
    assert device.token not in kiosk.url


def test_admin_sets_up_and_revokes_a_tv(asgi_server, new_page, screenshot):
    factories.UserFactory(
        username="admin-hb", role=User.Role.MANAGER, agency=None, is_staff=True, is_superuser=True
    )
    page = new_page(1366, 768)
    login(page, asgi_server.url, "admin-hb")
    page.goto(f"{asgi_server.url}/admin/counters/device/add/")
    page.select_option("#id_kind", "display")
    page.fill("#id_label", "TV lobi lantai 2")
    page.click("input[name=_continue]")
    device = Device.objects.get(label="TV lobi lantai 2")
    expect(page.locator(".field-setup_url")).to_contain_text(f"/display/?device={device.token}")
    screenshot(page, "admin-device-setup")

    page.goto(f"{asgi_server.url}/admin/counters/device/")
    page.check(f"input[name=_selected_action][value='{device.pk}']")
    page.select_option("select[name=action]", "revoke")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("1 perangkat dicabut")
    device.refresh_from_db()
    assert not device.active
