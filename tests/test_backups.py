"""Nightly backups (mpp/backups.py): a day's dump restores whole into a new database."""

import json
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.core.management import CommandError, call_command
from django.db import connection

from mpp import backups
from mpp.celery import app
from mpp.tasks import backup_database
from queues.models import DailySequence, Ticket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


@pytest.fixture
def scratch_name():
    """A scratch database of this test run's own, dropped even when the test fails."""
    name = f"{connection.settings_dict['NAME']}_scratch"
    yield name
    backups._drop_database(name)


def live_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from the catalog)
            counts[table] = cursor.fetchone()[0]
    return counts


def restored_row_counts(name: str) -> dict[str, int]:
    conn = backups._connect(name)
    try:
        return backups._summary(conn.cursor()).tables
    finally:
        conn.close()


def test_a_day_of_activity_restores_with_every_row_and_last_number(
    busy_day, backup_dir, scratch_name
):
    dump = backups.backup_create()

    assert dump.parent == backup_dir and dump.stat().st_size > 0
    manifest = json.loads(backups.manifest_path(dump).read_text())
    live = live_row_counts()
    assert manifest["tables"] == live
    assert live[Ticket._meta.db_table] == 10
    assert manifest["last_numbers"] == {
        s.prefix: [s.date.isoformat(), s.last_number] for s in DailySequence.objects.all()
    }
    assert manifest["last_numbers"]["A"][1] == 5

    differences = backups.backup_restore_check(dump=dump, scratch=scratch_name, keep=True)

    assert differences == []
    # Counted again here, independently of the manifest: the restored copy is the day.
    assert restored_row_counts(scratch_name) == live
    conn = backups._connect(scratch_name)
    with conn.cursor() as cursor:
        cursor.execute("SELECT prefix, max(last_number) FROM queues_dailysequence GROUP BY 1")
        assert dict(cursor.fetchall()) == {"A": 5, "B": 2, "S": 3}
    conn.close()


def test_restore_check_reports_a_dump_that_lost_rows(busy_day, backup_dir, scratch_name):
    dump = backups.backup_create()
    manifest = backups.manifest_path(dump)
    # The manifest says one more ticket than the dump holds: as if the dump lost a row.
    data = json.loads(manifest.read_text())
    data["tables"][Ticket._meta.db_table] += 1
    data["last_numbers"]["A"][1] = 6
    manifest.write_text(json.dumps(data))

    with pytest.raises(CommandError) as refused:
        call_command("restore_check", scratch=scratch_name)

    assert "queues_ticket: 11 rows in the dump's manifest, 10 restored" in str(refused.value)
    assert "prefix A" in str(refused.value)
    assert not database_exists(scratch_name)  # dropped even when the check fails


def test_restore_check_command_passes_on_the_newest_dump(
    busy_day, backup_dir, scratch_name, capsys
):
    backups.backup_create()
    newest = backups.backup_create()

    call_command("restore_check", scratch=scratch_name)

    assert f"{newest}: restored" in capsys.readouterr().out
    assert not database_exists(scratch_name)


def test_only_the_newest_dumps_are_kept(db, backup_dir, settings):
    settings.BACKUP_KEEP = 2
    made = [backup_database() for _ in range(3)]

    kept = backups.backups()
    assert [str(p) for p in kept] == made[1:]
    assert sorted(p.name for p in backup_dir.iterdir()) == sorted(
        [p.name for p in kept] + [backups.manifest_path(p).name for p in kept]
    )


def test_rotation_leaves_other_databases_dumps_alone(db, backup_dir, settings):
    settings.BACKUP_KEEP = 1
    backup_dir.mkdir(parents=True)
    other = backup_dir / "othermall-20260101-030000-000000.dump"
    other.write_bytes(b"not ours")

    backup_database()
    backup_database()

    assert other.exists()
    assert len(backups.backups()) == 1


def test_a_failed_dump_leaves_no_file_that_looks_finished(db, backup_dir, settings, tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "pg_dump").write_text("#!/bin/sh\necho 'disk full' >&2\nexit 1\n")
    (fake / "pg_dump").chmod(0o755)
    settings.BACKUP_PG_BIN_DIR = str(fake)

    with pytest.raises(backups.BackupError, match="disk full"):
        backups.backup_create()

    assert list(backup_dir.iterdir()) == []


def test_restore_check_without_a_backup_says_so(db, backup_dir):
    with pytest.raises(CommandError, match="No backup found"):
        call_command("restore_check")


def test_the_backup_runs_nightly_after_the_purges():
    entry = app.conf.beat_schedule["backup-database"]
    assert entry["task"] == backup_database.name
    assert entry["schedule"] == crontab(hour=3, minute=0)


def database_exists(name: str) -> bool:
    conn = backups._connect("postgres")
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        conn.close()


def test_pg_dump_of_the_servers_major_version_is_chosen(db, settings):
    settings.BACKUP_PG_BIN_DIR = ""
    major = connection.pg_version // 10000
    debian = Path(f"/usr/lib/postgresql/{major}/bin/pg_dump")
    if not debian.exists():
        pytest.skip(f"no {debian} on this machine")

    assert backups.pg_binary("pg_dump", connection.pg_version) == str(debian)
    assert backups.pg_binary("pg_dump", (major + 1) * 10000) != str(debian)
