"""Once through a real Celery worker AND beat on the Redis broker: nobody calls the
scan task by hand, beat sends it on its schedule and the worker opens the alert."""

import time
import uuid

import pytest
import redis
from django.test import Client

from monitoring.models import BoothAlert
from mpp.lib import heartbeat
from tests import factories
from tests.workers import WORKER_REDIS_URL, celery, solo_worker, stop


def _worker_started_a_task(*, after: float, within: float = 30) -> float:
    """The time of the worker's first task start (its heartbeat) later than `after`."""
    client = heartbeat.redis_client(WORKER_REDIS_URL)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = client.get(heartbeat.key("worker"))
        if value is not None and float(value) > after:
            return float(value)
        time.sleep(0.1)
    raise AssertionError(f"the worker started no task after {after} within {within} s")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_beat_and_worker_flag_an_empty_booth(
    clear_of_midnight,
    always_open,
    not_eager,
    tmp_path,
    settings,
):
    booth = factories.BoothFactory(label="Gerai Sepi")
    factories.CounterFactory(booth=booth, number=61)

    queue = f"test-beat-{uuid.uuid4().hex[:8]}"  # only this worker takes what this beat sends
    env = {
        "REDIS_URL": WORKER_REDIS_URL,
        "CELERY_QUEUE": queue,
        "MPP_BOOTH_SCAN_SECONDS": "1",
        "CHANNEL_PREFIX": f"t{uuid.uuid4().hex[:8]}",
        # The real clock's hours open at 00:00: no grace, or a run just after midnight waits.
        "MPP_BOOTH_EMPTY_GRACE_MINUTES": "0",
    }
    worker = solo_worker(queue, env=env, log=tmp_path / "worker.log")
    beat = celery(
        *("beat", "-l", "info", "--max-interval", "1", "-s", str(tmp_path / "beat-schedule")),
        env=env,
        log=tmp_path / "beat.log",
    )
    try:
        deadline = time.monotonic() + 60
        while not BoothAlert.objects.filter(booth=booth).exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        logs = (tmp_path / "worker.log").read_text() + (tmp_path / "beat.log").read_text()
        alert = BoothAlert.objects.filter(booth=booth).first()
        assert alert is not None, logs
        assert (alert.kind, alert.reason, alert.closed_at) == ("empty", "no_counter_open", None)
        assert "counters.tasks.scan_booths" in (tmp_path / "beat.log").read_text()
        # Beat sending and the worker running those scans are their heartbeats (/healthz).
        settings.CHANNEL_PREFIX, settings.REDIS_URL = env["CHANNEL_PREFIX"], WORKER_REDIS_URL
        celery_health = Client().get("/healthz").json()["celery"]
        assert celery_health["beat"]["status"] == "ok", celery_health
        assert celery_health["worker"]["status"] == "ok", celery_health
        assert celery_health["worker"]["age_seconds"] < 10
        # More scans ran meanwhile (the solo worker starting a task has finished the
        # one before): still one alert.
        _worker_started_a_task(after=_worker_started_a_task(after=time.time()))
        assert BoothAlert.objects.filter(booth=booth).count() == 1
    finally:
        stop(beat)
        stop(worker)
        broker = redis.Redis.from_url(WORKER_REDIS_URL)
        for key in broker.scan_iter(f"*{queue}*"):
            broker.delete(key)
