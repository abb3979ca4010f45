"""The Monev page in Chromium at an officer laptop's 1366x768: what a manager (or the
Biro Organisasi evaluator they print it for) sees, the figures equal to the API's, and a
print to PDF (A4 landscape). Screenshot and PDF go to test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

from reports.monev_views import COLUMNS, shown
from tests.browser.conftest import ARTIFACTS, login
from tests.reports.monev_month import agency_c_fixture, month_fixture  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_monev_page_reads_and_prints(asgi_server, month, manager, new_page, screenshot):
    page = new_page(1366, 768)
    login(page, asgi_server.url, manager.username)
    page.goto(f"{asgi_server.url}/dashboard/reports/")
    page.get_by_role("link", name="Monev MPP (provinsi)").click()
    page.fill("#month", "2026-11")
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan").click()

    expect(page.locator("h1")).to_have_text("Laporan Monev MPP")
    expect(page.locator(".report-period")).to_contain_text("November 2026")
    assert page.locator(".report-chart svg").count() == 4

    data = page.request.get(f"{asgi_server.url}/api/v1/reports/monev/?month=2026-11").json()
    for row in [*data["agencies"], data["mall"]]:
        agency = "mall" if row["agency"] is None else str(row["agency"])
        cells = page.locator(f'#monev-table tr[data-agency="{agency}"] td')
        shown_texts = cells.all_inner_texts()
        assert shown_texts == [shown(row[key], kind) for key, _label, kind in COLUMNS], agency

    screenshot(page, "monev-1366x768")
    page.screenshot(path=str(ARTIFACTS / "monev-1366-full.png"), full_page=True)
    # As printed: print CSS on an A4 landscape sheet's width (297 mm at 96 dpi).
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1123, "height": 794})
    page.screenshot(path=str(ARTIFACTS / "monev-print.png"), full_page=True)
    pdf = ARTIFACTS / "monev.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    # A4 landscape (842 x 595 pt), on two sheets at most.
    assert re.findall(rb"/MediaBox\s*\[0 0 (\d+)", content)[0] == b"841"
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", content))
    assert 1 <= pages <= 2, pages
