"""The report pages in a real browser: a manager filters the attendance report and
reads the performance ranking; screenshots (desktop and phone) go to test-artifacts/."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import OpeningHours, User
from counters.models import CounterPause, CounterSession
from queues.models import TicketEvent
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_accessibility import _report, _serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def week():
    """Three booths staffed unevenly over the last week, and served tickets."""
    for weekday in range(5):
        OpeningHours.objects.update_or_create(
            weekday=weekday, defaults={"opens_at": dt.time(8), "closes_at": dt.time(14)}
        )
    today = timezone.localdate()
    factories.UserFactory(username="pengelola", role=User.Role.MANAGER, agency=None)
    names = [("Dispendukcapil", "Gerai Dukcapil", 6), ("Polres", "Gerai Polres", 3)]
    names.append(("DPMPTSP", "Gerai Perizinan", 1))
    for n, (agency_name, booth_label, hours) in enumerate(names):
        agency = factories.AgencyFactory(name=agency_name)
        service = factories.ServiceFactory(agency=agency, name=f"Layanan {agency_name}")
        counter = factories.CounterFactory(booth__agency=agency, booth__label=booth_label)
        officer = factories.UserFactory(username=f"petugas-{n}", agency=agency)
        for back in range(1, 7):
            day = today - dt.timedelta(days=back)
            if day.weekday() >= 5:
                continue
            session = CounterSession.objects.create(
                counter=counter,
                officer=officer,
                opened_at=_at(day, 8),
                closed_at=_at(day, 8 + hours),
            )
            CounterPause.objects.create(
                session=session, reason="Salat", started_at=_at(day, 9), ended_at=_at(day, 9, 20)
            )
            for k in range(hours * 2):
                ticket = factories.TicketFactory(
                    service=service,
                    date=day,
                    status="done",
                    queued_at=_at(day, 8, k),
                    called_at=_at(day, 8, 5 + 4 * k),
                    started_at=_at(day, 8, 5 + 4 * k),
                    finished_at=_at(day, 8, 9 + 4 * k),
                )
                TicketEvent.objects.create(
                    ticket=ticket,
                    kind="finished",
                    at=ticket.finished_at,
                    actor=officer,
                    service=service,
                    from_status="serving",
                    to_status="done",
                )
    return today


def test_manager_filters_attendance_and_reads_the_ranking(asgi_server, week, new_page, screenshot):
    page = new_page(1366, 900)
    login(page, asgi_server.url, "pengelola")
    page.goto(f"{asgi_server.url}/dashboard/reports/")
    page.get_by_role("link", name="Kehadiran gerai").click()

    page.get_by_label("Dari tanggal").fill((week - dt.timedelta(days=6)).isoformat())
    page.get_by_label("Sampai tanggal").fill(week.isoformat())
    page.get_by_role("button", name="Tampilkan").click()

    chart = page.get_by_role("img", name="Cakupan per gerai (persen menit jadwal yang terisi)")
    expect(chart).to_be_visible()
    expect(page.locator("#attendance-rows tbody tr")).to_have_count(3 * 7)
    expect(page.locator("table").first).to_contain_text("Gerai Dukcapil")
    screenshot(page, "reports-attendance")
    violations = _serious_violations(page)
    assert not violations, _report(violations)

    phone = new_page(390, 844)
    login(phone, asgi_server.url, "pengelola")
    phone.goto(page.url)
    expect(phone.get_by_role("img").first).to_be_visible()
    phone.get_by_role("img").first.scroll_into_view_if_needed()
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    screenshot(phone, "reports-attendance-phone")

    page.goto(
        f"{asgi_server.url}/dashboard/reports/performance/?date_from="
        f"{(week - dt.timedelta(days=6)).isoformat()}&date_to={week.isoformat()}"
    )
    first = page.locator("#officer-ranking tbody tr").first
    expect(first).to_contain_text("petugas-0")
    screenshot(page, "reports-performance")
    violations = _serious_violations(page)
    assert not violations, _report(violations)
