"""Errors: the documented shape, Indonesian by default and English on request, and
no input, however malformed, producing a 5xx or writing anything (API.md "General rules")."""

import datetime as dt
import json
from urllib.parse import unquote

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from console import services as counter_services
from counters.models import CounterPause, CounterSession
from queues import services as queue_services
from queues.models import DailySequence, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

NIK = "3574014101900001"
# Digits of other scripts: str.isdigit() and int() accept them, a NIK must not.
FULL_WIDTH_NIK = NIK.translate({ord("0") + i: 0xFF10 + i for i in range(10)})
ARABIC_INDIC_NIK = NIK.translate({ord("0") + i: 0x0660 + i for i in range(10)})
HUGE = "x" * 100_000
HUGE_INT = 99999999999999999999


@pytest.fixture
def mall(clock, hours):
    return clock


def writes():
    return (
        Ticket.objects.count(),
        TicketEvent.objects.count(),
        list(DailySequence.objects.order_by("id").values_list("prefix", "date", "last_number")),
        list(Ticket.objects.order_by("id").values_list("status", "counter_id", "service_id")),
        CounterSession.objects.count(),
        CounterPause.objects.count(),
        Token.objects.count(),
    )


def assert_documented_error(response, field=None):
    """A 4xx with {"detail", "code"} or {"field": ["message", ...]}."""
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict) and body
    if set(body) == {"detail", "code"}:
        assert isinstance(body["detail"], str) and body["detail"]
        assert isinstance(body["code"], str) and body["code"]
    else:
        for messages in body.values():
            assert isinstance(messages, list) and messages
            assert all(isinstance(m, str) and m for m in messages)
        if field is not None:
            assert field in body, body
    # Errors never echo megabytes back.
    assert len(response.content) < 2_000
    return body


# i18n ----------------------------------------------------------------------------------


def _past_booking(api, service, **headers):
    body = {
        "service": service.pk,
        "date": "2026-11-23",
        "slot_start": "09:00",
        "nik": NIK,
        "phone": "081234567890",
    }
    return api.post("/api/v1/bookings/", body, format="json", **headers)


def test_refusal_is_in_indonesian_by_default(api, mall, service_a):
    response = _past_booking(api, service_a)

    assert response.status_code == 400
    assert response.json() == {"detail": "Tanggal sudah lewat.", "code": "past_date"}


@pytest.mark.parametrize("header", ["id", "id-ID,id;q=0.9", "fr", "xx"])
def test_refusal_is_in_indonesian_for_indonesian_or_unknown_languages(api, mall, service_a, header):
    response = _past_booking(api, service_a, HTTP_ACCEPT_LANGUAGE=header)

    assert response.json() == {"detail": "Tanggal sudah lewat.", "code": "past_date"}


@pytest.mark.parametrize("header", ["en", "en-US,en;q=0.9", "en-GB"])
def test_refusal_is_in_english_on_request(api, mall, service_a, header):
    response = _past_booking(api, service_a, HTTP_ACCEPT_LANGUAGE=header)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "past_date"
    assert body["detail"]
    assert body["detail"] != "Tanggal sudah lewat."


def test_field_error_is_translated(api, mall, service_a):
    body = {"service": service_a.pk, "date": "2026-11-25", "slot_start": "09:00"}
    body.update(nik="123", phone="081234567890")

    indonesian = api.post("/api/v1/bookings/", body, format="json").json()
    english = api.post("/api/v1/bookings/", body, format="json", HTTP_ACCEPT_LANGUAGE="en").json()

    assert indonesian == {"nik": ["NIK harus terdiri dari 16 angka."]}
    assert list(english) == ["nik"]
    assert english["nik"] != indonesian["nik"]


def test_required_field_message_is_translated(api, mall):
    indonesian = api.post("/api/v1/bookings/", {}, format="json").json()
    english = api.post("/api/v1/bookings/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en").json()

    assert indonesian["service"] == ["Bidang ini harus diisi."]
    assert english["service"] == ["This field is required."]


def test_not_found_is_translated(api, db):
    path = "/api/v1/tickets/AAAAAAAAAAAAAAAAAAAAAAAA/"

    indonesian = api.get(path).json()
    english = api.get(path, HTTP_ACCEPT_LANGUAGE="en").json()

    assert indonesian == {"detail": "Tiket tidak ditemukan.", "code": "not_found"}
    assert english["code"] == "not_found"
    assert english["detail"] != indonesian["detail"]


def test_malformed_json_message_is_translated(api, db):
    def post(**headers):
        return api.post("/api/v1/bookings/", "{", content_type="application/json", **headers).json()

    assert post() == {"detail": "Isi permintaan bukan JSON yang valid.", "code": "parse_error"}
    assert post(HTTP_ACCEPT_LANGUAGE="en")["detail"] != "Isi permintaan bukan JSON yang valid."


def test_role_refusal_is_translated(api_as, mall, service_a, supervisor_a):
    client = api_as(supervisor_a)

    indonesian = client.post("/api/v1/kiosk/tickets/", {"service": service_a.pk}).json()
    english = client.post(
        "/api/v1/kiosk/tickets/", {"service": service_a.pk}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()

    assert indonesian["detail"] == "Peran Anda tidak diizinkan memakai layanan ini."
    assert english["detail"] != indonesian["detail"]


# Bad input on public, kiosk and staff endpoints ---------------------------------------


@pytest.fixture
def endpoints(mall, service_a, kiosk, api_as, counter_a, officer_a):
    """Each body endpoint: (client, path, a valid body)."""
    booked = queue_services.ticket_book(
        service=service_a, day=dt.date(2026, 11, 24), slot_start=dt.time(10), nik=NIK[:-1] + "2"
    )
    waiting = queue_services.ticket_issue(service=service_a)
    counter_services.counter_open(counter=counter_a, officer=officer_a)
    return {
        "booking": (
            APIClient(),
            "/api/v1/bookings/",
            {
                "service": service_a.pk,
                "date": "2026-11-25",
                "slot_start": "09:00",
                "nik": NIK,
                "phone": "081234567890",
                "name": "Budi",
                "priority": "regular",
            },
        ),
        "kiosk": (
            api_as(kiosk),
            "/api/v1/kiosk/tickets/",
            {"service": service_a.pk, "priority": "elderly"},
        ),
        "check-in": (api_as(kiosk), "/api/v1/check-in/", {"token": booked.token}),
        "auth-token": (
            APIClient(),
            "/api/v1/auth/token/",
            {"username": "kiosk", "password": "secret-pass"},
        ),
        "pause": (api_as(officer_a), f"/api/v1/counters/{counter_a.pk}/pause/", {"reason": "x"}),
        "call": (
            api_as(officer_a),
            f"/api/v1/counters/{counter_a.pk}/call/",
            {"token": waiting.token},
        ),
    }


BODY_ENDPOINTS = ["booking", "kiosk", "check-in", "auth-token", "pause", "call"]


@pytest.mark.parametrize("name", BODY_ENDPOINTS)
def test_the_valid_bodies_are_accepted(endpoints, name):
    """The baseline every bad-input case below breaks in one place."""
    client, path, body = endpoints[name]

    response = client.post(path, body, format="json")

    assert response.status_code in (200, 201), response.content


MALFORMED = [
    "{",
    '{"service": 1,',
    "{'service': 1}",
    '{"service": 1}}',
    "",
    "   ",
    "\x00",
    "[" * 100_000 + "]" * 100_000,
    '{"a":' * 100_000 + "1" + "}" * 100_000,
    "1" * 5_000,
    '{"service": 1, "service": }',
]
NOT_AN_OBJECT = ["[]", "[{}]", "1", "1.5", '"text"', "null", "true", "[1, 2]"]


# Bytes that are not UTF-8 at all: a UTF-16 byte order mark, a broken sequence.
INVALID_UTF8 = [b"\xff\xfe\x00", b'{"service": "\xc3\x28"}']


@pytest.mark.parametrize("name", BODY_ENDPOINTS)
@pytest.mark.parametrize(
    "raw", MALFORMED + INVALID_UTF8 + NOT_AN_OBJECT, ids=lambda raw: repr(raw[:20])
)
def test_a_body_that_is_not_a_json_object_is_refused(endpoints, name, raw):
    """Malformed JSON, bytes that are not UTF-8, or JSON that is not an object."""
    client, path, _ = endpoints[name]
    before = writes()

    response = client.post(path, raw, content_type="application/json")

    assert_documented_error(response)
    assert writes() == before


@pytest.mark.parametrize("name", ["booking", "kiosk"])
@pytest.mark.parametrize("content_type", ["text/plain", "application/xml"])
def test_unsupported_media_type_is_refused(endpoints, name, content_type):
    client, path, body = endpoints[name]
    before = writes()

    response = client.post(path, json.dumps(body), content_type=content_type)

    assert response.status_code == 415
    assert_documented_error(response)
    assert writes() == before


SERVICE_VALUES = ["abc", 1.5, True, False, HUGE_INT, -HUGE_INT, {}, [], None, 0, -1, 999999]
SERVICE_VALUES += ["1e3", " 1", "\uff11", "0x1", "", "\uff11\uff12", "1" * 12, float("nan")]


@pytest.mark.parametrize("name", ["booking", "kiosk"])
@pytest.mark.parametrize("value", SERVICE_VALUES, ids=repr)
def test_bad_service_is_a_field_error(endpoints, name, value):
    client, path, body = endpoints[name]
    before = writes()

    payload = json.dumps({**body, "service": value})
    response = client.post(path, payload, content_type="application/json")

    assert_documented_error(response, field="service")
    assert response.status_code == 400
    assert writes() == before


def _string_fields(name):
    return {
        "booking": ["date", "slot_start", "nik", "phone", "name", "priority"],
        "kiosk": ["priority"],
        "check-in": ["token"],
        "auth-token": ["username", "password"],
        "pause": ["reason"],
        "call": ["token"],
    }[name]


STRING_CASES = [(name, field) for name in BODY_ENDPOINTS for field in _string_fields(name)]


@pytest.mark.parametrize(("name", "field"), STRING_CASES)
@pytest.mark.parametrize(
    "value",
    [HUGE, "\x00", f"{NIK}\x00", "\ud800", "\ud83c" * 10, True, {}, [], None, [HUGE]],
    ids=["100KB", "nul", "nik+nul", "surrogate", "surrogates", "true", "obj", "list", "null", "l"],
)
def test_bad_string_field_is_refused(endpoints, name, field, value):
    client, path, body = endpoints[name]
    before = writes()

    payload = json.dumps({**body, field: value})
    response = client.post(path, payload, content_type="application/json")

    error = assert_documented_error(response)
    if name != "auth-token" and "detail" not in error:
        assert field in error
    assert writes() == before


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("booking", "service"),
        ("booking", "date"),
        ("booking", "slot_start"),
        ("booking", "nik"),
        ("booking", "phone"),
        ("kiosk", "service"),
        ("check-in", "token"),
        ("auth-token", "username"),
        ("auth-token", "password"),
        ("pause", "reason"),
        ("call", "token"),
    ],
)
def test_missing_required_field_is_a_field_error(endpoints, name, field):
    client, path, body = endpoints[name]
    before = writes()

    response = client.post(path, {k: v for k, v in body.items() if k != field}, format="json")

    assert response.status_code == 400
    assert_documented_error(response, field=field)
    assert writes() == before


@pytest.mark.parametrize("name", BODY_ENDPOINTS)
def test_empty_object_is_refused(endpoints, name):
    client, path, _ = endpoints[name]
    before = writes()

    response = client.post(path, {}, format="json")

    assert response.status_code == 400
    assert_documented_error(response)
    assert writes() == before


@pytest.mark.parametrize(
    "nik",
    [FULL_WIDTH_NIK, ARABIC_INDIC_NIK, "3574 0141 0190 0001", "+357401410190001", NIK[:-1]],
)
def test_non_ascii_or_malformed_nik_is_a_field_error(endpoints, nik):
    client, path, body = endpoints["booking"]
    before = writes()

    response = client.post(path, {**body, "nik": nik}, format="json")

    assert response.status_code == 400
    assert_documented_error(response, field="nik")
    assert writes() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "2026-02-30"),
        ("date", "0000-01-01"),
        ("date", "2026-11-25T09:00:00"),
        ("date", 20261125),
        ("date", 1.5),
        ("slot_start", "25:00"),
        ("slot_start", "09:00:00+99:00"),
        ("slot_start", "0001-01-01T00:00:00+05:00"),
        ("slot_start", "9999-12-31T23:59:59-05:00"),
        ("slot_start", 900),
        ("priority", "VIP"),
        ("priority", 1),
        ("phone", 81234567890),
    ],
)
def test_wrong_booking_values_are_field_errors(endpoints, field, value):
    client, path, body = endpoints["booking"]
    before = writes()

    response = client.post(
        path, json.dumps({**body, field: value}), content_type="application/json"
    )

    assert response.status_code == 400
    assert_documented_error(response, field=field)
    assert writes() == before


def test_unknown_fields_are_ignored_not_fatal(endpoints):
    client, path, body = endpoints["kiosk"]

    response = client.post(path, {**body, "status": "done", "number": 1, "\x00": 1}, format="json")

    assert response.status_code == 201
    assert response.json()["status"] == "waiting"


@pytest.mark.parametrize(
    "query",
    [
        "agency=abc",
        "agency=1.5",
        "agency=-1",
        f"agency={HUGE_INT}",
        "agency=%00",
        f"q={'x' * 100_000}",
        "q=%00",
    ],
    ids=lambda q: q[:20],
)
def test_bad_service_list_query_is_a_field_error(api, db, query):
    response = api.get(f"/api/v1/services/?{query}")

    assert response.status_code == 400
    assert_documented_error(response, field=query.split("=")[0])


@pytest.mark.parametrize(
    "day", ["abc", "2026-13-01", "%00", "x" * 100_000, "2026-11-25%00", "2026-11-25T00:00"]
)
def test_bad_availability_date_is_a_field_error(api, service_a, day):
    response = api.get(f"/api/v1/services/{service_a.pk}/availability/?date={day}")

    assert response.status_code == 400
    assert_documented_error(response, field="date")


@pytest.mark.parametrize("pk", ["abc", "-1", "1.5", "%00", "\uff11"])
def test_non_numeric_service_id_in_the_path_is_a_json_404(api, db, pk):
    response = api.get(f"/api/v1/services/{pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found"}


# Unknown tokens ------------------------------------------------------------------------


UNKNOWN_TOKENS = [
    "AAAAAAAAAAAAAAAAAAAAAAAA",
    "short",
    "a" * 5_000,
    "é" * 24,
    "🎫" * 10,
    "%ED%A0%80" * 8,  # a lone surrogate, percent-encoded
    "..%2F..%2Fetc%2Fpasswd",
    "..%2f..%2f..%2f",
    "%2e%2e",
    "....%5C....%5Cwindows",
    "abcdefghij%00klm",
    "%00" * 10,
    "abc%20def%20ghi",
    "' OR '1'='1",
    "%27%3B%20DROP%20TABLE%20queues_ticket%3B--",
    "*",
    "%25",
]


@pytest.mark.parametrize("token", UNKNOWN_TOKENS, ids=lambda t: t[:24])
@pytest.mark.parametrize("suffix", ["", "cancel/"])
def test_unknown_token_is_a_json_404(api, mall, service_a, token, suffix):
    queue_services.ticket_issue(service=service_a)
    before = writes()

    method = api.post if suffix else api.get
    response = method(f"/api/v1/tickets/{token}/{suffix}")

    assert response.status_code == 404
    body = assert_documented_error(response)
    assert body["code"] == "not_found"
    assert writes() == before


@pytest.mark.parametrize("token", UNKNOWN_TOKENS, ids=lambda t: t[:24])
def test_unknown_token_on_check_in_is_refused(api_as, mall, kiosk, token):
    response = api_as(kiosk).post("/api/v1/check-in/", {"token": unquote(token)}, format="json")

    assert response.status_code in (400, 404)
    assert_documented_error(response)
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/tickets/", "/api/v2/agencies/"])
def test_unknown_api_path_is_a_json_404(api, db, path):
    response = api.get(path)

    assert response.status_code == 404
    assert assert_documented_error(response)["code"] == "not_found"
