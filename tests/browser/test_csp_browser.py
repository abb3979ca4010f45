"""Every page of the README's page table runs under the Content-Security-Policy (no
inline script or style allowed) without a single violation in Chromium."""

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint, SurveyResponse
from queues.models import Ticket
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Violations:
    """Console errors about the policy and `securitypolicyviolation` events of a page."""

    def __init__(self, page) -> None:
        self.found: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"{page.url}: {error}"))
        # Report-only listeners miss nothing: the event fires for every blocked resource.
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', function (e) {"
            " console.error('Content Security Policy: ' + e.violatedDirective + ' '"
            " + e.blockedURI); });"
        )
        self.page = page

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"{self.page.url}: {message.text}")

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status < 500, (url, response and response.status)
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), url
        self.page.wait_for_load_state("networkidle")


def _public_urls(base: str) -> list[str]:
    ticket = Ticket.objects.filter(status="waiting").first()
    served = SurveyResponse.objects.values_list("ticket_id", flat=True)
    done = Ticket.objects.filter(status="done").exclude(pk__in=served).first()
    service = ticket.service_id
    complaint = Complaint.objects.first()
    return [
        f"{base}/",
        f"{base}/?q=ktp+hilang",
        f"{base}/services/{service}/",
        f"{base}/book/{service}/",
        f"{base}/display/",
        f"{base}/display/?floor=1",
        f"{base}/t/{ticket.token}/",
        f"{base}/checkin/?code=ABC",
        f"{base}/survey/{done.token}/",
        f"{base}/complaints/new/",
        f"{base}/complaints/{complaint.code}/",
        f"{base}/api/docs/",
        f"{base}/login/",
    ]


def test_public_pages_have_no_csp_violation(asgi_server, demo_with_activity, new_page):
    page = new_page(390, 844)
    watch = Violations(page)
    # The watch sees a violation when there is one: an inline handler is blocked.
    watch.visit(asgi_server.url + "/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.hit=1\">')"
    )
    page.wait_for_timeout(500)
    assert watch.found and page.evaluate("window.hit") is None
    watch.found.clear()
    for url in _public_urls(asgi_server.url):
        watch.visit(url)
    expect(page.locator("#swagger-ui, main").first).to_be_visible()
    page.goto(asgi_server.url + "/")
    # The language picker still submits itself (was an inline onchange handler).
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The API docs start from a script file (the split view), not an inline one.
    page.set_viewport_size({"width": 1366, "height": 768})
    watch.visit(asgi_server.url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Antrean MPP API")
    assert watch.found == []


def test_staff_and_kiosk_pages_have_no_csp_violation(asgi_server, demo_with_activity, new_page):
    page = new_page(1366, 768)
    watch = Violations(page)
    login(page, asgi_server.url, "manager")
    complaint = Complaint.objects.first()
    ticket = Ticket.objects.first()
    for path in (
        "/dashboard/",
        "/dashboard/reports/",
        "/dashboard/reports/attendance/",
        "/dashboard/reports/performance/",
        "/dashboard/reports/ikm/",
        "/dashboard/complaints/",
        f"/dashboard/complaints/{complaint.code}/",
        "/dashboard/closures/",
        "/admin/",
        "/admin/queues/ticket/",
        f"/admin/queues/ticket/{ticket.pk}/change/",
        "/admin/agencies/service/",
        "/admin/counters/countersession/",
        "/admin/auditlog/logentry/",
    ):
        watch.visit(asgi_server.url + path)

    officer = new_page(1366, 768)
    officer_watch = Violations(officer)
    login(officer, asgi_server.url, "officer-dukcapil")
    officer_watch.visit(asgi_server.url + "/counter/")

    kiosk = new_page(1080, 1920)
    kiosk_watch = Violations(kiosk)
    login(kiosk, asgi_server.url, "kiosk")
    for path in ("/kiosk/", "/kiosk/survey/", "/complaints/new/"):
        kiosk_watch.visit(asgi_server.url + path)
    assert watch.found + officer_watch.found + kiosk_watch.found == []
