"""/healthz's Celery heartbeats and /metrics (README "Health and metrics")."""

import asyncio
import time
import uuid

import pytest
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from console.services import counter_open
from mpp.asgi import application
from mpp.lib import heartbeat, realtime, ws_count
from queues.services import ticket_call_next, ticket_issue

ORIGIN = [(b"origin", b"http://testserver"), (b"host", b"testserver")]


@pytest.fixture
def own_prefix(settings):
    """Heartbeat and socket-count keys of this test alone."""
    settings.CHANNEL_PREFIX = f"t{uuid.uuid4().hex[:12]}"


def samples(response) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} of a /metrics answer."""
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def scrape(**headers) -> dict[tuple[str, tuple], float]:
    response = Client().get("/metrics", **headers)
    assert response.status_code == 200, response.content
    return samples(response)


# --- /healthz: Celery beat and worker ------------------------------------------------


def test_healthz_shows_fresh_heartbeats_with_their_age(db, own_prefix):
    heartbeat.beat("beat", now=time.time() - 20)
    heartbeat.beat("worker", now=time.time() - 5)

    body = Client().get("/healthz").json()

    assert body["celery"]["beat"]["status"] == "ok"
    assert 19 <= body["celery"]["beat"]["age_seconds"] <= 25
    assert body["celery"]["worker"]["status"] == "ok"
    assert body["celery"]["worker"]["age_seconds"] < 10


def test_a_stale_worker_is_reported_but_healthz_stays_200(db, own_prefix, settings):
    settings.HEARTBEAT_STALE_SECONDS = 180
    heartbeat.beat("beat", now=time.time() - 10)
    heartbeat.beat("worker", now=time.time() - 600)

    response = Client().get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["celery"]["beat"]["status"] == "ok"
    assert body["celery"]["worker"]["status"] == "stale"
    assert body["celery"]["worker"]["age_seconds"] >= 600


def test_heartbeats_never_written_are_missing(db, own_prefix):
    body = Client().get("/healthz").json()

    assert body["celery"] == {
        "beat": {"status": "missing", "age_seconds": None},
        "worker": {"status": "missing", "age_seconds": None},
    }


def test_an_eagerly_run_task_is_no_worker_heartbeat(db, own_prefix):
    # Tasks run in the web process (eager, as in tests) must not pass for a live worker.
    from mpp.tasks import heartbeat as heartbeat_task

    heartbeat_task.delay()

    assert heartbeat.ages()["worker"] is None


def test_the_demo_runs_celery_in_process(db, settings):
    settings.REDIS_URL = ""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    assert Client().get("/healthz").json()["celery"] == "in-process"


# --- /metrics: who may read it ------------------------------------------------------


def test_metrics_answer_loopback(db):
    assert Client().get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="::1").status_code == 200


def test_metrics_are_hidden_from_other_addresses(db):
    response = Client().get("/metrics", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 404
    assert b"mpp_" not in response.content


def test_metrics_behind_the_proxy_use_the_client_address_not_the_proxys(db, settings):
    # nginx on the same machine connects from 127.0.0.1: the client is what it appends.
    settings.TRUSTED_PROXY_HOPS = 1
    outside = Client().get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    # A client that forges a loopback entry is still the address nginx appended.
    forged = Client().get(
        "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.7"
    )
    local = Client().get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")

    assert (outside.status_code, forged.status_code, local.status_code) == (404, 404, 200)


def test_metrics_allowed_networks_and_bearer_token(db, settings):
    settings.METRICS_ALLOWED_IPS = ["10.8.0.0/16"]
    settings.METRICS_TOKEN = "scrape-secret"
    ask = Client().get

    assert ask("/metrics", REMOTE_ADDR="10.8.4.2").status_code == 200
    assert ask("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert ask("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 404
    token = "Bearer scrape-secret"
    assert ask("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=token).status_code == 200
    wrong = "Bearer scrape-secreT"
    assert ask("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=wrong).status_code == 404


def test_no_token_configured_means_no_token_accepted(db, settings):
    settings.METRICS_TOKEN = ""
    response = Client().get("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 404


# --- /metrics: the figures -----------------------------------------------------------


def test_the_mall_figures_match_a_busy_morning(busy_day, own_prefix):
    found = scrape()

    for name, key in (
        ("mpp_tickets_issued_today", "issued"),
        ("mpp_tickets_called_today", "called"),
        ("mpp_tickets_waiting", "waiting"),
    ):
        for agency, expected in busy_day[key].items():
            assert found[(name, (("agency", agency),))] == expected, (name, agency)
    assert found[("mpp_booth_alerts_open", (("agency", "polres"), ("kind", "empty")))] == 1
    assert found[("mpp_booth_alerts_open", (("agency", "dukcapil"), ("kind", "empty")))] == 0
    # django-prometheus' own figures are there too.
    assert any(name.startswith("django_http_requests") for name, _ in found)


def test_a_call_records_the_publisher_lag(
    clock, counter_a, officer_a, service_a, hours, django_capture_on_commit_callbacks
):
    before = scrape().get(("mpp_publisher_lag_seconds_count", ()), 0)
    ticket_issue(service=service_a)
    counter_open(counter=counter_a, officer=officer_a)
    with django_capture_on_commit_callbacks(execute=True):  # as if committed
        ticket_call_next(counter=counter_a, actor=officer_a)
    assert realtime.flush(timeout=30)

    found = scrape()
    assert found[("mpp_publisher_lag_seconds_count", ())] > before
    assert found[("mpp_publisher_lag_seconds_sum", ())] < 30


@pytest.mark.django_db(transaction=True)
async def test_open_websockets_are_counted_per_kind(own_prefix, settings):
    from channels.db import database_sync_to_async

    async def count(kind: str) -> float:
        found = await database_sync_to_async(scrape)()
        return found[("mpp_websocket_connections", (("kind", kind),))]

    assert await count("display") == 0
    sockets = [WebsocketCommunicator(application, "/ws/display/", headers=ORIGIN) for _ in "ab"]
    for socket in sockets:
        connected, _ = await socket.connect()
        assert connected
    foreign = WebsocketCommunicator(
        application, "/ws/display/", headers=[(b"origin", b"http://evil.example")]
    )
    refused, _ = await foreign.connect()
    assert not refused
    await _settled()

    assert await count("display") == 2
    assert await count("manager") == 0
    # A websocket process that dies stops counting: its hash expires unless refreshed.
    ttl = heartbeat.redis_client(settings.REDIS_URL).ttl(ws_count.process_key())
    assert 0 < ttl <= ws_count.TTL_SECONDS

    await sockets[0].disconnect()
    await _settled()
    assert await count("display") == 1
    await sockets[1].disconnect()
    await _settled()
    assert await count("display") == 0
    realtime.use_loop(None)
    await database_sync_to_async(connections.close_all)()


async def _settled() -> None:
    """Let this loop write the new counts to Redis."""
    for _ in range(100):
        await asyncio.sleep(0.01)
        if not ws_count.writer.writes:
            return
