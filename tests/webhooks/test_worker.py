"""Once through a real Celery worker on the Redis broker: a receiver that answers 500
twice, then 200, gets the same event three times, spaced by the backoff (1 s, then 2 s
with WEBHOOK_RETRY_BASE_SECONDS=1), and the log shows the delivery after 3 attempts."""

import json
import time
import uuid

import pytest
import redis

from mpp.celery import app as celery_app
from tests import workers
from tests.workers import WORKER_REDIS_URL
from webhooks import services, tasks
from webhooks.models import Delivery


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_retries_with_backoff_until_delivered(endpoint, receiver, tmp_path):
    receiver.statuses = [500, 500]
    delivery = services.webhook_send_test(endpoint=endpoint)  # recorded; eager: not sent
    celery_app.conf.task_always_eager = False  # from here on, to the worker (conftest restores)
    queue = f"test-webhooks-{uuid.uuid4().hex[:8]}"
    env = {"REDIS_URL": WORKER_REDIS_URL, "CELERY_QUEUE": queue, "WEBHOOK_RETRY_BASE_SECONDS": "1"}
    log = tmp_path / "worker.log"
    worker = workers.solo_worker(queue, env=env, log=log)
    try:
        with celery_app.connection_for_write(WORKER_REDIS_URL) as connection:
            tasks.deliver.apply_async([delivery.pk], queue=queue, connection=connection)
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            delivery.refresh_from_db()
            if delivery.status != Delivery.Status.PENDING:
                break
            time.sleep(0.2)
        assert (delivery.status, delivery.attempts, delivery.response_code) == (
            "delivered",
            3,
            200,
        ), log.read_text()
    finally:
        workers.stop(worker)
        broker = redis.Redis.from_url(WORKER_REDIS_URL)
        for key in broker.scan_iter(f"*{queue}*"):
            broker.delete(key)

    first, second, third = receiver.received
    assert first.body == second.body == third.body
    assert json.loads(first.body)["id"] == str(delivery.event_id)
    # Received times are not recorded by the receiver; the worker's gaps are at least the
    # backoff: 1 s + 2 s between the first and the last attempt.
    assert (delivery.last_attempt_at - delivery.created_at).total_seconds() >= 3
