"""No NIK, phone or name in any webhook payload, for every event type: each action is
taken for a resident who gave all three, and the bodies are searched for them."""

import datetime as dt
import json

import pytest
from django.db import transaction

from complaints.models import Complaint
from complaints.services import complaint_file
from console.services import counter_open
from monitoring.services import booth_scan
from queues.services import ticket_book, ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests.conftest import TUESDAY, at
from webhooks import services
from webhooks.models import Delivery, EventType

pytestmark = pytest.mark.usefixtures("clock", "hours")

NIK = "3574014501900123"
PHONE_LOCAL = "081234567890"
PHONE_STORED = "+6281234567890"
NAME = "Siti Rahmawati"
SECRETS = (NIK, PHONE_LOCAL, PHONE_STORED, PHONE_STORED[1:], "81234567890", NAME, "Rahmawati")


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def bodies(event_type: str) -> list[str]:
    found = list(Delivery.objects.filter(event_type=event_type).values_list("body", flat=True))
    assert found, f"no {event_type} was emitted"
    return found


def assert_anonymous(body: str) -> None:
    for secret in SECRETS:
        assert secret not in body
    assert not _keys(json.loads(body)) & services.PERSONAL_KEYS


@pytest.fixture
def mall_day(
    endpoint,
    service_a,
    counter_a,
    counter_b,
    officer_a,
    agency_a,
    django_capture_on_commit_callbacks,
):
    """Every event type, each about a resident who gave NIK, phone and name."""
    with django_capture_on_commit_callbacks(execute=True):
        counter_open(counter=counter_a, officer=officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_issue(service=service_a, nik=NIK, phone=PHONE_LOCAL, name=NAME)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_book(
            service=service_a,
            day=TUESDAY + dt.timedelta(days=1),
            slot_start=dt.time(10),
            nik=NIK,
            phone=PHONE_LOCAL,
            name=NAME,
        )
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_call_next(counter=counter_a, actor=officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_start(ticket=ticket, actor=officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_finish(ticket=ticket, actor=officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        complaint_file(
            category=Complaint.Category.OTHER,
            description=f"Saya {NAME}, NIK {NIK}, HP {PHONE_LOCAL}: antrean lama.",
            agency=agency_a,
            ticket_token=ticket.token,
            name=NAME,
            contact=PHONE_LOCAL,
        )
    with django_capture_on_commit_callbacks(execute=True):
        booth_scan(at=at(12, 0))  # another booth's counter never opened: empty
    with django_capture_on_commit_callbacks(execute=True):
        services.document_ready_emit(
            code="DOKUMEN-7Q2X", service_id=service_a.pk, agency_id=agency_a.pk, ready_at=at(11)
        )
    return ticket


@pytest.mark.parametrize("event_type", [t for t in EventType.values if t != "webhook.test"])
def test_no_personal_data_in_any_type(mall_day, event_type):
    for body in bodies(event_type):
        assert_anonymous(body)


def test_the_test_event_is_anonymous_too(endpoint):
    assert_anonymous(services.webhook_send_test(endpoint=endpoint).body)


def test_what_each_type_carries(mall_day, service_a, agency_a):
    """Enough for a receiver to act on: codes, ids, statuses and times."""
    issued = [json.loads(b)["data"] for b in bodies("ticket.issued")]
    assert sorted((d["channel"], d["status"]) for d in issued) == [
        ("kiosk", "waiting"),
        ("online", "booked"),
    ]
    (called,) = [json.loads(b)["data"] for b in bodies("ticket.called")]
    assert (called["ticket"], called["status"]) == ("A-001", "called")
    assert called["counter"]["number"] == 1
    (finished,) = [json.loads(b)["data"] for b in bodies("ticket.finished")]
    assert finished["status"] == "done" and finished["finished_at"]
    (complaint,) = [json.loads(b)["data"] for b in bodies("complaint.created")]
    assert complaint["ticket"] == "A-001" and complaint["agency"] == agency_a.pk
    assert "description" not in complaint
    alerts = [json.loads(b)["data"] for b in bodies("booth.alert")]
    assert {(a["kind"], a["state"]) for a in alerts} == {("empty", "opened")}
    (document,) = [json.loads(b)["data"] for b in bodies("document.ready")]
    assert document == {
        "code": "DOKUMEN-7Q2X",
        "service": service_a.pk,
        "agency": agency_a.pk,
        "ready_at": "2026-11-24T11:00:00+07:00",
    }


def test_a_closed_alert_is_sent_too(
    endpoint, counter_a, officer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booth_scan(at=at(8, 30))
    with django_capture_on_commit_callbacks(execute=True):
        counter_open(counter=counter_a, officer=officer_a)
    states = [json.loads(b)["data"]["state"] for b in bodies("booth.alert")]
    assert sorted(states) == ["closed", "opened"]


def test_an_emitter_that_slips_a_personal_key_is_refused(db):
    refused = pytest.raises(services.PersonalDataInPayload, match=r"data.ticket.phone")
    with refused, transaction.atomic():
        services.webhook_emit(type="ticket.issued", data={"ticket": {"phone": "+62812"}})


def test_an_unknown_type_is_refused(db):
    with pytest.raises(ValueError):
        services.webhook_emit(type="ticket.teleported", data={})
