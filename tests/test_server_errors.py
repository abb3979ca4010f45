"""What escapes a view becomes an answer in the request's own terms (mpp/views.py
server_error, mpp/lib/errors.py): an unreachable PostgreSQL or Redis is a 503 (JSON on the
API, the friendly page elsewhere), anything else on the API a JSON 500, never Django's
HTML error page. The real outages are in tests/test_outages.py; here the failure is
raised where a real one would surface, to cover each path quickly."""

import pytest
from django.db import OperationalError
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def fail_with(monkeypatch, target: str, exc: Exception) -> None:
    def fail(*args, **kwargs):
        raise exc

    monkeypatch.setattr(target, fail)


@pytest.mark.parametrize(
    ("language", "words"), [("id", "tidak tersedia"), ("en", "temporarily unavailable")]
)
def test_database_gone_in_an_api_view_is_a_json_503(client, monkeypatch, language, words):
    fail_with(monkeypatch, "counters.selectors.agency_list", OperationalError("gone"))
    response = client.get("/api/v1/agencies/", headers={"Accept-Language": language})
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
    assert words in response.json()["detail"]
    assert response["Retry-After"] == "30"


def test_redis_gone_in_an_api_view_is_a_json_503(client, monkeypatch):
    fail_with(monkeypatch, "counters.selectors.agency_list", RedisConnectionError("refused"))
    response = client.get("/api/v1/agencies/")
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"


def test_database_gone_in_a_page_is_the_friendly_page(client, monkeypatch):
    fail_with(monkeypatch, "queues.catalog_views.agency_catalog", OperationalError("gone"))
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Service temporarily unavailable" in html
    assert '<meta http-equiv="refresh" content="30">' in html


def test_a_kiosk_fetch_asking_for_json_gets_json(client, monkeypatch):
    fail_with(monkeypatch, "queues.catalog_views.agency_catalog", OperationalError("gone"))
    response = client.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"


def test_a_bug_in_an_api_view_is_a_json_500_not_an_html_page(client, monkeypatch):
    fail_with(monkeypatch, "counters.selectors.agency_list", RuntimeError("a bug"))
    response = client.get("/api/v1/agencies/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "a bug" not in response.content.decode()
