"""Planned closures in a real browser: an officer asks from the console, a manager
approves on /dashboard/closures/, and the line then takes no new ticket."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from agencies.models import User
from closures.errors import ServiceClosedForNow
from closures.models import ClosureRequest
from queues.services import ticket_issue
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def serious_violations(page, selector: str) -> list[str]:
    # Evaluated, not added as a <script>: the pages forbid inline scripts (CSP).
    page.evaluate(AXE.read_text())
    results = page.evaluate("async (s) => await axe.run(document.querySelector(s))", selector)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_officer_requests_and_manager_approves(asgi_server, always_open, new_page, screenshot):
    service = factories.ServiceFactory(name="KTP-el baru", prefix="A")
    counter = factories.CounterFactory(
        booth__agency=service.agency, booth__label="Gerai Dukcapil", services=[service]
    )
    factories.UserFactory(username="petugas", agency=service.agency)
    factories.UserFactory(username="pengelola", role=User.Role.MANAGER, agency=None)

    officer = new_page(1366, 1000)
    login(officer, asgi_server.url, "petugas")
    officer.goto(f"{asgi_server.url}/counter/?counter={counter.pk}")
    officer.fill("#closure-reason", "Perbaikan jaringan")
    officer.locator("#closure-form button[type=submit]").click()
    panel = officer.locator("#closure")
    expect(panel).to_contain_text("terkirim ke pengelola MPP")
    expect(panel.locator(".closure-list")).to_contain_text("Perbaikan jaringan")
    panel.scroll_into_view_if_needed()
    screenshot(officer, "closure-console-requested")
    assert serious_violations(officer, "#closure") == []
    closure = ClosureRequest.objects.get()
    assert (closure.counter_id, closure.status) == (counter.pk, "pending")

    manager = new_page(1280, 900)
    login(manager, asgi_server.url, "pengelola")
    manager.goto(f"{asgi_server.url}/dashboard/closures/")
    card = manager.locator(f"#closure-{closure.pk}")
    expect(card).to_contain_text("Perbaikan jaringan")
    card.get_by_label("Catatan keputusan (wajib untuk penolakan)").fill("Silakan")
    card.get_by_role("button", name="Setujui").click()
    expect(manager.locator(".closure-messages")).to_contain_text("disetujui")
    expect(manager.locator(f"#closure-{closure.pk}")).to_contain_text("Sedang berlaku")
    screenshot(manager, "closure-dashboard-approved")
    assert serious_violations(manager, "main") == []

    closure.refresh_from_db()
    assert closure.status == "approved"
    with pytest.raises(ServiceClosedForNow):
        ticket_issue(service=service)
