"""Tasks of booth monitoring keep the names they had in counters/ (issue 13): the beat
schedule, messages on the broker and outbox rows (PendingTask) carry them."""

import os
import subprocess
import sys
from pathlib import Path

from monitoring import tasks
from mpp.celery import app
from mpp.lib.tasks import _task

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_old_names_are_the_registered_ones():
    assert app.tasks["counters.tasks.scan_booths"].name == tasks.scan_booths.name
    assert app.tasks["counters.tasks.notify_booth_alert"].name == tasks.notify_booth_alert.name
    assert app.conf.beat_schedule["scan-booths"]["task"] == "counters.tasks.scan_booths"


def test_the_services_new_name_resolves_too():
    assert _task("monitoring.tasks.notify_booth_alert").name == tasks.notify_booth_alert.name
    assert _task("counters.tasks.notify_booth_alert").name == tasks.notify_booth_alert.name


def test_a_fresh_process_finds_the_old_names():
    # A web process sending an outbox row has imported no tasks module yet.
    code = (
        "import django; django.setup(); from mpp.lib.tasks import _task; "
        "print(_task('counters.tasks.scan_booths').name, "
        "_task('counters.tasks.notify_closure_requested').name)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mpp.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "counters.tasks.scan_booths",
        "counters.closure_tasks.notify_closure_requested",
    ]
