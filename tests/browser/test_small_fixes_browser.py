"""Issue 10, item 9 in a real browser: the IKM report's filters stay inside their card
(laptop and phone), a missed survey question is named next to it, and two silent devices
read differently on the dashboard."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import User
from complaints.models import SURVEY_ELEMENTS, SurveyResponse
from counters.devices import device_heartbeat
from counters.models import Device
from queues.models import Ticket
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_AGENCY = "Unit Pelaksana Teknis Badan Pelindungan Pekerja Migran Indonesia Jawa Timur"
LONG_SERVICE = "Pendaftaran Calon Pekerja Migran Indonesia Program Government to Government"


# --- b) the IKM report's filters --------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_ikm_filters_stay_inside_their_card(asgi_server, new_page, screenshot, width, height):
    agency = factories.AgencyFactory(name=LONG_AGENCY)
    factories.ServiceFactory(agency=agency, name=LONG_SERVICE)
    factories.UserFactory(username=f"pengelola-ikm-{width}", role=User.Role.MANAGER, agency=None)

    page = new_page(width, height)
    login(page, asgi_server.url, f"pengelola-ikm-{width}")
    page.goto(f"{asgi_server.url}/dashboard/reports/ikm/")
    page.locator("#f-service").scroll_into_view_if_needed()
    card = page.locator("form.ikm-filters").bounding_box()
    screenshot(page, f"ikm-filters-{width}x{height}")

    assert card is not None
    for select in ("#f-agency", "#f-service"):
        box = page.locator(select).bounding_box()
        assert box is not None
        assert box["x"] >= card["x"] - 0.5, select
        assert box["x"] + box["width"] <= card["x"] + card["width"] + 0.5, (select, box, card)
    # Nothing on the page is wider than the window (no sideways scrolling).
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# --- c) a missed survey question ----------------------------------------------------------


@pytest.fixture
def done_ticket(always_open):
    service = factories.ServiceFactory(name="KTP-el baru", prefix="A")
    now = timezone.now()
    return factories.TicketFactory(
        service=service,
        status=Ticket.Status.DONE,
        finished_at=now,
        issued_at=now,
        nik_hash="hash-survey",
        nik_last4="4321",  # a typed code also needs these (queues/lookup.py)
    )


def _options_under_their_question(page) -> None:
    """Every question's answers sit under its text, across the box (the hidden note
    between them must not leave the answers squeezed beside the floated question)."""
    for element in SURVEY_ELEMENTS:
        box = page.locator(f"#q-{element}").bounding_box()
        legend = page.locator(f"#q-{element} legend").bounding_box()
        options = page.locator(f"#q-{element} .s-options").bounding_box()
        assert box and legend and options
        assert options["y"] >= legend["y"] + legend["height"] - 0.5, element
        assert options["width"] >= 0.8 * box["width"], element


def _answer_all_but(page, skipped: str) -> None:
    for element in SURVEY_ELEMENTS:
        if element != skipped:
            page.locator(f"#q-{element}").get_by_role("radio").nth(2).check()


def test_a_missed_question_is_named_before_sending(asgi_server, done_ticket, new_page, screenshot):
    page = new_page(390, 844)
    page.goto(f"{asgi_server.url}/survey/{done_ticket.token}/")
    _options_under_their_question(page)
    _answer_all_but(page, "u3")

    page.get_by_role("button", name="Kirim penilaian").click()

    note = page.locator("#q-u3 .s-missing")
    expect(note).to_be_visible()
    expect(note).to_have_text("Jawab pertanyaan 3: Waktu penyelesaian")
    summary = page.locator("#s-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Mohon jawab semua pertanyaan (1 belum dijawab).")
    expect(
        summary.get_by_role("link", name="Jawab pertanyaan 3: Waktu penyelesaian")
    ).to_be_visible()
    expect(page.locator("#q-u1 .s-missing")).to_be_hidden()
    # The note sits with its question, where the resident's eyes are.
    question, text = page.locator("#q-u3").bounding_box(), note.bounding_box()
    assert question and text and question["y"] <= text["y"] <= question["y"] + question["height"]
    _options_under_their_question(page)
    page.wait_for_timeout(300)  # the scroll to the question settles before the picture
    screenshot(page, "survey-missed-question-390")

    # Answering it clears the note and the summary; the survey then goes through.
    page.locator("#q-u3").get_by_role("radio").nth(3).check()
    expect(note).to_be_hidden()
    expect(summary).to_be_hidden()
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_role("heading", name="Terima kasih!")).to_be_visible()
    assert SurveyResponse.objects.get(ticket=done_ticket).u3 == 4


def test_a_missed_question_is_named_by_the_server_too(asgi_server, done_ticket, new_page):
    page = new_page(390, 844, locale="en-US")
    page.goto(f"{asgi_server.url}/survey/{done_ticket.token}/")
    _answer_all_but(page, "u7")

    # Sent past the script (as a browser without JavaScript would).
    with page.expect_navigation():
        page.evaluate("document.getElementById('s-form').submit()")

    note = page.locator("#q-u7 .s-missing")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Answer question 7:")
    expect(page.locator("#s-summary")).to_contain_text("Answer question 7:")
    assert not SurveyResponse.objects.exists()


def test_the_kiosk_names_a_missed_question(asgi_server, done_ticket, new_page, screenshot):
    kiosk_user = factories.UserFactory(role=User.Role.KIOSK, agency=None)
    page = new_page(1080, 1920)
    login(page, asgi_server.url, kiosk_user.username)
    page.goto(asgi_server.url + "/kiosk/survey/")
    page.get_by_label("Pindai kode QR tiket Anda").fill(done_ticket.code)
    page.fill("#s-nik4", "4321")
    page.get_by_role("button", name="Mulai survei").click()
    _answer_all_but(page, "u9")

    page.get_by_role("button", name="Kirim penilaian").click()

    note = page.locator("#q-u9 .s-missing")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Jawab pertanyaan 9:")
    _options_under_their_question(page)
    page.wait_for_timeout(300)
    screenshot(page, "kiosk-survey-missed-question-1080x1920")


# --- f) silent devices on the dashboard -------------------------------------------------


def test_two_silent_devices_read_differently(asgi_server, always_open, new_page, screenshot):
    floor_agency = factories.AgencyFactory(name="Dispendukcapil")
    quiet = timezone.now() - dt.timedelta(minutes=10)

    # Two kiosks with the same admin name and two lobby screens: what used to read alike.
    def registered(pk: int, kind: str, label: str) -> Device:
        return Device.objects.create(pk=pk, kind=kind, label=label)

    for pk, address, account in (
        (1111, "10.0.0.21", "Anjungan Lobi Timur"),
        (2222, "10.0.0.22", ""),
    ):
        device_heartbeat(
            device=registered(pk, "kiosk", "Anjungan"), account=account, address=address, at=quiet
        )
    device_heartbeat(
        device=registered(3333, "display", "Layar antrean"),
        page=f"/display/?agency={floor_agency.pk}",
        address="10.0.0.31",
        at=quiet,
    )
    device_heartbeat(
        device=registered(4444, "display", "Layar antrean"),
        page="/display/?floor=2",
        address="10.0.0.32",
        at=quiet,
    )
    factories.UserFactory(username="pengelola-perangkat", role=User.Role.MANAGER, agency=None)

    page = new_page(1366, 768)
    login(page, asgi_server.url, "pengelola-perangkat")
    page.goto(f"{asgi_server.url}/dashboard/")
    expect(page.locator("#live-badge")).to_have_class("live live-online")

    items = page.locator("#devices li.device")
    expect(items).to_have_count(4)
    texts = [" ".join(text.split()) for text in items.all_inner_texts()]
    assert len(set(texts)) == 4, texts
    joined = "\n".join(texts)
    for expected in ("Anjungan Lobi Timur", "#2222", "10.0.0.22", "Dispendukcapil", "Lantai 2"):
        assert expected in joined, (expected, texts)
    page.locator("#devices").scroll_into_view_if_needed()
    screenshot(page, "dashboard-silent-devices-1366")
