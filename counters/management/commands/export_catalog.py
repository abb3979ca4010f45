"""`python manage.py export_catalog FILE`: the catalog in import_catalog's shape."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from counters.catalog_io import catalog_export


class Command(BaseCommand):
    help = (
        "Write every agency, booth, counter and service to FILE (.csv or .xlsx) in the shape "
        "import_catalog reads, so an edited export can be imported back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write, .csv or .xlsx")

    def handle(self, *args, file: str, **options) -> None:
        rows = catalog_export(path=file)
        self.stdout.write(_("%(rows)s baris ditulis ke %(file)s") % {"rows": rows, "file": file})
