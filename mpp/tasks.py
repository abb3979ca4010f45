"""Project-wide Celery tasks."""

from celery import shared_task

from mpp.lib.tasks import pending_tasks_resend


@shared_task(time_limit=60, soft_time_limit=50)
def resend_pending_tasks() -> int:
    """Beat, every minute: send again what the broker refused during an outage."""
    return pending_tasks_resend()
