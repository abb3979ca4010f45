"""The home page in a real browser: the first thing a newcomer sees."""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_lists_agencies_and_links_docs(asgi_server, new_page, screenshot):
    factories.ServiceFactory(agency__name="Dinas Kependudukan", name="KTP-el baru")

    page = new_page(1280, 800)
    page.goto(asgi_server.url + "/")

    assert page.get_by_role("heading", name="Dinas Kependudukan").is_visible()
    assert page.get_by_text("KTP-el baru").is_visible()
    assert page.locator("a[href='/api/docs/']").first.is_visible()
    screenshot(page, "home")
