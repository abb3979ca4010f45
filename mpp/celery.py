"""Celery application `mpp` (`celery -A mpp worker`, `celery -A mpp beat`)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mpp.settings")

app = Celery("mpp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The beat schedule lives here, in code. Times are in CELERY_TIMEZONE (the mall's, WIB).
# The expiry tasks decide from each day's hours what is due, so any run time is safe.
app.conf.beat_schedule = {
    "expire-no-shows": {"task": "queues.tasks.expire_no_shows", "schedule": 5 * 60},
    "expire-waiting": {"task": "queues.tasks.expire_waiting", "schedule": 5 * 60},
    "purge-voice": {"task": "queues.tasks.purge_voice", "schedule": crontab(hour=2, minute=30)},
    "send-reminders": {
        "task": "queues.tasks.send_reminders",
        "schedule": crontab(hour=16, minute=0),
    },
}
