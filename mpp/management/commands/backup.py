"""`manage.py backup`: what the nightly beat task does, now (e.g. before an upgrade)."""

from django.core.management.base import BaseCommand, CommandError

from mpp.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Dump the database to BACKUP_DIR now (pg_dump, custom format) and rotate old dumps."

    def handle(self, *args, **options) -> None:
        try:
            dump = backup_create()
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(dump))
