"""The kiosk home for a stranger at the Monday peak, in real Chromium, portrait
1080x1920 and landscape 1920x1080, on the demo mall: the most used services
first, an icon on every tile, a search that forgives, waiting counts, and
check-in, survey and complaint on the first screen."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import Service, User
from queues.models import DailySequence, Ticket
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
ORIENTATIONS = [
    pytest.param(1080, 1920, "portrait", id="portrait-1080x1920"),
    pytest.param(1920, 1080, "landscape", id="landscape-1920x1080"),
]
# A Monday morning's month: (agency code, service code, tickets in the last 30 days, waiting now).
RECENT = [
    ("polres", "skck-baru", 60, 9),
    ("dukcapil", "ktp-el-hilang-rusak", 48, 7),
    ("samsat", "pajak-tahunan", 41, 12),
    ("imigrasi", "paspor-baru", 33, 5),
    ("bpjs-kes", "pendaftaran", 27, 4),
    ("dukcapil", "akta-kelahiran", 22, 3),
    ("dukcapil", "kk-baru", 15, 2),
    ("kpp", "npwp-daftar", 9, 1),
]
# Busy two months ago, idle since: it must not count as popular now.
STALE = ("bpn", "roya", 200)


def _service(agency: str, code: str) -> Service:
    return Service.objects.select_related("agency").get(agency__code=agency, code=code)


def _tickets(service: Service, *, done_in_window: int, waiting: int, days_ago: int = 1) -> None:
    """`done_in_window` finished tickets spread over the days before, `waiting` in line today."""
    today = timezone.localdate()
    now = timezone.now()
    rows, numbers = [], {}
    for i in range(done_in_window):
        day = today - dt.timedelta(days=days_ago + i % 25)
        numbers[day] = numbers.get(day, 0) + 1
        rows.append((day, numbers[day], Ticket.Status.DONE))
    for n in range(1, waiting + 1):
        rows.append((today, n, Ticket.Status.WAITING))
    Ticket.objects.bulk_create(
        Ticket(
            service=service,
            prefix=service.prefix,
            number=number,
            date=day,
            channel=Ticket.Channel.KIOSK,
            status=status,
            issued_at=now,
            queued_at=now + dt.timedelta(seconds=number),
        )
        for day, number, status in rows
    )
    # Numbers are handed out from the day's sequence row, which must know these.
    DailySequence.objects.update_or_create(
        prefix=service.prefix, date=today, defaults={"last_number": waiting}
    )


@pytest.fixture
def demo_mall(transactional_db):
    """The demo mall (22 agencies, ~150 services), open around the clock, with a month of use."""
    call_command("load_demo", "--all-hours", "--password", "secret-pass", stdout=io.StringIO())
    for agency, code, recent, waiting in RECENT:
        _tickets(_service(agency, code), done_in_window=recent, waiting=waiting)
    agency, code, old = STALE
    _tickets(_service(agency, code), done_in_window=old, waiting=0, days_ago=40)
    assert User.objects.filter(username="kiosk", role="kiosk").exists()


def _open(new_page, asgi_server, width: int, height: int, sizes: dict[str, int] | None = None):
    page = new_page(width, height)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, asgi_server.url, "kiosk")
    if sizes is not None:
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
    page.goto(asgi_server.url + "/kiosk/")
    expect(page.locator("#k-home")).to_be_visible()
    return page, errors


def _within_first_screen(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    assert box is not None, f"{selector} is not laid out"
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (selector, box)


@pytest.mark.parametrize(("width", "height", "name"), ORIENTATIONS)
def test_home_puts_the_most_used_services_first_with_icons_counts_and_check_in(
    asgi_server, demo_mall, new_page, width, height, name
):
    sizes: dict[str, int] = {}
    page, errors = _open(new_page, asgi_server, width, height, sizes)
    page.wait_for_load_state("networkidle")
    # The whole first load (page, style, script, icons) stays small on a mall's shared line.
    assert any("/kiosk/" in url for url in sizes)
    assert sum(sizes.values()) < 200 * 1024, sorted(sizes.items(), key=lambda kv: -kv[1])

    popular = page.locator("#k-popular [data-service]")
    expected = [_service(agency, code) for agency, code, _n, _w in RECENT]
    expect(popular).to_have_count(len(expected))
    ids = [int(i) for i in popular.evaluate_all("els => els.map(e => e.dataset.service)")]
    assert ids == [s.pk for s in expected]  # busiest first; the stale one is not there
    assert _service(*STALE[:2]).pk not in ids
    # The busiest agency leads the agency list too: Dukcapil's three lines together
    # (85 tickets) outweigh the police's SKCK (60), which outweighs the third.
    agencies = page.locator("#k-agencies [data-agency]")
    first_agency = agencies.first
    expect(first_agency).to_contain_text("Dinas Kependudukan dan Pencatatan Sipil")
    expect(agencies.nth(1)).to_contain_text(expected[0].agency.name)

    # Every tile has a picture (a <use> of the inline sprite) that resolves.
    for tile in (popular.first, first_agency):
        expect(tile.locator("svg.k-tile-icon use")).to_have_count(1)
        assert tile.locator("svg.k-tile-icon").bounding_box()["width"] >= 40
    hrefs = page.locator("#k-home svg use").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    missing = [h for h in hrefs if page.locator(f"symbol{h}").count() != 1]
    assert not missing, missing
    assert page.locator("#k-agencies [data-agency]").count() == 22

    # Waiting counts: the line and its agency.
    expect(popular.first.locator(".k-wait")).to_have_text("9 menunggu")
    samsat = expected[2]
    expect(page.locator(f"[data-service-waiting='{samsat.pk}']")).to_have_text("12 menunggu")
    dukcapil = expected[1].agency_id
    expect(page.locator(f"[data-agency-waiting='{dukcapil}']")).to_have_text("12 menunggu")

    # Check-in, survey and complaint are on the first screen, and so is the search.
    for selector in ("#k-open-checkin", "#k-open-survey", "#k-open-complaint", "#k-search"):
        expect(page.locator(selector)).to_be_visible()
        _within_first_screen(page, selector)
    # ... and they stay there when the resident scrolls the catalog.
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    _within_first_screen(page, "#k-open-checkin")
    page.mouse.wheel(0, -3000)
    page.wait_for_timeout(200)

    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"kiosk-{name}.png"))
    assert not errors, errors


SEARCHES = [
    ("ktp hilang", "dukcapil", "ktp-el-hilang-rusak"),
    ("pasport hilang", "imigrasi", "paspor-hilang"),  # a common misspelling
    ("akte kelahrian", "dukcapil", "akta-kelahiran"),  # old spelling and a typo
]


@pytest.mark.parametrize(("width", "height", "name"), ORIENTATIONS)
def test_search_forgives_says_when_nothing_matches_and_leads_to_a_ticket(
    asgi_server, demo_mall, new_page, width, height, name
):
    page, errors = _open(new_page, asgi_server, width, height)
    results = page.locator("#k-search-list [data-service]")

    for query, agency, code in SEARCHES:
        wanted = _service(agency, code)
        page.locator("#k-search").fill(query)
        expect(results.first).to_have_attribute("data-service", str(wanted.pk))
        expect(results.first).to_contain_text(wanted.agency.name)  # the agency, to reassure
        expect(results.first.locator(".k-wait")).to_be_visible()
        expect(results.first.locator("svg.k-tile-icon")).to_be_visible()
        expect(page.locator("#k-popular")).to_be_hidden()
    page.screenshot(path=f"test-artifacts/kiosk-search-{name}.png")

    page.locator("#k-search").fill("zzqx")
    expect(page.locator("#k-search-none")).to_contain_text("Tidak ada layanan yang cocok")
    expect(results).to_have_count(0)
    # Typing on the home screen is not taken for a ticket scanner opening check-in.
    expect(page.locator("#k-home")).to_be_visible()
    page.locator("#k-search-clear").click()
    expect(page.locator("#k-popular")).to_be_visible()
    expect(page.locator("#k-search-results")).to_be_hidden()

    query, agency, code = SEARCHES[0]
    wanted = _service(agency, code)
    page.locator("#k-search").fill(query)
    expect(results.first).to_have_attribute("data-service", str(wanted.pk))
    results.first.click()
    expect(page.locator("#k-service-name")).to_have_text(wanted.name)
    page.locator("#k-priority-list button", has_text="Reguler").click()
    expect(page.locator("#k-result-code")).to_have_text(f"{wanted.prefix}-008")  # 7 wait already
    assert Ticket.objects.filter(service=wanted, date=timezone.localdate()).count() == 7 + 1
    assert not errors, errors
