"""Nightly PostgreSQL backups and the check that one restores.

`backup_create()` (beat, nightly; README "Backups") writes `pg_dump --format=custom`
to BACKUP_DIR, and next to it a manifest: the row count of every table and the last
ticket number of every prefix, read in the very snapshot pg_dump dumps (it is
exported to pg_dump with `--snapshot`), so the two describe the same instant even
while tickets are being issued. Only the newest BACKUP_KEEP dumps are kept.

`backup_restore_check()` (`manage.py restore_check`) restores a dump into a scratch
database, reads the same figures there and compares them with the manifest.
"""

import datetime as dt
import json
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2
from django.conf import settings
from django.utils import timezone
from psycopg2 import sql

from queues.models import DailySequence

log = logging.getLogger(__name__)

SUFFIX = ".dump"


class BackupError(Exception):
    pass


@dataclass
class Summary:
    """What a restored copy must have: rows per table, last number per prefix."""

    tables: dict[str, int] = field(default_factory=dict)
    last_numbers: dict[str, list[Any]] = field(default_factory=dict)

    def differences(self, other: "Summary") -> list[str]:
        """One line per table or prefix where `other` (the restored copy) differs."""
        lines = []
        for name in sorted(self.tables.keys() | other.tables.keys()):
            mine, theirs = self.tables.get(name), other.tables.get(name)
            if mine != theirs:
                lines.append(f"table {name}: {mine} rows in the dump's manifest, {theirs} restored")
        for prefix in sorted(self.last_numbers.keys() | other.last_numbers.keys()):
            mine_n, theirs_n = self.last_numbers.get(prefix), other.last_numbers.get(prefix)
            if mine_n != theirs_n:
                lines.append(f"prefix {prefix}: last number {mine_n} in the manifest, {theirs_n}")
        return lines


def _params(name: str | None = None) -> dict[str, Any]:
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        raise BackupError("Backups need PostgreSQL (DATABASE_URL); the demo's SQLite has none.")
    return {
        "dbname": name or db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }


def _connect(name: str | None = None) -> Any:
    return psycopg2.connect(**{k: v for k, v in _params(name).items() if v is not None})


def _pg_env() -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore (libpq reads them from the environment)."""
    params = _params()
    names = {"user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT"}
    env = {**os.environ}
    env.update({var: str(params[key]) for key, var in names.items() if params[key]})
    return env


def pg_binary(name: str, server_version: int) -> str:
    """pg_dump or pg_restore of the server's major version when Debian has it
    (/usr/lib/postgresql/<major>/bin), else BACKUP_PG_BIN_DIR, else the one on PATH."""
    if settings.BACKUP_PG_BIN_DIR:
        return str(Path(settings.BACKUP_PG_BIN_DIR) / name)
    debian = Path(f"/usr/lib/postgresql/{server_version // 10000}/bin") / name
    if debian.exists():
        return str(debian)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install postgresql-client or set BACKUP_PG_BIN_DIR.")
    return found


def _summary(cursor: Any) -> Summary:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    cursor.execute(
        sql.SQL(
            "SELECT DISTINCT ON (prefix) prefix, date, last_number FROM {} "
            "ORDER BY prefix, date DESC"
        ).format(sql.Identifier(DailySequence._meta.db_table))
    )
    last = {prefix: [day.isoformat(), number] for prefix, day, number in cursor.fetchall()}
    return Summary(tables=counts, last_numbers=last)


def backup_dir() -> Path:
    return Path(settings.BACKUP_DIR)


def backups() -> list[Path]:
    """Finished dumps of this database, oldest first (names sort by time)."""
    return sorted(backup_dir().glob(f"{_params()['dbname']}-[0-9]*{SUFFIX}"))


def manifest_path(dump: Path) -> Path:
    return dump.with_suffix(".json")


def backup_create(*, now: dt.datetime | None = None) -> Path:
    """Dump the database to BACKUP_DIR with its manifest, then drop the oldest dumps."""
    now = timezone.localtime(now or timezone.now())
    folder = backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = _params()["dbname"]
    dump = folder / f"{name}-{now:%Y%m%d-%H%M%S-%f}{SUFFIX}"
    partial = dump.with_suffix(".partial")
    try:
        summary = _dump_with_summary(name, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    manifest = {"database": name, "taken_at": now.isoformat(), **summary.__dict__}
    manifest_path(dump).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    partial.rename(dump)  # only a finished dump ever counts as the newest
    backup_prune()
    log.info("backup written: %s (%d bytes)", dump, dump.stat().st_size)
    return dump


def _dump_with_summary(name: str, target: Path) -> Summary:
    """pg_dump into `target` and the summary of the very snapshot it dumped."""
    conn = _connect()
    try:
        cursor = conn.cursor()
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        summary = _summary(cursor)
        dump = pg_binary("pg_dump", conn.server_version)
        # While this transaction stays open, pg_dump can read the snapshot it exported.
        _run([dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", name])
        return summary
    finally:
        conn.close()


def backup_prune() -> list[Path]:
    """Delete all but the newest BACKUP_KEEP dumps (and their manifests)."""
    old = backups()[: -max(1, settings.BACKUP_KEEP)]
    for dump in old:
        dump.unlink()
        manifest_path(dump).unlink(missing_ok=True)
    return old


def _run(command: list[str]) -> None:
    done = subprocess.run(  # noqa: S603 (our own argument list, no shell)
        command, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


SCRATCH_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def backup_restore_check(
    *, dump: Path | None = None, scratch: str = "", keep: bool = False
) -> list[str]:
    """Restore `dump` (default: the newest) into the scratch database `scratch` and
    return how it differs from the dump's manifest (empty: the restore is complete).

    The scratch database is created here and must not exist; it is dropped afterwards
    unless `keep`.
    """
    found = backups()
    dump = dump or (found[-1] if found else None)
    if dump is None or not dump.exists():
        raise BackupError(f"No backup found in {backup_dir()}.")
    manifest = _read_manifest(dump)
    expected = Summary(tables=manifest["tables"], last_numbers=manifest["last_numbers"])
    scratch = scratch or f"{_params()['dbname']}_restore_check"
    if not SCRATCH_NAME.match(scratch):
        raise BackupError(f"Scratch database name {scratch!r}: lower-case letters, digits, _.")
    _create_database(scratch)
    try:
        _restore(dump, scratch)
        conn = _connect(scratch)
        try:
            restored = _summary(conn.cursor())
        finally:
            conn.close()
    finally:
        if not keep:
            _drop_database(scratch)
    return expected.differences(restored)


def _restore(dump: Path, database: str) -> None:
    conn = _connect(database)
    version = conn.server_version
    conn.close()
    restore = pg_binary("pg_restore", version)
    options = ["--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={database}"]
    _run([restore, *options, str(dump)])


def _read_manifest(dump: Path) -> dict[str, Any]:
    path = manifest_path(dump)
    if not path.exists():
        raise BackupError(f"{path.name} is missing: a dump without its manifest cannot be checked.")
    return json.loads(path.read_text())


def _admin(statement: sql.Composable) -> None:
    conn = _connect("postgres")
    conn.autocommit = True  # CREATE/DROP DATABASE cannot run inside a transaction
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def _create_database(name: str) -> None:
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_database(name: str) -> None:
    _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
