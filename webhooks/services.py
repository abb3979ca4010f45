"""Outbound webhooks: record an event after commit, sign it, deliver it, retry it.

`webhook_emit(type=..., data=...)` is what queues, monitoring and complaints call
inside their transaction, with `data` built from the state they just wrote. Nothing is
recorded until that transaction commits (a rolled-back action sends nothing), and
nothing is sent in the request: each delivery is a Celery task (`webhooks.tasks.deliver`)
queued through the outbox of mpp.lib.tasks, so a receiver that is down or slow never
slows or fails the resident's action.
"""

import datetime as dt
import functools
import hashlib
import hmac
import json
import logging
import os
import time
import uuid
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mpp.celery import app
from mpp.lib.tasks import enqueue
from webhooks.models import Delivery, Endpoint, EventType
from webhooks.selectors import subscribed_types

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-MPP-Signature"
EVENT_HEADER = "X-MPP-Event"
# Keys that would carry a resident's identity: never in a payload (UU 27/2022).
PERSONAL_KEYS = frozenset({"nik", "nik_hash", "nik_last4", "phone", "name", "contact", "email"})
# A delivery lost between the database and the broker is picked up by the sweep this
# long after it was due (Celery's own retry normally sends it on time).
STUCK_AFTER = dt.timedelta(minutes=5)


class PersonalDataInPayload(ValueError):
    """A payload carried a key reserved for personal data: a bug in the emitter."""


def _ensure_no_personal_data(data: Any, path: str = "data") -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in PERSONAL_KEYS:
                raise PersonalDataInPayload(f"{path}.{key}")
            _ensure_no_personal_data(value, f"{path}.{key}")
    elif isinstance(data, list):
        for item in data:
            _ensure_no_personal_data(item, path)


def sign(*, secret: str, body: bytes) -> str:
    """The X-MPP-Signature value: HMAC-SHA256 of the raw body, hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def event_body(*, event_type: str, data: dict[str, Any], at: dt.datetime) -> tuple[str, str]:
    """(id, the JSON sent): `{"id", "type", "created_at", "data"}`, one id for every
    endpoint."""
    event_id = str(uuid.uuid4())
    event = {
        "id": event_id,
        "type": event_type,
        "created_at": timezone.localtime(at).isoformat(),
        "data": data,
    }
    return event_id, json.dumps(event, separators=(",", ":"), ensure_ascii=False)


def webhook_emit(*, type: str, data: dict[str, Any]) -> None:
    """Send `type` with `data` to every active endpoint subscribed to it, after commit.

    Call it inside the action's transaction; `data` holds ids, codes and times only.
    With no active endpoint subscribed to `type` it records nothing (webhooks/selectors.py)."""
    if type not in EventType.values:
        raise ValueError(f"unknown webhook event type {type!r}")
    _ensure_no_personal_data(data)
    if type not in subscribed_types():
        return
    event_id, body = event_body(event_type=type, data=data, at=timezone.now())
    transaction.on_commit(functools.partial(_record, type, event_id, body), robust=True)


def _record(event_type: str, event_id: str, body: str) -> list[Delivery]:
    endpoints = [e for e in Endpoint.objects.filter(is_active=True) if e.subscribes(event_type)]
    return deliveries_create(
        endpoints=endpoints, event_type=event_type, event_id=event_id, body=body
    )


def deliveries_create(
    *, endpoints: list[Endpoint], event_type: str, event_id: str, body: str
) -> list[Delivery]:
    """One delivery per endpoint, queued at once (in the demo, without a broker, the
    sweep sends them: an eager task would post inside the resident's request)."""
    now = timezone.now()
    deliveries = [
        Delivery.objects.create(
            endpoint=e,
            event_id=event_id,
            event_type=event_type,
            body=body,
            created_at=now,
            next_attempt_at=now,
        )
        for e in endpoints
    ]
    if not app.conf.task_always_eager:
        for delivery in deliveries:
            enqueue("webhooks.tasks.deliver", delivery.pk)
    return deliveries


def webhook_send_test(*, endpoint: Endpoint) -> Delivery:
    """The admin's "send test event": a `webhook.test` event to this endpoint only."""
    data = {"message": "Uji coba webhook Antrean MPP", "endpoint": endpoint.pk}
    event_id, body = event_body(event_type=EventType.TEST, data=data, at=timezone.now())
    return deliveries_create(
        endpoints=[endpoint], event_type=EventType.TEST, event_id=event_id, body=body
    )[0]


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff after the `attempts`-th failure: base, 2x base, 4x base, ..."""
    base = settings.WEBHOOK_RETRY_BASE_SECONDS
    return dt.timedelta(seconds=min(base * 2 ** (attempts - 1), settings.WEBHOOK_RETRY_MAX_SECONDS))


_clients: dict[int, httpx.Client] = {}


def _http() -> httpx.Client:
    """One client per process (a worker forks after import): its connections and TLS
    context are reused; a new client per delivery spent ~50 ms building them."""
    pid = os.getpid()
    if pid not in _clients:
        _clients[pid] = httpx.Client(follow_redirects=False)
    return _clients[pid]


def _post(delivery: Delivery) -> tuple[int | None, str]:
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Antrean-MPP-Webhook/1",
        SIGNATURE_HEADER: sign(secret=delivery.endpoint.secret, body=body),
        EVENT_HEADER: delivery.event_type,
    }
    try:
        response = _http().post(
            delivery.endpoint.url,
            content=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        )
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}"


def delivery_attempt(*, delivery_id: int) -> Delivery | None:
    """POST a pending delivery once and log the outcome; None when there is nothing to
    do (already delivered or given up, or another worker is sending it right now)."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("endpoint")
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return None
        started = time.monotonic()
        code, error = _post(delivery)
        now = timezone.now()
        delivery.attempts += 1
        delivery.response_code = code
        delivery.duration_ms = round((time.monotonic() - started) * 1000)
        delivery.error = error
        delivery.last_attempt_at = now
        if not error:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                Delivery.Status.DELIVERED,
                now,
                None,
            )
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
        else:
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        delivery.save()
    if error:
        log.warning("webhook %s to %s: %s", delivery.event_id, delivery.endpoint.url, error)
    return delivery


def deliveries_due(*, at: dt.datetime) -> list[int]:
    """Pending deliveries the sweep should send: all those due in the demo (no broker),
    only those stuck past STUCK_AFTER when Celery retries them itself."""
    due = at if app.conf.task_always_eager else at - STUCK_AFTER
    rows = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=due)
    return list(rows.order_by("next_attempt_at").values_list("pk", flat=True)[:200])


def document_ready_emit(
    *, code: str, service_id: int, agency_id: int, ready_at: dt.datetime
) -> None:
    """`document.ready`: a document (berkas) waits at its booth. The documents app calls it
    inside the transaction that marks the document ready; the public code only."""
    data = {
        "code": code,
        "service": service_id,
        "agency": agency_id,
        "ready_at": timezone.localtime(ready_at).isoformat(),
    }
    webhook_emit(type=EventType.DOCUMENT_READY, data=data)
