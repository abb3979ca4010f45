"""The schema documents errors (a shared `Error` component) and null values (issue 11):
API clients generated from it must expect every 4xx/503 and every `null` they can get."""

import pytest
from rest_framework.test import APIClient

from complaints.models import Complaint
from complaints.services import complaint_file
from queues.services import ticket_issue

pytestmark = pytest.mark.django_db

OPERATIONS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/?format=json").json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in OPERATIONS:
                yield path, method, operation


def _error_ref(response: dict) -> str | None:
    return response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")


def test_every_operation_documents_outage_and_throttling(schema):
    for path, method, operation in _operations(schema):
        for code in ("429", "503"):
            assert _error_ref(operation["responses"][code]) == "#/components/schemas/Error", (
                path,
                method,
                code,
            )


def test_error_component_is_detail_and_code(schema):
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"detail", "code"}
    assert set(error["required"]) == {"detail", "code"}


def test_object_paths_document_404_and_input_documents_400(schema):
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        if "{" in path:
            assert "404" in responses, (path, method)
        if method == "post":
            assert "400" in responses, (path, method)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/booth-alerts/",
        "/api/v1/counters/{id}/call-next/",
        "/api/v1/staff/complaints/",
        "/api/v1/reports/attendance/",
        "/api/v1/kiosk/tickets/",
    ],
)
def test_staff_endpoints_document_401_and_403(schema, path):
    operation = next(iter(v for k, v in schema["paths"][path].items() if k in OPERATIONS))
    assert {"401", "403"} <= set(operation["responses"])


def test_public_endpoints_do_not_claim_a_login(schema):
    assert "401" not in schema["paths"]["/api/v1/agencies/"]["get"]["responses"]
    assert "401" not in schema["paths"]["/api/v1/complaints/{code}/"]["get"]["responses"]


def test_heartbeat_documents_its_device_token(schema):
    operation = schema["paths"]["/api/v1/devices/heartbeat/"]["post"]
    assert operation["security"] == [{"deviceToken": []}]
    assert "401" in operation["responses"]


def _component(schema, path: str, method: str = "get", code: str = "200") -> dict:
    content = schema["paths"][path][method]["responses"][code]["content"]["application/json"]
    ref = content["schema"].get("$ref") or content["schema"]["items"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _assert_nulls_documented(schema, component: dict, body: dict) -> None:
    for name, value in body.items():
        if value is None:
            assert component["properties"][name].get("nullable") is True, name


def test_every_null_a_public_complaint_carries_is_nullable(schema, api, clock, db):
    complaint = complaint_file(category=Complaint.Category.OTHER, description="Tanpa instansi.")
    body = api.get(f"/api/v1/complaints/{complaint.code}/").json()
    assert body["agency_name"] is None  # no agency named: null, not a string
    _assert_nulls_documented(schema, _component(schema, "/api/v1/complaints/{code}/"), body)


def test_every_null_a_staff_complaint_carries_is_nullable(schema, api_as, manager, clock, db):
    complaint_file(category=Complaint.Category.OTHER, description="Tanpa tiket.")
    body = api_as(manager).get("/api/v1/staff/complaints/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert rows and rows[0]["ticket"] is None
    component = _component(schema, "/api/v1/staff/complaints/")
    if "results" in component.get("properties", {}):
        ref = component["properties"]["results"]["items"]["$ref"]
        component = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    _assert_nulls_documented(schema, component, rows[0])


def test_every_null_a_waiting_ticket_carries_is_nullable(schema, api, clock, hours, service_a):
    ticket = ticket_issue(service=service_a)
    body = api.get(f"/api/v1/tickets/{ticket.token}/").json()
    assert body["called_at"] is None and body["counter"] is None
    _assert_nulls_documented(schema, _component(schema, "/api/v1/tickets/{token}/"), body)
