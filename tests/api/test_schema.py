"""The OpenAPI schema and docs describe the contract; health check; migrations in step."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

from tests.api.contract import TICKET_FIELDS

pytestmark = pytest.mark.django_db

# Every path of API.md that is implemented, with its methods.
CONTRACT_PATHS = [
    ("/api/v1/auth/token/", "post"),
    ("/api/v1/agencies/", "get"),
    ("/api/v1/services/", "get"),
    ("/api/v1/services/{id}/", "get"),
    ("/api/v1/services/{id}/availability/", "get"),
    ("/api/v1/bookings/", "post"),
    ("/api/v1/tickets/{token}/", "get"),
    ("/api/v1/tickets/{token}/cancel/", "post"),
    ("/api/v1/kiosk/tickets/", "post"),
    ("/api/v1/check-in/", "post"),
    ("/api/v1/counters/{id}/open/", "post"),
    ("/api/v1/counters/{id}/close/", "post"),
    ("/api/v1/counters/{id}/pause/", "post"),
    ("/api/v1/counters/{id}/resume/", "post"),
    ("/api/v1/counters/{id}/queue/", "get"),
    ("/api/v1/counters/{id}/call-next/", "post"),
    ("/api/v1/counters/{id}/call/", "post"),
    ("/api/v1/counters/{id}/recall/", "post"),
    ("/api/v1/tickets/{token}/start/", "post"),
    ("/api/v1/tickets/{token}/finish/", "post"),
    ("/api/v1/tickets/{token}/no-show/", "post"),
    ("/api/v1/tickets/{token}/transfer/", "post"),
    ("/api/v1/tickets/{token}/survey/", "post"),
    ("/api/v1/reports/ikm/", "get"),
    ("/api/v1/complaints/", "post"),
    ("/api/v1/complaints/{code}/", "get"),
    ("/api/v1/staff/complaints/", "get"),
    ("/api/v1/staff/complaints/{code}/respond/", "post"),
    ("/api/v1/reports/attendance/", "get"),
    ("/api/v1/reports/performance/", "get"),
    ("/api/v1/booth-alerts/", "get"),
    ("/api/v1/booth-alerts/{id}/acknowledge/", "post"),
]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_schema_command_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    document = yaml.safe_load(target.read_text())
    assert document["openapi"].startswith("3.")
    assert "/api/v1/bookings/" in document["paths"]


def test_schema_endpoint_serves_yaml_by_default(api):
    response = api.get("/api/schema/")

    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "Antrean MPP API"


@pytest.mark.parametrize(("path", "method"), CONTRACT_PATHS)
def test_schema_lists_every_contract_path(schema, path, method):
    assert path in schema["paths"], sorted(schema["paths"])
    assert method in schema["paths"][path]


def test_schema_describes_the_ticket_fields(schema):
    properties = schema["components"]["schemas"]["Ticket"]["properties"]

    assert set(properties) >= TICKET_FIELDS
    for secret in ("nik", "nik_hash", "nik_last4", "phone", "name"):
        assert secret not in properties


def test_schema_describes_the_booking_input(schema):
    operation = schema["paths"]["/api/v1/bookings/"]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]

    assert {"service", "date", "slot_start", "nik", "phone", "name", "priority"} <= set(
        body["properties"]
    )
    assert {"service", "date", "slot_start", "nik", "phone"} <= set(body["required"])
    assert "201" in operation["responses"]


def test_schema_documents_call_next_204(schema):
    responses = schema["paths"]["/api/v1/counters/{id}/call-next/"]["post"]["responses"]

    assert {"200", "204"} <= set(responses)


def test_docs_page_uses_only_local_assets(api):
    response = api.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    # Only hosts count: a random CSRF token may well contain the letters "cdn".
    assert not re.search(r"cdn[\w-]*\.", html.lower())
    assert "http://" not in html
    assert "https://" not in html
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert assets
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    # The page starts Swagger UI from a script file (no inline script under the CSP).
    script = api.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_healthz_reports_every_part_ok(api):
    response = api.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("status", "database", "channel_layer")} == {
        "status": "ok",
        "database": "ok",
        "channel_layer": "ok",
    }
    assert set(body["celery"]) == {"beat", "worker"}  # tests/test_health_metrics.py


def test_healthz_names_the_failing_part(api, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = api.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] != "ok"
    assert body["database"] == "ok"
    assert body["channel_layer"].startswith("error")


def test_models_and_migrations_are_in_step():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
