"""Moving models between apps keeps existing databases (issue 13).

The suite builds its database from the models (`--no-migrations`), so this test runs
the real migrations on a throwaway PostgreSQL database: up to the state before the
split, with rows in the tables that moved, then to the newest state, where the moved
models must find the same rows (and their content types, which permissions and the
audit log point at, must have followed).
"""

import datetime as dt
import os
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from closures.models import ClosureRequest, ClosureRequestEvent
from monitoring.models import BoothAlert

ALIAS = "migration_check"
# The newest migration of each app before closures/ and monitoring/ left counters/.
BEFORE_SPLIT = [
    ("agencies", "0003_user_must_change_password"),
    ("counters", "0005_device"),
    ("queues", "0005_idempotency_key"),
    ("complaints", "0004_longer_complaint_code"),
    ("mpp", "0001_initial"),
    ("closures", None),  # not there yet (or undone when going back)
    ("monitoring", None),
]


@pytest.fixture
def scratch_db(django_db_blocker, settings) -> Iterator[str]:
    """A fresh, empty database on the test server, registered as connection ALIAS."""
    settings.MIGRATION_MODULES = {}  # the suite's --no-migrations turned them off
    default = connections["default"]
    name = f"mpp_migration_check_{os.getpid()}"
    with django_db_blocker.unblock():
        with default._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connections.settings[ALIAS] = {**default.settings_dict, "NAME": name}
        try:
            yield ALIAS
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]
            with default._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _migrate(alias: str, targets: list[tuple[str, str]]):
    """Migrate to `targets`; the historical apps of that state."""
    executor = MigrationExecutor(connections[alias])
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _old_rows(apps, alias: str) -> dict[str, int]:
    """A closure request with one step and a booth alert, written through the pre-split
    models, and the content types of the first and the last."""
    Agency = apps.get_model("agencies", "Agency")
    Booth = apps.get_model("agencies", "Booth")
    User = apps.get_model("agencies", "User")
    Counter = apps.get_model("counters", "Counter")
    OldClosure = apps.get_model("counters", "ClosureRequest")
    OldStep = apps.get_model("counters", "ClosureRequestEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    agency = Agency.objects.using(alias).create(code="dukcapil", name="Dukcapil", kind="daerah")
    booth = Booth.objects.using(alias).create(agency=agency, label="Gerai 1")
    counter = Counter.objects.using(alias).create(booth=booth, label="Loket 1", number=1)
    manager = User.objects.using(alias).create(username="manager", role="manager")
    start = timezone.now() + dt.timedelta(days=1)
    closure = OldClosure.objects.using(alias).create(
        booth=booth,
        counter=counter,
        reason="Rapat dinas",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        requested_by=manager,
        requested_at=timezone.now(),
    )
    step = OldStep.objects.using(alias).create(
        closure=closure, kind="requested", at=timezone.now(), actor=manager
    )
    alert = (
        apps.get_model("counters", "BoothAlert")
        .objects.using(alias)
        .create(booth=booth, kind="empty", reason="no_counter_open", opened_at=timezone.now())
    )
    types = ContentType.objects.using(alias)
    return {
        "closure": closure.pk,
        "step": step.pk,
        "alert": alert.pk,
        "closure_type": types.create(app_label="counters", model="closurerequest").pk,
        "alert_type": types.create(app_label="counters", model="boothalert").pk,
    }


@pytest.mark.slow
def test_the_split_keeps_the_rows_of_the_moved_models(scratch_db):
    old_apps = _migrate(scratch_db, BEFORE_SPLIT)
    tables = connections[scratch_db].introspection.table_names()
    assert {"counters_closurerequest", "counters_boothalert"} <= set(tables)
    before = _old_rows(old_apps, scratch_db)

    executor = MigrationExecutor(connections[scratch_db])
    _migrate(scratch_db, executor.loader.graph.leaf_nodes())

    closure = ClosureRequest.objects.using(scratch_db).get()
    assert closure.pk == before["closure"]
    assert (closure.reason, closure.counter.label, closure.requested_by.username) == (
        "Rapat dinas",
        "Loket 1",
        "manager",
    )
    step = ClosureRequestEvent.objects.using(scratch_db).get()
    assert (step.pk, step.closure_id, step.kind) == (before["step"], closure.pk, "requested")
    # A new row takes the next id of the same table.
    assert (
        ClosureRequestEvent.objects.using(scratch_db)
        .create(closure=closure, kind="approved", at=timezone.now(), actor=closure.requested_by)
        .pk
        > step.pk
    )
    alert = BoothAlert.objects.using(scratch_db).get()
    assert (alert.pk, alert.booth.label, alert.kind, alert.is_open) == (
        before["alert"],
        "Gerai 1",
        "empty",
        True,
    )
    ContentType = executor.loader.project_state().apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(scratch_db)
    closure_type = types.get(pk=before["closure_type"])
    assert (closure_type.app_label, closure_type.model) == ("closures", "closurerequest")
    alert_type = types.get(pk=before["alert_type"])
    assert (alert_type.app_label, alert_type.model) == ("monitoring", "boothalert")

    # ... and back: the state-only moves undo without touching the rows.
    _migrate(scratch_db, BEFORE_SPLIT)
    with connections[scratch_db].cursor() as cursor:
        cursor.execute("SELECT reason FROM counters_closurerequest")
        assert cursor.fetchall() == [("Rapat dinas",)]
        cursor.execute("SELECT reason FROM counters_boothalert")
        assert cursor.fetchall() == [("no_counter_open",)]
    assert types.get(pk=before["closure_type"]).app_label == "counters"
    assert types.get(pk=before["alert_type"]).app_label == "counters"


def test_the_models_and_the_migrations_agree(db):
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
