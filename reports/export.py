"""Report downloads: the same rows as the JSON, as CSV or XLSX (openpyxl).

Columns come in the order of the JSON fields, so a file and the API answer line
up one to one; the header row is in words a person reads ("Menit jadwal",
"Scheduled minutes" with English), not the JSON names (COLUMN_LABELS maps one to
the other). CSV starts with a UTF-8 byte order mark so spreadsheet programs read
Indonesian names correctly.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Table = tuple[Sequence[str], list[list[Any]]]

# The header of each report column (the JSON field name -> what the file's reader sees).
COLUMN_LABELS: dict[str, Promise] = {
    # attendance
    "booth": _("ID gerai"),
    "booth_label": _("Gerai"),
    "date": _("Tanggal"),
    "open": _("MPP buka"),
    "scheduled_minutes": _("Menit jadwal"),
    "staffed_minutes": _("Menit terisi"),
    "coverage": _("Cakupan (0-1)"),
    "planned_closure_minutes": _("Penutupan terencana (menit)"),
    "alerts": _("Peringatan"),
    "empty_alerts": _("Peringatan gerai kosong"),
    "unattended_alerts": _("Peringatan gerai tidak melayani"),
    # performance
    "service": _("ID layanan"),
    "service_name": _("Layanan"),
    "agency": _("ID instansi"),
    "agency_name": _("Instansi"),
    "served": _("Tiket dilayani"),
    "no_shows": _("Tidak hadir"),
    "wait_mean_minutes": _("Rata-rata tunggu (menit)"),
    "wait_p90_minutes": _("p90 tunggu (menit)"),
    "service_mean_minutes": _("Rata-rata layanan (menit)"),
    "service_p90_minutes": _("p90 layanan (menit)"),
    "rank": _("Peringkat"),
    "officer": _("ID petugas"),
    "username": _("Nama pengguna"),
    "name": _("Nama"),
    "ikm_respondents": _("Responden IKM"),
    "ikm_index": _("Indeks IKM"),
    "score": _("Skor"),
}

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header(columns: Sequence[str]) -> list[str]:
    """The columns' labels in the active language (a field without a label keeps its name)."""
    return [str(COLUMN_LABELS.get(column, column)) for column in columns]


def table(rows: Iterable[Any], columns: Sequence[str]) -> Table:
    """Rows (dicts or objects) as a header (labels, active language) and value lists."""
    values = []
    for row in rows:
        get = row.get if isinstance(row, dict) else lambda key, row=row: getattr(row, key)
        values.append([get(column) for column in columns])
    return header(columns), values


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_response(filename: str, data: Table) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    columns, rows = data
    writer.writerow(columns)
    writer.writerows([_csv_value(value) for value in row] for row in rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type=CSV_TYPE)
    return _attachment(response, filename)


def xlsx_response(filename: str, sheets: dict[str, Table]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (columns, rows) in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for index, column in enumerate(columns, start=1):
            if any(isinstance(row[index - 1], dt.date) for row in rows):
                for cell in sheet.iter_cols(min_col=index, max_col=index, min_row=2):
                    for item in cell:
                        item.number_format = "yyyy-mm-dd"
            width = max([len(str(column))] + [len(str(row[index - 1] or "")) for row in rows])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(width + 2, 50)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)
