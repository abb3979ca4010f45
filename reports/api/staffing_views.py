"""Staffing forecast and service levels over the API (managers; supervisors for their agency).

`GET /api/v1/reports/staffing/?date=YYYY-MM-DD&agency=<id>`: per service per opening hour
of the date, Erlang C on the last 8 weeks of the same weekday (reports/staffing.py).
`GET /api/v1/reports/service-levels/?date_from&date_to&agency`: the share of applicants
called within target, per agency and service (reports/service_levels.py).
"""

import datetime as dt
from typing import cast

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import Agency, User
from reports import selectors
from reports import service_levels as service_level_report
from reports import staffing as staffing_report
from reports.api.views import FIRST_YEAR, LAST_YEAR, IsReportReader, ReportQuery, report_scope
from reports.errors import ReportAgencyUnknown


class StaffingQuery(serializers.Serializer):
    date = serializers.DateField(required=False, help_text="YYYY-MM-DD; default tomorrow")
    agency = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="agency id (managers)"
    )

    def validate_date(self, value: dt.date) -> dt.date:
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise serializers.ValidationError(
                _("Tahun harus antara %(first)s dan %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return value


class StaffingRowSerializer(serializers.Serializer):
    service = serializers.IntegerField()
    service_name = serializers.CharField()
    agency = serializers.IntegerField()
    agency_name = serializers.CharField()
    hour = serializers.IntegerField(help_text="clock hour (local time) the row covers, 0-23")
    expected_arrivals = serializers.FloatField(
        help_text="mean arrivals in that hour on the same weekday of the last 8 weeks"
    )
    mean_service_minutes = serializers.FloatField()
    target_wait_minutes = serializers.IntegerField()
    counters_needed = serializers.IntegerField(
        help_text="fewest counters with P(wait <= target) >= STAFFING_TARGET_PERCENT (Erlang C)"
    )
    counters_planned = serializers.IntegerField(
        help_text="counters serving the service opened today (the plan until a roster exists)"
    )
    gap = serializers.IntegerField(help_text="counters_needed - counters_planned, at least 0")


class StaffingReportView(APIView):
    permission_classes = [IsReportReader]

    @extend_schema(parameters=[StaffingQuery], responses=StaffingRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = StaffingQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        user = cast(User, request.user)
        agency = selectors.report_agency_for_user(
            user=user, agency_id=query.validated_data.get("agency")
        )
        if agency is not None and user.is_manager and not Agency.objects.filter(pk=agency).exists():
            raise ReportAgencyUnknown()
        day = query.validated_data.get("date") or timezone.localdate() + dt.timedelta(days=1)
        rows = staffing_report.staffing(day=day, agency_id=agency)
        return Response(StaffingRowSerializer(rows, many=True).data)


class _ShareSerializer(serializers.Serializer):
    within_target = serializers.IntegerField()
    counted = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)
    percent = serializers.IntegerField(allow_null=True)
    level = serializers.ChoiceField(choices=["green", "amber", "red", "none"])


class _AgencyShareSerializer(_ShareSerializer):
    agency = serializers.IntegerField()
    agency_name = serializers.CharField()


class _ServiceShareSerializer(_AgencyShareSerializer):
    service = serializers.IntegerField()
    service_name = serializers.CharField()
    target_wait_minutes = serializers.IntegerField()


class ServiceLevelSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    agency = serializers.IntegerField(allow_null=True)
    thresholds = serializers.DictField(child=serializers.IntegerField())
    total = _ShareSerializer()
    agencies = _AgencyShareSerializer(many=True)
    services = _ServiceShareSerializer(many=True)


class ServiceLevelReportView(APIView):
    permission_classes = [IsReportReader]

    @extend_schema(parameters=[ReportQuery], responses=ServiceLevelSerializer())
    def get(self, request: Request) -> Response:
        scope = report_scope(user=cast(User, request.user), params=request.query_params)
        report = service_level_report.service_level_report(
            date_from=scope.date_from, date_to=scope.date_to, agency_id=scope.agency
        )
        return Response(ServiceLevelSerializer(report).data)
