"""GET /api/v1/reports/monev/?month=YYYY-MM (managers): the province's Monev indicators of
the month per agency and for the whole mall; `?format=csv` for a CSV whose header holds
the stable keys of the JSON (one row per agency, then the mall's, `agency` empty)."""

from typing import cast

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import User
from mpp.lib.api import _RolePermission
from reports import export
from reports import monev as monev_report
from reports.api.views import _CSV, _JsonOnly


class IsManager(_RolePermission):
    roles = {User.Role.MANAGER, User.Role.ADMIN}
    message = _("Laporan Monev hanya untuk pengelola MPP.")


class MonevRowSerializer(serializers.Serializer):
    agency = serializers.IntegerField(allow_null=True, help_text="null: the whole mall")
    agency_name = serializers.CharField()
    visitors = serializers.IntegerField()
    tickets_served = serializers.IntegerField()
    online_share = serializers.FloatField(allow_null=True)
    wait_median_minutes = serializers.FloatField(allow_null=True)
    wait_p90_minutes = serializers.FloatField(allow_null=True)
    within_target_share = serializers.FloatField(allow_null=True)
    no_shows = serializers.IntegerField()
    priority_share = serializers.FloatField(allow_null=True)
    priority_wait_median_minutes = serializers.FloatField(allow_null=True)
    ikm_respondents = serializers.IntegerField()
    ikm_index = serializers.FloatField(allow_null=True)
    ikm_category = serializers.CharField(allow_null=True)
    complaints_received = serializers.IntegerField()
    complaints_closed_within_sla = serializers.IntegerField()
    booth_coverage = serializers.FloatField(allow_null=True)
    alerts = serializers.IntegerField()


class MonevSerializer(serializers.Serializer):
    month = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    mall = MonevRowSerializer()
    agencies = MonevRowSerializer(many=True)


def monev_csv(report: monev_report.MonevReport) -> HttpResponse:
    rows = [[row[key] for key in monev_report.ROW_FIELDS] for row in report.rows]
    return export.csv_response(f"monev_{report.month}.csv", (monev_report.ROW_FIELDS, rows))


class MonevReportView(APIView):
    permission_classes = [IsManager]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _JsonOnly

    @extend_schema(
        parameters=[
            OpenApiParameter("month", str, required=True, description="YYYY-MM"),
            OpenApiParameter("format", str, enum=["json", "csv"]),
        ],
        responses={(200, "application/json"): MonevSerializer, (200, "text/csv"): _CSV},
    )
    def get(self, request: Request) -> HttpResponse:
        user = cast(User, request.user)
        report = monev_report.monev(user=user, month=request.query_params.get("month", ""))
        if request.query_params.get("format", "json") == "csv":
            return monev_csv(report)
        return Response(MonevSerializer(report).data)
