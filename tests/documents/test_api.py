"""Documents through the API (API.md "Documents"): open at finish, the state machine,
the public view without personal data, refusals in Indonesian and English."""

import datetime as dt

import pytest

from documents.models import Document, DocumentEvent
from queues.services import ticket_issue
from tests.conftest import TUESDAY_9AM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "hours")]

TODAY = TUESDAY_9AM.date()
FRIDAY = (TODAY + dt.timedelta(days=3)).isoformat()


def open_document(client, ticket, **body):
    body = {"expected_ready": FRIDAY, "note": "Menunggu blanko", **body}
    return client.post(f"/api/v1/tickets/{ticket.token}/document/", body, format="json")


def set_status(client, code, status, **headers):
    return client.post(
        f"/api/v1/staff/documents/{code}/status/",
        {"status": status, "note": ""},
        format="json",
        **headers,
    )


def test_the_officer_opens_a_document_after_finish(api_as, officer_a, served):
    answer = open_document(api_as(officer_a), served)

    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["status"] == "processing"
    assert body["expected_ready"] == FRIDAY
    assert body["ready_at"] is None and body["collected_at"] is None
    assert body["service"] == served.service_id
    assert [e["status"] for e in body["events"]] == ["processing"]
    assert set(body) >= {"code", "service", "status", "expected_ready", "ready_at"}
    document = Document.objects.get(code=body["code"])
    assert document.ticket_id == served.pk and document.created_by == officer_a


def test_the_whole_way_to_collected(api_as, api, officer_a, served, clock):
    staff = api_as(officer_a)
    code = open_document(staff, served).json()["code"]
    clock.shift(dt.timedelta(days=1))
    ready = set_status(staff, code, "ready")
    clock.shift(dt.timedelta(hours=2))
    collected = set_status(staff, code, "collected")

    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert collected.status_code == 200
    body = api.get(f"/api/v1/documents/{code}/").json()
    assert body["status"] == "collected"
    assert dt.datetime.fromisoformat(body["ready_at"]) == TUESDAY_9AM + dt.timedelta(days=1)
    assert dt.datetime.fromisoformat(body["collected_at"]) == TUESDAY_9AM + dt.timedelta(
        days=1, hours=2
    )
    assert [e["status"] for e in body["events"]] == ["processing", "ready", "collected"]


@pytest.mark.parametrize(
    ("path", "target", "allowed"),
    [
        ([], "ready", True),
        ([], "cancelled", True),
        ([], "collected", False),
        (["ready"], "collected", True),
        (["ready"], "cancelled", True),
        (["ready"], "ready", False),
        (["ready", "collected"], "cancelled", False),
        (["ready", "collected"], "ready", False),
        (["cancelled"], "ready", False),
        (["cancelled"], "collected", False),
    ],
)
def test_the_state_machine(api_as, officer_a, served, path, target, allowed):
    staff = api_as(officer_a)
    code = open_document(staff, served).json()["code"]
    for step in path:
        assert set_status(staff, code, step).status_code == 200

    answer = set_status(staff, code, target)

    assert answer.status_code == (200 if allowed else 409), answer.json()
    if not allowed:
        assert answer.json()["code"] == "invalid_document_status"
        status = Document.objects.get(code=code).status
        assert status == (path[-1] if path else "processing")


def test_an_invalid_transition_is_explained_in_both_languages(api_as, officer_a, served):
    staff = api_as(officer_a)
    code = open_document(staff, served).json()["code"]

    indonesian = set_status(staff, code, "collected").json()["detail"]
    english = set_status(staff, code, "collected", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]

    assert indonesian == "Berkas berstatus Diproses dan tidak dapat diubah menjadi Sudah diambil."
    assert english == "The document is Processing and cannot be changed to Collected."


def test_processing_is_not_a_status_to_set(api_as, officer_a, served):
    staff = api_as(officer_a)
    code = open_document(staff, served).json()["code"]
    answer = set_status(staff, code, "processing")
    assert answer.status_code == 400 and "status" in answer.json()


def test_the_public_view_has_no_personal_data(api, api_as, officer_a, served):
    code = open_document(api_as(officer_a), served, note="Siti Aminah, blanko habis").json()["code"]

    answer = api.get(f"/api/v1/documents/{code}/")

    assert answer.status_code == 200
    text = answer.content.decode()
    for private in ["Siti", "Aminah", "081234567890", "81234567890", served.token, "blanko"]:
        assert private not in text
    assert set(answer.json()) == {
        "code",
        "service",
        "service_name",
        "agency_name",
        "status",
        "status_label",
        "expected_ready",
        "ready_at",
        "collected_at",
        "events",
    }
    assert all(set(e) == {"at", "status"} for e in answer.json()["events"])


def test_the_public_code_is_forgiving_and_unknown_codes_are_404(api, api_as, officer_a, served):
    code = open_document(api_as(officer_a), served).json()["code"]

    typed = code.lower().replace("-", "")
    assert api.get(f"/api/v1/documents/{typed}/").json()["code"] == code
    missing = api.get("/api/v1/documents/AAAA-BBBB-CCCC-DDDD/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert missing.json() == {
        "code": "not_found",
        "detail": "Document not found. Check your document code again.",
    }
    assert api.get("/api/v1/documents/%00%00/").status_code == 404


def test_the_ticket_page_reads_its_document_by_token(api, api_as, officer_a, served):
    assert api.get(f"/api/v1/tickets/{served.token}/document/").status_code == 404
    code = open_document(api_as(officer_a), served).json()["code"]
    answer = api.get(f"/api/v1/tickets/{served.token}/document/")
    assert answer.status_code == 200 and answer.json()["code"] == code


@pytest.mark.parametrize("status", ["waiting", "called", "serving", "no_show", "cancelled"])
def test_only_a_finished_visit_opens_a_document(api_as, officer_a, service_a, counter_a, status):
    ticket = ticket_issue(service=service_a)
    ticket.__class__.objects.filter(pk=ticket.pk).update(status=status, counter=counter_a)

    answer = open_document(api_as(officer_a), ticket)

    assert answer.status_code == 409
    assert answer.json()["code"] == "ticket_not_finished"
    assert not Document.objects.exists()


def test_one_document_per_visit(api_as, officer_a, served):
    first = open_document(api_as(officer_a), served).json()["code"]
    again = open_document(api_as(officer_a), served, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409
    assert again.json()["code"] == "document_exists"
    assert first in again.json()["detail"]


def test_the_expected_day_is_not_in_the_past(api_as, officer_a, served):
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    answer = open_document(api_as(officer_a), served, expected_ready=yesterday)
    assert answer.status_code == 400
    assert answer.json()["code"] == "expected_ready_past"
    malformed = open_document(api_as(officer_a), served, expected_ready="besok")
    assert malformed.status_code == 400 and "expected_ready" in malformed.json()


def test_another_agencys_officer_is_refused(api_as, officer_a, officer_b, served):
    refused = open_document(api_as(officer_b), served)
    assert refused.status_code == 403
    code = open_document(api_as(officer_a), served).json()["code"]

    hidden = set_status(api_as(officer_b), code, "ready")

    assert hidden.status_code == 404
    assert Document.objects.get(code=code).status == "processing"


def test_supervisor_and_manager_may_move_it_a_kiosk_may_not(
    api_as, officer_a, supervisor_a, manager, kiosk, served
):
    code = open_document(api_as(officer_a), served).json()["code"]
    assert set_status(api_as(kiosk), code, "ready").status_code == 404
    assert set_status(api_as(supervisor_a), code, "ready").status_code == 200
    assert set_status(api_as(manager), code, "collected").status_code == 200


def test_anonymous_cannot_open_or_move(api, api_as, officer_a, served):
    assert open_document(api, served).status_code in (401, 403)
    code = open_document(api_as(officer_a), served).json()["code"]
    assert set_status(api, code, "ready").status_code in (401, 403)


def test_the_timeline_keeps_who_and_why_for_staff(api_as, officer_a, served):
    staff = api_as(officer_a)
    code = open_document(staff, served).json()["code"]
    staff.post(
        f"/api/v1/staff/documents/{code}/status/",
        {"status": "ready", "note": "Blanko datang"},
        format="json",
    )
    event = DocumentEvent.objects.filter(document__code=code).last()
    assert (event.status, event.note, event.actor) == ("ready", "Blanko datang", officer_a)
