"""The beat schedule run in-process, for the demo (no Redis, no `celery beat`).

`make run` serves the demo without a broker: Celery runs tasks eagerly, but nothing
would fire the scheduled ones (the booth scan every minute, the expiries). When
IN_PROCESS_SCHEDULER is true and REDIS_URL is unset, mpp/asgi.py starts one daemon
thread that runs every entry of `app.conf.beat_schedule` when it is due, as beat
would. Production runs `celery -A mpp beat` instead and never starts this.
"""

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from celery.schedules import BaseSchedule, maybe_schedule, schedule
from django.db import close_old_connections, connections

from mpp.celery import app
from mpp.lib.tasks import _task

log = logging.getLogger(__name__)


@dataclass
class Entry:
    name: str
    task: str
    schedule: BaseSchedule
    last_run_at: datetime


def enabled(environ: dict[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    flag = env.get("IN_PROCESS_SCHEDULER", "").strip().lower() in {"1", "true", "yes", "on"}
    return flag and not env.get("REDIS_URL", "").strip()


class InProcessScheduler:
    """Runs due beat entries from one thread; `tick()` runs what is due and returns how
    long to sleep (tests call it directly with their own clock)."""

    def __init__(
        self,
        beat_schedule: dict[str, dict[str, Any]],
        *,
        run: Callable[[str], Any],
        now: Callable[[], datetime],
        max_sleep: float = 30.0,
    ) -> None:
        self.run = run
        self.now = now
        self.max_sleep = max_sleep
        self.entries = []
        start = now()
        for name, spec in beat_schedule.items():
            sched = maybe_schedule(spec["schedule"])
            # Intervals run at start (the demo shows alerts at once); crontabs wait for
            # their time, as beat's first run does.
            last = start - sched.run_every if isinstance(sched, schedule) else start
            self.entries.append(Entry(name, spec["task"], sched, last))
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def tick(self) -> float:
        sleep = self.max_sleep
        for entry in self.entries:
            entry.schedule.nowfun = self.now
            due, next_check = entry.schedule.is_due(entry.last_run_at)
            if due:
                entry.last_run_at = self.now()
                self._run(entry)
                due, next_check = entry.schedule.is_due(entry.last_run_at)
            sleep = min(sleep, max(float(next_check), 0.05))
        return sleep

    def _run(self, entry: Entry) -> None:
        try:
            self.run(entry.task)
        except Exception:  # one failing task must not stop the others
            log.exception("scheduled task %s failed", entry.task)
        finally:
            close_old_connections()

    def start(self) -> "InProcessScheduler":
        self.thread = threading.Thread(target=self._loop, name="mpp-scheduler", daemon=True)
        self.thread.start()
        return self

    def _loop(self) -> None:
        try:
            while not self.stopped.is_set():
                self.stopped.wait(self.tick())
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self, timeout: float = 5.0) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout)


def run_task(name: str) -> Any:
    """Run the task `name` here and now (found as the outbox finds it: `_task()`)."""

    return _task(name).apply().get(propagate=True)


def _now() -> datetime:
    from django.utils import timezone

    return timezone.now()


_started: list[InProcessScheduler] = []
_lock = threading.Lock()


def start_if_enabled() -> InProcessScheduler | None:
    """Start the one scheduler of this process when the environment asks for it."""
    if not enabled():
        return None

    with _lock:
        if not _started:
            _started.append(
                InProcessScheduler(app.conf.beat_schedule, run=run_task, now=_now).start()
            )
            log.info("in-process scheduler started: %s", ", ".join(app.conf.beat_schedule))
        return _started[0]
