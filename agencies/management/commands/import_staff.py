"""`python manage.py import_staff FILE [--update]`: officer and supervisor accounts in bulk."""

from django.utils.translation import gettext as _

from agencies.staff_io import StaffAccount, staff_import
from mpp.lib.tables import ImportCommand


class Command(ImportCommand):
    help = (
        "Create officer and supervisor accounts from a CSV or XLSX file (columns username, "
        "nama, peran, instansi; optional ponsel, email). Each new account's one-time password "
        "is printed once. All or nothing: any bad row is reported by line and column."
    )
    file_help = "the staff list, .csv or .xlsx"
    switch = "--update"
    switch_help = "update existing officer/supervisor accounts (their passwords stay)"

    def load(self, path: str, switched: bool) -> list[StaffAccount]:
        return staff_import(path=path, update=switched)

    def report(self, result: list[StaffAccount], switched: bool) -> None:
        for account in result:
            password = account.password or _("(tidak diubah)")
            self.stdout.write(f"{account.username}\t{password}")
        self.stdout.write(
            _(
                "%(count)s akun. Kata sandi hanya ditampilkan kali ini dan tidak disimpan "
                "terbaca: serahkan kepada pemiliknya. Lupa? manage.py changepassword USERNAME."
            )
            % {"count": len(result)}
        )
