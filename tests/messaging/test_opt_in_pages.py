"""Opting in to WhatsApp where the resident is: the booking form's box, the booking API's
`whatsapp_opt_in`, the ticket page's button. The consent is stored with its time, source
and the page's language, before the booking's confirmation is queued, so the
confirmation itself goes by WhatsApp (to the Cloud API on loopback)."""

import datetime as dt

import pytest
from django.test import Client

from messaging.models import OptIn, OutboundMessage
from mpp.lib import notify
from queues.models import Ticket
from queues.services import ticket_issue
from tests.pow import solved

NIK = "3574014101900001"
PHONE = "081234567890"
NUMBER = "+6281234567890"

pytestmark = pytest.mark.usefixtures("clock", "hours", "cloud_api")


@pytest.fixture
def browser():
    return Client()


def _book(browser, service, **data):
    payload = {
        "date": "2026-11-25",
        "slot": "10:00",
        "nik": NIK,
        "phone": PHONE,
        "priority": "regular",
        "altcha": solved(),
        **data,
    }
    return browser.post(f"/book/{service.pk}/", payload)


def test_the_booking_form_offers_whatsapp(browser, service_a):
    html = browser.get(f"/book/{service_a.pk}/").content.decode()
    assert 'name="whatsapp"' in html and 'type="checkbox"' in html
    assert "lewat WhatsApp" in html


def test_ticked_on_the_form_the_confirmation_goes_by_whatsapp(
    browser, service_a, cloud_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = _book(browser, service_a, whatsapp="on")
    assert answer.status_code == 303
    opt_in = OptIn.objects.get(phone=NUMBER)
    assert (opt_in.source, opt_in.language) == ("booking", "id")
    assert opt_in.opted_in_at is not None
    (request,) = cloud_api.received
    assert request.body["template"]["name"] == "mpp_booking_confirmed"
    assert OutboundMessage.objects.get().kind == "booking_confirmed"
    assert notify.outbox == []


def test_in_english_the_consent_is_for_english(browser, service_a, cloud_api):
    browser.cookies.load({"django_language": "en"})
    assert _book(browser, service_a, whatsapp="on").status_code == 303
    assert OptIn.objects.get().language == "en"


def test_unticked_nothing_is_recorded_and_nothing_goes_by_whatsapp(
    browser, service_a, cloud_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _book(browser, service_a).status_code == 303
    assert not OptIn.objects.exists()
    assert cloud_api.received == []
    assert [m.kind for m in notify.outbox] == ["booking_confirmed"]  # the fallback


def test_a_refused_booking_records_no_consent(browser, service_a):
    answer = _book(browser, service_a, whatsapp="on", nik="123")
    assert answer.status_code == 400
    assert not OptIn.objects.exists()


def test_the_booking_api_takes_the_consent(api, service_a):
    body = {
        "service": service_a.pk,
        "date": dt.date(2026, 11, 25),
        "slot_start": "10:00",
        "nik": NIK,
        "phone": PHONE,
        "whatsapp_opt_in": True,
    }
    answer = api.post("/api/v1/bookings/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 201, answer.content
    assert (OptIn.objects.get().source, OptIn.objects.get().language) == ("booking", "en")
    body.update(nik="3574010101900002", whatsapp_opt_in=False, phone="081299999999")
    assert api.post("/api/v1/bookings/", body, format="json").status_code == 201
    assert OptIn.objects.count() == 1


def test_the_ticket_page_offers_then_shows_whatsapp(browser, service_a):
    ticket = ticket_issue(service=service_a, phone=PHONE)
    html = browser.get(f"/t/{ticket.token}/").content.decode()
    assert 'id="t-whatsapp"' in html and 'name="whatsapp"' in html
    answer = browser.post(f"/t/{ticket.token}/", {"whatsapp": "1"})
    assert answer.status_code == 302
    opt_in = OptIn.objects.get(phone=NUMBER)
    assert opt_in.source == "ticket_page"
    html = browser.get(f"/t/{ticket.token}/").content.decode()
    assert 'id="t-whatsapp"' not in html and 'id="t-whatsapp-on"' in html
    assert "1234567890" not in html  # the phone is never on the page
    assert Ticket.objects.get(pk=ticket.pk).status == "waiting"  # not the cancel form


def test_no_phone_no_offer(browser, service_a):
    ticket = ticket_issue(service=service_a)
    html = browser.get(f"/t/{ticket.token}/").content.decode()
    assert "t-whatsapp" not in html
    browser.post(f"/t/{ticket.token}/", {"whatsapp": "1"})
    assert not OptIn.objects.exists()
