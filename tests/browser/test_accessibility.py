"""axe-core (tests/browser/vendor/axe.min.js) finds nothing serious on the public pages."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from queues.services import ticket_issue
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def service(always_open):
    service = factories.ServiceFactory(
        name="Penggantian KTP-el hilang atau rusak",
        prefix="K",
        keywords="ktp hilang, e-ktp rusak",
        agency__name="Dinas Kependudukan dan Pencatatan Sipil",
    )
    factories.CounterFactory(booth__agency=service.agency, label="Loket 1", services=[service])
    return service


def _serious_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    assert results["testEngine"]["version"].startswith("4.") and results["passes"]
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


def _report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['html'][:200]}" for node in violation["nodes"])
    return "\n".join(lines)


def _check(page, screenshot, name: str) -> None:
    violations = _serious_violations(page)
    screenshot(page, f"a11y-{name}")
    assert not violations, f"axe on {name}:\n" + _report(violations)


def test_public_pages_have_no_serious_axe_violations(asgi_server, service, new_page, screenshot):
    page = new_page(1280, 800)

    page.goto(asgi_server.url + "/?q=ktp+hilang")
    expect(page.locator(".p-result-name")).to_have_text(service.name)
    _check(page, screenshot, "home")

    page.goto(f"{asgi_server.url}/services/{service.pk}/")
    expect(page.locator("h1")).to_have_text(service.name)
    _check(page, screenshot, "service")

    page.goto(f"{asgi_server.url}/book/{service.pk}/")
    expect(page.locator("#slots input[name=slot]").first).to_be_attached()
    _check(page, screenshot, "book")

    ticket = ticket_issue(service=service)
    page.goto(f"{asgi_server.url}/t/{ticket.token}/")
    expect(page.locator("#t-ticket")).to_contain_text(ticket.code)
    _check(page, screenshot, "ticket")


def test_kiosk_has_no_serious_axe_violations(asgi_server, service, new_page, screenshot):
    kiosk_user = factories.UserFactory(role="kiosk", agency=None)
    page = new_page(1080, 1920)
    login(page, asgi_server.url, kiosk_user.username)
    page.goto(asgi_server.url + "/kiosk/")
    expect(page.locator(f"[data-agency='{service.agency_id}']")).to_be_visible()
    _check(page, screenshot, "kiosk")
