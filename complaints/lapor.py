"""The SP4N-LAPOR! export: selected complaints in the layout of docs/lapor-export.md.

The export carries no reporter name or contact: the MPP forwards the case as the
reporting party and quotes its own tracking code, so follow-up returns through the MPP.
"""

import csv
import io
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint

LAYOUT = "mpp-sp4n-lapor/1"
COLUMNS = [
    "kode_pengaduan",
    "judul",
    "isi_laporan",
    "kategori",
    "kategori_label",
    "tanggal_diterima",
    "batas_waktu",
    "status",
    "status_label",
    "instansi_kode",
    "instansi_tujuan",
    "layanan",
    "lokasi",
    "kanal",
    "anonim",
    "jumlah_lampiran",
    "tanggal_eskalasi",
    "nomor_laporan_lapor",
]
# The CSV header: what the operator reads, in the export's language (the JSON keeps the keys).
COLUMN_LABELS = {
    "kode_pengaduan": _("Kode pengaduan"),
    "judul": _("Judul laporan"),
    "isi_laporan": _("Isi laporan"),
    "kategori": _("Kode kategori"),
    "kategori_label": _("Kategori"),
    "tanggal_diterima": _("Tanggal diterima"),
    "batas_waktu": _("Batas waktu"),
    "status": _("Kode status"),
    "status_label": _("Status"),
    "instansi_kode": _("Kode instansi"),
    "instansi_tujuan": _("Instansi tujuan"),
    "layanan": _("Layanan"),
    "lokasi": _("Lokasi"),
    "kanal": _("Kanal"),
    "anonim": _("Anonim"),
    "jumlah_lampiran": _("Jumlah lampiran"),
    "tanggal_eskalasi": _("Tanggal eskalasi"),
    "nomor_laporan_lapor": _("Nomor laporan SP4N-LAPOR!"),
}
TITLE_LENGTH = 80


def _iso(value: Any) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def _title(complaint: Complaint) -> str:
    first_line = complaint.description.strip().splitlines()[0] if complaint.description else ""
    if len(first_line) > TITLE_LENGTH:
        first_line = first_line[: TITLE_LENGTH - 1].rstrip() + "…"
    return f"[{complaint.get_category_display()}] {first_line}"


def report_row(complaint: Complaint) -> dict[str, Any]:
    """One complaint as one SP4N-LAPOR! report (see docs/lapor-export.md)."""
    agency = complaint.agency
    return {
        "kode_pengaduan": complaint.code,
        "judul": _title(complaint),
        "isi_laporan": complaint.description,
        "kategori": complaint.category,
        "kategori_label": str(complaint.get_category_display()),
        "tanggal_diterima": _iso(complaint.created_at),
        "batas_waktu": _iso(complaint.due_at),
        "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "instansi_kode": agency.code if agency else "",
        "instansi_tujuan": agency.name if agency else "",
        "layanan": complaint.service.name if complaint.service else "",
        "lokasi": settings.MPP_NAME,
        "kanal": complaint.channel,
        "anonim": not complaint.name,
        "jumlah_lampiran": complaint.attachment_count,  # type: ignore[attr-defined]
        "tanggal_eskalasi": _iso(complaint.escalated_at),
        "nomor_laporan_lapor": complaint.lapor_reference,
    }


def export_document(complaints: list[Complaint]) -> dict[str, Any]:
    return {
        "layout": LAYOUT,
        "source": settings.MPP_NAME,
        "generated_at": timezone.localtime().isoformat(),
        "count": len(complaints),
        "reports": [report_row(complaint) for complaint in complaints],
    }


def export_csv(reports: list[dict[str, Any]]) -> str:
    """CSV, comma-separated, a header row in words (active language), UTF-8 with a BOM
    (spreadsheets read it right)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writerow({column: str(COLUMN_LABELS[column]) for column in COLUMNS})
    for report in reports:
        writer.writerow({k: _csv_value(v) for k, v in report.items()})
    return "\ufeff" + out.getvalue()


def _csv_value(value: Any) -> str:
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    text = str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet: CSV injection.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
