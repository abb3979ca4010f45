"""The manager's dashboard in a real browser: a booth turns red within 2 s of an alert,
the alert is acknowledged with a note, and the booth clears when its counter opens."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import User
from console.services import counter_open
from monitoring.models import BoothAlert
from monitoring.services import booth_scan
from mpp.lib import realtime
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RED = "rgb(179, 38, 30)"  # .state-empty


def test_booth_turns_red_on_an_alert_and_clears_when_staffed(
    asgi_server, always_open, new_page, screenshot
):
    if timezone.localtime().time() < dt.time(0, 20):
        pytest.skip("the all-day hours need the grace period behind us")
    agency = factories.AgencyFactory(name="Dispendukcapil")
    booth = factories.BoothFactory(agency=agency, label="Gerai Dukcapil")
    counter = factories.CounterFactory(booth=booth)
    officer = factories.UserFactory(username="petugas-dash", agency=agency)
    factories.UserFactory(username="pengelola", role=User.Role.MANAGER, agency=None)

    page = new_page(1366, 900)
    login(page, asgi_server.url, "pengelola")
    page.goto(f"{asgi_server.url}/dashboard/")
    tile = page.locator(f'#booths [data-booth-id="{booth.pk}"]')
    expect(tile).to_have_attribute("data-state", "closed")
    expect(page.locator("#live-badge")).to_have_class("live live-online")

    started = time.monotonic()
    booth_scan(at=timezone.now())
    expect(tile).to_have_attribute("data-state", "empty", timeout=2000)
    assert time.monotonic() - started < 2
    expect(tile).to_have_css("background-color", RED)
    alert = BoothAlert.objects.get(booth=booth)
    item = page.locator(f'#alerts li[data-alert-id="{alert.pk}"]')
    expect(item).to_contain_text("Gerai Dukcapil")
    expect(page.locator("#alerts-count")).to_have_text("1")
    screenshot(page, "dashboard-alert")

    page.get_by_label("Catatan tanggapan").fill("Petugas dihubungi lewat telepon")
    item.get_by_role("button", name="Tanggapi").click()
    expect(item).to_contain_text("Ditanggapi oleh pengelola: Petugas dihubungi lewat telepon")
    alert.refresh_from_db()
    assert alert.acknowledged_by.username == "pengelola"

    started = time.monotonic()
    counter_open(counter=counter, officer=officer)
    realtime.flush()
    expect(tile).to_have_attribute("data-state", "idle", timeout=2000)
    assert time.monotonic() - started < 2
    expect(tile).not_to_have_css("background-color", RED)
    expect(page.locator("#alerts-count")).to_have_text("0")
    expect(page.locator("#alerts")).to_contain_text("Tidak ada peringatan terbuka.")
    screenshot(page, "dashboard-cleared")


def test_phone_layout_and_supervisor_scope(asgi_server, always_open, new_page, screenshot):
    mine = factories.BoothFactory(label="Gerai Saya")
    factories.CounterFactory(booth=mine)
    other = factories.BoothFactory(label="Gerai Lain")
    factories.CounterFactory(booth=other)
    factories.UserFactory(username="supervisor-dash", role=User.Role.SUPERVISOR, agency=mine.agency)

    page = new_page(390, 844)
    login(page, asgi_server.url, "supervisor-dash")
    page.goto(f"{asgi_server.url}/dashboard/")

    expect(page.locator("#booths .booth")).to_have_count(1)
    expect(page.locator("#booths")).to_contain_text("Gerai Saya")
    expect(page.locator("#live-badge")).to_have_class("live live-online")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the dashboard scrolls sideways on a phone"
    screenshot(page, "dashboard-phone")


def test_dashboard_has_no_serious_axe_violations(asgi_server, always_open, new_page, screenshot):
    from tests.browser.test_accessibility import _check

    booth = factories.BoothFactory(label="Gerai Aksesibel")
    factories.CounterFactory(booth=booth)
    BoothAlert.objects.create(
        booth=booth, kind="empty", reason="no_counter_open", opened_at=timezone.now()
    )
    factories.UserFactory(username="pengelola-a11y", role=User.Role.MANAGER, agency=None)

    page = new_page(1280, 800)
    login(page, asgi_server.url, "pengelola-a11y")
    page.goto(f"{asgi_server.url}/dashboard/")
    expect(page.locator("#live-badge")).to_have_class("live live-online")

    _check(page, screenshot, "dashboard")


# Device heartbeats in the browser: tests/browser/test_devices_browser.py


def test_overdue_complaints_panel_goes_live(asgi_server, always_open, new_page, screenshot):
    from complaints.models import Complaint
    from complaints.services import complaint_file, complaints_escalate_overdue

    service = factories.ServiceFactory(name="SKCK")
    complaint = complaint_file(
        category=Complaint.Category.FEES,
        description="Diminta biaya tambahan.",
        service=service,
        name="Pelapor Rahasia",
    )
    factories.UserFactory(username="pengelola-aduan", role=User.Role.MANAGER, agency=None)

    page = new_page(1366, 900)
    login(page, asgi_server.url, "pengelola-aduan")
    page.goto(f"{asgi_server.url}/dashboard/")
    count = page.locator("#overdue-count")
    expect(count).to_have_text("0")
    expect(page.locator("#overdue-list")).to_contain_text("Tidak ada pengaduan")
    expect(page.locator("#live-badge")).to_have_class("live live-online")

    Complaint.objects.filter(pk=complaint.pk).update(
        due_at=timezone.now() - dt.timedelta(minutes=5)
    )
    started = time.monotonic()
    assert complaints_escalate_overdue(at=timezone.now()) == [complaint.code]
    item = page.locator(f'#overdue-list li[data-code="{complaint.code}"]')
    expect(item).to_be_visible(timeout=2000)
    assert time.monotonic() - started < 2
    expect(count).to_have_text("1")
    expect(item).to_contain_text("Biaya atau pungutan liar")
    expect(item.get_by_role("link", name=complaint.code)).to_have_attribute(
        "href", f"/dashboard/complaints/{complaint.code}/"
    )
    expect(page.locator("#overdue-panel")).not_to_contain_text("Pelapor Rahasia")
    # The recount after a batch of escalations keeps the count exact.
    page.wait_for_timeout(2500)
    expect(count).to_have_text("1")
    screenshot(page, "dashboard-overdue-complaint")
