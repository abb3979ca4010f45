"""Planned closures as residents meet them in a real browser: the kiosk shows a closed
line disabled with until when (and tells a booking checked in meanwhile), the booking
page marks the slots inside the closure. The server runs on the real clock."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import User
from closures.services import closure_approve, closure_request
from queues.models import Ticket
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _when(until) -> str:
    """How the pages word a closure's end: a date only when it ends on another day."""
    if until.date() == timezone.localdate():
        return f"pukul {until:%H:%M}"
    return f"{until:%d-%m-%Y} pukul {until:%H:%M}"


@pytest.fixture
def closed_line(always_open):
    """Two lines of one agency; the booth serving the first is closed for two hours."""
    agency = factories.AgencyFactory(name="Dinas Kependudukan dan Pencatatan Sipil")
    closed = factories.ServiceFactory(agency=agency, name="Akta kelahiran", prefix="B")
    still_open = factories.ServiceFactory(agency=agency, name="Kartu Identitas Anak", prefix="K")
    booth = factories.BoothFactory(agency=agency, label="Gerai Dukcapil")
    factories.CounterFactory(booth=booth, number=1, services=[closed])
    factories.CounterFactory(
        booth=factories.BoothFactory(agency=agency, label="Gerai KIA"),
        number=2,
        services=[still_open],
    )
    manager = factories.UserFactory(username="pengelola", role=User.Role.MANAGER, agency=None)
    until = timezone.localtime() + dt.timedelta(hours=2)
    closure = closure_request(actor=manager, booth=booth, reason="Rapat dinas", ends_at=until)
    closure_approve(closure=closure, actor=manager)
    return closed, still_open, until


def test_kiosk_shows_the_closed_line_disabled_and_tells_a_check_in(
    asgi_server, closed_line, new_page, screenshot
):
    closed, still_open, until = closed_line
    kiosk_user = factories.UserFactory(role="kiosk", agency=None)
    now = timezone.localtime()
    booked = factories.TicketFactory(
        service=closed,
        prefix="B",
        number=7,
        channel=Ticket.Channel.ONLINE,
        status=Ticket.Status.BOOKED,
        date=now.date(),
        slot_start=now - dt.timedelta(minutes=10),
        slot_end=now + dt.timedelta(minutes=20),
        queued_at=None,
        nik_hash="hash-7",
        nik_last4="0457",
    )
    page = new_page(1080, 1920)
    login(page, asgi_server.url, kiosk_user.username)
    page.goto(asgi_server.url + "/kiosk/")

    page.locator(f"[data-agency='{closed.agency_id}']").click()
    closed_tile = page.locator("#k-service-list button", has_text=closed.name)
    expect(closed_tile).to_be_disabled()
    expect(closed_tile).to_contain_text(f"Ditutup sementara sampai {_when(until)} WIB")
    expect(page.locator("#k-service-list button", has_text=still_open.name)).to_be_enabled()
    screenshot(page, "kiosk-closed-line-1080x1920")
    closed_tile.click(force=True)  # a tap on a disabled tile does nothing
    expect(page.locator("#k-services")).to_be_visible()
    assert not Ticket.objects.filter(channel=Ticket.Channel.KIOSK).exists()

    page.locator("#k-services [data-back]").click()
    page.locator("#k-open-checkin").click()
    page.fill("#k-checkin-value", "B-007")
    page.fill("#k-checkin-nik4", "0457")
    page.locator("#k-checkin-form button[type=submit]").click()

    expect(page.locator("#k-result-status")).to_contain_text(
        f"Check-in berhasil, tetapi layanan ini ditutup sementara sampai {_when(until)} WIB."
    )
    screenshot(page, "kiosk-checked-in-closed-line-1080x1920")
    booked.refresh_from_db()
    assert booked.status == Ticket.Status.WAITING


def test_booking_page_marks_the_slots_inside_the_closure(
    asgi_server, closed_line, new_page, screenshot
):
    closed, _still_open, _until = closed_line
    closed.online_booking = True
    closed.save()
    page = new_page(390, 844)

    page.goto(f"{asgi_server.url}/book/{closed.pk}/?date={timezone.localdate().isoformat()}")

    closed_slot = page.locator(".p-slot.is-closed").first
    expect(closed_slot).to_contain_text("Layanan ditutup sementara sampai")
    expect(closed_slot.locator("input")).to_be_disabled()
    screenshot(page, "booking-closed-slots-390")


def test_console_transfer_list_keeps_a_closed_line_disabled_while_searching(
    asgi_server, closed_line, new_page, screenshot
):
    from queues.services import ticket_issue

    closed, still_open, until = closed_line
    counter = still_open.counters.get()
    factories.UserFactory(username="petugas-kia", agency=still_open.agency)
    ticket_issue(service=still_open)
    page = new_page(1366, 900)
    login(page, asgi_server.url, "petugas-kia")
    page.goto(f"{asgi_server.url}/counter/?counter={counter.pk}")
    page.click("[data-action=open]")
    expect(page.locator("#console")).to_have_attribute("data-state", "open")
    page.click("[data-action=call-next]")
    expect(page.locator("#current-code")).to_have_text("K-001")

    page.click("[data-action=transfer]")
    page.fill("#transfer-search", "akta")

    option = page.locator("#transfer-service option", has_text=closed.name)
    expect(option).to_have_count(1)
    expect(option).to_be_disabled()
    expect(option).to_contain_text(f"ditutup sementara sampai {_when(until)} WIB")
    expect(page.locator("#transfer-service")).to_have_value("")  # the only match, not chosen
    screenshot(page, "console-transfer-closed-line")
