"""One way to queue Celery work after commit (pretix's TransactionAwareTask is the model).

`enqueue_on_commit(task, *args)` sends the task once the surrounding transaction commits
(at once outside one). The request that committed never fails because of it: a broker
that refuses the message is retried briefly, then the task is written to the PendingTask
outbox in PostgreSQL and `pending_tasks_resend()` (beat, every minute) sends it when the
broker is back. Only when PostgreSQL is down as well is the task lost, and logged.
"""

import functools
import importlib
import logging
from typing import Any

from celery import Task
from django.db import transaction

from mpp.celery import app
from mpp.models import PendingTask

log = logging.getLogger(__name__)

# A short retry inside the request: a broker restarting answers again within a second;
# one that is down is left to the outbox instead of holding the request.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
RESEND_BATCH = 500
# The two kinds of task the apps queue, with one set of options each (acks_late is also
# CELERY_TASK_ACKS_LATE; repeated so a task's options read whole where it is declared).
# A message to a person: a failing WhatsApp call is retried with backoff; claimed in the
# cache before it is sent, so a retry never sends it twice.
NOTIFY_TASK: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "max_retries": 5,
    "soft_time_limit": 20,
    "time_limit": 30,
}
# Beat's periodic clean-ups and escalations: safe to run again, never retried.
HOUSEKEEPING_TASK: dict[str, Any] = {"acks_late": True, "soft_time_limit": 100, "time_limit": 120}
# Names tasks were queued under before their module moved (issue 13: planned closures left
# counters/); rows written to the outbox before the upgrade still carry them.
RENAMED = {
    "counters.tasks.notify_closure_requested": "closures.tasks.notify_closure_requested",
    "counters.tasks.notify_closure_decided": "closures.tasks.notify_closure_decided",
}


def enqueue_on_commit(task: Task | str, *args: Any, **kwargs: Any) -> None:
    """Queue `task(*args, **kwargs)` after commit; never raises into the caller.

    `task` is a task or its dotted name (services name the tasks that import them, so
    no import cycle). Arguments must be JSON values (ids, strings): they may wait in
    the outbox."""
    name = task if isinstance(task, str) else task.name
    transaction.on_commit(functools.partial(_send, name, args, kwargs), robust=True)


def enqueue(task: Task | str, *args: Any, **kwargs: Any) -> None:
    """Queue it now, with the same outbox fallback: for tasks that fan out other tasks
    (they run outside any request transaction)."""
    _send(task if isinstance(task, str) else task.name, args, kwargs)


def _apply(task: Task, args: tuple | list, kwargs: dict) -> None:
    task.apply_async(args, kwargs, retry=True, retry_policy=RETRY_POLICY)


def _task(name: str) -> Task:
    """The task registered under `name`, or the one a module defines under it (a task
    may keep the registered name it had before its module moved: closures/tasks.py)."""
    name = RENAMED.get(name, name)
    task = app.tasks.get(name)
    if task is None:  # tasks modules load lazily: the apps' ones (autodiscovery), then its own
        app.loader.import_default_modules()
        task = app.tasks.get(name)
    if task is None:
        module, _, attr = name.rpartition(".")
        task = getattr(importlib.import_module(module), attr)
    return task


def _send(name: str, args: tuple, kwargs: dict) -> None:
    try:
        task = _task(name)
    except Exception:  # a bug, not an outage: waiting would not help
        log.exception("no task %s: %s not queued", name, args)
        return
    try:
        _apply(task, args, kwargs)
    except Exception as exc:  # kombu OperationalError, redis errors, timeouts
        log.warning("broker refused %s%s (%s); kept in the outbox", name, args, exc)
        try:
            PendingTask.objects.create(
                task=name, args=list(args), kwargs=kwargs, last_error=repr(exc)[:500]
            )
        except Exception:
            log.exception("task %s%s lost: neither the broker nor the database took it", name, args)


def pending_tasks_resend() -> int:
    """Send the outbox's tasks, oldest first; stop at the first the broker refuses.

    Rows are locked (SKIP LOCKED) so two sweeps never send one task twice at once.
    Returns how many were sent."""
    sent = 0
    with transaction.atomic():
        rows = PendingTask.objects.select_for_update(skip_locked=True).order_by("id")
        for row in rows[:RESEND_BATCH]:
            try:
                task = _task(row.task)
            except Exception:  # renamed since: keep the row for an operator, go on
                log.exception("outbox: no task %s (row %s)", row.task, row.pk)
                continue
            try:
                _apply(task, row.args, row.kwargs)
            except Exception as exc:
                row.attempts += 1
                row.last_error = repr(exc)[:500]
                row.save(update_fields=["attempts", "last_error"])
                log.warning("outbox: broker still refuses %s (%s)", row.task, exc)
                break
            row.delete()
            sent += 1
    if sent:
        log.info("outbox: resent %d task(s)", sent)
    return sent
