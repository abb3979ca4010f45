"""Spreadsheet files in and out for the bulk imports (catalog, staff).

A file is CSV (comma or semicolon separated, as Excel saves it in an Indonesian locale;
UTF-8 with or without BOM) or XLSX (its first sheet). Rows are numbered as a spreadsheet
shows them: the header is row 1, so an error names the row the operator sees.
"""

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mpp.lib.errors import ApplicationError


@dataclass(frozen=True)
class Row:
    line: int  # as a spreadsheet numbers it: the header is 1
    cells: dict[str, str]  # column name -> stripped text ("" when empty or absent)

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True)
class Sheet:
    columns: list[str]
    rows: list[Row]


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Baris %(line)s, kolom %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class FileRejected(ApplicationError):
    """The file has bad rows; nothing was written. `errors` names each by row and column."""

    code = "file_rejected"
    message = gettext_lazy("Berkas ditolak, tidak ada yang diubah: %(count)s kesalahan.")

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__(count=len(self.errors))


class FileUnreadable(ApplicationError):
    code = "file_unreadable"
    message = gettext_lazy("Berkas tidak dapat dibaca: %(reason)s")


class ImportCommand(BaseCommand):
    """A management command that imports one CSV or XLSX file, all or nothing, with one
    switch (`--update`, `--dry-run`): each bad row on stderr, then a CommandError."""

    file_help = ""
    switch = ""  # "--update"
    switch_help = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=self.file_help)
        parser.add_argument(self.switch, action="store_true", help=self.switch_help)

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        switched = bool(options[self.switch.removeprefix("--").replace("-", "_")])
        try:
            result = self.load(file, switched)
        except FileRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.detail) from exc
        except FileUnreadable as exc:
            raise CommandError(exc.detail) from exc
        self.report(result, switched)

    def load(self, path: str, switched: bool) -> Any:
        """Import the file (the service call); what it returns goes to report()."""
        raise NotImplementedError

    def report(self, result: Any, switched: bool) -> None:
        raise NotImplementedError


def read_table(path: str | Path, *, required: Iterable[str], known: Iterable[str]) -> Sheet:
    """The rows of a CSV or XLSX file, refused (FileRejected on row 1) when the header
    lacks a required column, names one twice, or names one nobody reads (a typo)."""
    path = Path(path)
    try:
        grid = _read_xlsx(path) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    except (
        OSError,
        UnicodeDecodeError,
        csv.Error,
        ValueError,
        KeyError,
        zipfile.BadZipFile,
    ) as exc:
        raise FileUnreadable(reason=str(exc)) from exc
    if not grid:
        raise FileUnreadable(reason=_("berkas kosong"))
    columns = [cell.strip().lower() for cell in grid[0]]
    _check_header(columns, set(required), set(known))
    rows, errors = [], []
    for line, values in enumerate(grid[1:], start=2):
        cells = dict(zip(columns, (value.strip() for value in values), strict=False))
        errors += _cells_without_header(line, columns, values)
        cells.pop("", None)
        if any(cells.values()):
            rows.append(Row(line=line, cells=cells))
    if errors:
        raise FileRejected(errors)
    return Sheet(columns=columns, rows=rows)


def _cells_without_header(line: int, columns: list[str], values: list[str]) -> list[RowError]:
    """A value beyond the last titled column, or under an empty title: a shifted row."""
    return [
        RowError(line, f"#{index}", _("sel berisi di luar kolom berjudul"))
        for index, value in enumerate(values, start=1)
        if value.strip() and (index > len(columns) or not columns[index - 1])
    ]


def _check_header(columns: list[str], required: set[str], known: set[str]) -> None:
    errors = [
        RowError(1, column, _("kolom wajib tidak ada"))
        for column in sorted(required - set(columns))
    ]
    seen: set[str] = set()
    for column in columns:
        if column and column not in known:
            errors.append(RowError(1, column, _("kolom tidak dikenal")))
        elif column in seen:
            errors.append(RowError(1, column, _("kolom muncul dua kali")))
        seen.add(column)
    if errors:
        raise FileRejected(errors)


def _read_csv(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _text(value: Any) -> str:
    """A cell as the text an operator typed: 3, not 3.0; a date as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def write_table(path: str | Path, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write text rows under a header as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(path, columns, rows)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def _write_xlsx(path: Path, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = path.stem[:31]
    sheet.append(list(columns))
    for row in rows:
        # Text cells throughout, so "007" or "1" read back exactly as written.
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column_cells in sheet.iter_cols(min_row=2):
        for cell in column_cells:
            if cell.data_type == "f":  # text that starts with "=" stays text, not a formula
                cell.data_type = "s"
            cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(len(column) + 2, 12)
    sheet.freeze_panes = "A2"
    workbook.save(path)
