"""Report endpoints: attendance and performance (managers; supervisors for their agency).

`?format=csv` or `?format=xlsx` returns the same rows as a download; the
performance CSV holds one table, chosen with `?table=services|officers`
(the XLSX holds both as sheets).
"""

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import Agency, User
from mpp.lib.api import _RolePermission
from reports import attendance as attendance_report
from reports import export as report_export
from reports import performance as performance_report
from reports import selectors
from reports.errors import ReportAgencyUnknown

FORMATS = ["json", "csv", "xlsx"]
TABLES = ["services", "officers"]
# Years outside this are typing mistakes, and would overflow date arithmetic near 9999.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class IsReportReader(_RolePermission):
    roles = {User.Role.SUPERVISOR, User.Role.MANAGER, User.Role.ADMIN}
    message = _("Laporan hanya untuk pengelola MPP dan supervisor instansi.")


class ReportQuery(serializers.Serializer):
    date_from = serializers.DateField(required=False, help_text="YYYY-MM-DD; default today")
    date_to = serializers.DateField(required=False, help_text="YYYY-MM-DD; default today")
    agency = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="agency id (managers)"
    )
    format = serializers.ChoiceField(choices=FORMATS, required=False, default="json")
    table = serializers.ChoiceField(
        choices=TABLES, required=False, default="services", help_text="performance CSV only"
    )
    lang = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES],
        required=False,
        default="",
        help_text="language of a file's headers; default the request's (Accept-Language)",
    )

    def _in_years(self, value: dt.date | None) -> dt.date | None:
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise serializers.ValidationError(
                _("Tahun harus antara %(first)s dan %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return value

    validate_date_from = _in_years
    validate_date_to = _in_years


@dataclass(frozen=True)
class ReportScope:
    date_from: dt.date
    date_to: dt.date
    agency: int | None
    format: str
    table: str
    # The download's header language ("" = the request's active language).
    language: str = ""

    @property
    def file_stem(self) -> str:
        return f"{self.date_from.isoformat()}_{self.date_to.isoformat()}"


def report_scope(*, user: User, params) -> ReportScope:
    """Parse and check a report's filter; ValidationError or ApplicationError when wrong."""
    query = ReportQuery(data=params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    agency = selectors.report_agency_for_user(user=user, agency_id=data.get("agency"))
    if agency is not None and user.is_manager and not Agency.objects.filter(pk=agency).exists():
        raise ReportAgencyUnknown()
    date_from, date_to = selectors.report_period(
        date_from=data.get("date_from"), date_to=data.get("date_to")
    )
    return ReportScope(
        date_from, date_to, agency, data["format"], data["table"], language=data["lang"]
    )


def attendance_download(scope: ReportScope, rows: list) -> HttpResponse:
    with translation.override(scope.language or translation.get_language()):
        data = report_export.table(rows, attendance_report.ATTENDANCE_FIELDS)
        sheet = str(_("Kehadiran"))
    name = f"attendance_{scope.file_stem}"
    if scope.format == "csv":
        return report_export.csv_response(f"{name}.csv", data)
    return report_export.xlsx_response(f"{name}.xlsx", {sheet: data})


def performance_download(
    scope: ReportScope, report: performance_report.PerformanceReport
) -> HttpResponse:
    with translation.override(scope.language or translation.get_language()):
        services = report_export.table(report.services, performance_report.SERVICE_FIELDS)
        officers = report_export.table(report.officers, performance_report.OFFICER_FIELDS)
        titles = {"services": str(_("Layanan")), "officers": str(_("Petugas"))}
    name = f"performance_{scope.file_stem}"
    if scope.format == "csv":
        chosen = services if scope.table == "services" else officers
        return report_export.csv_response(f"{name}_{scope.table}.csv", chosen)
    return report_export.xlsx_response(
        f"{name}.xlsx", {titles["services"]: services, titles["officers"]: officers}
    )


# --- response shapes (for the schema and the JSON) ---------------------------------------


class AttendanceRowSerializer(serializers.Serializer):
    booth = serializers.IntegerField()
    booth_label = serializers.CharField()
    agency = serializers.IntegerField()
    agency_name = serializers.CharField()
    date = serializers.DateField()
    open = serializers.BooleanField(help_text="the mall is open that day")
    scheduled_minutes = serializers.FloatField(
        help_text="opening minutes minus the break and approved whole-booth closures"
    )
    staffed_minutes = serializers.FloatField(
        help_text="minutes at least one counter was open and not paused, within the schedule"
    )
    coverage = serializers.FloatField(
        allow_null=True, help_text="staffed / scheduled (0-1); null when nothing was scheduled"
    )
    planned_closure_minutes = serializers.FloatField()
    alerts = serializers.IntegerField(help_text="booth alerts opened that day")
    empty_alerts = serializers.IntegerField()
    unattended_alerts = serializers.IntegerField()


class _FiguresSerializer(serializers.Serializer):
    served = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    wait_mean_minutes = serializers.FloatField(allow_null=True)
    wait_p90_minutes = serializers.FloatField(
        allow_null=True, help_text="90th percentile, nearest rank"
    )
    service_mean_minutes = serializers.FloatField(allow_null=True)
    service_p90_minutes = serializers.FloatField(allow_null=True)


class _InColumnOrder:
    """Keys in the order of the download's columns, so JSON and files line up."""

    columns: list[str] = []

    def to_representation(self, instance):
        data = super().to_representation(instance)  # type: ignore[misc]
        return {key: data[key] for key in self.columns}


class ServiceFiguresSerializer(_InColumnOrder, _FiguresSerializer):
    columns = performance_report.SERVICE_FIELDS

    service = serializers.IntegerField()
    service_name = serializers.CharField()
    agency = serializers.IntegerField()
    agency_name = serializers.CharField()


class OfficerFiguresSerializer(_InColumnOrder, _FiguresSerializer):
    columns = performance_report.OFFICER_FIELDS

    rank = serializers.IntegerField()
    officer = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    agency = serializers.IntegerField(allow_null=True)
    agency_name = serializers.CharField()
    ikm_respondents = serializers.IntegerField()
    ikm_index = serializers.FloatField(allow_null=True)
    score = serializers.FloatField(help_text="served x IKM index / 100 (see the ranking rule)")


class PerformanceSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    agency = serializers.IntegerField(allow_null=True)
    totals = _FiguresSerializer()
    services = ServiceFiguresSerializer(many=True)
    officers = OfficerFiguresSerializer(many=True, help_text="the officer ranking, best first")
    ranking_average_index = serializers.FloatField(
        allow_null=True, help_text="IKM index used for officers with few survey answers"
    )
    ranking_rule = serializers.CharField()


# --- views ------------------------------------------------------------------------------


class _JsonOnly(BaseContentNegotiation):
    """`?format=` chooses a download here, not a DRF renderer."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


_CSV = OpenApiResponse(response=OpenApiTypes.BINARY, description="format=csv")
_XLSX = OpenApiResponse(response=OpenApiTypes.BINARY, description="format=xlsx")


def _responses(json_shape: serializers.Serializer) -> dict:
    return {
        (200, "application/json"): json_shape,
        (200, "text/csv"): _CSV,
        (200, report_export.XLSX_TYPE): _XLSX,
    }


class _ReportView(APIView):
    permission_classes = [IsReportReader]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _JsonOnly

    def scope(self, request: Request) -> ReportScope:
        # IsReportReader let only signed-in staff through.
        return report_scope(user=cast(User, request.user), params=request.query_params)


class AttendanceReportView(_ReportView):
    @extend_schema(
        parameters=[ReportQuery],
        responses=_responses(AttendanceRowSerializer(many=True)),
    )
    def get(self, request: Request) -> HttpResponse:
        scope = self.scope(request)
        rows = attendance_report.attendance(
            date_from=scope.date_from, date_to=scope.date_to, agency=scope.agency
        )
        if scope.format != "json":
            return attendance_download(scope, rows)
        return Response(AttendanceRowSerializer(rows, many=True).data)


def ranking_rule() -> str:
    return str(
        _(
            "Skor = tahap layanan yang dilayani (setiap tahap tiket yang dialihkan dihitung) "
            "x indeks IKM petugas / 100. Petugas dengan kurang dari %(min)s jawaban survei "
            "memakai indeks rata-rata periode ini; tanpa survei sama sekali, skor = tahap "
            "dilayani. Tidak hadir tidak mengurangi skor."
        )
        % {"min": performance_report.RANKING_MIN_RESPONSES}
    )


class PerformanceReportView(_ReportView):
    @extend_schema(parameters=[ReportQuery], responses=_responses(PerformanceSerializer()))
    def get(self, request: Request) -> HttpResponse:
        scope = self.scope(request)
        report = performance_report.performance(
            date_from=scope.date_from, date_to=scope.date_to, agency=scope.agency
        )
        if scope.format != "json":
            return performance_download(scope, report)
        data = {**report.__dict__, "ranking_rule": ranking_rule()}
        return Response(PerformanceSerializer(data).data)
