"""A WhatsApp message through a real Celery worker on the Redis broker: the Cloud API
on loopback rate-limits it twice, the worker retries with backoff, and the third try
is accepted; a permanent refusal is not retried."""

import time
import uuid

import pytest
import redis

from console.services import counter_open
from messaging import services
from messaging.models import OptIn, OutboundMessage
from mpp.celery import app as celery_app
from queues import tasks
from queues.services import ticket_call_next, ticket_issue
from tests import cloud_api as fake
from tests import workers
from tests.workers import WORKER_REDIS_URL

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _worker_env(api) -> dict[str, str]:
    return {
        "REDIS_URL": WORKER_REDIS_URL,
        "NOTIFY_BACKEND": "messaging.backend.WhatsAppBackend",
        "WHATSAPP_BASE_URL": api.url,
        "WHATSAPP_API_VERSION": fake.VERSION,
        "WHATSAPP_PHONE_NUMBER_ID": fake.PHONE_NUMBER_ID,
        "WHATSAPP_ACCESS_TOKEN": fake.TOKEN,
    }


def _wait_for(predicate, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.2)


@pytest.mark.parametrize("permanent", [False, True])
def test_worker_retries_rate_limits_not_permanent_errors(
    permanent, not_eager, tmp_path, always_open, service_a, counter_a, officer_a
):
    ticket = ticket_issue(service=service_a, phone="081234567890")
    counter_open(counter=counter_a, officer=officer_a)
    ticket_call_next(counter=counter_a, actor=officer_a)
    services.opt_in_record(phone="+6281234567890", source=OptIn.Source.TICKET_PAGE)
    queue = f"test-wa-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    with fake.running() as api:
        if permanent:
            api.undeliverable = {"6281234567890"}
        else:
            api.failures = [fake.RATE_LIMIT, fake.RATE_LIMIT]
        worker = workers.solo_worker(queue, env=_worker_env(api), log=log)
        try:
            with celery_app.connection_for_write(WORKER_REDIS_URL) as connection:
                tasks.notify_called.apply_async(
                    args=[ticket.pk], queue=queue, connection=connection
                )
            record = OutboundMessage.objects.filter(kind="called")
            _wait_for(
                lambda: (
                    record.exclude(wamid=None).exists() or record.filter(status="failed").exists()
                ),
                30,
            )
            time.sleep(1.5 if permanent else 0)  # a retry would come within a second or two
            (message,) = record
            if permanent:
                assert (message.status, message.error_code) == ("failed", 131026), log.read_text()
                assert len(api.received) == 1
            else:
                assert message.wamid and message.attempts == 3, log.read_text()
                assert len(api.received) == 3
        finally:
            workers.stop(worker)
            broker = redis.Redis.from_url(WORKER_REDIS_URL)
            for key in broker.scan_iter(f"*{queue}*"):
                broker.delete(key)
