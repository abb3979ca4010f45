"""The service level report page (/dashboard/reports/service-levels/): the period's share
of applicants called within target, per agency (a chart) and per service (a table).

The same filter and access as the other report pages (reports/views.py); the figures are
`service_level_report()` (reports/service_levels.py), which the API returns as JSON.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from reports.api.views import ReportScope
from reports.service_levels import service_level_report
from reports.templatetags.report_format import percent
from reports.views import CHART_TOP, _report_page, bar_chart


def _service_levels(scope: ReportScope) -> dict:
    report = service_level_report(
        date_from=scope.date_from, date_to=scope.date_to, agency_id=scope.agency
    )
    worst = sorted(report["agencies"], key=lambda r: (r["share"], r["agency_name"]))[:CHART_TOP]
    return {
        "report": report,
        "agency_chart": bar_chart(
            [(r["agency_name"], r["share"], percent(r["share"])) for r in worst], maximum=1
        ),
        "chart_top": CHART_TOP,
        "default_target": settings.SERVICE_LEVEL_DEFAULT_TARGET_MINUTES,
    }


@never_cache
@login_required
@require_safe
def service_levels(request: HttpRequest) -> HttpResponse:
    title = _("Laporan tingkat layanan")
    return _report_page(request, "reports/service_levels.html", _service_levels, title=title)
