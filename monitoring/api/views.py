"""Booth alert endpoints (API.md "Monitoring"): managers, and a supervisor for its agency."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from monitoring import services
from monitoring.api.serializers import (
    AcknowledgeInputSerializer,
    AlertListQuery,
    BoothAlertSerializer,
)
from monitoring.models import BoothAlert
from monitoring.selectors import (
    alert_data,
    booth_alert_get_for_user,
    booth_alerts_for_user,
    user_may_monitor,
)
from mpp.lib.api import parse_query


class IsMonitoringStaff(permissions.BasePermission):
    message = _("Hanya pengelola MPP dan supervisor instansi yang dapat memantau gerai.")

    def has_permission(self, request, view) -> bool:
        return user_may_monitor(user=request.user)


class BoothAlertListView(APIView):
    permission_classes = [IsMonitoringStaff]

    @extend_schema(parameters=[AlertListQuery], responses=BoothAlertSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = parse_query(AlertListQuery, request)
        alerts = booth_alerts_for_user(user=request.user, status=query.get("status"))
        return Response([alert_data(alert) for alert in alerts[:500]])


class BoothAlertAcknowledgeView(APIView):
    permission_classes = [IsMonitoringStaff]

    @extend_schema(request=AcknowledgeInputSerializer, responses=BoothAlertSerializer)
    def post(self, request: Request, pk: int) -> Response:
        try:
            alert = booth_alert_get_for_user(user=request.user, alert_id=pk)
        except BoothAlert.DoesNotExist:
            raise Http404 from None
        data = AcknowledgeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alert = services.booth_alert_acknowledge(
            alert=alert, user=request.user, note=data.validated_data["note"]
        )
        return Response(alert_data(alert))
