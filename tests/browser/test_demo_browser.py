"""The demo a newcomer meets (`make run`: load_demo --all-hours, then load_demo_activity),
in a real browser: the dashboard mixes serving and empty booths, the reports and the
complaints inbox show figures. Screenshots go to test-artifacts/demo-*.png."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_newcomer_sees_a_living_mall(asgi_server, demo_with_activity, new_page, screenshot):
    if timezone.localtime().time() < dt.time(0, 20):
        pytest.skip("the all-day hours need the empty-booth grace period behind us")
    page = new_page(1366, 900)
    login(page, asgi_server.url, "manager")

    page.goto(f"{asgi_server.url}/dashboard/")
    expect(page.locator("#booths .booth")).to_have_count(22)
    expect(page.locator('#booths [data-state="serving"]').first).to_be_visible()
    expect(page.locator('#booths [data-state="empty"]').first).to_be_visible()
    screenshot(page, "demo-dashboard")

    first = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    page.goto(f"{asgi_server.url}/dashboard/reports/attendance/?date_from={first}")
    expect(page.locator("main")).to_contain_text("Gerai 01 Dispendukcapil")
    screenshot(page, "demo-attendance")

    page.goto(f"{asgi_server.url}/dashboard/reports/performance/?date_from={first}")
    expect(page.locator("main")).to_contain_text("Siti Rahmawati")
    screenshot(page, "demo-performance")

    page.goto(f"{asgi_server.url}/dashboard/reports/ikm/?date_from={first}")
    expect(page.locator("main")).to_contain_text("Dinas Kependudukan")
    screenshot(page, "demo-ikm")

    page.goto(f"{asgi_server.url}/dashboard/complaints/")
    some = Complaint.objects.order_by("created_at").first()
    expect(page.locator("main")).to_contain_text(some.code)
    screenshot(page, "demo-complaints")


def test_an_extra_demo_officer_can_sign_in_to_a_counter(asgi_server, demo_with_activity, new_page):
    page = new_page(390, 844)
    login(page, asgi_server.url, "officer-dukcapil-2")
    page.goto(f"{asgi_server.url}/counter/")
    expect(page.locator("main")).to_be_visible()
    assert "/login/" not in page.url
