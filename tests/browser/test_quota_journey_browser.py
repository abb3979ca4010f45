"""Fair quotas and journeys where residents see them: the booking calendar (390 px phone)
with the online places left and the release time, the ticket page (390 px) showing the
journey and following it live to the next stage, and the kiosk (1080x1920) with its
journey tiles and walk-in places left.

The server runs on the real clock with the mall open all day (`always_open`); the release
time is set a little ahead of now, so the online places are not released yet."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import Journey, JourneyStage
from console.services import counter_open
from queues.models import Ticket
from queues.services import ticket_book, ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _release_soon() -> dt.time:
    """Two hours from now, never past the day's end (the release is on the day itself)."""
    now = timezone.localtime()
    later = now + dt.timedelta(hours=2)
    return (
        later.time().replace(second=0, microsecond=0)
        if later.date() == now.date()
        else dt.time(23, 59)
    )


@pytest.fixture
def mall(always_open, clear_of_midnight):
    dukcapil = factories.AgencyFactory(code="dukcapil", name="Dispendukcapil")
    bpjs = factories.AgencyFactory(code="bpjs-kes", name="BPJS Kesehatan", kind="bumn")
    kk = factories.ServiceFactory(
        agency=dukcapil,
        prefix="F",
        name="Kartu Keluarga (KK) perubahan",
        daily_quota=10,
        online_quota_percent=60,
        online_release_time=_release_soon(),
        slot_capacity=10,
    )
    data = factories.ServiceFactory(agency=bpjs, prefix="XB", name="Perubahan data peserta")
    booth_d = factories.BoothFactory(agency=dukcapil, label="Gerai 01 Dispendukcapil", floor="1")
    booth_b = factories.BoothFactory(agency=bpjs, label="Gerai 14 BPJS Kesehatan", floor="2")
    counter_d = factories.CounterFactory(booth=booth_d, label="Loket 1", number=1, services=[kk])
    counter_b = factories.CounterFactory(
        booth=booth_b, label="Loket 14", number=14, services=[data]
    )
    journey = Journey.objects.create(code="pindah-domisili", name="Pindah domisili (datang)")
    JourneyStage.objects.create(journey=journey, position=1, service=kk)
    JourneyStage.objects.create(journey=journey, position=2, service=data)
    officer = factories.UserFactory(username="officer-dukcapil", role="officer", agency=dukcapil)
    return {
        "kk": kk,
        "data": data,
        "journey": journey,
        "counter": counter_d,
        "officer": officer,
        "counter_b": counter_b,
    }


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_booking_calendar_shows_online_places_left_and_the_release(
    asgi_server, mall, new_page, screenshot
):
    kk = mall["kk"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for serial in range(1, 3):
        ticket_book(
            service=kk, day=tomorrow, slot_start=dt.time(9), nik=f"357401450190{serial:04d}"
        )
    phone = new_page(390, 844, is_mobile=True, has_touch=True)

    phone.goto(f"{asgi_server.url}/book/{kk.pk}/")

    release = mall["kk"].online_release_time.strftime("%H:%M")
    expect(phone.locator("#quota-note")).to_contain_text("60% dari kuota harian (10)")
    expect(phone.locator("#quota-note")).to_contain_text(
        f"dibuka untuk datang langsung setelah {release}"
    )
    day = phone.locator(f"li[data-date='{tomorrow.isoformat()}']")
    expect(day).to_contain_text("sisa 4 tempat online")
    expect(phone.locator("#journeys-here")).to_contain_text("Pindah domisili (datang)")
    _no_sideways_scroll(phone)
    screenshot(phone, "booking-fair-quota-390")

    # The same page in English.
    english = new_page(390, 844, is_mobile=True, has_touch=True, locale="en-US")
    english.goto(f"{asgi_server.url}/book/{kk.pk}/")
    expect(english.locator("#quota-note")).to_contain_text(f"open to walk-ins after {release}")
    expect(english.locator(f"li[data-date='{tomorrow.isoformat()}']")).to_contain_text(
        "4 online places left"
    )


def test_ticket_page_shows_the_journey_and_follows_it_to_the_next_stage(
    asgi_server, mall, new_page, screenshot
):
    counter_open(counter=mall["counter"], officer=mall["officer"])
    ticket = ticket_issue(service=mall["kk"], journey=mall["journey"])
    phone = new_page(390, 844, is_mobile=True, has_touch=True)
    phone.goto(f"{asgi_server.url}/t/{ticket.token}/")

    stages = phone.locator("#t-stages .t-stage")
    expect(stages).to_have_count(2)
    expect(stages.nth(0)).to_have_attribute("data-status", "current")
    expect(phone.locator("#t-journey-next")).to_contain_text("Gerai 14 BPJS Kesehatan, lantai 2")
    _no_sideways_scroll(phone)
    screenshot(phone, "ticket-journey-stage1-390")

    called = ticket_call_next(counter=mall["counter"], actor=mall["officer"])
    ticket_start(ticket=called, actor=mall["officer"])
    ticket_finish(ticket=called, actor=mall["officer"])

    # Live: the page hears the move and redraws the journey without a reload.
    expect(stages.nth(0)).to_have_attribute("data-status", "done", timeout=15_000)
    expect(stages.nth(1)).to_have_attribute("data-status", "current")
    expect(phone.locator("#t-service")).to_have_text("Perubahan data peserta")
    expect(phone.locator(".t-code")).to_have_text("F-001")
    expect(stages.nth(1)).to_contain_text("Gerai 14 BPJS Kesehatan, lantai 2")
    expect(phone.locator("#t-journey-next")).to_have_count(0)
    _no_sideways_scroll(phone)
    phone.locator("#t-journey").scroll_into_view_if_needed()
    screenshot(phone, "ticket-journey-stage2-390")


def test_kiosk_shows_journeys_and_walk_in_places(asgi_server, mall, new_page, screenshot):
    kk = mall["kk"]
    for _ in range(3):
        ticket_issue(service=kk)
    kiosk_user = factories.UserFactory(role="kiosk", agency=None)
    page = new_page(1080, 1920)
    login(page, asgi_server.url, kiosk_user.username)
    page.goto(asgi_server.url + "/kiosk/")

    release = kk.online_release_time.strftime("%H:%M")
    tile = page.locator("#k-journeys [data-journey]")
    expect(tile).to_contain_text("Pindah domisili (datang)")
    expect(tile).to_contain_text("Kartu Keluarga (KK) perubahan (DUKCAPIL) → Perubahan data")
    expect(tile).to_contain_text(f"Sisa 1 tempat hari ini; +6 tempat online dibuka pukul {release}")
    screenshot(page, "kiosk-journeys-1080x1920")

    tile.click()
    expect(page.locator("#k-service-name")).to_have_text("Pindah domisili (datang)")
    page.locator("#k-priority-list button", has_text="Reguler").click()
    expect(page.locator("#k-result-code")).to_have_text("F-004")
    ticket = Ticket.objects.get(prefix="F", number=4)
    assert ticket.journey_id == mall["journey"].pk and ticket.journey_plan == [
        kk.pk,
        mall["data"].pk,
    ]
    screenshot(page, "kiosk-journey-issued-1080x1920")

    # The walk-in share is used up: the service's tile is shown but not tappable.
    page.goto(asgi_server.url + "/kiosk/")
    page.locator(f"[data-agency='{kk.agency_id}']").click()
    full = page.locator("#k-service-list button", has_text=kk.name)
    expect(full).to_be_disabled()
    expect(full).to_contain_text(
        f"Kuota datang langsung habis; +6 tempat online dibuka pukul {release}"
    )
    expect(page.locator("#k-journeys")).to_have_count(0)
    screenshot(page, "kiosk-walk-in-full-1080x1920")


def test_officer_console_finishing_a_stage_says_where_the_ticket_goes(
    asgi_server, mall, new_page, screenshot
):
    ticket = ticket_issue(service=mall["kk"], journey=mall["journey"])
    page = new_page(1366, 768)
    login(page, asgi_server.url, mall["officer"].username)
    page.goto(f"{asgi_server.url}/counter/?counter={mall['counter'].pk}")
    expect(page.locator("#queue-body")).to_contain_text("F-001")

    page.click("[data-action=open]")
    page.click("[data-action=call-next]")
    expect(page.locator("#current-code")).to_have_text("F-001")
    page.click("[data-action=start]")
    expect(page.locator("#current-status")).to_contain_text("Dilayani")
    page.click("[data-action=finish]")

    expect(page.locator("#console-notice")).to_have_text(
        "F-001: tahap ini selesai; lanjut ke antrean Perubahan data peserta (paket layanan)."
    )
    expect(page.locator("#current-empty")).to_be_visible()
    screenshot(page, "console-journey-stage-done-1366")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.service_id) == (Ticket.Status.WAITING, mall["data"].pk)
