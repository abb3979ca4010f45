"""Staff accounts in bulk (petugas loket, supervisor instansi) from a CSV/XLSX file.

Columns: username, nama, peran (officer/petugas or supervisor), instansi (agency code),
and optionally ponsel and email. All or nothing: a bad row names its line and column and
nothing is written. New accounts get a one-time password, returned once to be handed
over; an existing username is refused unless `update` (then only the account's details
change, never its password, and only for officer and supervisor accounts).
"""

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Agency, User
from mpp.lib.tables import FileRejected, Row, RowError, read_table

REQUIRED_COLUMNS = ("username", "nama", "peran", "instansi")
OPTIONAL_COLUMNS = ("ponsel", "email")
ROLES = {
    "officer": User.Role.OFFICER,
    "petugas": User.Role.OFFICER,
    "supervisor": User.Role.SUPERVISOR,
}
STAFF_ROLES = (User.Role.OFFICER, User.Role.SUPERVISOR)


@dataclass(frozen=True)
class StaffAccount:
    username: str
    password: str | None  # the one-time password of a new account; None when updated


@transaction.atomic
def staff_import(*, path: str | Path, update: bool = False) -> list[StaffAccount]:
    """Create (or with `update`, also update) staff accounts; FileRejected before any
    write when a row is bad."""
    sheet = read_table(path, required=REQUIRED_COLUMNS, known=REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    usernames = [row.get("username") for row in sheet.rows]
    existing = {
        u.username: u for u in User.objects.select_for_update().filter(username__in=usernames)
    }
    users, errors, seen = [], [], dict[str, int]()
    for row in sheet.rows:
        user, row_errors = _parse_row(row, agencies, existing, update=update)
        if user.username in seen:
            message = _("sama dengan baris %s") % seen[user.username]
            row_errors.append(RowError(row.line, "username", message))
        seen.setdefault(user.username, row.line)
        errors += row_errors
        users.append(user)
    if errors:
        raise FileRejected(errors)
    return [_save(user) for user in users]


def _parse_row(
    row: Row, agencies: dict[str, Agency], existing: dict[str, User], *, update: bool
) -> tuple[User, list[RowError]]:
    username = row.get("username")
    user = existing.get(username) or User(username=username)
    errors = _check_existing(row, user, update=update)
    role = ROLES.get(row.get("peran").lower())
    if role is None:
        errors.append(RowError(row.line, "peran", _("isi dengan officer, petugas atau supervisor")))
    agency = agencies.get(row.get("instansi"))
    if agency is None:
        errors.append(
            RowError(row.line, "instansi", _("instansi %s tidak ada") % row.get("instansi"))
        )
    user.first_name, user.last_name = row.get("nama"), ""
    user.role, user.agency = role or "", agency
    user.phone, user.email = row.get("ponsel"), row.get("email")
    if not user.first_name:
        errors.append(RowError(row.line, "nama", _("wajib diisi")))
    return user, errors + _field_errors(row, user)


def _check_existing(row: Row, user: User, *, update: bool) -> list[RowError]:
    if user.pk is None:
        return []
    if not update:
        message = _("pengguna %s sudah ada (pakai --update untuk mengubahnya)") % user.username
        return [RowError(row.line, "username", message)]
    if user.role not in STAFF_ROLES or user.is_superuser:
        message = _("pengguna %s bukan akun petugas atau supervisor") % user.username
        return [RowError(row.line, "username", message)]
    return []


def _field_errors(row: Row, user: User) -> list[RowError]:
    columns = {"username": "username", "first_name": "nama", "phone": "ponsel", "email": "email"}
    try:
        user.full_clean(
            exclude=["password", "role", "agency"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        return [
            RowError(row.line, columns.get(name, name), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def _save(user: User) -> StaffAccount:
    if user.pk is not None:
        user.save()
        return StaffAccount(user.username, None)
    password = secrets.token_urlsafe(9)  # 12 characters, read aloud or written on paper
    user.set_password(password)
    user.must_change_password = True  # theirs at the first sign-in (/password/)
    user.save()
    return StaffAccount(user.username, password)
