"""The home page in a real browser: the first thing a newcomer sees."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_lists_agencies_collapsed_and_no_staff_links(asgi_server, new_page, screenshot):
    factories.ServiceFactory(agency__name="Dinas Kependudukan", name="KTP-el baru")

    page = new_page(1280, 800)
    page.goto(asgi_server.url + "/")

    agency = page.locator("details.agency", has_text="Dinas Kependudukan")
    expect(agency.locator("summary")).to_contain_text("1 layanan")
    expect(page.get_by_text("KTP-el baru")).to_be_hidden()
    agency.locator("summary").click()
    expect(page.get_by_text("KTP-el baru")).to_be_visible()
    # Staff pages are reached from "Masuk petugas", not listed to residents.
    expect(page.locator("a[href='/api/docs/']")).to_have_count(0)
    expect(page.locator("header a[href='/login/']")).to_have_text("Masuk petugas")
    screenshot(page, "home")
