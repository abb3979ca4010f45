"""Models of the project itself (not of one app): the outbox of Celery tasks."""

from django.db import models
from django.utils import timezone


class PendingTask(models.Model):
    """A task the broker refused after its request had committed (mpp/lib/tasks.py).

    `mpp.tasks.resend_pending_tasks` (beat, every minute) sends it again once the broker
    is back. Tasks are safe to run twice, so a resend that races a late delivery is harmless.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
