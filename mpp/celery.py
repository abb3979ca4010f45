"""Celery application `mpp` (`celery -A mpp worker`, `celery -A mpp beat`)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mpp.settings")

app = Celery("mpp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The beat schedule lives here, in code (tasks arrive with their issues).
app.conf.beat_schedule = {}
