"""WhatsApp consent on a 390x844 phone: the booking form's box (ticked by tapping its
words), then the ticket page's button, which turns into a line saying it is on. Both
fit the phone's width and never show the phone number."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from messaging.models import OptIn
from queues.models import Ticket
from queues.services import ticket_issue
from tests import factories
from tests.browser.test_booking_browser import _pick_first_free_slot, _scroll_width, _submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIK = "3574014101900001"
PHONE = "081234567890"


@pytest.fixture
def service(always_open):
    service = factories.ServiceFactory(name="Kartu Keluarga baru", prefix="K", online_booking=True)
    factories.CounterFactory(booth__agency=service.agency, label="Loket 1", services=[service])
    return service


@pytest.fixture
def phone(new_page):
    return new_page(390, 844, is_mobile=True, has_touch=True)


def test_the_booking_form_records_the_consent(asgi_server, service, phone, screenshot):
    today = timezone.localdate().isoformat()
    phone.goto(f"{asgi_server.url}/book/{service.pk}/?date={today}")
    _pick_first_free_slot(phone)
    phone.fill("#id_nik", NIK)
    phone.fill("#id_phone", PHONE)
    box = phone.locator("#id_whatsapp")
    expect(box).not_to_be_checked()
    phone.locator("#field-whatsapp label").click()  # the words tick the box
    expect(box).to_be_checked()
    field = phone.locator("#field-whatsapp")
    field.scroll_into_view_if_needed()
    assert field.bounding_box()["width"] <= 390
    assert box.bounding_box()["width"] < 40  # a box, not a full-width input
    assert _scroll_width(phone) <= 390
    screenshot(phone, "whatsapp-booking-phone")
    _submit(phone)

    ticket = Ticket.objects.get(service=service)
    opt_in = OptIn.objects.get()
    assert (opt_in.phone, opt_in.source, opt_in.language) == ("+6281234567890", "booking", "id")
    assert ticket.phone == opt_in.phone


def test_the_ticket_page_button_records_the_consent(asgi_server, service, phone, screenshot):
    ticket = ticket_issue(service=service, phone=PHONE)
    phone.goto(f"{asgi_server.url}/t/{ticket.token}/")
    button = phone.locator("#t-whatsapp button")
    expect(button).to_be_visible()
    button.scroll_into_view_if_needed()
    screenshot(phone, "whatsapp-ticket-offer-phone")
    with phone.expect_navigation():
        button.click()
    expect(phone.locator("#t-whatsapp-on")).to_be_visible()
    expect(phone.locator("#t-whatsapp")).to_have_count(0)
    assert "1234567890" not in phone.content()
    assert _scroll_width(phone) <= 390
    phone.locator("#t-whatsapp-on").scroll_into_view_if_needed()
    screenshot(phone, "whatsapp-ticket-on-phone")
    assert OptIn.objects.get().source == "ticket_page"
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.WAITING
