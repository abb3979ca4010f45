"""Public pages as a resident meets them on a phone (390x844): resident links only, the
home page short enough to scroll, a favicon, languages named in their own words; and
staff who log in find every page of the README from the home page."""

import datetime as dt
import io
import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import Agency, Closure, Service
from complaints.services import complaint_file
from queues.services import ticket_issue
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = (390, 844)
STAFF_LABELS = ["Loket petugas", "Dasbor", "Admin", "Dokumentasi API", "Anjungan", "Layar antrean"]
STAFF_PATHS = ("/counter/", "/dashboard/", "/admin/", "/api/", "/kiosk/", "/display/")
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--all-hours", "--password", "secret-pass", stdout=io.StringIO())


def _header_links(page) -> list[tuple[str, str]]:
    links = page.locator("header.site-header a")
    return [(a.inner_text().strip(), a.get_attribute("href")) for a in links.all()]


def _assert_no_staff_links(page) -> None:
    texts = [text for text, _ in _header_links(page)]
    for label in STAFF_LABELS:
        assert label not in texts, f"{label!r} in the header of {page.url}"
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    staff = [h for h in hrefs if urlsplit(h).path.startswith(STAFF_PATHS)]
    assert not staff, f"staff links on {page.url}: {staff}"


def test_a_resident_sees_no_staff_links_on_public_pages(
    asgi_server, always_open, new_page, screenshot
):
    service = factories.ServiceFactory(name="Penerbitan KTP-el baru")
    factories.CounterFactory(booth__agency=service.agency, services=[service])
    ticket = ticket_issue(service=service)
    complaint = complaint_file(
        category="waiting", description="Antrean terlalu lama, petugas belum datang."
    )
    page = new_page(*PHONE)

    for path in (
        "/",
        f"/services/{service.pk}/",
        f"/t/{ticket.token}/",
        "/complaints/new/",
        f"/complaints/{complaint.code}/",
    ):
        page.goto(asgi_server.url + path)
        _assert_no_staff_links(page)
        expect(page.locator("header a.staff-login")).to_have_attribute("href", "/login/")
    screenshot(page, "public-complaint-phone")


def test_the_phone_home_page_groups_services_by_agency(asgi_server, demo, new_page, screenshot):
    dukcapil = Agency.objects.get(code="dukcapil")
    service = Service.objects.filter(agency=dukcapil, is_active=True).order_by("name").first()
    ticket_issue(service=service)
    ticket_issue(service=service)
    agencies = Agency.objects.count()
    page = new_page(*PHONE, has_touch=True, is_mobile=True)

    page.goto(asgi_server.url + "/")
    screenshot(page, "public-home-phone")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, f"the phone home page is {height} px tall"
    expect(page.locator("details.agency")).to_have_count(agencies)
    expect(page.locator("details.agency[open]")).to_have_count(0)
    card = page.locator(f"#agency-{dukcapil.code}")
    count = dukcapil.services.filter(is_active=True).count()
    expect(card.locator("summary")).to_contain_text(dukcapil.name)
    expect(card.locator("summary")).to_contain_text(f"{count} layanan")
    expect(card.locator("summary")).to_contain_text("2 menunggu")
    link = card.get_by_role("link", name=service.name)
    expect(link).to_be_hidden()

    card.locator("summary").tap()
    expect(link).to_be_visible()
    expect(card.locator(".agency-services li")).to_have_count(count)
    screenshot(page, "public-home-phone-open")
    link.tap()
    expect(page).to_have_url(f"{asgi_server.url}/services/{service.pk}/")

    # A search lists its results in full, above the collapsed agencies.
    page.goto(asgi_server.url + "/?q=ktp+hilang")
    results = page.locator(".p-result-name")
    expect(results.first).to_be_visible()
    assert results.count() > 1
    for result in results.all():
        expect(result).to_be_visible()
    screenshot(page, "public-search-phone")

    desktop = new_page(1366, 768)
    desktop.goto(asgi_server.url + "/")
    expect(desktop.locator("details.agency")).to_have_count(agencies)
    screenshot(desktop, "public-home-desktop")


def test_the_favicon_answers_and_no_request_fails(asgi_server, transactional_db, new_page):
    factories.ServiceFactory()
    page = new_page(*PHONE)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else 0)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))

    page.goto(asgi_server.url + "/")
    page.wait_for_load_state("networkidle")
    icons = page.eval_on_selector_all("link[rel=icon]", "els => els.map(l => l.href)")
    assert any(icon.endswith("/favicon.ico") for icon in icons)
    for icon in [*icons, asgi_server.url + "/favicon.ico"]:
        response = page.request.get(icon)
        assert response.status == 200, icon
        assert response.headers["content-type"].startswith("image/")
    ico = page.request.get(asgi_server.url + "/favicon.ico").body()
    assert ico[:4] == b"\x00\x00\x01\x00"  # an ICO header, not an HTML page
    assert not failed, failed


def test_languages_are_named_in_their_own_words(asgi_server, always_open, new_page, screenshot):
    service = factories.ServiceFactory(online_booking=True)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    Closure.objects.create(date=tomorrow, closed=True, reason="Cuti bersama")
    page = new_page(*PHONE)

    page.goto(f"{asgi_server.url}/book/{service.pk}/")
    options = page.locator("#lang-select option")
    expect(options).to_have_text(["Bahasa Indonesia", "English"])
    closed_day = page.locator(".p-day.is-closed").first
    expect(closed_day).to_contain_text("Tutup: Cuti bersama")

    with page.expect_navigation():
        page.locator("#lang-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(options).to_have_text(["Bahasa Indonesia", "English"])
    expect(closed_day).to_contain_text("Closed: Cuti bersama")
    screenshot(page, "public-book-english-phone")


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("officer", ["Loket petugas"], ["Dasbor", "Admin", "Anjungan", "Dokumentasi API"]),
        ("supervisor", ["Dasbor", "Layar antrean"], ["Admin", "Anjungan", "Dokumentasi API"]),
        ("kiosk", [], STAFF_LABELS),
    ],
)
def test_staff_see_the_links_of_their_role(
    asgi_server, transactional_db, new_page, screenshot, role, shown, hidden
):
    agency = None if role == "kiosk" else factories.AgencyFactory()
    user = factories.UserFactory(role=role, agency=agency)
    page = new_page(*PHONE)
    login(page, asgi_server.url, user.username)

    page.goto(asgi_server.url + "/")
    texts = [text for text, _ in _header_links(page)]
    for label in shown:
        assert label in texts
    for label in hidden:
        assert label not in texts
    expect(page.locator("header .logout button")).to_be_visible()
    expect(page.locator("header a.staff-login")).to_have_count(0)
    screenshot(page, f"public-home-{role}-phone")


# README rows a visitor does not reach by browsing, and why.
NOT_BROWSED = {
    "/t/<token>/": "a resident's own ticket: from the kiosk slip or the booking confirmation",
    "/checkin/?code=": "opened by scanning the kiosk's QR",
    "/survey/<token>/": "linked from a served ticket's page",
    "/complaints/<code>/": "tracked with the code given at filing (form on /complaints/new/)",
    "/healthz": "for monitoring, not people",
    "/metrics": "for Prometheus, not people (loopback or a token only)",
}
# Links the crawl records but does not follow (they lead out of the pages or change state).
NOT_FOLLOWED = ("/logout/", "/i18n/", "/static/", "/media/", "/admin/", "/api/", "/voice/")


def _readme_pages() -> list[str]:
    text = README.read_text().split("## Pages and API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", text, flags=re.M)


def _pattern(page: str) -> re.Pattern:
    path = page.split("?")[0]
    regex = re.sub(r"<[^>]+>", "[^/]+", path)
    return re.compile(f"^{regex}$")


def _crawl(request, base: str, limit: int = 120) -> set[str]:
    """Paths reached by following links (and GET forms) from the home page; one page per
    path shape (digits folded) is fetched, every linked path is recorded."""
    seen: set[str] = set()
    fetched: set[str] = set()
    queue = deque(["/"])
    while queue and len(fetched) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        shape = re.sub(r"\d+", "N", path)
        if shape in fetched or path.startswith(NOT_FOLLOWED):
            continue
        fetched.add(shape)
        response = request.get(base + url, max_redirects=0)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        html = response.text()
        targets = re.findall(r'<a\b[^>]*\bhref="([^"#]+)', html)
        targets += re.findall(r'<form\b(?![^>]*method="post")[^>]*\baction="([^"]*)"', html)
        for target in targets:
            absolute = urljoin(base + url, target.replace("&amp;", "&"))
            if not absolute.startswith(base):
                continue
            link = absolute[len(base) :]
            seen.add(urlsplit(link).path)
            queue.append(link)
    return seen


def test_every_readme_page_is_reachable_from_home(asgi_server, demo, new_page, screenshot):
    pages = _readme_pages()
    assert "/dashboard/closures/" in pages and "/counter/" in pages  # the table was read
    browsed = [page for page in pages if page not in NOT_BROWSED]

    anonymous = new_page(*PHONE)
    anonymous.goto(asgi_server.url + "/")
    reached = _crawl(anonymous.request, asgi_server.url)
    assert not reached & {"/counter/", "/dashboard/", "/admin/", "/api/docs/"}
    assert "/login/" in reached

    staff = new_page(1366, 768)
    staff.goto(asgi_server.url + "/")
    with staff.expect_navigation():
        staff.locator("header a.staff-login").click()
    staff.fill("input[name=username]", "manager")
    staff.fill("input[name=password]", "secret-pass")
    with staff.expect_navigation():
        staff.locator("main form button[type=submit]").click()
    assert staff.url == asgi_server.url + "/dashboard/"  # where a manager works
    texts = [text for text, _ in _header_links(staff)]
    assert set(STAFF_LABELS) <= set(texts)
    screenshot(staff, "public-manager-dashboard")
    reached |= _crawl(staff.request, asgi_server.url)

    missing = [page for page in browsed if not any(_pattern(page).match(p) for p in reached)]
    assert not missing, f"not reachable by links from home: {missing}"
