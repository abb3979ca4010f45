"""Outbound webhooks delivered over real HTTP to a loopback receiver: the signature over
the raw bytes, retries with backoff and a stable event id, giving up, timeouts, the
demo's sweep, and the after-commit rule (a rolled-back action sends nothing)."""

import datetime as dt
import hashlib
import hmac
import json
import time

import pytest
from celery.exceptions import Retry
from django.db import transaction

from console.services import counter_open
from queues.services import ticket_issue
from tests.webhooks.conftest import SECRET
from webhooks import services, tasks
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.usefixtures("clock", "hours")


def issue(service_a, capture) -> Delivery:
    with capture(execute=True):
        ticket_issue(service=service_a)
    return Delivery.objects.get(event_type="ticket.issued")


def expected_signature(body: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


def test_a_delivery_is_a_signed_post_of_the_event(
    endpoint, receiver, service_a, django_capture_on_commit_callbacks
):
    delivery = issue(service_a, django_capture_on_commit_callbacks)

    assert tasks.deliver.apply(args=[delivery.pk]).get() == "delivered"

    (request,) = receiver.received
    # The HMAC is over the bytes as they travelled, with the endpoint's secret.
    assert request.headers["X-MPP-Signature"] == expected_signature(request.body)
    assert request.headers["X-MPP-Event"] == "ticket.issued"
    assert request.headers["Content-Type"] == "application/json"
    event = json.loads(request.body)
    assert set(event) == {"id", "type", "created_at", "data"}
    assert event["type"] == "ticket.issued"
    assert event["id"] == str(delivery.event_id)
    assert event["created_at"] == "2026-11-24T09:00:00+07:00"
    assert event["data"]["ticket"] == "A-001"
    assert event["data"]["service"] == service_a.pk
    assert event["data"]["agency"] == service_a.agency_id
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code, delivery.error) == (
        "delivered",
        1,
        200,
        "",
    )
    assert delivery.duration_ms is not None and delivery.delivered_at is not None


def test_a_wrong_secret_does_not_verify(
    endpoint, receiver, service_a, django_capture_on_commit_callbacks
):
    delivery = issue(service_a, django_capture_on_commit_callbacks)
    services.delivery_attempt(delivery_id=delivery.pk)

    body = receiver.received[0].body
    wrong = "sha256=" + hmac.new(b"another", body, hashlib.sha256).hexdigest()
    assert receiver.received[0].headers["X-MPP-Signature"] != wrong
    # One byte changed in the body: the signature no longer matches it.
    assert receiver.received[0].headers["X-MPP-Signature"] != expected_signature(body + b" ")


def test_500_then_200_retries_with_the_same_id_and_bytes(
    endpoint, receiver, service_a, clock, django_capture_on_commit_callbacks
):
    receiver.statuses = [500]
    delivery = issue(service_a, django_capture_on_commit_callbacks)

    first = services.delivery_attempt(delivery_id=delivery.pk)
    assert (first.status, first.attempts, first.response_code, first.error) == (
        "pending",
        1,
        500,
        "HTTP 500",
    )
    # Backoff: the first retry WEBHOOK_RETRY_BASE_SECONDS (15 s) later.
    assert first.next_attempt_at - first.last_attempt_at == dt.timedelta(seconds=15)

    clock.shift(15)
    second = services.delivery_attempt(delivery_id=delivery.pk)
    assert (second.status, second.attempts, second.response_code) == ("delivered", 2, 200)

    one, two = receiver.received
    assert one.body == two.body  # same id, same bytes: the receiver dedupes on `id`
    assert json.loads(one.body)["id"] == str(delivery.event_id)
    assert one.headers["X-MPP-Signature"] == two.headers["X-MPP-Signature"]


def test_the_task_asks_celery_to_retry_on_a_non_2xx(
    endpoint, receiver, service_a, django_capture_on_commit_callbacks
):
    receiver.statuses = [503]
    delivery = issue(service_a, django_capture_on_commit_callbacks)

    with pytest.raises(Retry):
        tasks.deliver(delivery.pk)  # called directly (not eager): Celery's retry path

    assert tasks.deliver(delivery.pk) == "delivered"
    assert len(receiver.received) == 2


def test_backoff_doubles_up_to_its_cap(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 15
    settings.WEBHOOK_RETRY_MAX_SECONDS = 240
    delays = [services.retry_delay(n).total_seconds() for n in range(1, 8)]
    assert delays == [15, 30, 60, 120, 240, 240, 240]


def test_gives_up_after_the_last_attempt(
    endpoint, receiver, service_a, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.statuses = [500, 502, 500, 500]
    delivery = issue(service_a, django_capture_on_commit_callbacks)

    outcomes = [services.delivery_attempt(delivery_id=delivery.pk) for _ in range(4)]

    assert [d.status if d else None for d in outcomes] == ["pending", "pending", "failed", None]
    assert len(receiver.received) == 3  # a failed delivery is never sent again
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_code, delivery.next_attempt_at) == (3, 500, None)


def test_a_timeout_is_logged_and_retried(
    endpoint, receiver, service_a, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.delay = 1.0
    delivery = issue(service_a, django_capture_on_commit_callbacks)

    attempt = services.delivery_attempt(delivery_id=delivery.pk)

    assert attempt.status == "pending"
    assert attempt.response_code is None
    assert attempt.error.startswith("ReadTimeout")
    assert 250 <= attempt.duration_ms < 1000


def test_an_unreachable_receiver_is_an_error_not_a_crash(
    endpoint, service_a, django_capture_on_commit_callbacks
):
    Endpoint.objects.update(url="http://127.0.0.1:9/nobody")
    delivery = issue(service_a, django_capture_on_commit_callbacks)

    attempt = services.delivery_attempt(delivery_id=delivery.pk)

    assert attempt.status == "pending" and attempt.error.startswith("ConnectError")


def test_only_active_endpoints_subscribed_to_the_type_get_it(
    receiver, service_a, django_capture_on_commit_callbacks
):
    Endpoint.objects.create(url=receiver.url, secret="a", event_types=["ticket.issued"])
    Endpoint.objects.create(url=receiver.url, secret="b", event_types=["ticket.called"])
    Endpoint.objects.create(
        url=receiver.url, secret="c", event_types=["ticket.issued"], is_active=False
    )

    with django_capture_on_commit_callbacks(execute=True):
        ticket_issue(service=service_a)

    assert list(Delivery.objects.values_list("endpoint__secret", flat=True)) == ["a"]


def test_one_event_id_for_every_endpoint(receiver, service_a, django_capture_on_commit_callbacks):
    for secret in ("a", "b"):
        Endpoint.objects.create(url=receiver.url, secret=secret, event_types=["ticket.issued"])

    with django_capture_on_commit_callbacks(execute=True):
        ticket_issue(service=service_a)

    assert len(set(Delivery.objects.values_list("event_id", flat=True))) == 1
    assert Delivery.objects.count() == 2


def test_demo_sweep_sends_what_is_due(
    endpoint, receiver, service_a, clock, django_capture_on_commit_callbacks
):
    """Without a broker (tasks eager) nothing is posted in the request: the sweep (beat,
    every minute) sends due deliveries, retries included."""
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        ticket_issue(service=service_a)
    assert receiver.received == []  # not in the resident's request

    assert tasks.send_due() == 1
    assert tasks.send_due() == 0  # the retry is not due yet
    clock.shift(15)
    assert tasks.send_due() == 1
    assert Delivery.objects.get().status == "delivered"
    assert len(receiver.received) == 2


# --- after commit ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_sends_nothing(endpoint, receiver, service_a):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        ticket_issue(service=service_a)
        assert Delivery.objects.count() == 0  # recorded on commit, not before
        raise Undo

    assert Delivery.objects.count() == 0

    ticket_issue(service=service_a)  # its own transaction, committed
    assert list(Delivery.objects.values_list("event_type", flat=True)) == ["ticket.issued"]


@pytest.mark.django_db(transaction=True)
def test_a_slow_receiver_never_slows_the_resident(
    endpoint, receiver, service_a, counter_a, officer_a, not_eager
):
    """With a broker (production), the delivery is a queued task: issuing and calling
    take no longer whether the receiver answers in 3 s or never."""
    receiver.delay = 3.0
    counter_open(counter=counter_a, officer=officer_a)

    started = time.monotonic()
    ticket_issue(service=service_a)
    elapsed = time.monotonic() - started

    assert elapsed < 1.0
    assert receiver.received == []
    assert Delivery.objects.get(event_type="ticket.issued").status == "pending"
