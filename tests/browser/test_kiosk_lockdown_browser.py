"""The kiosk locked down, in a real browser at 1080x1920 on the kiosk's account: no page
offers a way out (site menu, logout, file picker), everything is typed on the on-screen
keyboard, and a screen left alone goes back home after 60 s."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from agencies.models import User
from complaints.models import Complaint, SurveyResponse
from console.services import counter_open
from queues.models import Ticket
from queues.services import ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_accessibility import _report, _serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where a link on a kiosk page may lead: the kiosk's own pages.
KIOSK_PATHS = ("/kiosk/", "/complaints/new/", "/complaints/ADU-")


@pytest.fixture
def kiosk_mall(always_open):
    service = factories.ServiceFactory(name="Akta kelahiran", prefix="B")
    counter = factories.CounterFactory(
        booth__agency=service.agency, label="Loket 2", services=[service]
    )
    kiosk_user = factories.UserFactory(role=User.Role.KIOSK, agency=None)
    return service, counter, kiosk_user


def _kiosk_page(new_page, asgi_server, kiosk_user, *, clock: bool = False):
    page = new_page(1080, 1920, has_touch=True)
    if clock:
        page.clock.install()
    login(page, asgi_server.url, kiosk_user.username)
    return page


def _assert_stays_in_the_kiosk(page, what: str) -> None:
    links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    # getAttribute: a form with an input named "action" hides the property.
    actions = page.eval_on_selector_all(
        "form",
        "els => els.map(f => new URL(f.getAttribute('action') || '', location.href).href)",
    )
    for url in links + actions:
        path = urlsplit(url).path
        assert path.startswith(KIOSK_PATHS), f"{what}: {url} leaves the kiosk"
    assert page.locator("input[type=file]").count() == 0, what
    logout = page.locator("[action*='/logout/'], [href*='/logout/'], [href*='/admin/']")
    assert logout.count() == 0, what
    assert page.get_by_role("button", name="Keluar").count() == 0, what
    assert page.get_by_role("link", name="Keluar").count() == 0, what


def _tap_keys(page, text: str) -> None:
    """Type on the on-screen keyboard only: one tap per character."""
    for char in text:
        if char == " ":
            page.locator("#kb [data-act=space]").tap()
        elif char.isupper() and page.locator("#kb [data-act=shift]").count():
            page.locator("#kb [data-act=shift]").tap()
            page.locator(f"#kb [data-key='{char}']").tap()
        else:
            page.locator(f"#kb [data-key='{char}']").tap()


def _keyboard_clear_of(page, field) -> None:
    """The keyboard is up and the field being typed into is wholly above it."""
    keyboard = page.locator("#kb")
    expect(keyboard).to_be_visible()
    box, kb_box = field.bounding_box(), keyboard.bounding_box()
    assert box is not None and kb_box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= kb_box["y"], (box, kb_box)


def _served_ticket(service, counter) -> Ticket:
    officer = factories.UserFactory(agency=service.agency)
    counter_open(counter=counter, officer=officer)
    ticket = ticket_issue(service=service)
    ticket_call_next(counter=counter, actor=officer)
    ticket = ticket_start(ticket=Ticket.objects.get(pk=ticket.pk), actor=officer)
    ticket = ticket_finish(ticket=ticket, actor=officer)
    # Served with a NIK on record: its typed code goes with the NIK's last four digits.
    Ticket.objects.filter(pk=ticket.pk).update(nik_hash="h" * 64, nik_last4="0457")
    return ticket


def _booking_due_now(service, *, number: int) -> Ticket:
    return factories.booking_due_now(service, number=number, nik_last4="0457")


# --- no way out ---------------------------------------------------------------------------


def test_no_kiosk_page_offers_a_way_out(asgi_server, kiosk_mall, new_page, screenshot):
    service, counter, kiosk_user = kiosk_mall
    ticket = _served_ticket(service, counter)
    page = _kiosk_page(new_page, asgi_server, kiosk_user)
    base = asgi_server.url

    page.goto(base + "/kiosk/?paper=58")
    expect(page.locator("#k-home")).to_be_visible()
    _assert_stays_in_the_kiosk(page, "home")

    # The complaint, opened from home the way a resident does, then without the parameter.
    page.locator("a[href*='/complaints/new/']").first.click()
    expect(page.locator("#complaint-form")).to_be_visible()
    _assert_stays_in_the_kiosk(page, "complaint form")
    screenshot(page, "kiosk-complaint-form-1080x1920")
    page.goto(base + "/complaints/new/")
    expect(page.locator("#c-kiosk")).to_be_visible()
    _assert_stays_in_the_kiosk(page, "complaint form without ?kiosk=1")

    # A refused form (nothing filled in) and the confirmation after a good one.
    page.locator("#complaint-submit").click()
    expect(page.locator(".has-error").first).to_be_visible()
    _assert_stays_in_the_kiosk(page, "complaint form with errors")
    page.select_option("#id_category", "facilities")
    page.locator("#id_description").evaluate("el => { el.value = 'Kursi rusak'; }")
    page.locator("#complaint-submit").click()
    expect(page.locator("#complaint-filed")).to_be_visible()
    _assert_stays_in_the_kiosk(page, "complaint confirmation")
    screenshot(page, "kiosk-complaint-filed-1080x1920")
    # "Selesai" goes home with the paper the kiosk runs on.
    page.locator("#complaint-done").click()
    page.wait_for_url(base + "/kiosk/?lang=id&paper=58")

    page.goto(base + "/kiosk/survey/")
    _assert_stays_in_the_kiosk(page, "survey: find")
    page.locator("#s-value").evaluate(f"el => {{ el.value = '{ticket.code}'; }}")
    page.locator("#s-nik4").evaluate("el => { el.value = '0457'; }")
    page.get_by_role("button", name="Mulai survei").click()
    expect(page.locator("#s-form")).to_be_visible()
    _assert_stays_in_the_kiosk(page, "survey: answer")

    page.goto(base + "/kiosk/?part=print&token=tidak-ada-sama-sekali")
    _assert_stays_in_the_kiosk(page, "ticket not found")


def test_closed_kiosk_home_offers_no_way_out(asgi_server, transactional_db, new_page):
    """No opening hours at all: the home screen shows the closed notice."""
    kiosk_user = factories.UserFactory(role=User.Role.KIOSK, agency=None)
    page = _kiosk_page(new_page, asgi_server, kiosk_user)

    page.goto(asgi_server.url + "/kiosk/")

    expect(page.locator("#k-closed")).to_be_visible()
    _assert_stays_in_the_kiosk(page, "closed home")


def test_a_resident_still_gets_the_public_form(asgi_server, transactional_db, new_page):
    page = new_page(390, 844, is_mobile=True, has_touch=True)

    page.goto(asgi_server.url + "/complaints/new/")

    expect(page.locator("#complaint-form")).to_be_visible()
    assert page.locator("#complaint-form input[type=file]").count() == 1
    assert page.locator("#kb").count() == 0
    assert page.locator("html.kiosk-root").count() == 0


# --- typing on the screen -----------------------------------------------------------------


def test_complaint_typed_on_the_on_screen_keyboard(asgi_server, kiosk_mall, new_page, screenshot):
    _service, _counter, kiosk_user = kiosk_mall
    page = _kiosk_page(new_page, asgi_server, kiosk_user)
    page.goto(asgi_server.url + "/kiosk/")
    page.locator("a[href*='/complaints/new/']").first.tap()
    expect(page.locator("#kb")).to_be_hidden()

    page.select_option("#id_category", "facilities")
    description = page.locator("#id_description")
    description.tap()
    expect(page.locator("#kb.kb-text")).to_be_visible()
    _keyboard_clear_of(page, description)
    key = page.locator("#kb [data-key='q']").bounding_box()
    assert key is not None and key["height"] >= 80 and key["width"] >= 70  # thumb-sized
    _tap_keys(page, "Kursi lantai 2 rusak")
    screenshot(page, "kiosk-keyboard-text-1080x1920")
    violations = _serious_violations(page)
    assert not violations, _report(violations)

    name = page.locator("#id_name")
    name.tap()
    _keyboard_clear_of(page, name)
    _tap_keys(page, "Siti")
    page.locator("#kb [data-act=backspace]").tap()
    _tap_keys(page, "i")

    contact = page.locator("#id_contact")
    page.locator("#kb [data-act=enter]").tap()  # "Lanjut": on to the phone number
    expect(contact).to_be_focused()
    expect(page.locator("#kb.kb-digits")).to_be_visible()
    assert page.locator("#kb [data-key='q']").count() == 0  # digits only
    _keyboard_clear_of(page, contact)
    _tap_keys(page, "081234567890")
    screenshot(page, "kiosk-keyboard-digits-1080x1920")
    page.locator("#kb [data-act=enter]").tap()  # the last field: the keyboard steps aside
    expect(page.locator("#kb")).to_be_hidden()

    page.locator("#complaint-submit").tap()
    expect(page.locator("#complaint-filed")).to_be_visible()
    complaint = Complaint.objects.get()
    assert complaint.description == "Kursi lantai 2 rusak"
    assert complaint.name == "Siti"
    assert "81234567890" in complaint.contact
    assert complaint.channel == "kiosk"
    expect(page.locator("#complaint-code")).to_have_text(complaint.code)


def test_check_in_code_typed_on_the_on_screen_keys(asgi_server, kiosk_mall, new_page, screenshot):
    service, _counter, kiosk_user = kiosk_mall
    booked = _booking_due_now(service, number=7)
    page = _kiosk_page(new_page, asgi_server, kiosk_user)
    page.goto(asgi_server.url + "/kiosk/")

    page.locator("#k-open-checkin").tap()
    field = page.locator("#k-checkin-value")
    expect(page.locator("#kb.kb-code")).to_be_visible()
    _keyboard_clear_of(page, field)
    assert page.locator("#kb [data-key='-']").count() == 1
    _tap_keys(page, "B-0077")
    page.locator("#kb [data-act=backspace]").tap()
    expect(field).to_have_value("B-007")
    screenshot(page, "kiosk-keyboard-code-1080x1920")
    # Enter moves on to the NIK's last four digits (a typed code alone is public).
    page.locator("#kb [data-act=enter]").tap()
    expect(page.locator("#k-checkin-nik4")).to_be_focused()
    expect(page.locator("#kb.kb-digits")).to_be_visible()
    _tap_keys(page, "0457")
    page.locator("#kb [data-act=close]").tap()
    page.locator("#k-checkin-form button[type=submit]").tap()

    expect(page.locator("#k-result-code")).to_have_text("B-007")
    expect(page.locator("#kb")).to_be_hidden()
    booked.refresh_from_db()
    assert booked.status == Ticket.Status.WAITING


def test_survey_code_and_comment_typed_on_the_on_screen_keys(asgi_server, kiosk_mall, new_page):
    service, counter, kiosk_user = kiosk_mall
    ticket = _served_ticket(service, counter)
    page = _kiosk_page(new_page, asgi_server, kiosk_user)
    page.goto(asgi_server.url + "/kiosk/survey/")

    expect(page.locator("#kb.kb-code")).to_be_visible()  # the code field has focus
    _tap_keys(page, ticket.code)
    page.locator("#kb [data-act=enter]").tap()
    expect(page.locator("#s-nik4")).to_be_focused()
    _tap_keys(page, "0457")
    page.locator("#kb [data-act=close]").tap()
    page.get_by_role("button", name="Mulai survei").tap()

    expect(page.locator("#s-form")).to_be_visible()
    for question in page.locator("fieldset.s-question").all():
        question.get_by_role("radio").nth(3).check()
    comment = page.locator("#s-comment")
    comment.tap()
    _keyboard_clear_of(page, comment)
    _tap_keys(page, "Cepat")
    page.locator("#kb [data-act=close]").tap()
    page.get_by_role("button", name="Kirim penilaian").tap()

    expect(page.get_by_role("heading", name="Terima kasih!")).to_be_visible()
    assert SurveyResponse.objects.get(ticket=ticket).comment == "Cepat"


def test_landscape_kiosk_keeps_the_field_above_the_keyboard(
    asgi_server, kiosk_mall, new_page, screenshot
):
    _service, _counter, kiosk_user = kiosk_mall
    page = new_page(1920, 1080, has_touch=True)
    login(page, asgi_server.url, kiosk_user.username)
    page.goto(asgi_server.url + "/complaints/new/")

    for selector in ("#id_description", "#id_name", "#id_contact"):
        field = page.locator(selector)
        field.tap()
        _keyboard_clear_of(page, field)
        _tap_keys(page, "12")
        expect(field).to_have_value("12")
    screenshot(page, "kiosk-keyboard-landscape-1920x1080")


# --- left alone ---------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["/complaints/new/", "/kiosk/survey/"])
def test_a_kiosk_page_left_alone_goes_home_after_60_s(asgi_server, kiosk_mall, new_page, start):
    _service, _counter, kiosk_user = kiosk_mall
    page = _kiosk_page(new_page, asgi_server, kiosk_user, clock=True)
    page.goto(asgi_server.url + "/kiosk/?lang=en&paper=58")
    page.goto(asgi_server.url + start)
    field = page.locator("#id_description, #s-value").first
    field.tap()
    _tap_keys(page, "12")

    page.clock.fast_forward("00:50")
    page.locator("#kb [data-key='3']").tap()  # a touch starts the minute again
    page.clock.fast_forward("00:50")
    assert urlsplit(page.url).path == start

    page.clock.fast_forward("01:01")
    page.wait_for_url(asgi_server.url + "/kiosk/?lang=en&paper=58")
    expect(page.locator("#k-home")).to_be_visible()


def test_the_kiosk_home_left_mid_check_in_goes_back_to_its_first_screen(
    asgi_server, kiosk_mall, new_page
):
    _service, _counter, kiosk_user = kiosk_mall
    page = _kiosk_page(new_page, asgi_server, kiosk_user, clock=True)
    page.goto(asgi_server.url + "/kiosk/?paper=58")
    page.locator("#k-open-checkin").tap()
    _tap_keys(page, "B-0")

    page.clock.fast_forward("01:01")

    expect(page.locator("#k-home")).to_be_visible()
    expect(page.locator("#k-checkin")).to_be_hidden()
    assert page.url.endswith("/kiosk/?paper=58")


# --- page weight --------------------------------------------------------------------------


def test_kiosk_home_first_load_stays_under_200_kb(asgi_server, kiosk_mall, new_page):
    _service, _counter, kiosk_user = kiosk_mall
    page = _kiosk_page(new_page, asgi_server, kiosk_user)
    responses = []
    page.on("response", lambda response: responses.append(response))

    page.goto(asgi_server.url + "/kiosk/", wait_until="networkidle")

    # Decoded bodies: what the kiosk holds, whatever the transfer compression.
    sizes = {r.url: len(r.body()) for r in responses if r.request.resource_type != "fetch"}
    assert any(url.endswith("kiosk_keyboard.js") for url in sizes)
    assert 0 < sum(sizes.values()) < 200_000, sizes


def test_service_search_typed_on_the_on_screen_keys(asgi_server, kiosk_mall, new_page):
    """The kiosk home's search is a field like any other: a touch-only kiosk types it on screen."""
    service, _counter, kiosk_user = kiosk_mall
    page = _kiosk_page(new_page, asgi_server, kiosk_user)
    page.goto(asgi_server.url + "/kiosk/")

    field = page.locator("#k-search")
    field.tap()
    expect(page.locator("#kb")).to_be_visible()
    _keyboard_clear_of(page, field)
    _tap_keys(page, "akte")
    expect(field).to_have_value("akte")
    results = page.locator("#k-search-list")
    expect(results).to_contain_text(service.name)
