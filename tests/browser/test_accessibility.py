"""axe-core (tests/browser/vendor/axe.min.js) finds nothing serious on the public pages."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from queues.services import ticket_issue
from tests import factories
from tests.browser.conftest import ktp_service, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def service(always_open):
    return ktp_service(keywords="ktp hilang, e-ktp rusak")


def _serious_violations(page) -> list[dict]:
    # Evaluated, not added as a <script>: the pages forbid inline scripts (CSP).
    page.evaluate(AXE.read_text())
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


# Android's largest font setting is about 2x; a page that still fits the phone's width
# at 200% root text is readable without sideways scrolling (WCAG 1.4.4 / 1.4.10).
LARGE_TEXT = "html { font-size: 200% !important; }"


def _overflowing(page) -> list[str]:
    """Elements wider than the viewport (what would force sideways scrolling)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('body *')].filter((el) => {
            const box = el.getBoundingClientRect();
            const fixed = getComputedStyle(el).position === 'fixed';
            return box.width > 0 && box.right > width + 1 && !fixed;
          });
          const name = (el) => el.tagName + '.' + el.className + ' ' + el.textContent.slice(0, 40);
          return wide.slice(0, 5).map(name);
        }"""
    )


def test_public_pages_fit_a_phone_at_double_text_size(asgi_server, service, new_page, screenshot):
    page = new_page(390, 844, is_mobile=True, has_touch=True)
    ticket = ticket_issue(service=service)
    pages = {
        "home": "/?q=ktp+hilang",
        "service": f"/services/{service.pk}/",
        "book": f"/book/{service.pk}/",
        "ticket": f"/t/{ticket.token}/",
    }
    for name, path in pages.items():
        page.goto(asgi_server.url + path)
        # A constructed stylesheet, not a <style> tag: the pages forbid inline styles (CSP).
        page.evaluate(
            """css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }""",
            LARGE_TEXT,
        )
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
        assert size >= 32, f"{name}: the heading did not grow with the text size ({size}px)"
        screenshot(page, f"large-text-{name}-390")
        assert _overflowing(page) == [], f"{name} scrolls sideways at 200% text"
