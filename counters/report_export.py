"""Report downloads: the same rows as the JSON, as CSV or XLSX (openpyxl).

Column headers are the JSON field names, so a file and the API answer line up
one to one. CSV starts with a UTF-8 byte order mark so spreadsheet programs
read Indonesian names correctly.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

Table = tuple[Sequence[str], list[list[Any]]]

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(rows: Iterable[Any], columns: Sequence[str]) -> Table:
    """Rows (dicts or objects) as a header and a list of value lists."""
    values = []
    for row in rows:
        get = row.get if isinstance(row, dict) else lambda key, row=row: getattr(row, key)
        values.append([get(column) for column in columns])
    return columns, values


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
