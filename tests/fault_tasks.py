"""A task for the broker fault tests (tests/test_worker_broker_restart.py), loaded only
into the tests' own workers (`celery worker --include tests.fault_tasks`)."""

import os
import time

from celery import shared_task
from django.db import connection


@shared_task(name="tests.fault_tasks.record_run")
def record_run(key: str, seconds: float = 0) -> None:
    """Sleep, then log this run of `key` in PostgreSQL with the worker's pids."""
    time.sleep(seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO fault_task_runs (key, pid, worker_pid, at) VALUES (%s, %s, %s, now())",
            [key, os.getpid(), os.getppid()],
        )
