"""`manage.py restore_check [--dump FILE] [--scratch NAME] [--keep]`: prove a backup restores."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mpp.backups import BackupError, backup_restore_check, backups


class Command(BaseCommand):
    help = (
        "Restore the newest backup (or --dump FILE) into a scratch database, compare its "
        "row counts per table and last ticket number per prefix with the dump's manifest, "
        "then drop the scratch database. Exits non-zero on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dump", type=Path, help="a .dump file (default: the newest)")
        parser.add_argument(
            "--scratch", default="", help="scratch database (default: <database>_restore_check)"
        )
        parser.add_argument("--keep", action="store_true", help="keep the scratch database")

    def handle(self, *args, dump: Path | None, scratch: str, keep: bool, **options) -> None:
        chosen = dump or (backups() or [None])[-1]
        try:
            differences = backup_restore_check(dump=dump, scratch=scratch, keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if differences:
            raise CommandError("Restore differs from the backup:\n" + "\n".join(differences))
        self.stdout.write(f"{chosen}: restored; every table and last number matches.")
