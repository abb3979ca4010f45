"""The service level and the staffing forecast in a real browser: the dashboard at
1366x768 (both panels, kept live by its summary) and the lobby TV at 1920x1080 (its
agency's share, refreshed after a call)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import Service, User
from console.services import counter_open
from mpp.lib import realtime
from queues.models import Ticket, TicketEvent
from queues.services import ticket_call_next, ticket_issue
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _called(service, number, *, waited, day=None, hour=None):
    """A served ticket that waited `waited` minutes, today (or at `hour` on `day`)."""
    if day is None:
        called = timezone.now() - dt.timedelta(minutes=1)
        day = timezone.localdate(called)
    else:
        called = dt.datetime.combine(
            day, dt.time(hour, number % 60), tzinfo=timezone.get_current_timezone()
        )
    queued = called - dt.timedelta(minutes=waited)
    ticket = Ticket.objects.create(
        service=service, prefix=service.prefix, number=number, date=day, channel="kiosk",
        status="done", issued_at=queued, queued_at=queued, called_at=called,
        started_at=called, finished_at=called + dt.timedelta(minutes=10),
    )  # fmt: skip
    TicketEvent.objects.bulk_create(
        TicketEvent(ticket=ticket, kind=kind, at=at, service=service, to_status="x")
        for kind, at in [
            ("issued", queued), ("called", called), ("started", called),
            ("finished", called + dt.timedelta(minutes=10)),
        ]
    )  # fmt: skip


@pytest.fixture
def mall(always_open):
    """KTP-el (target 15 min): 3 of 4 called within target today (75%, amber); SKCK: 1 of
    1. Tomorrow's weekday, 8 weeks back: 12 KTP-el applicants at 10:38-10:49, 10 min each:
    a = 2 erlangs; 3 counters give P(wait <= 15) = 1 - (4/9) e^-1.5 = 0.90 >= 0.80, so
    3 are needed at 10:00; one counter of KTP-el was opened today: a gap of 2."""
    dukcapil = factories.AgencyFactory(name="Dispendukcapil", code="dukcapil")
    polres = factories.AgencyFactory(name="Polres", code="polres")
    ktp = factories.ServiceFactory(agency=dukcapil, name="KTP-el baru", prefix="A")
    skck = factories.ServiceFactory(agency=polres, name="SKCK", prefix="S")
    Service.objects.filter(pk=ktp.pk).update(target_wait_minutes=15)
    counter = factories.CounterFactory(
        booth__agency=dukcapil, booth__label="Gerai Dukcapil", number=1, label="Loket 1",
        services=[ktp],
    )  # fmt: skip
    polres_counter = factories.CounterFactory(
        booth__agency=polres, booth__label="Gerai Polres", services=[skck]
    )
    officer = factories.UserFactory(username="petugas-sl", agency=dukcapil)
    counter_open(counter=counter, officer=officer)
    for number, waited in enumerate([5, 10, 14, 40], start=901):  # past the kiosk numbers
        _called(ktp, number, waited=waited)
    _called(skck, 901, waited=3)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for week in range(1, 9):
        day = tomorrow - dt.timedelta(weeks=week)
        for n in range(12):
            _called(ktp, 100 + n, waited=2, day=day, hour=10)
    factories.UserFactory(username="pengelola-sl", role=User.Role.MANAGER, agency=None)
    return {
        "dukcapil": dukcapil,
        "ktp": ktp,
        "counter": counter,
        "officer": officer,
        "polres_counter": polres_counter,
        "polres_officer": factories.UserFactory(username="petugas-polres", agency=polres),
    }


def test_dashboard_shows_the_service_level_and_tomorrows_gap(
    asgi_server, mall, new_page, screenshot
):
    page = new_page(1366, 768)
    login(page, asgi_server.url, "pengelola-sl", password="secret-pass")
    page.goto(f"{asgi_server.url}/dashboard/")
    expect(page.locator("#live-badge")).to_have_class("live live-online")
    total = page.locator("#sl-total")
    # 4 of 5 today (KTP-el 3 of 4, SKCK 1 of 1): 80%, amber.
    expect(total).to_have_attribute("data-level", "amber")
    expect(page.locator("#sl-percent")).to_have_text("80%")
    expect(page.locator("#sl-agencies tr").first).to_contain_text("Dispendukcapil")
    expect(page.locator("#sl-agencies tr").first).to_contain_text("75%")
    # Tomorrow: KTP-el needs more than the one counter opened today: a gap, flagged.
    gap_row = page.locator("#staffing-rows tr.staffing-gap")
    expect(gap_row).to_have_count(1)
    expect(gap_row).to_contain_text("KTP-el baru")
    expect(gap_row).to_contain_text("10:00")
    expect(gap_row.locator("td").nth(1)).to_have_text("3")  # needed
    expect(gap_row.locator("td").nth(2)).to_have_text("1")  # planned
    expect(gap_row.locator("td").nth(3)).to_have_text("+2")
    expect(page.locator("#staffing-gaps")).to_be_visible()
    page.locator("#sl-panel").scroll_into_view_if_needed()
    screenshot(page, "dashboard-service-levels-1366")

    # Live: a ticket waiting 40 min is a miss as soon as a live event makes the page recount.
    Ticket.objects.create(
        service=mall["ktp"], prefix="A", number=950, date=timezone.localdate(),
        channel="kiosk", status="waiting", issued_at=timezone.now() - dt.timedelta(minutes=40),
        queued_at=timezone.now() - dt.timedelta(minutes=40),
    )  # fmt: skip
    counter_open(counter=mall["polres_counter"], officer=mall["polres_officer"])
    realtime.flush()  # booth.updated: the page asks for a summary 2 s later
    expect(page.locator("#sl-percent")).to_have_text("67%", timeout=5000)  # 4 of 6
    expect(total).to_have_attribute("data-level", "red")
    expect(page.locator("#sl-detail")).to_have_text(
        "4 dari 6 pemohon dipanggil dalam target waktu tunggu"
    )


def test_lobby_tv_shows_its_agency_and_updates_after_a_call(
    asgi_server, mall, new_page, screenshot
):
    page = new_page(1920, 1080)
    page.goto(f"{asgi_server.url}/display/?agency={mall['dukcapil'].pk}")
    expect(page.locator("#d-offline")).to_be_hidden()
    page.wait_for_function("() => window.mppDisplay && window.mppDisplay.stream.seqs !== undefined")
    badge = page.locator("#d-sl")
    expect(badge).to_have_attribute("data-level", "amber")
    expect(page.locator("#d-sl-percent")).to_have_text("75%")
    # Readable on the TV: inside the top bar, large enough from across the lobby.
    box, bar = badge.bounding_box(), page.locator(".d-top").bounding_box()
    assert bar["y"] <= box["y"] and box["y"] + box["height"] <= bar["y"] + bar["height"]
    assert box["x"] + box["width"] <= 1920 * 0.5
    assert (
        float(
            page.eval_on_selector(".d-sl-percent", "e => parseFloat(getComputedStyle(e).fontSize)")
        )
        >= 28
    )
    screenshot(page, "display-service-level-1920")

    # A call within target: 4 of 5, 80%, shown a few seconds after the call.
    ticket_issue(service=mall["ktp"])
    ticket_call_next(counter=mall["counter"], actor=mall["officer"])
    expect(page.locator("#d-sl-percent")).to_have_text("80%", timeout=8000)
    expect(badge).to_have_attribute("data-level", "amber")


def test_report_page_shows_the_period(asgi_server, mall, new_page, screenshot):
    page = new_page(1366, 768)
    login(page, asgi_server.url, "pengelola-sl", password="secret-pass")
    today = timezone.localdate().isoformat()
    page.goto(
        f"{asgi_server.url}/dashboard/reports/service-levels/?date_from={today}&date_to={today}"
    )
    expect(page.locator("#total-share")).to_have_text("80,0%")
    rows = page.locator("#service-levels tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="KTP-el baru")).to_contain_text("75,0%")
    expect(page.locator("#service-level-chart-desc")).to_have_text(
        "Dispendukcapil: 75,0%; Polres: 100,0%"
    )
    screenshot(page, "report-service-levels-1366")
