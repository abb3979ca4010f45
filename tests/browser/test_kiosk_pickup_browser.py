"""Ambil berkas on the portrait kiosk (1080x1920): the resident types their document
code on the on-screen keyboard and the pickup number is printed like any ticket."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import PickupLine
from documents.services import document_open, document_set_status
from queues.models import Ticket
from queues.services import ticket_finish
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_documents_browser import _served, booth  # noqa: F401 (a fixture)
from tests.browser.test_kiosk_lockdown_browser import _tap_keys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ready_document(booth):  # noqa: F811 (the fixture imported above)
    """A KTP-el finished at Loket 1, its document ready, the agency's pickup line "AMB"."""
    officer = booth["officer"]
    ticket = ticket_finish(ticket=_served(booth), actor=officer)
    document = document_open(
        ticket=ticket, expected_ready=timezone.localdate(), note="", actor=officer
    )
    document = document_set_status(document=document, status="ready", actor=officer)
    return document, PickupLine.objects.get(agency=booth["service"].agency).service


def test_a_code_typed_on_the_screen_keyboard_prints_the_pickup_number(
    asgi_server, ready_document, new_page, screenshot
):
    document, pickup = ready_document
    kiosk_user = factories.UserFactory(role="kiosk", agency=None)
    page = new_page(1080, 1920, has_touch=True)
    login(page, asgi_server.url, kiosk_user.username)
    page.goto(asgi_server.url + "/kiosk/")
    prints: list[str] = []
    page.on("request", lambda r: prints.append(r.url) if "part=print" in r.url else None)

    page.locator("#k-open-pickup").tap()
    expect(page.locator("#k-pickup")).to_be_visible()
    field = page.locator("#k-pickup-code")
    expect(field).to_be_focused()
    expect(page.locator("#kb")).to_be_visible()  # the code layout: capitals, digits, "-"

    # A code that is none: told on the form, nothing issued.
    _tap_keys(page, "AAAA")
    page.locator("#kb [data-act=enter]").tap()
    expect(page.locator("#k-pickup-error")).to_have_text(
        "Berkas tidak ditemukan. Periksa kembali kode berkas Anda."
    )
    assert not Ticket.objects.filter(service=pickup).exists()
    for _ in range(4):
        page.locator("#kb [data-act=backspace]").tap()

    # Typed as a resident would: no dashes, O for 0 and I for 1.
    typed = document.code.replace("-", "").replace("0", "O").replace("1", "I")
    _tap_keys(page, typed)
    expect(field).to_have_value(typed)
    box, kb_box = field.bounding_box(), page.locator("#kb").bounding_box()
    assert box and kb_box and box["y"] + box["height"] <= kb_box["y"], (box, kb_box)
    screenshot(page, "kiosk-pickup-typed-1080x1920")
    page.locator("#kb [data-act=enter]").tap()

    expect(page.locator("#k-result")).to_be_visible()
    expect(page.locator("#k-result-code")).to_have_text("AMB-001")
    expect(page.locator("#k-result-status")).to_contain_text(document.code)
    expect(page.locator("#k-print-status")).to_have_text("Silakan ambil tiket Anda.")
    printed = page.frame_locator("#k-print-frame")
    expect(printed.locator(".p-label")).to_have_text("Nomor pengambilan berkas")
    expect(printed.locator(".p-code")).to_have_text("AMB-001")
    screenshot(page, "kiosk-pickup-printed-1080x1920")
    assert len(prints) == 1
    ticket = Ticket.objects.get(service=pickup)
    assert ticket.code == "AMB-001" and ticket.status == Ticket.Status.WAITING
    document.refresh_from_db()
    assert document.pickup_ticket_id == ticket.pk
