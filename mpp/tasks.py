"""Project-wide Celery tasks."""

from celery import shared_task
from django.conf import settings

from mpp.backups import backup_create
from mpp.lib.tasks import pending_tasks_resend


@shared_task(time_limit=60, soft_time_limit=50)
def resend_pending_tasks() -> int:
    """Beat, every minute: send again what the broker refused during an outage."""
    return pending_tasks_resend()


@shared_task(time_limit=10, soft_time_limit=5)
def heartbeat() -> None:
    """Beat, every minute: nothing to do. Beat sending it and the worker starting it
    write their heartbeats (mpp/lib/heartbeat.py)."""


# Acknowledged when it starts, unlike every other task (CELERY_TASK_ACKS_LATE): a dump of a
# big database may outlast the broker's visibility timeout (5 min), and a second pg_dump
# started beside the first helps nobody. A dump lost with its worker comes the next night,
# or at once by hand (`manage.py backup`).
@shared_task(time_limit=3600, soft_time_limit=3500, acks_late=False)
def backup_database() -> str:
    """Beat, nightly: pg_dump to BACKUP_DIR and drop dumps past BACKUP_KEEP (mpp/backups.py).

    The demo's SQLite has no pg_dump: nothing to do there."""
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return ""
    return str(backup_create())
