"""`python manage.py import_catalog FILE [--dry-run]`: the mall's catalog from CSV/XLSX."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from counters.catalog_io import catalog_import
from mpp.lib.tables import file_refusals_as_command_error


class Command(BaseCommand):
    help = (
        "Create or update agencies, booths, counters and services (with the 14 Standar "
        "Pelayanan components) from a CSV or XLSX file shaped like docs/katalog-template.csv. "
        "All or nothing: any bad row is reported by line and column and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the catalog, .csv or .xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, then write nothing"
        )

    def handle(self, *args, file: str, dry_run: bool = False, **options) -> None:
        with file_refusals_as_command_error(self.stderr):
            result = catalog_import(path=file, dry_run=dry_run)
        prefix = _("Uji coba, tidak ada yang disimpan") if dry_run else _("Katalog diimpor")
        self.stdout.write(f"{prefix}: {result}")
