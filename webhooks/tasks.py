"""Celery tasks of outbound webhooks: thin, safe to run twice (a delivered or locked
delivery is skipped), with time limits above the HTTP timeout."""

from celery import shared_task
from django.utils import timezone

from mpp.lib.tasks import enqueue
from webhooks import services
from webhooks.models import Delivery


@shared_task(bind=True, acks_late=True, max_retries=None, soft_time_limit=40, time_limit=60)
def deliver(self, delivery_id: int) -> str | None:
    """POST one delivery; on a non-2xx answer or a timeout, retry with backoff until
    WEBHOOK_MAX_ATTEMPTS. Eagerly (the demo) the sweep retries instead: an eager retry
    would run at once, in the caller's thread."""
    delivery = services.delivery_attempt(delivery_id=delivery_id)
    if delivery is None:
        return None
    if delivery.status == Delivery.Status.PENDING and not self.request.is_eager:
        raise self.retry(countdown=services.retry_delay(delivery.attempts).total_seconds())
    return delivery.status


@shared_task(acks_late=True, soft_time_limit=100, time_limit=120)
def send_due() -> int:
    """Beat, every minute: deliveries the broker lost, and every retry in the demo."""
    due = services.deliveries_due(at=timezone.now())
    for delivery_id in due:
        if deliver.app.conf.task_always_eager:
            services.delivery_attempt(delivery_id=delivery_id)
        else:
            enqueue(deliver, delivery_id)
    return len(due)
