"""Ready documents: the resident is told once, takes a number in the pickup line, and
that line is called before new applications."""

import datetime as dt

import pytest

from console.services import counter_open
from documents import tasks
from documents.models import Document
from documents.services import document_open, document_pickup, document_set_status
from queues.models import Ticket
from queues.services import ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests.conftest import TUESDAY_9AM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "hours")]


@pytest.fixture
def document(served, officer_a):
    return document_open(ticket=served, expected_ready=TUESDAY_9AM.date(), note="", actor=officer_a)


def ready(document, officer_a):
    return document_set_status(document=document, status="ready", actor=officer_a)


def test_the_resident_is_told_once_when_ready(
    outbox, document, officer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ready(document, officer_a)  # the task is queued on commit (run inline in tests)

    assert [m.kind for m in outbox] == ["document_ready"]
    message = outbox[0]
    assert message.phone == "+6281234567890"
    assert document.code in message.text and "siap diambil" in message.text
    assert "Siti" not in message.text
    # What the WhatsApp template mpp_document_ready fills in.
    assert message.params == {"code": document.code, "service": document.service.name}
    assert tasks.notify_document_ready(document.pk) is False  # a redelivery sends nothing
    assert len(outbox) == 1


def test_nothing_is_sent_for_a_document_no_longer_ready(outbox, document, officer_a):
    ready(document, officer_a)  # its task waits for a commit that never comes here
    document_set_status(document=document, status="collected", actor=officer_a)

    assert tasks.notify_document_ready(document.pk) is False
    assert outbox == []


def test_no_phone_no_message(
    outbox, counter_a, officer_a, service_a, django_capture_on_commit_callbacks
):
    counter_open(counter=counter_a, officer=officer_a)
    ticket_issue(service=service_a)
    ticket = ticket_call_next(counter=counter_a, actor=officer_a)
    ticket_start(ticket=ticket, actor=officer_a)
    ticket_finish(ticket=ticket, actor=officer_a)
    document = document_open(
        ticket=ticket, expected_ready=TUESDAY_9AM.date(), note="", actor=officer_a
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ready(document, officer_a)

    assert outbox == []
    assert callbacks  # the ready event still went to the page


def test_a_ready_document_takes_a_pickup_number_once(api, document, officer_a, pickup_line):
    ready(document, officer_a)

    first = api.post(f"/api/v1/documents/{document.code}/pickup/")
    again = api.post(f"/api/v1/documents/{document.code}/pickup/")

    assert first.status_code == 201, first.json()
    assert first.json()["code"] == "AMB-001" and first.json()["status"] == "waiting"
    assert again.json()["token"] == first.json()["token"]
    assert Ticket.objects.filter(service=pickup_line.service).count() == 1
    document.refresh_from_db()
    assert document.pickup_ticket.token == first.json()["token"]


def test_a_document_still_processing_takes_no_number(api, document, pickup_line):
    answer = api.post(f"/api/v1/documents/{document.code}/pickup/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 409
    assert answer.json()["code"] == "document_not_ready"
    assert "still being processed" in answer.json()["detail"]
    assert not Ticket.objects.filter(service=pickup_line.service).exists()


def test_an_agency_without_a_pickup_line_says_so(api, document, officer_a):
    ready(document, officer_a)
    answer = api.post(f"/api/v1/documents/{document.code}/pickup/")
    assert answer.status_code == 409 and answer.json()["code"] == "no_pickup_line"


def test_the_pickup_line_is_called_before_new_applications(
    clock, document, officer_a, counter_a, service_a, service_a2, pickup_line
):
    ready(document, officer_a)
    earlier = [ticket_issue(service=service_a), ticket_issue(service=service_a2)]
    clock.shift(dt.timedelta(minutes=10))
    pickup = document_pickup(document=document)
    clock.shift(dt.timedelta(minutes=1))
    later = ticket_issue(service=service_a)

    first = ticket_call_next(counter=counter_a, actor=officer_a)

    assert first.pk == pickup.pk and first.code == "AMB-001"
    ticket_start(ticket=first, actor=officer_a)
    ticket_finish(ticket=first, actor=officer_a)
    rest = []
    for _ in range(3):
        rest.append(ticket_call_next(counter=counter_a, actor=officer_a))
        ticket_start(ticket=rest[-1], actor=officer_a)
        ticket_finish(ticket=rest[-1], actor=officer_a)
    assert [t.pk for t in rest] == [earlier[0].pk, earlier[1].pk, later.pk]


def test_priority_residents_keep_their_place_before_a_later_pickup(
    clock, document, officer_a, counter_a, service_a, pickup_line
):
    ready(document, officer_a)
    elderly = ticket_issue(service=service_a, priority=Ticket.Priority.ELDERLY)
    clock.shift(dt.timedelta(minutes=1))
    pickup = document_pickup(document=document)

    assert ticket_call_next(counter=counter_a, actor=officer_a).pk == elderly.pk
    assert Ticket.objects.get(pk=pickup.pk).priority_rank == 0


def test_collecting_after_the_pickup_call(api_as, document, officer_a, counter_a, pickup_line):
    ready(document, officer_a)
    document_pickup(document=document)
    called = ticket_call_next(counter=counter_a, actor=officer_a)
    ticket_start(ticket=called, actor=officer_a)
    ticket_finish(ticket=called, actor=officer_a)

    answer = api_as(officer_a).post(
        f"/api/v1/staff/documents/{document.code}/status/", {"status": "collected"}
    )

    assert answer.status_code == 200
    assert answer.json()["pickup_ticket"] == "AMB-001"
    assert Document.objects.get(pk=document.pk).status == "collected"
