"""`import_staff`: officer and supervisor accounts in bulk, one-time passwords printed once,
all or nothing with line and column for each bad row."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook

from agencies.models import User
from tests import factories

HEADER = ["username", "nama", "peran", "instansi", "ponsel", "email"]


@pytest.fixture
def agencies(db):
    return factories.AgencyFactory(code="dukcapil"), factories.AgencyFactory(code="bpjs-kes")


def staff_rows() -> list[list[str]]:
    return [
        ["siti.dukcapil", "Siti Aminah", "officer", "dukcapil", "081234567890", ""],
        ["budi.dukcapil", "Budi Santoso", "petugas", "dukcapil", "", "budi@example.go.id"],
        ["rina.bpjs", "Rina Wati", "supervisor", "bpjs-kes", "", ""],
    ]


def write_csv(path: Path, rows: list[list[str]], header=HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path: Path, *args: str) -> dict[str, str]:
    """The printed `username<TAB>password` pairs."""
    out = io.StringIO()
    call_command("import_staff", str(path), *args, stdout=out)
    lines = [line.split("\t") for line in out.getvalue().splitlines() if "\t" in line]
    return dict(lines)


def rejected(path: Path, *args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command("import_staff", str(path), *args, stdout=io.StringIO(), stderr=err)
    return f"{err.getvalue()}{refusal.value}"


def logs_in(username: str, password: str) -> bool:
    """Through the real login page (django-axes wants a request)."""
    client = Client()
    client.post("/login/", {"username": username, "password": password})
    return client.session.get("_auth_user_id") is not None


def accounts() -> list[tuple]:
    return list(
        User.objects.order_by("username").values_list(
            "username", "first_name", "role", "agency__code", "phone", "email", "password"
        )
    )


def test_creates_accounts_with_one_time_passwords_that_log_in(agencies, tmp_path):
    printed = run(write_csv(tmp_path / "staff.csv", staff_rows()))

    assert set(printed) == {"siti.dukcapil", "budi.dukcapil", "rina.bpjs"}
    assert len(set(printed.values())) == 3
    for username, password in printed.items():
        assert len(password) >= 12
        assert logs_in(username, password=password)
    assert not logs_in("siti.dukcapil", password="not-the-one-printed")
    siti = User.objects.get(username="siti.dukcapil")
    assert (siti.get_full_name(), siti.role, siti.agency.code) == (
        "Siti Aminah",
        "officer",
        "dukcapil",
    )
    assert User.objects.get(username="budi.dukcapil").role == User.Role.OFFICER
    assert User.objects.get(username="rina.bpjs").role == User.Role.SUPERVISOR
    assert not any(printed[u] in p for u, *_, p in accounts())  # stored hashed only
    # One-time: each must pick their own password at the first sign-in.
    assert set(
        User.objects.filter(must_change_password=True).values_list("username", flat=True)
    ) == set(printed)


def test_xlsx_creates_the_same_accounts(agencies, tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADER[:4])
    for row in staff_rows():
        workbook.active.append(row[:4])
    workbook.save(tmp_path / "staff.xlsx")

    printed = run(tmp_path / "staff.xlsx")

    assert sorted(printed) == ["budi.dukcapil", "rina.bpjs", "siti.dukcapil"]


def test_existing_username_refused_without_update(agencies, tmp_path):
    path = write_csv(tmp_path / "staff.csv", staff_rows())
    run(path)
    before = accounts()

    message = rejected(path)

    assert "Baris 2, kolom username: pengguna siti.dukcapil sudah ada" in message
    assert "Baris 4, kolom username:" in message
    assert accounts() == before


def test_update_changes_details_and_keeps_passwords(agencies, tmp_path):
    path = write_csv(tmp_path / "staff.csv", staff_rows())
    first = run(path)
    rows = staff_rows()
    rows[0][1], rows[0][2] = "Siti Aminah, S.Kom", "supervisor"
    rows.append(["dewi.bpjs", "Dewi", "officer", "bpjs-kes", "", ""])

    printed = run(write_csv(tmp_path / "staff2.csv", rows), "--update")

    siti = User.objects.get(username="siti.dukcapil")
    assert (siti.first_name, siti.role) == ("Siti Aminah, S.Kom", "supervisor")
    assert logs_in("siti.dukcapil", password=first["siti.dukcapil"])
    assert printed["siti.dukcapil"] == "(tidak diubah)"
    assert logs_in("dewi.bpjs", password=printed["dewi.bpjs"])


def test_update_never_touches_a_manager(agencies, tmp_path):
    factories.UserFactory(username="manager", role=User.Role.MANAGER, agency=None)
    before = accounts()
    rows = [*staff_rows(), ["manager", "Pak Manajer", "officer", "dukcapil", "", ""]]

    message = rejected(write_csv(tmp_path / "staff.csv", rows), "--update")

    assert "Baris 5, kolom username: pengguna manager bukan akun petugas" in message
    assert accounts() == before


BAD_ROWS = {
    "bad role": (1, 2, "manager", 3, "peran"),
    "unknown agency": (2, 3, "dinas-x", 4, "instansi"),
    "username with a space": (0, 0, "siti aminah", 2, "username"),
    "username twice": (2, 0, "siti.dukcapil", 4, "username"),
    "name missing": (1, 1, "", 3, "nama"),
    "bad phone": (0, 4, "12345", 2, "ponsel"),
    "bad e-mail": (1, 5, "budi-at-dukcapil", 3, "email"),
}


@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_bad_row_names_line_and_column_and_creates_nobody(agencies, tmp_path, case):
    index, cell, value, line, column = BAD_ROWS[case]
    rows = staff_rows()
    rows[index][cell] = value

    message = rejected(write_csv(tmp_path / "staff.csv", rows))

    assert f"Baris {line}, kolom {column}:" in message
    assert "tidak ada yang diubah" in message
    assert User.objects.count() == 0


def test_missing_column_is_line_1(agencies, tmp_path):
    rows = [row[:3] for row in staff_rows()]

    message = rejected(write_csv(tmp_path / "staff.csv", rows, header=HEADER[:3]))

    assert "Baris 1, kolom instansi: kolom wajib tidak ada" in message
    assert User.objects.count() == 0
