"""The client address behind the proxy, API throttles, complaint buckets and the login
lockout (issue 11 items 8 and 9), against real Postgres and Redis."""

import datetime as dt

import pytest
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from complaints import services as complaint_services
from mpp.lib import throttling
from mpp.lib.client_ip import client_ip
from tests import factories

pytestmark = pytest.mark.django_db


# --- the client address -----------------------------------------------------------


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "", "10.0.0.1"),
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is the client's
        (1, "198.51.100.7", "198.51.100.7"),  # nginx appended the real address
        (1, "1.2.3.4, 5.6.7.8, 198.51.100.7", "198.51.100.7"),  # forged entries on the left
        (2, "1.2.3.4, 198.51.100.7, 172.16.0.2", "198.51.100.7"),  # two proxies
        (1, "", "10.0.0.1"),  # not through the proxy: the peer
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_client_ip_trusts_exactly_the_configured_hops(settings, hops, forwarded, expected):
    settings.TRUSTED_PROXY_HOPS = hops
    meta = {"REMOTE_ADDR": "10.0.0.1"}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded

    assert client_ip(RequestFactory().get("/", **meta)) == expected


# --- the anonymous API throttle -------------------------------------------------------


@pytest.fixture
def tight_anon_rate(monkeypatch):
    monkeypatch.setattr(throttling.AnonThrottle, "THROTTLE_RATES", {"anon": "5/minute"})


def test_rotating_forwarded_for_no_longer_dodges_the_throttle(tight_anon_rate):
    api = APIClient()
    codes = [
        api.get("/api/v1/agencies/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(8)
    ]

    assert codes[:5] == [200] * 5
    assert codes[5:] == [429] * 3


def test_throttle_refusal_is_json_with_a_code(tight_anon_rate):
    api = APIClient()
    for _ in range(5):
        api.get("/api/v1/agencies/")

    refused = api.get("/api/v1/agencies/", HTTP_ACCEPT_LANGUAGE="en")

    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert refused.json()["detail"]


def test_two_clients_behind_one_trusted_hop_have_their_own_allowance(tight_anon_rate, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    api = APIClient()
    nginx = {"REMOTE_ADDR": "172.18.0.5"}
    first = [
        api.get("/api/v1/agencies/", HTTP_X_FORWARDED_FOR=f"9.9.9.{n}, 198.51.100.7", **nginx)
        for n in range(6)
    ]
    second = api.get("/api/v1/agencies/", HTTP_X_FORWARDED_FOR="198.51.100.8", **nginx)

    assert [r.status_code for r in first] == [200] * 5 + [429]
    assert second.status_code == 200


# --- complaint buckets ----------------------------------------------------------------


BODY = {"category": "other", "description": "Antrean terlalu lama di loket 3."}


def test_complaints_behind_nginx_are_limited_per_real_client(settings, clock):
    settings.TRUSTED_PROXY_HOPS = 1
    api = APIClient()
    nginx = {"REMOTE_ADDR": "172.18.0.5"}

    def file(client: str, forged: str = ""):
        header = f"{forged}, {client}" if forged else client
        return api.post(
            "/api/v1/complaints/", BODY, format="json", HTTP_X_FORWARDED_FOR=header, **nginx
        )

    first = [file("198.51.100.7", forged=f"1.1.1.{n}").status_code for n in range(6)]
    second = file("198.51.100.8").status_code

    limit = complaint_services.RATE_LIMIT
    assert first[:limit] == [201] * limit
    assert first[limit] == 429
    assert second == 201  # another resident behind the same proxy is not refused


# --- the login lockout (django-axes) and the token throttle ------------------------------


@pytest.fixture
def officer(db):
    return factories.UserFactory(role="officer", username="petugas1")


def token(api, password, **meta):
    return api.post(
        "/api/v1/auth/token/",
        {"username": "petugas1", "password": password},
        format="json",
        **meta,
    )


def login(client, password):
    return client.post("/login/", {"username": "petugas1", "password": password})


def test_ten_wrong_passwords_lock_the_token_endpoint_and_the_login_page(officer, clock):
    api = APIClient()
    wrong = [token(api, "salah").status_code for _ in range(10)]

    right = token(api, "secret-pass")
    page = login(Client(), "secret-pass")

    assert wrong[:9] == [400] * 9
    assert wrong[9] == 429
    assert right.status_code == 429
    assert right.json()["code"] == "locked_out"
    assert "15 menit" in right.json()["detail"]
    assert "token" not in right.json()
    assert page.status_code == 429
    assert "Terlalu banyak percobaan masuk" in page.content.decode()
    assert "_auth_user_id" not in Client().session


def test_wrong_passwords_on_the_login_page_lock_the_token_endpoint(officer, clock):
    client = Client()
    for _ in range(10):
        login(client, "salah")

    assert login(client, "secret-pass").status_code == 429
    assert token(APIClient(), "secret-pass").status_code == 429


def test_the_lock_lifts_after_the_cool_off(officer, clock):
    api = APIClient()
    for _ in range(10):
        token(api, "salah")
    assert token(api, "secret-pass").status_code == 429

    clock.shift(dt.timedelta(minutes=16))

    assert token(api, "secret-pass").status_code == 200


def test_a_lock_is_per_address_so_colleagues_can_still_sign_in(officer, clock):
    api = APIClient()
    for _ in range(10):
        token(api, "salah", REMOTE_ADDR="10.0.0.66")

    assert token(api, "secret-pass", REMOTE_ADDR="10.0.0.10").status_code == 200


def test_lockout_message_in_english(officer, clock):
    api = APIClient()
    for _ in range(10):
        token(api, "salah")

    refused = token(api, "secret-pass", HTTP_ACCEPT_LANGUAGE="en")

    assert "15 minutes" in refused.json()["detail"]


def test_token_endpoint_is_throttled_per_client(officer, clock, monkeypatch):
    monkeypatch.setattr(throttling.LoginThrottle, "THROTTLE_RATES", {"login": "3/minute"})
    api = APIClient()
    codes = [
        token(api, "salah", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)
    ]

    assert codes == [400, 400, 400, 429]
    assert token(api, "secret-pass", REMOTE_ADDR="10.3.3.3").status_code == 200
