"""The planned-closure endpoints: /api/v1/closure-requests/ and its approve, refuse and
cancel steps, with role and agency scoping and clear 4xx answers for bad input."""

import pytest

from closures.models import ClosureRequest, ClosureRequestEvent
from closures.services import closure_approve, closure_request
from tests.api.test_errors import HUGE, HUGE_INT, assert_documented_error
from tests.conftest import at

pytestmark = pytest.mark.usefixtures("clock", "hours")

URL = "/api/v1/closure-requests/"


@pytest.fixture
def closure_a(counter_a, officer_a):
    return closure_request(actor=officer_a, counter=counter_a, reason="Rapat", ends_at=at(11))


@pytest.fixture
def closure_b(counter_b, officer_b):
    return closure_request(actor=officer_b, counter=counter_b, reason="Listrik", ends_at=at(12))


def post(client, url, data=None, language="id", **kwargs):
    return client.post(url, data, format="json", HTTP_ACCEPT_LANGUAGE=language, **kwargs)


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()]


# --- create --------------------------------------------------------------------------


def test_officer_requests_a_counter_closure(api_as, officer_a, counter_a):
    response = post(
        api_as(officer_a),
        URL,
        {"counter": counter_a.pk, "reason": "Perbaikan printer", "ends_at": "2026-11-24T11:30"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["counter"] == {"id": counter_a.pk, "label": counter_a.label}
    assert body["booth"] == {"id": counter_a.booth_id, "label": "Gerai Dukcapil"}
    assert body["agency_name"] == "Dispendukcapil"
    assert (body["status"], body["status_label"], body["in_force"]) == (
        "pending",
        "Diajukan",
        False,
    )
    assert body["starts_at"] == "2026-11-24T09:00:00+07:00"
    assert body["ends_at"] == "2026-11-24T11:30:00+07:00"
    assert body["requested_by"] == "officer-a"
    assert [(e["kind"], e["actor"], e["note"]) for e in body["events"]] == [
        ("requested", "officer-a", "Perbaikan printer")
    ]


def test_supervisor_requests_a_whole_booth(api_as, supervisor_a, booth_a):
    response = post(
        api_as(supervisor_a),
        URL,
        {
            "booth": booth_a.pk,
            "reason": "Pemadaman listrik",
            "starts_at": "2026-11-25T08:00:00+07:00",
            "ends_at": "2026-11-25T14:00:00+07:00",
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["counter"] is None
    assert ClosureRequest.objects.get().booth == booth_a


@pytest.mark.parametrize("persona", ["officer_b", "supervisor_b"])
def test_another_agency_may_not_request(request, api_as, counter_a, booth_a, persona):
    client = api_as(request.getfixturevalue(persona))

    for target in ({"counter": counter_a.pk}, {"booth": booth_a.pk}):
        response = post(client, URL, {**target, "reason": "x", "ends_at": "2026-11-24T11:00"})
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert not ClosureRequest.objects.exists()


@pytest.mark.parametrize("persona", ["kiosk", None])
def test_kiosks_and_strangers_are_refused(request, api_as, api, counter_a, persona):
    client = api_as(request.getfixturevalue(persona)) if persona else api

    response = post(
        client, URL, {"counter": counter_a.pk, "reason": "x", "ends_at": "2026-11-24T11:00"}
    )

    assert response.status_code in (401, 403)
    assert client.get(URL).status_code in (401, 403)


# --- list and scoping ---------------------------------------------------------------


def test_officers_and_supervisors_see_their_agencys_requests(
    api_as, officer_a, supervisor_a, officer_b, closure_a, closure_b
):
    assert ids(api_as(officer_a).get(URL)) == [closure_a.pk]
    assert ids(api_as(supervisor_a).get(URL)) == [closure_a.pk]
    assert ids(api_as(officer_b).get(URL)) == [closure_b.pk]


def test_managers_see_all_and_filter(api_as, manager, closure_a, closure_b, agency_a):
    closure_approve(closure=closure_b, actor=manager)
    client = api_as(manager)

    assert set(ids(client.get(URL))) == {closure_a.pk, closure_b.pk}
    assert ids(client.get(URL, {"status": "approved"})) == [closure_b.pk]
    assert ids(client.get(URL, {"agency": agency_a.pk})) == [closure_a.pk]
    approved = client.get(URL, {"status": "approved"}).json()[0]
    assert approved["in_force"] is True
    assert approved["decided_by"] == "manager"


def test_the_list_takes_a_fixed_number_of_queries(
    api_as, manager, django_assert_max_num_queries, counter_a, officer_a, closure_a
):
    for hour in (11, 12, 13):
        closure_request(
            actor=officer_a, counter=counter_a, reason="x", starts_at=at(hour), ends_at=at(hour, 30)
        )
    client = api_as(manager)
    with django_assert_max_num_queries(6):
        assert len(client.get(URL).json()) == 4


@pytest.mark.parametrize("query", [{"status": "open"}, {"agency": "x"}, {"agency": HUGE_INT}])
def test_bad_filters_are_field_errors(api_as, manager, query):
    response = api_as(manager).get(URL, query)

    assert response.status_code == 400
    assert_documented_error(response, field=next(iter(query)))


def test_one_request_for_those_who_may_see_it(
    api_as, officer_a, supervisor_a, manager, officer_b, supervisor_b, closure_a
):
    for user in (officer_a, supervisor_a, manager):
        response = api_as(user).get(f"{URL}{closure_a.pk}/")
        assert response.status_code == 200
        assert response.json()["reason"] == "Rapat"
    for user in (officer_b, supervisor_b):
        response = api_as(user).get(f"{URL}{closure_a.pk}/")
        assert response.status_code == 404
        assert_documented_error(response)
    assert api_as(manager).get(f"{URL}{HUGE_INT}/").status_code == 404


# --- decide ---------------------------------------------------------------------------


def test_manager_approves(api_as, manager, closure_a):
    response = post(api_as(manager), f"{URL}{closure_a.pk}/approve/", {"note": "Silakan"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["decided_by"], body["decision_note"]) == (
        "approved",
        "manager",
        "Silakan",
    )
    assert body["decided_at"] == "2026-11-24T09:00:00+07:00"
    assert [e["kind"] for e in body["events"]] == ["requested", "approved"]
    assert body["in_force"] is True


def test_manager_approves_without_a_body(api_as, manager, closure_a):
    response = api_as(manager).post(f"{URL}{closure_a.pk}/approve/")

    assert response.status_code == 200
    assert response.json()["decision_note"] == ""


def test_manager_refuses_with_a_note(api_as, manager, closure_a):
    response = post(api_as(manager), f"{URL}{closure_a.pk}/refuse/", {"note": "Antrean ramai"})

    assert response.status_code == 200
    assert response.json()["status"] == "refused"


@pytest.mark.parametrize(
    ("language", "text"),
    [("id", "Tuliskan alasan penolakan"), ("en", "Write why the request is refused")],
)
def test_refusing_without_a_note_is_a_clear_400(api_as, manager, closure_a, language, text):
    response = post(api_as(manager), f"{URL}{closure_a.pk}/refuse/", {}, language=language)

    assert response.status_code == 400
    assert response.json()["code"] == "refusal_note_required"
    assert text in response.json()["detail"]


@pytest.mark.parametrize("step", ["approve", "refuse"])
def test_officers_and_supervisors_of_the_agency_may_not_decide(
    api_as, officer_a, supervisor_a, closure_a, step
):
    for user in (officer_a, supervisor_a):
        response = post(api_as(user), f"{URL}{closure_a.pk}/{step}/", {"note": "ok"})
        assert response.status_code == 403
    assert ClosureRequest.objects.get().status == "pending"


@pytest.mark.parametrize("step", ["approve", "refuse", "cancel"])
def test_another_agency_does_not_see_the_request(api_as, officer_b, supervisor_b, closure_a, step):
    for user in (officer_b, supervisor_b):
        response = post(api_as(user), f"{URL}{closure_a.pk}/{step}/", {"note": "ok"})
        assert response.status_code == 404
        assert_documented_error(response)
    assert ClosureRequest.objects.get().status == "pending"


def test_deciding_twice_is_a_conflict(api_as, manager, closure_a):
    client = api_as(manager)
    post(client, f"{URL}{closure_a.pk}/approve/")

    response = post(client, f"{URL}{closure_a.pk}/refuse/", {"note": "x"}, language="en")

    assert response.status_code == 409
    assert response.json()["code"] == "closure_not_pending"
    assert "Approved" in response.json()["detail"]


# --- cancel ---------------------------------------------------------------------------


def test_requester_cancels(api_as, officer_a, closure_a):
    response = post(api_as(officer_a), f"{URL}{closure_a.pk}/cancel/", {"note": "Tidak jadi"})

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["events"][-1]["kind"] == "cancelled"


def test_a_colleague_may_see_but_not_cancel(api_as, officer_a2, closure_a):
    response = post(api_as(officer_a2), f"{URL}{closure_a.pk}/cancel/")

    assert response.status_code == 403
    assert ClosureRequest.objects.get().status == "pending"


# --- bad input --------------------------------------------------------------------------


def valid(counter) -> dict:
    return {"counter": counter.pk, "reason": "Rapat", "ends_at": "2026-11-24T11:00:00+07:00"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"counter": "abc"}, "counter"),
        ({"counter": HUGE_INT}, "counter"),
        ({"counter": -1}, "counter"),
        ({"counter": 999_999}, "counter"),
        ({"counter": [1]}, "counter"),
        ({"counter": None}, "counter"),
        ({"booth": 999_999, "counter": None}, "booth"),
        ({"reason": ""}, "reason"),
        ({"reason": HUGE}, "reason"),
        ({"reason": {"a": 1}}, "reason"),
        ({"ends_at": "besok"}, "ends_at"),
        ({"ends_at": None}, "ends_at"),
        ({"ends_at": 12}, "ends_at"),
        ({"ends_at": "99999-01-01T00:00"}, "ends_at"),
        ({"starts_at": "2026-13-45T00:00"}, "starts_at"),
        ({"ends_at": "9999-12-31T23:59:59-12:00"}, "ends_at"),
        ({"starts_at": "0001-01-01T00:00:00+14:00"}, "starts_at"),
        ({"reason": "   "}, "reason"),
    ],
)
def test_field_errors(api_as, officer_a, counter_a, change, field):
    response = post(api_as(officer_a), URL, {**valid(counter_a), **change})

    assert response.status_code == 400, response.content[:300]
    assert_documented_error(response, field=field)
    assert not ClosureRequest.objects.exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"ends_at": "2026-11-24T08:00:00+07:00"}, "closure_in_past"),
        (
            {"starts_at": "2026-11-24T12:00", "ends_at": "2026-11-24T10:00"},
            "closure_ends_before_start",
        ),
        ({"ends_at": "2026-12-31T10:00"}, "closure_too_long"),
        ({"starts_at": "2027-06-01T08:00", "ends_at": "2027-06-01T10:00"}, "closure_too_far_ahead"),
    ],
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_rule_errors(api_as, officer_a, counter_a, change, code, language):
    response = post(api_as(officer_a), URL, {**valid(counter_a), **change}, language=language)

    assert 400 <= response.status_code < 500, response.content[:300]
    assert_documented_error(response)
    assert response.json()["code"] == code


def test_rule_errors_speak_the_requested_language(api_as, officer_a, counter_a):
    body = {**valid(counter_a), "ends_at": "2026-11-24T08:00:00+07:00"}

    indonesian = post(api_as(officer_a), URL, body).json()["detail"]
    english = post(api_as(officer_a), URL, body, language="en").json()["detail"]

    assert indonesian == "Penutupan tidak dapat diajukan untuk waktu yang sudah lewat."
    assert english == "A closure cannot be requested for a time that has already passed."


def test_an_overlap_is_a_conflict(api_as, officer_a, counter_a, closure_a):
    response = post(api_as(officer_a), URL, valid(counter_a), language="en")

    assert response.status_code == 409
    assert response.json()["code"] == "closure_overlaps"
    assert "24-11-2026 09:00-11:00 WIB" in response.json()["detail"]


def test_a_counter_outside_the_booth_is_refused(api_as, manager, counter_a, booth_b):
    response = post(api_as(manager), URL, {**valid(counter_a), "booth": booth_b.pk})

    assert response.status_code == 400
    assert response.json()["code"] == "closure_counter_not_in_booth"


@pytest.mark.parametrize(
    "body", [b"{", b"[]", b"null", b'"text"', b"[" * 5000 + b"]" * 5000, b"\xff\xfe"]
)
def test_malformed_bodies(api_as, officer_a, closure_a, manager, body):
    for client, url in (
        (api_as(officer_a), URL),
        (api_as(manager), f"{URL}{closure_a.pk}/refuse/"),
    ):
        response = client.post(url, body, content_type="application/json")
        assert_documented_error(response)
    assert ClosureRequest.objects.count() == 1
    assert ClosureRequestEvent.objects.count() == 1


@pytest.mark.parametrize("pk", ["999999", str(HUGE_INT)])
def test_unknown_ids_are_404(api_as, manager, pk):
    response = post(api_as(manager), f"{URL}{pk}/approve/")

    assert response.status_code == 404
    assert_documented_error(response)


def test_huge_note_is_a_field_error(api_as, manager, closure_a):
    response = post(api_as(manager), f"{URL}{closure_a.pk}/approve/", {"note": HUGE})

    assert response.status_code == 400
    assert_documented_error(response, field="note")


def test_the_schema_describes_the_closure_endpoints(api):
    paths = api.get("/api/schema/?format=json").json()["paths"]

    assert set(paths[URL]) >= {"get", "post"}
    assert "get" in paths[f"{URL}{{id}}/"]
    for step in ("approve", "refuse", "cancel"):
        assert "post" in paths[f"{URL}{{id}}/{step}/"]
