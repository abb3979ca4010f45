"""The in-process beat of the demo (mpp/lib/scheduler.py)."""

import datetime as dt
import time

import pytest
import time_machine
from celery.schedules import crontab

from monitoring.models import BoothAlert
from mpp.lib import scheduler
from mpp.lib.scheduler import InProcessScheduler, enabled, run_task
from tests import factories
from tests.conftest import TUESDAY_9AM

UTC = dt.UTC


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, False),
        ({"IN_PROCESS_SCHEDULER": "true"}, True),
        ({"IN_PROCESS_SCHEDULER": "1", "REDIS_URL": ""}, True),
        ({"IN_PROCESS_SCHEDULER": "yes", "REDIS_URL": "redis://127.0.0.1:6379/0"}, False),
        ({"IN_PROCESS_SCHEDULER": "false"}, False),
        ({"IN_PROCESS_SCHEDULER": ""}, False),
    ],
)
def test_enabled_only_with_the_flag_and_without_redis(environ, expected):
    assert enabled(environ) is expected


class FakeClock:
    def __init__(self, start: dt.datetime) -> None:
        self.at = start

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta) -> None:
        self.at += dt.timedelta(**delta)


def test_runs_each_entry_when_due():
    clock = FakeClock(dt.datetime(2026, 11, 24, 8, 59, 0, tzinfo=UTC))  # 15:59 WIB
    ran: list[str] = []
    beat = {
        "scan": {"task": "scan", "schedule": 60},
        "daily": {"task": "daily", "schedule": crontab(hour=16, minute=0)},
    }
    sched = InProcessScheduler(beat, run=ran.append, now=clock)

    sleep = sched.tick()
    assert ran == ["scan"]  # intervals run at start, so the demo shows alerts at once
    assert 0 < sleep <= 60
    clock.advance(seconds=30)
    sched.tick()
    assert ran == ["scan"]
    clock.advance(seconds=30)
    sched.tick()
    assert ran == ["scan", "scan", "daily"]  # 16:00 WIB
    clock.advance(seconds=59)
    sched.tick()
    assert ran == ["scan", "scan", "daily"]


def test_a_failing_task_does_not_stop_the_others():
    clock = FakeClock(dt.datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
    ran = []

    def run(name):
        if name == "bad":
            raise RuntimeError("boom")
        ran.append(name)

    beat = {"bad": {"task": "bad", "schedule": 10}, "good": {"task": "good", "schedule": 10}}
    InProcessScheduler(beat, run=run, now=clock).tick()

    assert ran == ["good"]


@pytest.mark.django_db(transaction=True)
def test_the_thread_runs_the_real_scan(hours):
    factories.CounterFactory(booth=factories.BoothFactory(label="Gerai Demo"), number=5)
    beat = {"scan": {"task": "counters.tasks.scan_booths", "schedule": 0.2}}
    with time_machine.travel(TUESDAY_9AM, tick=True):
        sched = InProcessScheduler(beat, run=run_task, now=scheduler._now, max_sleep=0.2)
        sched.start()
        try:
            deadline = time.monotonic() + 15
            while not BoothAlert.objects.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            sched.stop()
    assert not sched.thread.is_alive()
    assert BoothAlert.objects.get().booth.label == "Gerai Demo"


def test_start_if_enabled_starts_one_thread(monkeypatch):
    monkeypatch.setenv("IN_PROCESS_SCHEDULER", "true")
    monkeypatch.setenv("REDIS_URL", "")
    started = []

    def fake_start(self):
        started.append(self)
        return self

    monkeypatch.setattr(InProcessScheduler, "start", fake_start)
    monkeypatch.setattr(scheduler, "_started", [])

    first = scheduler.start_if_enabled()
    second = scheduler.start_if_enabled()

    assert first is second is started[0]
    assert {e.task for e in first.entries} >= {"counters.tasks.scan_booths"}
    monkeypatch.setenv("IN_PROCESS_SCHEDULER", "false")
    monkeypatch.setattr(scheduler, "_started", [])
    assert scheduler.start_if_enabled() is None
