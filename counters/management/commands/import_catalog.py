"""`python manage.py import_catalog FILE [--dry-run]`: the mall's catalog from CSV/XLSX."""

from django.utils.translation import gettext as _

from counters.catalog_io import ImportResult, catalog_import
from mpp.lib.tables import ImportCommand


class Command(ImportCommand):
    help = (
        "Create or update agencies, booths, counters and services (with the 14 Standar "
        "Pelayanan components) from a CSV or XLSX file shaped like docs/katalog-template.csv. "
        "All or nothing: any bad row is reported by line and column and nothing is written."
    )
    file_help = "the catalog, .csv or .xlsx"
    switch = "--dry-run"
    switch_help = "check and count, then write nothing"

    def load(self, path: str, switched: bool) -> ImportResult:
        return catalog_import(path=path, dry_run=switched)

    def report(self, result: ImportResult, switched: bool) -> None:
        prefix = _("Uji coba, tidak ada yang disimpan") if switched else _("Katalog diimpor")
        self.stdout.write(f"{prefix}: {result}")
