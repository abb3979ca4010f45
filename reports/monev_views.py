"""The Monev page (/dashboard/reports/monev/?month=YYYY-MM): the province's indicators of
one month per agency and for the whole mall, printable (A4 landscape), with inline SVG
charts and a CSV download (`?format=csv`, as the API). Managers only; the figures are
the API's (reports/monev.py), formatted for reading."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mpp.lib.errors import ApplicationError
from reports import monev as monev_report
from reports.api.monev import monev_csv
from reports.templatetags.report_format import number, percent
from reports.views import _user, bar_chart

# The table's columns: (key, header, kind) with kind "share", "minutes", "index" or "count".
COLUMNS = [
    ("visitors", gettext_lazy("Pengunjung"), "count"),
    ("tickets_served", gettext_lazy("Tiket dilayani"), "count"),
    ("online_share", gettext_lazy("Porsi online"), "share"),
    ("wait_median_minutes", gettext_lazy("Median tunggu (menit)"), "minutes"),
    ("wait_p90_minutes", gettext_lazy("p90 tunggu (menit)"), "minutes"),
    ("within_target_share", gettext_lazy("Dalam target"), "share"),
    ("no_shows", gettext_lazy("Tidak hadir"), "count"),
    ("priority_share", gettext_lazy("Porsi prioritas"), "share"),
    ("priority_wait_median_minutes", gettext_lazy("Median tunggu prioritas (menit)"), "minutes"),
    ("ikm_respondents", gettext_lazy("Responden IKM"), "count"),
    ("ikm_index", gettext_lazy("Indeks IKM"), "index"),
    ("ikm_category", gettext_lazy("Mutu IKM"), "text"),
    ("complaints_received", gettext_lazy("Pengaduan masuk"), "count"),
    ("complaints_closed_within_sla", gettext_lazy("Pengaduan selesai tepat waktu"), "count"),
    ("booth_coverage", gettext_lazy("Keterisian gerai"), "share"),
    ("alerts", gettext_lazy("Peringatan gerai"), "count"),
]


def shown(value: object, kind: str) -> str:
    """A figure as the page prints it (the JSON's value, formatted)."""
    if kind == "share":
        return percent(value)  # type: ignore[arg-type]
    if kind == "minutes":
        return number(value)  # type: ignore[arg-type]
    if kind == "index":
        return number(value, 2)  # type: ignore[arg-type]
    return "-" if value is None else str(value)


def _cells(row: dict) -> list[dict]:
    return [
        {"key": key, "kind": kind, "value": row[key], "text": shown(row[key], kind)}
        for key, _label, kind in COLUMNS
    ]


def _chart(rows: list[dict], key: str, kind: str, maximum: float | None) -> dict:
    return bar_chart(
        [(r["agency_name"], r[key] or 0, shown(r[key], kind)) for r in rows], maximum=maximum
    )


def _charts(report: monev_report.MonevReport) -> list[dict]:
    """Four charts, one bar per agency that had visitors or survey answers."""
    rows = [r for r in report.agencies if r["visitors"] or r["ikm_respondents"]]
    rows = rows or report.agencies
    charts = [
        ("within-chart", _("Dilayani dalam target tunggu"), "within_target_share", "share", 1),
        ("wait-chart", _("Median lama tunggu, menit"), "wait_median_minutes", "minutes", None),
        ("ikm-chart", _("Indeks IKM (25-100)"), "ikm_index", "index", 100),
        ("coverage-chart", _("Keterisian gerai"), "booth_coverage", "share", 1),
    ]
    return [
        {"id": chart_id, "title": title, "chart": _chart(rows, key, kind, maximum)}
        for chart_id, title, key, kind, maximum in charts
    ]


@never_cache
@login_required
@require_safe
def monev_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    title = _("Laporan Monev MPP")
    if not user.is_manager:
        context = {
            "title": _("Akses ditolak"),
            "message": _("Laporan Monev hanya untuk pengelola MPP."),
        }
        return render(request, "reports/refused.html", context, status=403)
    month = request.GET.get("month") or monev_report.current_month()
    try:
        report = monev_report.monev(user=user, month=month)
    except ApplicationError as exc:
        context = {"report_title": title, "errors": [exc.detail], "month": month}
        return render(request, "reports/monev.html", context, status=400)
    if request.GET.get("format") == "csv":
        return monev_csv(report)
    context = {
        "report_title": title,
        "report": report,
        "month": report.month,
        "columns": COLUMNS,
        "mall": {**report.mall, "cells": _cells(report.mall)},
        "rows": [{**row, "cells": _cells(row)} for row in report.agencies],
        "charts": _charts(report),
        "target_minutes": monev_report.default_target_minutes(),
    }
    return render(request, "reports/monev.html", context)
