"""`python manage.py import_staff FILE [--update]`: officer and supervisor accounts in bulk."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from agencies.staff_io import staff_import
from mpp.lib.tables import file_refusals_as_command_error


class Command(BaseCommand):
    help = (
        "Create officer and supervisor accounts from a CSV or XLSX file (columns username, "
        "nama, peran, instansi; optional ponsel, email). Each new account's one-time password "
        "is printed once. All or nothing: any bad row is reported by line and column."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the staff list, .csv or .xlsx")
        parser.add_argument(
            "--update",
            action="store_true",
            help="update existing officer/supervisor accounts (their passwords stay)",
        )

    def handle(self, *args, file: str, update: bool = False, **options) -> None:
        with file_refusals_as_command_error(self.stderr):
            accounts = staff_import(path=file, update=update)
        for account in accounts:
            password = account.password or _("(tidak diubah)")
            self.stdout.write(f"{account.username}\t{password}")
        self.stdout.write(
            _(
                "%(count)s akun. Kata sandi hanya ditampilkan kali ini dan tidak disimpan "
                "terbaca: serahkan kepada pemiliknya. Lupa? manage.py changepassword USERNAME."
            )
            % {"count": len(accounts)}
        )
