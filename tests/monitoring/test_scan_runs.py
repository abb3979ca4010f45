"""Running the booth scan (DOMAIN.md "Booth attendance"): twice, at once, from the
command and the task, and the notifications of what it opens. The floor and the hours
are test_scan.py's (tests/monitoring/conftest.py).
"""

import threading

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from monitoring import tasks
from monitoring.models import BoothAlert
from monitoring.services import booth_scan
from tests import factories
from tests.conftest import at
from tests.monitoring.conftest import staff, waiting

pytestmark = pytest.mark.usefixtures("hours")


# --- idempotence ---------------------------------------------------------------------------


def test_two_runs_change_nothing_the_second_time(staffed, service_a, floor):
    waiting(service_a, queued=at(8, 30))
    factories.CounterFactory(booth=factories.BoothFactory(label="Gerai Kosong"), number=9)

    first = booth_scan(at=at(9))
    second = booth_scan(at=at(9))
    third = booth_scan(at=at(9, 1))

    assert len(first.opened) == 2
    assert not second and not third
    assert BoothAlert.objects.count() == 2


def test_an_alert_reopens_as_a_new_one(floor, counter_a, officer_a):
    booth_scan(at=at(8, 15))
    session = staff(counter_a, officer_a, since=at(8, 20))
    booth_scan(at=at(8, 21))
    session.closed_at = at(9)
    session.save()

    booth_scan(at=at(9, 15))

    alerts = BoothAlert.objects.filter(booth=floor[0]).order_by("opened_at")
    assert [(a.opened_at, a.closed_at) for a in alerts] == [
        (at(8, 15), at(8, 21)),
        (at(9, 15), None),
    ]


@pytest.mark.django_db(transaction=True)
def test_overlapping_scans_open_each_alert_once(hours, floor):
    barrier = threading.Barrier(4)
    errors = []

    def scan():
        try:
            barrier.wait()
            booth_scan(at=at(9))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert BoothAlert.objects.count() == 2


# --- the command and the task ---------------------------------------------------------------


def _alerts_as_rows():
    return sorted(
        (a.booth_id, a.kind, a.reason, a.opened_at, a.closed_at) for a in BoothAlert.objects.all()
    )


def test_the_command_does_what_the_task_does(staffed, service_a, capsys):
    factories.CounterFactory(booth=factories.BoothFactory(label="Gerai Kosong"), number=9)
    waiting(service_a, queued=at(8, 30))

    call_command("scan_booths", "--at", "2026-11-24T09:00:00+07:00")
    out = capsys.readouterr().out
    by_command = _alerts_as_rows()
    BoothAlert.objects.all().delete()
    with time_machine.travel(at(9), tick=False):
        assert tasks.scan_booths() == {"opened": 2, "closed": 0}
    by_task = _alerts_as_rows()

    assert by_command == by_task
    assert len(by_task) == 2
    assert "opened unattended Gerai Dukcapil (no_call)" in out
    assert "opened empty Gerai Kosong (no_counter_open)" in out
    assert "2 opened, 0 closed" in out


def test_the_command_reads_a_moment_without_offset_as_wib(floor, capsys):
    call_command("scan_booths", "--at", "2026-11-24T08:15")

    assert BoothAlert.objects.filter(opened_at=at(8, 15)).count() == 2


def test_the_command_scans_now_by_default(clock, floor, capsys):
    call_command("scan_booths")

    assert BoothAlert.objects.filter(opened_at=at(9)).count() == 2


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01T09:00", "2026-11-24T25:00", "", "9"])
def test_the_command_refuses_a_bad_moment(db, bad):
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("scan_booths", "--at", bad or " ")


def test_task_options():
    assert tasks.scan_booths.acks_late is True
    assert tasks.scan_booths.reject_on_worker_lost is True
    assert tasks.scan_booths.soft_time_limit < tasks.scan_booths.time_limit <= 60
    assert tasks.notify_booth_alert.time_limit


# --- notifications -----------------------------------------------------------------------


def test_new_alerts_go_to_managers_and_the_agencys_supervisors(
    django_capture_on_commit_callbacks, outbox, floor, manager, supervisor_a, agency_b
):
    factories.UserFactory(
        username="sup-b", role="supervisor", agency=agency_b, phone="0812 3456 7890"
    )
    factories.UserFactory(username="off-a", role="officer", agency=supervisor_a.agency)
    manager.email = "manager@mpp.test"
    manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        booth_scan(at=at(8, 15))

    text_a = "Antrean MPP: gerai Gerai Dukcapil (Dispendukcapil) kosong sejak 08:15 WIB."
    text_b = "Antrean MPP: gerai Gerai Polres (Polres) kosong sejak 08:15 WIB."
    assert sorted((m.phone, m.text) for m in outbox) == [
        ("+6281234567890", text_b),  # a staff phone wins, normalised for the gateway
        ("@supervisor-a", text_a),
        ("manager@mpp.test", text_a),
        ("manager@mpp.test", text_b),
    ]
    assert {m.kind for m in outbox} == {"booth_alert"}


def test_a_redelivered_notification_tells_nobody_twice(outbox, floor, manager):
    booth_scan(at=at(8, 15))
    alert = BoothAlert.objects.get(booth=floor[0])
    outbox.clear()

    assert tasks.notify_booth_alert(alert.pk) == 1
    assert tasks.notify_booth_alert(alert.pk) == 0
    assert len(outbox) == 1


def test_an_alert_closed_before_the_message_is_not_sent(outbox, floor, manager):
    booth_scan(at=at(8, 15))
    alert = BoothAlert.objects.get(booth=floor[0])
    outbox.clear()
    BoothAlert.objects.filter(pk=alert.pk).update(closed_at=at(8, 16))

    assert tasks.notify_booth_alert(alert.pk) == 0
    assert outbox == []


def test_unattended_text(django_capture_on_commit_callbacks, outbox, staffed, service_a, manager):
    waiting(service_a, queued=at(8, 30))
    with django_capture_on_commit_callbacks(execute=True):
        booth_scan(at=at(8, 45))

    assert [m.text for m in outbox] == [
        "Antrean MPP: gerai Gerai Dukcapil (Dispendukcapil) tidak melayani antrean sejak 08:45 WIB."
    ]
