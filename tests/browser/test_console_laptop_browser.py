"""The officer console on a 1366x768 laptop, on a bad Monday morning: the booth's
"unattended" alert and a planned-closure notice are up, and still the main actions sit
in the first screen, the alert goes as soon as the officer calls, and the time the
applicant has been served counts up against the service's expected minutes."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from closures.models import ClosureRequest
from counters.models import CounterSession
from monitoring.models import BoothAlert
from monitoring.services import booth_scan
from queues.services import ticket_issue
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 1366, 768
SCREEN = Path(__file__).resolve().parents[2] / "docs" / "screens" / "console-1366.png"


@pytest.fixture
def morning(always_open):
    """A booth with its counter open, people waiting, an unattended alert and an
    approved closure of the counter later today."""
    service = factories.ServiceFactory(
        name="Perekaman KTP-el", prefix="K", expected_service_minutes=15
    )
    booth = factories.BoothFactory(agency=service.agency, label="Gerai Dukcapil")
    counter = factories.CounterFactory(booth=booth, label="Loket 1", services=[service])
    officer = factories.UserFactory(username="petugas-laptop", agency=service.agency)
    manager = factories.UserFactory(username="pengelola-laptop", role="manager", agency=None)
    now = timezone.now()
    CounterSession.objects.create(counter=counter, officer=officer, opened_at=now)
    tickets = [ticket_issue(service=service) for _ in range(12)]
    alert = BoothAlert.objects.create(
        booth=booth, kind=BoothAlert.Kind.UNATTENDED, reason="no_call", opened_at=now
    )
    ClosureRequest.objects.create(
        booth=booth,
        counter=counter,
        starts_at=now + _soon_today(),
        ends_at=now + dt.timedelta(hours=1),
        reason="Rapat koordinasi",
        status=ClosureRequest.Status.APPROVED,
        requested_by=officer,
        requested_at=now,
        decided_by=manager,
        decided_at=now,
    )
    return {"counter": counter, "tickets": tickets, "alert": alert}


def _soon_today() -> dt.timedelta:
    """Ten minutes from now, or half the time left before midnight: still later today."""
    local = timezone.localtime()
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), local.tzinfo)
    return min(dt.timedelta(minutes=10), (midnight - local) / 2)


def _in_first_screen(page, action: str) -> None:
    box = page.locator(f"[data-action={action}]").bounding_box()
    assert box is not None, action
    assert box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, (action, box)


def _main_actions_in_first_screen(page) -> None:
    assert page.evaluate("window.scrollY") == 0
    _in_first_screen(page, "call-next")
    _in_first_screen(page, "finish")


def test_main_actions_stay_in_the_first_screen_and_the_alert_goes_on_a_call(
    asgi_server, morning, new_page
):
    counter = morning["counter"]
    page = new_page(WIDTH, HEIGHT)
    page.clock.install()
    login(page, asgi_server.url, "petugas-laptop")
    page.goto(f"{asgi_server.url}/counter/?counter={counter.pk}")
    expect(page.locator("#live-badge")).to_have_class("live live-online")

    # Idle, with both banners up.
    alert = page.locator("#booth-state-alerts li[data-kind=unattended]")
    expect(alert).to_be_visible()
    expect(page.locator("#closure-notice")).to_contain_text("Rapat koordinasi")
    expect(page.locator("#current-empty")).to_be_visible()
    expect(page.locator("#current-served")).to_be_hidden()
    _main_actions_in_first_screen(page)

    # Called: the alert goes without a reload (the server closed it).
    page.click("[data-action=call-next]")
    expect(page.locator("#current-status")).to_have_text("Dipanggil")
    expect(page.locator("#console-notice")).not_to_be_empty()
    expect(page.locator("#current-served")).to_be_hidden()
    expect(alert).to_have_count(0, timeout=3000)
    assert BoothAlert.objects.get(pk=morning["alert"].pk).closed_at is not None
    _main_actions_in_first_screen(page)

    # Serving: the served time shows against the target and counts up.
    page.click("[data-action=start]")
    expect(page.locator("#current-status")).to_have_text("Dilayani")
    served = page.locator("#current-served")
    expect(served).to_be_visible()
    expect(served).to_have_text("Dilayani 0 mnt / target 15 mnt")
    expect(served).to_have_attribute("data-level", "ok")
    _main_actions_in_first_screen(page)

    page.clock.fast_forward("07:05")
    expect(served).to_have_text("Dilayani 7 mnt / target 15 mnt")
    page.clock.fast_forward("09:00")
    expect(served).to_have_text("Dilayani 16 mnt / target 15 mnt")
    expect(served).to_have_attribute("data-level", "over")
    page.clock.fast_forward("10:00")
    expect(served).to_have_attribute("data-level", "late")


def test_screenshot_serving_with_banners(asgi_server, morning, new_page, screenshot):
    """docs/screens/console-1366.png: serving, with the unattended alert of another
    counter's overrun break and the closure notice still up."""
    # In the first 45 minutes after midnight the all-day hours have not yet let a
    # break overrun its limit, so the overrun alert (and its surviving the call) is
    # shown only later in the day; the rule itself is tested on a frozen clock in
    # tests/monitoring/test_scan.py.
    overrun_possible = timezone.localtime().time() >= dt.time(0, 45)
    counter = morning["counter"]
    BoothAlert.objects.all().delete()
    # The booth's other counter has been on a break for 40 minutes: that alert stays.
    colleague = factories.UserFactory(agency=counter.booth.agency)
    other = factories.CounterFactory(booth=counter.booth, label="Loket 2")
    session = CounterSession.objects.create(
        counter=other, officer=colleague, opened_at=timezone.now() - dt.timedelta(hours=1)
    )
    session.pauses.create(reason="Salat", started_at=timezone.now() - dt.timedelta(minutes=40))
    page = new_page(WIDTH, HEIGHT)
    login(page, asgi_server.url, "petugas-laptop")
    page.goto(f"{asgi_server.url}/counter/?counter={counter.pk}")
    expect(page.locator("#live-badge")).to_have_class("live live-online")
    booth_scan(at=timezone.now())
    alert = page.locator("#booth-state-alerts li[data-kind=unattended]")
    if overrun_possible:
        expect(alert).to_be_visible()
    page.click("[data-action=call-next]")
    expect(page.locator("#current-status")).to_have_text("Dipanggil")
    page.click("[data-action=start]")
    expect(page.locator("#current-status")).to_have_text("Dilayani")
    expect(page.locator("#current-served")).to_have_text("Dilayani 0 mnt / target 15 mnt")
    expect(page.locator("[data-action=finish]")).to_be_enabled()
    if overrun_possible:
        expect(alert).to_be_visible()
    _main_actions_in_first_screen(page)
    path = screenshot(page, "console-1366")
    SCREEN.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREEN)
