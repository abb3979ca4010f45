"""The satisfaction survey in a real browser: from a done ticket's page to the thank-you,
and the IKM report as printed."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import User
from complaints.models import SURVEY_ELEMENTS, SurveyResponse
from console.services import counter_open
from queues.models import Ticket
from queues.services import ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_accessibility import _report, _serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The answer chosen per element, by its label (u4: "Gratis" = 4, u8: 3, u9: 2).
CHOICES = {
    "u1": "Sangat sesuai",
    "u2": "Mudah",
    "u3": "Sangat cepat",
    "u4": "Gratis",
    "u5": "Sesuai",
    "u6": "Sangat kompeten",
    "u7": "Sangat sopan dan ramah",
    "u8": "Berfungsi kurang maksimal",
    "u9": "Cukup",
}
EXPECTED = {"u1": 4, "u2": 3, "u3": 4, "u4": 4, "u5": 3, "u6": 4, "u7": 4, "u8": 3, "u9": 2}


@pytest.fixture
def serving(always_open):
    """A ticket being served at Loket 1 by an officer."""
    service = factories.ServiceFactory(name="KTP-el baru", prefix="A")
    counter = factories.CounterFactory(
        booth__agency=service.agency, number=1, label="Loket 1", services=[service]
    )
    officer = factories.UserFactory(agency=service.agency)
    counter_open(counter=counter, officer=officer)
    ticket = ticket_issue(service=service)
    ticket_call_next(counter=counter, actor=officer)
    ticket = ticket_start(ticket=Ticket.objects.get(pk=ticket.pk), actor=officer)
    return ticket, officer


def test_complete_the_survey_from_the_ticket_page(asgi_server, serving, new_page, screenshot):
    ticket, officer = serving
    page = new_page(390, 844)
    page.goto(f"{asgi_server.url}/t/{ticket.token}/")
    expect(page.locator("#t-status-word")).to_have_text("Dilayani")
    expect(page.locator("#t-survey")).to_be_hidden()

    # The officer finishes: the open page offers the survey without a reload.
    ticket_finish(ticket=ticket, actor=officer)
    expect(page.locator("#t-status-word")).to_have_text("Selesai", timeout=5000)
    link = page.get_by_role("link", name="Isi survei kepuasan")
    expect(link).to_be_visible()
    screenshot(page, "ticket-done-survey-390")
    link.click()

    expect(page.get_by_role("heading", name="Survei kepuasan masyarakat")).to_be_visible()
    groups = page.get_by_role("group")
    expect(groups).to_have_count(9)
    screenshot(page, "survey-top-390")
    violations = _serious_violations(page)
    assert not violations, _report(violations)
    # Sending with nothing chosen points at the first question instead of leaving.
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.locator("#q-u1")).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("document.activeElement.name") == "u1"

    # u1 by keyboard: the radio group takes arrow keys (1 is focused, 4 is three steps on).
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="Sangat sesuai").first).to_be_checked()
    for element, label in list(CHOICES.items())[1:]:
        page.locator(f"#q-{element}").get_by_role("radio", name=label, exact=True).check()
    page.get_by_label("Saran dan masukan (boleh dikosongkan)").fill("Petugas sangat membantu.")
    screenshot(page, "survey-form-390")

    page.get_by_role("button", name="Kirim penilaian").click()

    expect(page.get_by_role("heading", name="Terima kasih!")).to_be_visible()
    screenshot(page, "survey-thanks-390")
    stored = SurveyResponse.objects.get(ticket=ticket)
    assert {e: getattr(stored, e) for e in SURVEY_ELEMENTS} == EXPECTED
    assert stored.comment == "Petugas sangat membantu."
    assert stored.officer == officer

    # Coming back later: the survey is not offered twice.
    page.goto(f"{asgi_server.url}/survey/{ticket.token}/")
    expect(page.locator("#s-form")).to_have_count(0)
    expect(page.locator("#s-thanks")).to_contain_text("sudah diisi")


def test_the_ikm_report_prints_without_the_site_chrome(
    asgi_server, always_open, new_page, screenshot
):
    service = factories.ServiceFactory(name="SKCK", prefix="S", agency__name="Polres")
    manager = factories.UserFactory(username="manager-ikm", role=User.Role.MANAGER, agency=None)
    now = timezone.now()
    for values, comment in ((EXPECTED, "Cepat."), (dict.fromkeys(SURVEY_ELEMENTS, 3), "")):
        ticket = factories.TicketFactory(service=service, status=Ticket.Status.DONE)
        SurveyResponse.objects.create(
            ticket=ticket,
            agency=service.agency,
            service=service,
            created_at=now,
            comment=comment,
            **values,
        )
    page = new_page(1280, 900)
    login(page, asgi_server.url, manager.username)
    today = timezone.localdate()
    start = (today - dt.timedelta(days=7)).isoformat()

    page.goto(f"{asgi_server.url}/dashboard/reports/ikm/?date_from={start}&date_to={today}")

    # 31 + 27 = 58 points over 18 answers: IKM 58/18 = 3.222, index 80.56 (B).
    expect(page.locator("#ikm-respondents")).to_have_text("2")
    expect(page.locator("#ikm-index")).to_have_text("80,56")
    expect(page.locator("#ikm-category")).to_contain_text("Baik")
    expect(page.locator("#ikm-print")).to_be_visible()
    screenshot(page, "ikm-report-1280")
    violations = _serious_violations(page)
    assert not violations, _report(violations)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".ikm-filters")).to_be_hidden()
    expect(page.locator("#ikm-elements")).to_be_visible()
    screenshot(page, "ikm-report-print")


def test_the_kiosk_survey_by_typed_code(asgi_server, serving, new_page, screenshot):
    ticket, officer = serving
    ticket_finish(ticket=ticket, actor=officer)
    # A booking made with a NIK: its typed code needs the NIK's last four digits.
    Ticket.objects.filter(pk=ticket.pk).update(nik_hash="h" * 64, nik_last4="0457")
    kiosk_user = factories.UserFactory(role=User.Role.KIOSK, agency=None)
    page = new_page(1080, 1920)
    login(page, asgi_server.url, kiosk_user.username)
    page.goto(asgi_server.url + "/kiosk/")

    page.get_by_role("button", name="Survei kepuasan").click()
    page.get_by_label("Pindai kode QR tiket Anda").fill(ticket.code)
    page.get_by_role("button", name="Mulai survei").click()
    # The code alone (called aloud, on the lobby TV) opens nobody's survey.
    expect(page.locator("#s-error")).to_contain_text("4 digit terakhir NIK")
    assert ticket.token not in page.content()

    page.get_by_label("Pindai kode QR tiket Anda").fill(ticket.code)
    page.get_by_label("4 digit terakhir NIK pendaftaran").fill("0457")
    page.get_by_role("button", name="Mulai survei").click()

    expect(page.get_by_role("group")).to_have_count(9)
    for element in SURVEY_ELEMENTS:
        page.locator(f"#q-{element}").get_by_role("radio").nth(3).check()
    screenshot(page, "kiosk-survey-1080x1920")
    violations = _serious_violations(page)
    assert not violations, _report(violations)
    page.get_by_role("button", name="Kirim penilaian").click()

    expect(page.get_by_role("heading", name="Terima kasih!")).to_be_visible()
    assert SurveyResponse.objects.get(ticket=ticket).u4 == 4
    # The kiosk goes home by itself.
    page.wait_for_url(f"{asgi_server.url}/kiosk/?lang=id", timeout=15_000)
