"""Report pages (/dashboard/reports/...): attendance and performance, printable.

Server-rendered tables and inline SVG bar charts (no script), a filter form
(period and, for managers, the agency) and CSV/XLSX downloads of the same rows
(`?format=csv|xlsx` on the page itself). Managers see every agency, an
agency's supervisor only their own; anyone else gets a 403 page.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError

from agencies.models import User
from mpp.lib.api import labelled_errors
from mpp.lib.errors import ApplicationError
from mpp.lib.pages import role_refused
from reports import attendance as attendance_report
from reports import performance as performance_report
from reports import selectors
from reports.api.views import (
    ReportScope,
    attendance_download,
    performance_download,
    ranking_rule,
    report_scope,
)
from reports.templatetags.report_format import number, percent

CHART_TOP = 15
# Longer periods show the per-booth summary only; the per-day rows are in the downloads.
PAGE_DAY_ROWS = 1500
DAILY_CHART_DAYS = 31
# Days a report page shows when opened without a filter.
DEFAULT_PAGE_DAYS = 7


def _user(request: HttpRequest) -> User:
    # login_required ran first: the user is a signed-in account.
    return cast(User, request.user)


def _refused(request: HttpRequest) -> HttpResponse:
    message = _(
        "Laporan hanya untuk pengelola MPP dan supervisor instansi. Akun Anda (%(role)s) "
        "tidak dapat membukanya."
    )
    return role_refused(request, template="reports/refused.html", message=message)


def _filter_labels() -> dict[str, str]:
    return {
        "date_from": _("Dari tanggal"),
        "date_to": _("Sampai tanggal"),
        "agency": _("Instansi"),
        "format": _("Format unduhan"),
        "table": _("Tabel"),
        "lang": _("Bahasa"),
    }


def _errors(exc: Exception) -> list[str]:
    if isinstance(exc, ApplicationError):
        return [exc.detail]
    assert isinstance(exc, ValidationError)
    return labelled_errors(exc.detail, _filter_labels())


def _download_query(scope: ReportScope | None, **extra: str) -> str:
    """The filter as shown (defaults resolved), so the file holds the rows on screen."""
    query = QueryDict(mutable=True)
    if scope is not None:
        query["date_from"] = scope.date_from.isoformat()
        query["date_to"] = scope.date_to.isoformat()
        if scope.agency is not None:
            query["agency"] = str(scope.agency)
    query.update(extra)
    return query.urlencode()


def _base_context(request: HttpRequest, scope: ReportScope | None) -> dict[str, Any]:
    user = _user(request)
    return {
        "agencies": selectors.agency_choices(user=user),
        "may_choose_agency": user.is_manager,
        "scope": scope,
        "form": request.GET,
        "csv_query": _download_query(scope, format="csv"),
        "xlsx_query": _download_query(scope, format="xlsx"),
    }


def _report_page(request: HttpRequest, template: str, build, *, title: str) -> HttpResponse:
    """A report page (templates/reports/_page.html): the filter, then `build`'s
    figures for the scope it chose, or the filter's errors."""
    user = _user(request)
    if not selectors.user_may_read_reports(user=user):
        return _refused(request)
    params = request.GET.copy()
    if not params.get("date_from") and not params.get("date_to"):
        # A page opened without a filter shows the last week (the API defaults to today).
        week_ago = timezone.localdate() - dt.timedelta(days=DEFAULT_PAGE_DAYS - 1)
        params["date_from"] = week_ago.isoformat()
    try:
        scope = report_scope(user=user, params=params)
    except (ValidationError, ApplicationError) as exc:
        status = getattr(exc, "status_code", 400)
        if status == 403:
            return _refused(request)
        context = {**_base_context(request, None), "errors": _errors(exc), "report_title": title}
        return render(request, template, context, status=status)
    result = build(scope)
    if isinstance(result, HttpResponse):
        return result
    context = {**_base_context(request, scope), **result, "report_title": title}
    return render(request, template, context)


@never_cache
@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    if not selectors.user_may_read_reports(user=_user(request)):
        return _refused(request)
    return render(request, "reports/index.html")


# --- charts -----------------------------------------------------------------------------


# Chart geometry (SVG user units): each bar takes a row with its label above it,
# so long service names fit and the chart reads on a phone as well as on paper.
CHART_WIDTH = 320
BAR_MAX = 240
ROW = 40


@dataclass
class Bar:
    label: str
    value: float
    text: str
    y: int
    width: float

    @property
    def text_x(self) -> float:
        return self.width + 6


def bar_chart(items: list[tuple[str, float, str]], *, maximum: float | None = None) -> dict:
    """Horizontal bars laid out for the SVG template, one row per item."""
    top = maximum if maximum is not None else max((value for _, value, _ in items), default=0)
    bars = [
        Bar(label, value, text, y=index * ROW, width=round(BAR_MAX * value / top, 1) if top else 0)
        for index, (label, value, text) in enumerate(items)
    ]
    return {"bars": bars, "height": max(ROW * len(bars), ROW), "width": CHART_WIDTH}


# --- attendance -------------------------------------------------------------------------


def _attendance(scope: ReportScope) -> dict | HttpResponse:
    rows = attendance_report.attendance(
        date_from=scope.date_from, date_to=scope.date_to, agency=scope.agency
    )
    if scope.format != "json":
        return attendance_download(scope, rows)
    booths = attendance_report.attendance_by_booth(rows)
    chart = bar_chart(
        [
            (b.booth_label, b.coverage or 0, percent(b.coverage))
            for b in sorted(booths, key=lambda b: (b.coverage or 0, b.booth_label))
        ],
        maximum=1,
    )
    context = {"booths": booths, "chart": chart, "rows": rows, "rows_hidden": False}
    if len(rows) > PAGE_DAY_ROWS:
        context.update(rows=[], rows_hidden=True)
    if (scope.date_to - scope.date_from).days < DAILY_CHART_DAYS:
        context["daily_chart"] = _daily_chart(rows)
    return context


def _daily_chart(rows: list[attendance_report.AttendanceRow]) -> dict:
    """The whole mall's coverage per open day (all booths' staffed / scheduled minutes)."""
    days: dict = {}
    for row in rows:
        if row.open:
            staffed, scheduled = days.get(row.date, (0.0, 0.0))
            days[row.date] = (staffed + row.staffed_minutes, scheduled + row.scheduled_minutes)
    items = []
    for day, (staffed, scheduled) in days.items():
        coverage = staffed / scheduled if scheduled else None
        items.append((date_format(day, "D j M"), coverage or 0, percent(coverage)))
    return bar_chart(items, maximum=1)


@never_cache
@login_required
@require_safe
def attendance(request: HttpRequest) -> HttpResponse:
    title = _("Laporan kehadiran gerai")
    return _report_page(request, "reports/attendance.html", _attendance, title=title)


# --- performance ------------------------------------------------------------------------


def _performance(scope: ReportScope) -> dict | HttpResponse:
    report = performance_report.performance(
        date_from=scope.date_from, date_to=scope.date_to, agency=scope.agency
    )
    if scope.format != "json":
        return performance_download(scope, report)
    busiest = sorted(report.services, key=lambda r: (-r["served"], r["service_name"]))[:CHART_TOP]
    waits = [r for r in report.services if r["wait_mean_minutes"] is not None]
    slowest = sorted(waits, key=lambda r: -r["wait_mean_minutes"])[:CHART_TOP]
    return {
        "report": report,
        "ranking_rule": ranking_rule(),
        "served_chart": bar_chart(
            [(r["service_name"], r["served"], str(r["served"])) for r in busiest]
        ),
        "wait_chart": bar_chart(
            [
                (r["service_name"], r["wait_mean_minutes"], number(r["wait_mean_minutes"]))
                for r in slowest
            ]
        ),
        "chart_top": CHART_TOP,
    }


@never_cache
@login_required
@require_safe
def performance(request: HttpRequest) -> HttpResponse:
    title = _("Laporan kinerja layanan dan petugas")
    return _report_page(request, "reports/performance.html", _performance, title=title)
