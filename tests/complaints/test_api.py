"""The complaint endpoints of API.md: filing, tracking, the staff inbox, replies (the
SP4N-LAPOR! export: test_api_lapor.py)."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import services
from complaints.models import Complaint, ComplaintAttachment, ComplaintResponse
from tests import factories
from tests.api.test_errors import assert_documented_error
from tests.complaints.conftest import (
    PUBLIC_REPLY,
    REPORTER_NAME,
    REPORTER_PHONE,
    REPORTER_PHONE_STORED,
    reporter_data_absent,
)
from tests.conftest import WIB

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HUGE = "x" * 100_000
BODY = {"category": "waiting", "description": "Antrean terlalu lama."}


# --- filing ---------------------------------------------------------------------------------


def test_anonymous_complaint_needs_only_category_and_description(api, clock):
    response = api.post("/api/v1/complaints/", BODY, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"code", "status", "due_at"}
    assert body["status"] == "received"
    assert body["due_at"] == "2026-12-01T23:59:59+07:00"
    complaint = Complaint.objects.get(code=body["code"])
    assert (complaint.name, complaint.contact, complaint.agency, complaint.channel) == (
        "",
        "",
        None,
        "web",
    )


def test_full_complaint_from_a_ticket(api, clock, service_a):
    ticket = factories.TicketFactory(service=service_a)
    body = {**BODY, "ticket_token": ticket.token, "name": REPORTER_NAME, "contact": REPORTER_PHONE}

    response = api.post("/api/v1/complaints/", body, format="json")

    assert response.status_code == 201
    complaint = Complaint.objects.get(code=response.json()["code"])
    assert (complaint.ticket, complaint.service, complaint.agency) == (
        ticket,
        service_a,
        service_a.agency,
    )
    assert complaint.contact == REPORTER_PHONE_STORED
    reporter_data_absent(response.content)


def test_agency_and_service_ids(api, clock, agency_a, service_a, service_b):
    ok = api.post("/api/v1/complaints/", {**BODY, "agency": agency_a.pk}, format="json")
    both = {**BODY, "agency": agency_a.pk, "service": service_a.pk}
    mismatch = {**BODY, "agency": agency_a.pk, "service": service_b.pk}

    assert ok.status_code == 201
    assert api.post("/api/v1/complaints/", both, format="json").status_code == 201
    refused = api.post("/api/v1/complaints/", mismatch, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "service_not_of_agency"


def test_kiosk_and_staff_filings_are_marked_and_not_rate_limited(api_as, clock, kiosk, officer_a):
    for user, channel in ((kiosk, "kiosk"), (officer_a, "staff")):
        client = api_as(user)
        for _ in range(services.RATE_LIMIT + 1):
            response = client.post("/api/v1/complaints/", BODY, format="json")
            assert response.status_code == 201
        assert Complaint.objects.filter(channel=channel).count() == services.RATE_LIMIT + 1
    assert Complaint.objects.filter(channel="staff").first().filed_by == officer_a


def test_rate_limit_is_a_clear_429(api, clock):
    for _ in range(services.RATE_LIMIT):
        assert api.post("/api/v1/complaints/", BODY, format="json").status_code == 201

    refused = api.post("/api/v1/complaints/", BODY, format="json")
    english = api.post("/api/v1/complaints/", BODY, format="json", HTTP_ACCEPT_LANGUAGE="en")
    other_client = api.post("/api/v1/complaints/", BODY, format="json", REMOTE_ADDR="10.9.9.9")

    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_complaints"
    assert "satu jam" in refused.json()["detail"]
    assert english.status_code == 429
    assert "hour" in english.json()["detail"]
    assert other_client.status_code == 201
    assert Complaint.objects.count() == services.RATE_LIMIT + 1


def test_forwarded_for_does_not_dodge_the_rate_limit(api, clock):
    for n in range(services.RATE_LIMIT + 1):
        response = api.post(
            "/api/v1/complaints/", BODY, format="json", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        )
    assert response.status_code == 429


def test_attachments_by_multipart(api, clock):
    body = {
        **BODY,
        "attachments": [
            SimpleUploadedFile("foto.png", PNG, "image/png"),
            SimpleUploadedFile("surat.pdf", b"%PDF-1.4 x", "application/pdf"),
        ],
    }

    response = api.post("/api/v1/complaints/", body, format="multipart")

    assert response.status_code == 201, response.content
    types = ComplaintAttachment.objects.values_list("content_type", flat=True)
    assert sorted(types) == ["application/pdf", "image/png"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("foto.jpg", b"MZ\x90\x00 program", "attachment_type"),
        ("foto.png", PNG + b"\x00" * (5 * 1024 * 1024), "attachment_too_large"),
    ],
    ids=["exe-named-jpg", "too-big"],
)
def test_bad_attachments_are_refused(api, clock, name, content, code):
    def upload():
        return {**BODY, "attachments": [SimpleUploadedFile(name, content, "image/jpeg")]}

    response = api.post("/api/v1/complaints/", upload(), format="multipart")
    english = api.post(
        "/api/v1/complaints/", upload(), format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert english.json()["code"] == code
    assert english.json()["detail"] != response.json()["detail"]
    assert not Complaint.objects.exists()
    assert not ComplaintAttachment.objects.exists()


def test_too_many_attachments_is_a_field_error(api, clock):
    uploads = [SimpleUploadedFile(f"{n}.png", PNG, "image/png") for n in range(4)]

    response = api.post("/api/v1/complaints/", {**BODY, "attachments": uploads}, format="multipart")

    assert_documented_error(response, field="attachments")
    assert not Complaint.objects.exists()


BAD_BODIES = {
    "no category": ({"description": "x"}, "category"),
    "no description": ({"category": "waiting"}, "description"),
    "blank description": ({**BODY, "description": "   "}, "description"),
    "unknown category": ({**BODY, "category": HUGE}, "category"),
    "category object": ({**BODY, "category": {}}, "category"),
    "huge description": ({**BODY, "description": HUGE}, "description"),
    "nul description": ({**BODY, "description": "a\x00b"}, "description"),
    "surrogate name": ({**BODY, "name": "\ud800"}, "name"),
    "huge contact": ({**BODY, "contact": HUGE}, "contact"),
    "agency huge": ({**BODY, "agency": 99999999999999999999}, "agency"),
    "agency text": ({**BODY, "agency": "abc"}, "agency"),
    "agency unknown": ({**BODY, "agency": 999999}, "agency"),
    "agency bool": ({**BODY, "agency": True}, "agency"),
    "service unknown": ({**BODY, "service": 999999}, "service"),
    "service list": ({**BODY, "service": [1]}, "service"),
    "ticket list": ({**BODY, "ticket_token": ["x"]}, "ticket_token"),
    "ticket unknown": ({**BODY, "ticket_token": "tidak-ada-tiket-ini"}, None),
    "ticket nul": ({**BODY, "ticket_token": "abc\x00def"}, "ticket_token"),
    "attachments as text": ({**BODY, "attachments": ["data:image/png;base64,AAAA"]}, "attachments"),
    "attachments object": ({**BODY, "attachments": {"a": 1}}, "attachments"),
    "attachments many": ({**BODY, "attachments": ["x"] * 1000}, "attachments"),
}


OWN_MESSAGES = {"unknown category", "agency text", "agency unknown", "ticket unknown"}


@pytest.mark.parametrize("case", BAD_BODIES, ids=list(BAD_BODIES))
def test_bad_complaint_bodies_are_4xx_in_both_languages(api, clock, case):
    body, field = BAD_BODIES[case]

    indonesian = api.post("/api/v1/complaints/", json.dumps(body), content_type="application/json")
    english = api.post(
        "/api/v1/complaints/",
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert_documented_error(indonesian, field=field)
    assert_documented_error(english, field=field)
    if case in OWN_MESSAGES:  # DRF's own "id" catalogue leaves some messages in English
        assert indonesian.content != english.content
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("raw", ["{", "[]", "null", "1", "", '"x"', "[" * 10_000])
def test_malformed_json_is_refused(api, clock, raw):
    response = api.post("/api/v1/complaints/", raw, content_type="application/json")

    assert_documented_error(response)
    assert not Complaint.objects.exists()


# --- tracking ------------------------------------------------------------------------------


def test_tracking_shows_public_replies_only_and_no_reporter_data(api, complaint_a_answered):
    response = api.get(f"/api/v1/complaints/{complaint_a_answered.code}/")

    assert response.status_code == 200
    body = response.json()
    assert {"code", "status", "category", "created_at", "due_at", "responses"} <= set(body)
    assert body["status"] == "verified"
    assert body["category"] == "waiting"
    assert [r["message"] for r in body["responses"]] == [PUBLIC_REPLY]
    assert set(body["responses"][0]) == {"at", "message"}
    assert b"rahasia" not in response.content
    assert b"supervisor-a" not in response.content
    reporter_data_absent(response.content)


def test_tracking_code_is_case_insensitive(api, complaint_a):
    assert api.get(f"/api/v1/complaints/{complaint_a.code.lower()}/").status_code == 200


@pytest.mark.parametrize("code", ["ADU-00000000", "x", "ADU-" + "A" * 50, "%00", "ADU-ZZZZZZZZ"])
def test_unknown_code_is_404(api, db, code, complaint_a):
    response = api.get(f"/api/v1/complaints/{code}/")
    english = api.get(f"/api/v1/complaints/{code}/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"detail": "Pengaduan tidak ditemukan.", "code": "not_found"}
    assert english.json() == {"detail": "Complaint not found.", "code": "not_found"}


# --- staff: who may -------------------------------------------------------------------------


def staff_requests(code):
    return [
        ("get", "/api/v1/staff/complaints/", None),
        ("get", f"/api/v1/staff/complaints/{code}/", None),
        ("post", f"/api/v1/staff/complaints/{code}/respond/", {"message": "Halo", "public": True}),
        ("post", f"/api/v1/staff/complaints/{code}/lapor/", {"reference": "LAP-1"}),
        ("get", f"/api/v1/staff/complaints/export/?codes={code}", None),
    ]


@pytest.mark.parametrize("persona", ["officer_a", "kiosk", "anonymous"])
def test_staff_endpoints_refuse_officers_kiosks_and_anonymous(
    request, api, api_as, complaint_a, persona
):
    client = api if persona == "anonymous" else api_as(request.getfixturevalue(persona))
    for method, path, body in staff_requests(complaint_a.code):
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code in (401, 403), (path, response.status_code)
        assert_documented_error(response)
    assert not ComplaintResponse.objects.exists()
    complaint_a.refresh_from_db()
    assert complaint_a.lapor_forwarded_at is None


def test_staff_endpoints_refuse_a_supervisor_of_another_agency(api_as, complaint_a, supervisor_b):
    client = api_as(supervisor_b)
    for method, path, body in staff_requests(complaint_a.code)[1:]:
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code == 404, (path, response.status_code)
        assert_documented_error(response)
    listing = client.get("/api/v1/staff/complaints/")
    assert listing.status_code == 200 and listing.json() == []
    assert not ComplaintResponse.objects.exists()
    complaint_a.refresh_from_db()
    assert (complaint_a.lapor_forwarded_at, complaint_a.lapor_reference) == (None, "")


def test_supervisor_does_not_see_complaints_without_agency(api_as, complaint_mall, supervisor_a):
    response = api_as(supervisor_a).get(f"/api/v1/staff/complaints/{complaint_mall.code}/")
    assert response.status_code == 404


def test_manager_sees_every_complaint(api_as, complaint_a, complaint_b, complaint_mall, manager):
    response = api_as(manager).get("/api/v1/staff/complaints/")

    assert response.status_code == 200
    codes = {row["code"] for row in response.json()}
    assert codes == {complaint_a.code, complaint_b.code, complaint_mall.code}


def test_staff_token_auth(api, complaint_a, supervisor_a):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=supervisor_a)
    response = api.get("/api/v1/staff/complaints/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert [row["code"] for row in response.json()] == [complaint_a.code]


# --- staff: the inbox -----------------------------------------------------------------------


def test_inbox_shows_reporter_and_sla_to_staff(api_as, complaint_a, supervisor_a):
    row = api_as(supervisor_a).get("/api/v1/staff/complaints/").json()[0]

    assert row["name"] == REPORTER_NAME
    assert row["contact"] == REPORTER_PHONE_STORED
    assert row["sla"] == "on_time"
    assert row["agency_name"] == "Dispendukcapil"


def test_inbox_filters(api_as, clock, complaint_a, complaint_b, complaint_mall, manager):
    client = api_as(manager)
    services.complaint_respond(complaint=complaint_b, author=manager, status="verified")

    def codes(query: str) -> set[str]:
        response = client.get("/api/v1/staff/complaints/?" + query)
        assert response.status_code == 200, response.content
        return {row["code"] for row in response.json()}

    assert codes("status=verified") == {complaint_b.code}
    assert codes(f"agency={complaint_a.agency_id}") == {complaint_a.code}
    assert codes("q=toilet") == {complaint_mall.code}
    assert codes(f"q={complaint_a.code.lower()}") == {complaint_a.code}
    assert codes("overdue=true") == set()
    clock.move_to(dt.datetime(2026, 12, 2, 8, 0, tzinfo=WIB))
    assert codes("overdue=true") == {complaint_a.code, complaint_b.code, complaint_mall.code}
    assert codes("overdue=false") == set()


@pytest.mark.parametrize(
    "query",
    [
        "status=done",
        "status=" + "x" * 5000,
        "agency=abc",
        "agency=99999999999",
        "overdue=maybe",
        "q=" + "x" * 500,
        "escalated=2",
    ],
)
def test_bad_inbox_filters_are_field_errors(api_as, manager, query):
    response = api_as(manager).get("/api/v1/staff/complaints/?" + query)
    english = api_as(manager).get("/api/v1/staff/complaints/?" + query, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert_documented_error(response)
    assert english.status_code == 400


# --- staff: respond --------------------------------------------------------------------------


def respond(client, code, **body):
    return client.post(f"/api/v1/staff/complaints/{code}/respond/", body, format="json")


def test_lifecycle_through_the_api(api, api_as, complaint_a, supervisor_a, manager):
    client = api_as(supervisor_a)
    steps = [
        {"status": "verified", "message": "Pengaduan Anda kami verifikasi.", "public": True},
        {"status": "in_progress", "message": "Diteruskan ke kepala gerai.", "public": False},
        {"status": "resolved", "message": "Petugas sudah ditegur.", "public": True},
    ]
    for step in steps:
        response = respond(client, complaint_a.code, **step)
        assert response.status_code == 200, response.content
        assert response.json()["status"] == step["status"]
    closed = respond(api_as(manager), complaint_a.code, status="closed")
    assert closed.json()["status"] == "closed"
    assert len(closed.json()["responses"]) == 4

    public = api.get(f"/api/v1/complaints/{complaint_a.code}/").json()
    assert public["status"] == "closed"
    assert [r["message"] for r in public["responses"]] == [
        "Pengaduan Anda kami verifikasi.",
        "Petugas sudah ditegur.",
    ]


def test_invalid_transition_is_409(api_as, complaint_a, supervisor_a):
    response = respond(api_as(supervisor_a), complaint_a.code, status="closed")
    english = respond(
        api_as(supervisor_a), complaint_a.code, status="closed"
    )  # same refusal twice: nothing changed

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert "Diterima" in response.json()["detail"]
    assert english.status_code == 409
    complaint_a.refresh_from_db()
    assert complaint_a.status == "received"


def test_rejection_shows_its_reason_publicly(api, api_as, complaint_a, supervisor_a):
    missing = respond(api_as(supervisor_a), complaint_a.code, status="rejected")
    done = respond(
        api_as(supervisor_a), complaint_a.code, status="rejected", reason="Di luar wewenang MPP."
    )

    assert missing.status_code == 400
    assert missing.json()["code"] == "rejection_reason_required"
    assert done.status_code == 200
    public = api.get(f"/api/v1/complaints/{complaint_a.code}/").json()
    assert (public["status"], public["rejection_reason"]) == ("rejected", "Di luar wewenang MPP.")


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        "[]",
        '{"status": "done"}',
        '{"public": "maybe", "message": "x"}',
        '{"message": {}}',
        '{"message": "' + "x" * 6000 + '"}',
        '{"message": "\\u0000"}',
        "{}",
        '{"message": "   "}',
    ],
)
def test_bad_respond_bodies_are_4xx(api_as, complaint_a, supervisor_a, raw):
    client = api_as(supervisor_a)
    path = f"/api/v1/staff/complaints/{complaint_a.code}/respond/"

    response = client.post(path, raw, content_type="application/json")
    english = client.post(path, raw, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    assert_documented_error(response)
    assert_documented_error(english)
    if "status" in raw or "   " in raw or raw == "{}":
        assert response.content != english.content
    assert not ComplaintResponse.objects.exists()


def test_public_reply_through_the_api_messages_the_reporter(
    api_as, complaint_a, supervisor_a, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        respond(api_as(supervisor_a), complaint_a.code, message="Sudah beres.", public=True)

    assert [m.phone for m in outbox] == [REPORTER_PHONE_STORED]


def test_escalation_moment_with_the_api(api_as, complaint_a, manager):
    from complaints.tasks import escalate_overdue

    with time_machine.travel(dt.datetime(2026, 12, 2, 7, 0, tzinfo=WIB), tick=False):
        escalate_overdue()
        rows = api_as(manager).get("/api/v1/staff/complaints/?escalated=true").json()
    assert [(row["code"], row["sla"]) for row in rows] == [(complaint_a.code, "overdue")]
    assert rows[0]["escalated_at"] == "2026-12-02T07:00:00+07:00"


def test_schema_keeps_reporter_data_out_of_public_shapes(api):
    schema = api.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]

    public = components["PublicComplaint"]["properties"]
    assert {"code", "status", "category", "created_at", "due_at", "responses"} <= set(public)
    assert not {"name", "contact", "description"} & set(public)
    assert set(components["PublicResponse"]["properties"]) == {"at", "message"}
    created = schema["paths"]["/api/v1/complaints/"]["post"]["responses"]["201"]
    assert created["content"]["application/json"]["schema"]["$ref"].endswith("ComplaintCreated")


def test_empty_attachment_is_a_field_error(api, clock):
    empty = SimpleUploadedFile("kosong.png", b"", "image/png")

    response = api.post("/api/v1/complaints/", {**BODY, "attachments": [empty]}, format="multipart")

    assert_documented_error(response, field="attachments")
    assert not Complaint.objects.exists()
