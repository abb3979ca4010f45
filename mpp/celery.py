"""Celery application `mpp` (`celery -A mpp worker`, `celery -A mpp beat`)."""

import os

from celery import Celery, signals
from celery.schedules import crontab
from django.conf import settings

from mpp.lib import heartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mpp.settings")

app = Celery("mpp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The queue is CELERY_TASK_DEFAULT_QUEUE (settings: CELERY_QUEUE).
# The beat schedule lives here, in code. Times are in CELERY_TIMEZONE (the mall's, WIB).
# The expiry tasks and the scan decide from each day's hours what is due, so any run
# time is safe. Without REDIS_URL (the demo) mpp.lib.scheduler runs this in-process.
app.conf.beat_schedule = {
    "scan-booths": {
        # monitoring/tasks.py: registered under the name it had in counters/.
        "task": "counters.tasks.scan_booths",
        # Every MPP_BOOTH_SCAN_SECONDS: set by _booth_scan_period below.
    },
    "expire-no-shows": {"task": "queues.tasks.expire_no_shows", "schedule": 5 * 60},
    "expire-waiting": {"task": "queues.tasks.expire_waiting", "schedule": 5 * 60},
    "purge-voice": {"task": "queues.tasks.purge_voice", "schedule": crontab(hour=2, minute=30)},
    "purge-ticket-personal-data": {
        "task": "queues.tasks.purge_personal_data",
        "schedule": crontab(hour=2, minute=15),
    },
    "send-reminders": {
        "task": "queues.tasks.send_reminders",
        "schedule": crontab(hour=16, minute=0),
    },
    "escalate-overdue-complaints": {
        "task": "complaints.tasks.escalate_overdue",
        "schedule": 15 * 60,
    },
    # Webhook deliveries a lost message left pending, and every retry in the demo.
    "send-due-webhooks": {"task": "webhooks.tasks.send_due", "schedule": 60},
    # Tasks the broker refused during an outage (mpp/lib/tasks.py), sent once it is back.
    "resend-pending-tasks": {"task": "mpp.tasks.resend_pending_tasks", "schedule": 60},
    "purge-idempotency-keys": {
        "task": "queues.tasks.purge_idempotency_keys",
        "schedule": crontab(minute=20),
    },
    "purge-complaint-reporter-data": {
        "task": "complaints.tasks.purge_reporter_data",
        "schedule": crontab(hour=2, minute=45),
    },
    # Its sending and its running are the beat's and the worker's heartbeats (/healthz).
    "heartbeat": {
        "task": "mpp.tasks.heartbeat",
        "schedule": heartbeat.HEARTBEAT_SECONDS,
        "options": {"expires": heartbeat.HEARTBEAT_SECONDS},
    },
    # After the night's purges, so a dump never keeps what they blanked.
    "backup-database": {"task": "mpp.tasks.backup_database", "schedule": crontab(hour=3, minute=0)},
}


@signals.beat_init.connect
def _in_beat(**kwargs: object) -> None:
    heartbeat.role = "beat"


@signals.worker_init.connect
def _in_worker(**kwargs: object) -> None:
    heartbeat.role = "worker"


@signals.before_task_publish.connect
def _beat_alive(**kwargs: object) -> None:
    if heartbeat.role == "beat":
        heartbeat.beat("beat")


@signals.task_prerun.connect
def _worker_alive(**kwargs: object) -> None:
    if heartbeat.role == "worker":
        heartbeat.beat("worker")


@app.on_after_configure.connect
def _booth_scan_period(sender: Celery, **kwargs: object) -> None:
    """The scan's period comes from the settings, which read .env: known only once Celery
    has loaded them (this module is imported before settings are)."""
    seconds = settings.MPP_BOOTH_SCAN_SECONDS
    # A scan that waited longer than its period is superseded by the next one.
    sender.conf.beat_schedule["scan-booths"].update(schedule=seconds, options={"expires": seconds})
