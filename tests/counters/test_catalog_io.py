"""`import_catalog` / `export_catalog`: the mall's catalog from and to CSV/XLSX.

Good files import and re-import to the same rows; every kind of bad row is named by line
and column and nothing at all is written; an export imports back to the same catalog.
"""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from agencies.models import Agency, Booth, Service
from counters.catalog_io import COLUMNS, catalog_import
from counters.models import Counter
from mpp.lib.tables import FileRejected
from tests import factories

TEMPLATE = Path(settings.BASE_DIR) / "docs" / "katalog-template.csv"
TEMPLATE_XLSX = TEMPLATE.with_suffix(".xlsx")


def template_rows() -> list[dict[str, str]]:
    with TEMPLATE.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def write_csv(path: Path, rows: list[dict[str, str]], columns=None, delimiter=",") -> Path:
    columns = columns or list(rows[0])
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, columns, delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict[str, str]]) -> Path:
    """As an operator's spreadsheet would hold it: numbers as numbers, not text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in row.values()])
    workbook.save(path)
    return path


def snapshot() -> dict:
    return {
        "agencies": list(Agency.objects.order_by("code").values()),
        "services": list(Service.objects.order_by("prefix").values()),
        "booths": list(Booth.objects.order_by("label").values()),
        "counters": list(Counter.objects.order_by("number").values()),
        "served": sorted(Counter.services.through.objects.values_list("counter_id", "service_id")),
    }


def import_file(path: Path, **options) -> str:
    out = io.StringIO()
    call_command("import_catalog", str(path), stdout=out, **options)
    return out.getvalue()


def rejected(path: Path) -> str:
    """The command's refusal, every error line included."""
    err = io.StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command("import_catalog", str(path), stdout=io.StringIO(), stderr=err)
    return f"{err.getvalue()}{refusal.value}"


def counts() -> tuple[int, ...]:
    return (
        Agency.objects.count(),
        Service.objects.count(),
        Booth.objects.count(),
        Counter.objects.count(),
        Counter.services.through.objects.count(),
    )


# --- good files -----------------------------------------------------------------------


@pytest.mark.django_db
def test_template_csv_imports_every_kind_with_all_14_components():
    out = import_file(TEMPLATE)

    assert counts() == (2, 3, 2, 3, 4)
    assert "instansi: 2 baru" in out
    for service in Service.objects.all():
        for component in Service.STANDARD_COMPONENTS:
            assert getattr(service, component), (service.prefix, component)
    counter = Counter.objects.get(number=1)
    assert counter.booth.agency.code == "dukcapil"
    assert sorted(counter.services.values_list("prefix", flat=True)) == ["A", "B"]
    ktp = Service.objects.get(prefix="A")
    assert ktp.requirements[0] == "Telah berusia 17 tahun, sudah kawin, atau pernah kawin"
    assert len(ktp.requirements) == 4 and ktp.daily_quota == 150 and ktp.online_booking


@pytest.mark.django_db
def test_reimport_changes_nothing():
    import_file(TEMPLATE)
    before = snapshot()

    out = import_file(TEMPLATE)

    assert snapshot() == before
    assert " 0 baru, 0 diubah" in out and "baru, 0 diubah" in out
    assert "1 baru" not in out and "diubah, 0 tetap" not in out


@pytest.mark.django_db
def test_xlsx_with_numbers_imports_as_the_csv_does(tmp_path):
    import_file(TEMPLATE)
    from_csv = snapshot()
    path = write_xlsx(tmp_path / "katalog.xlsx", template_rows())

    out = import_file(path)

    assert snapshot() == from_csv
    assert "0 diubah" in out and "1 diubah" not in out


@pytest.mark.django_db
def test_shipped_xlsx_template_holds_the_same_catalog():
    import_file(TEMPLATE)
    from_csv = snapshot()

    import_file(TEMPLATE_XLSX)

    assert snapshot() == from_csv


@pytest.mark.django_db
def test_semicolon_csv_as_excel_saves_it_in_indonesian(tmp_path):
    path = write_csv(tmp_path / "katalog.csv", template_rows(), delimiter=";")

    import_file(path)

    assert counts() == (2, 3, 2, 3, 4)


@pytest.mark.django_db
def test_a_changed_row_updates_by_natural_key(tmp_path):
    import_file(TEMPLATE)
    rows = template_rows()
    rows[2]["biaya"] = "Rp10.000"  # the second service (B), line 4
    rows[5]["layanan"] = "A, B"  # counter 2 now serves B too
    rows[5]["nama"] = "Loket 2"
    ids = dict(Service.objects.values_list("prefix", "id"))

    out = import_file(write_csv(tmp_path / "katalog.csv", rows))

    assert Service.objects.get(prefix="B").fee == "Rp10.000"
    assert dict(Service.objects.values_list("prefix", "id")) == ids
    counter = Counter.objects.get(number=2)
    assert counter.label == "Loket 2"
    assert sorted(counter.services.values_list("prefix", flat=True)) == ["A", "B"]
    assert "layanan: 0 baru, 1 diubah, 2 tetap" in out
    assert "loket: 0 baru, 1 diubah, 2 tetap" in out


@pytest.mark.django_db
def test_dry_run_checks_and_writes_nothing():
    out = import_file(TEMPLATE, dry_run=True)

    assert "instansi: 2 baru" in out
    assert counts() == (0, 0, 0, 0, 0)


# --- bad files: line and column named, nothing written ----------------------------------


def _set(line: int, **cells: str):
    def change(rows: list[dict[str, str]]) -> None:
        rows[line - 2].update(cells)

    return change


DUKCAPIL_BOOTH = "Gerai 01 Dispendukcapil"
BAD_ROWS = {
    "unknown kind": (_set(2, jenis="kantor"), 2, "jenis"),
    "agency kind not a choice": (_set(2, jenis_instansi="pemda"), 2, "jenis_instansi"),
    "agency code not a slug": (_set(2, instansi="dinas dukcapil"), 2, "instansi"),
    "agency code twice": (_set(8, instansi="dukcapil"), 8, "instansi"),
    "agency name missing": (_set(8, nama=""), 8, "nama"),
    "service of an unknown agency": (_set(3, instansi="dinas-x"), 3, "instansi"),
    "duplicate prefix": (_set(4, prefiks="A"), 4, "prefiks"),
    "prefix in lower case": (_set(9, prefiks="xa"), 9, "prefiks"),
    "service code twice in an agency": (_set(4, kode="ktp-el-baru"), 4, "kode"),
    "quota not a number": (_set(3, kuota_harian="seratus"), 3, "kuota_harian"),
    "negative quota": (_set(3, kuota_harian="-5"), 3, "kuota_harian"),
    "slot capacity zero": (_set(3, kapasitas_slot="0"), 3, "kapasitas_slot"),
    "slot shorter than 5 minutes": (_set(3, durasi_slot_menit="3"), 3, "durasi_slot_menit"),
    "yes/no that is neither": (_set(3, pendaftaran_online="mungkin"), 3, "pendaftaran_online"),
    "counter number not a number": (_set(6, nomor="dua"), 6, "nomor"),
    "counter number zero": (_set(6, nomor="0"), 6, "nomor"),
    "counter number twice": (_set(7, nomor="1"), 7, "nomor"),
    "counter label twice in a booth": (_set(7, nama="Loket 1"), 7, "nama"),
    "counter in an unknown booth": (_set(6, gerai="Gerai 99"), 6, "gerai"),
    "counter of another agency's booth": (_set(11, gerai=DUKCAPIL_BOOTH), 11, "instansi"),
    "counter serving an unknown prefix": (_set(6, layanan="A, Z9"), 6, "layanan"),
    "counter serving another agency": (_set(6, layanan="A, XA"), 6, "layanan"),
    "booth of an unknown agency": (_set(5, instansi="dinas-x"), 5, "instansi"),
    "service value on a booth row": (_set(5, kapasitas_slot="5"), 5, "kapasitas_slot"),
    "counter services on a service row": (_set(3, layanan="A"), 3, "layanan"),
    "booth label twice": (_set(10, gerai=DUKCAPIL_BOOTH), 10, "gerai"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_bad_row_names_line_and_column_and_writes_nothing(tmp_path, case):
    import_file(TEMPLATE)
    factories.ServiceFactory(prefix="Z1")  # a service the file does not mention
    before = snapshot()
    break_row, line, column = BAD_ROWS[case]
    rows = template_rows()
    rows[0]["nama"] = "Dinas Baru"  # a good change on another row: must not be written either
    break_row(rows)

    message = rejected(write_csv(tmp_path / "katalog.csv", rows))

    assert f"Baris {line}, kolom {column}:" in message
    assert "tidak ada yang diubah" in message
    assert snapshot() == before


@pytest.mark.django_db
def test_prefix_held_by_a_service_outside_the_file_is_refused(tmp_path):
    factories.ServiceFactory(prefix="XA", code="lain")
    rows = template_rows()

    message = rejected(write_csv(tmp_path / "katalog.csv", rows))

    assert "Baris 9, kolom prefiks: prefiks XA sudah dipakai layanan" in message
    assert counts() == (1, 1, 0, 0, 0)


@pytest.mark.django_db
def test_every_bad_row_is_reported_at_once(tmp_path):
    rows = template_rows()
    rows[1]["prefiks"] = "1A"
    rows[4]["nomor"] = "satu"

    message = rejected(write_csv(tmp_path / "katalog.csv", rows))

    assert "Baris 3, kolom prefiks:" in message
    assert "Baris 6, kolom nomor:" in message
    assert "2 kesalahan" in message
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_header_missing_or_misspelt_column_is_line_1(tmp_path):
    rows = template_rows()
    columns = [("prefix" if c == "prefiks" else c) for c in COLUMNS]
    renamed = [{("prefix" if k == "prefiks" else k): v for k, v in row.items()} for row in rows]

    message = rejected(write_csv(tmp_path / "katalog.csv", renamed, columns=columns))

    assert "Baris 1, kolom prefiks: kolom wajib tidak ada" in message
    assert "Baris 1, kolom prefix: kolom tidak dikenal" in message
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_bad_row_in_xlsx_names_the_spreadsheet_row(tmp_path):
    rows = template_rows()
    rows[7]["kapasitas_slot"] = "0"  # XA, row 9 of the sheet

    message = rejected(write_xlsx(tmp_path / "katalog.xlsx", rows))

    assert "Baris 9, kolom kapasitas_slot: harus minimal 1" in message
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "katalog.xlsx"
    path.write_bytes(b"not a spreadsheet")

    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        import_file(path)


@pytest.mark.django_db
def test_refusal_is_an_exception_listing_errors(tmp_path):
    rows = template_rows()
    rows[1]["prefiks"] = ""

    with pytest.raises(FileRejected) as refusal:
        catalog_import(path=write_csv(tmp_path / "katalog.csv", rows))

    assert [(e.line, e.column) for e in refusal.value.errors] == [(3, "prefiks")]


# --- export ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_template_is_what_export_writes_for_it(tmp_path):
    """The shipped template is in the exporter's shape, column for column."""
    import_file(TEMPLATE)

    call_command("export_catalog", str(tmp_path / "out.csv"), stdout=io.StringIO())

    assert (tmp_path / "out.csv").read_bytes() == TEMPLATE.read_bytes()


@pytest.mark.slow  # the whole demo catalog, out and back in
@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_demo_export_imports_back_to_the_same_catalog(tmp_path, clock, suffix):
    call_command("load_demo", stdout=io.StringIO())
    demo = snapshot()
    path = tmp_path / f"katalog.{suffix}"
    call_command("export_catalog", str(path), stdout=io.StringIO())
    # Edit the catalog after the export: the import must put every edit back.
    Service.objects.filter(prefix="A").update(fee="Rp5.000", requirements=["lain"])
    Agency.objects.filter(code="dukcapil").update(name="Dinas Lain", order=99)
    Counter.objects.get(number=1).services.clear()
    Booth.objects.filter(label__startswith="Gerai 01").update(floor="3")

    out = import_file(path)

    assert snapshot() == demo
    assert "instansi: 0 baru, 1 diubah" in out and "layanan: 0 baru, 1 diubah" in out
    again = tmp_path / f"again.{suffix}"
    call_command("export_catalog", str(again), stdout=io.StringIO())
    assert _cells(again) == _cells(path)


def _cells(path: Path) -> list[list[str]]:
    if path.suffix == ".csv":
        return list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    sheet = load_workbook(path, read_only=True).worksheets[0]
    return [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_two_services_swap_prefixes_and_two_counters_swap_labels(tmp_path):
    import_file(TEMPLATE)
    ids = dict(Service.objects.values_list("code", "id"))
    rows = template_rows()
    rows[1]["prefiks"], rows[2]["prefiks"] = "B", "A"  # lines 3 and 4
    rows[4]["nama"], rows[5]["nama"] = "Loket 2 Prioritas", "Loket 1"  # counters 1 and 2
    rows[4]["layanan"], rows[5]["layanan"] = "B, A", "B"  # A is now the old B

    out = import_file(write_csv(tmp_path / "katalog.csv", rows))

    assert dict(Service.objects.values_list("code", "prefix")) == {
        "ktp-el-baru": "B",
        "ktp-el-hilang-rusak": "A",
        "pendaftaran": "XA",
    }
    assert dict(Service.objects.values_list("code", "id")) == ids
    assert dict(Counter.objects.values_list("number", "label")) == {
        1: "Loket 2 Prioritas",
        2: "Loket 1",
        3: "Loket 3",
    }
    assert "layanan: 0 baru, 2 diubah, 1 tetap" in out


@pytest.mark.django_db
def test_a_value_beyond_the_last_column_is_a_shifted_row(tmp_path):
    path = write_csv(tmp_path / "katalog.csv", template_rows())
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    lines[1] += ",lebih"  # row 2, one cell past the header's last column
    path.write_text("\n".join(lines), encoding="utf-8-sig")

    message = rejected(path)

    assert f"Baris 2, kolom #{len(COLUMNS) + 1}: sel berisi di luar kolom berjudul" in message
    assert counts() == (0, 0, 0, 0, 0)
