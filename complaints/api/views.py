"""Complaint endpoints: public filing and tracking; the staff inbox, replies and export."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, renderers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import User
from complaints import lapor, selectors, services
from complaints.api import serializers
from complaints.errors import ComplaintNotFound, ExportCodesNotFound
from complaints.models import Complaint
from mpp.lib.api import parse_query
from mpp.lib.client_ip import client_key


def filing_channel(user: User) -> tuple[str, bool]:
    """The complaint's channel for this sender, and whether the rate limit applies."""
    if not user.is_authenticated:
        return Complaint.Channel.WEB, True
    if user.role == User.Role.KIOSK:
        return Complaint.Channel.KIOSK, False
    if user.is_manager or user.role in (User.Role.OFFICER, User.Role.SUPERVISOR):
        return Complaint.Channel.STAFF, False
    return Complaint.Channel.WEB, True


# What the API's and the form's checked input both carry, under the service's names.
FILED_FIELDS = ("category", "description", "agency", "service", "name", "contact")


def complaint_file_for_request(
    request: Any, values: Mapping[str, Any], *, ticket_token: str, attachments: list
) -> Complaint:
    """complaint_file of checked input (API or form), filed by the request's sender through
    its channel, rate limited by its client key where the limit applies."""
    channel, limited = filing_channel(request.user)
    return services.complaint_file(
        **{name: values[name] for name in FILED_FIELDS},
        ticket_token=ticket_token,
        attachments=attachments,
        channel=channel,
        filed_by=request.user,
        client_key=client_key(request) if limited else "",
    )


class IsComplaintStaff(permissions.BasePermission):
    message = _("Pengaduan hanya dapat ditangani supervisor instansi dan pengelola MPP.")

    def has_permission(self, request, view) -> bool:
        return selectors.user_may_handle_complaints(request.user)


class ComplaintCreateView(APIView):
    """File a complaint (web, kiosk, or staff for a walk-in resident)."""

    @extend_schema(
        request={
            "application/json": serializers.ComplaintInputSerializer,
            "multipart/form-data": serializers.ComplaintInputSerializer,
        },
        responses={201: serializers.ComplaintCreatedSerializer},
    )
    def post(self, request: Request) -> Response:
        data = serializers.ComplaintInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        complaint = complaint_file_for_request(
            request,
            values,
            ticket_token=values["ticket_token"],
            attachments=values["attachments"],
        )
        body = serializers.ComplaintCreatedSerializer(complaint).data
        return Response(body, status=status.HTTP_201_CREATED)


class ComplaintDetailView(APIView):
    """Track a complaint by its code: status, due date and public replies only."""

    @extend_schema(responses=serializers.PublicComplaintSerializer)
    def get(self, request: Request, code: str) -> Response:
        try:
            complaint = selectors.complaint_get_public(code=code)
        except Complaint.DoesNotExist:
            raise ComplaintNotFound() from None
        return Response(serializers.PublicComplaintSerializer(complaint).data)


class _StaffView(APIView):
    permission_classes = [IsComplaintStaff]

    def complaint(self, request: Request, code: str) -> Complaint:
        try:
            return selectors.complaint_get_for_user(user=request.user, code=code)
        except Complaint.DoesNotExist:
            raise ComplaintNotFound() from None


class StaffComplaintListView(_StaffView):
    """The inbox: supervisors their agency's complaints, the manager all."""

    @extend_schema(
        parameters=[serializers.StaffListQuerySerializer],
        responses=serializers.StaffComplaintSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = parse_query(serializers.StaffListQuerySerializer, request)
        complaints = selectors.complaint_list(
            user=request.user,
            status=query.get("status", ""),
            agency_id=query.get("agency"),
            overdue=query["overdue"],
            escalated=query["escalated"],
            query=query["q"],
        )[:500]
        return Response(serializers.StaffComplaintSerializer(complaints, many=True).data)


class StaffComplaintDetailView(_StaffView):
    @extend_schema(responses=serializers.StaffComplaintDetailSerializer)
    def get(self, request: Request, code: str) -> Response:
        complaint = self.complaint(request, code)
        return Response(serializers.StaffComplaintDetailSerializer(complaint).data)


class StaffComplaintRespondView(_StaffView):
    """Reply (public or internal) and/or move the complaint along its workflow."""

    @extend_schema(
        request=serializers.RespondInputSerializer,
        responses={200: serializers.StaffComplaintDetailSerializer, 409: OpenApiResponse()},
    )
    def post(self, request: Request, code: str) -> Response:
        complaint = self.complaint(request, code)
        data = serializers.RespondInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.complaint_respond(complaint=complaint, author=request.user, **data.validated_data)
        complaint = self.complaint(request, code)
        return Response(serializers.StaffComplaintDetailSerializer(complaint).data)


class StaffComplaintLaporView(_StaffView):
    """Record the report number SP4N-LAPOR! gave a forwarded complaint."""

    @extend_schema(
        request=serializers.LaporReferenceInputSerializer,
        responses=serializers.StaffComplaintDetailSerializer,
    )
    def post(self, request: Request, code: str) -> Response:
        complaint = self.complaint(request, code)
        data = serializers.LaporReferenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.complaint_set_lapor_reference(
            complaint=complaint, actor=request.user, reference=data.validated_data["reference"]
        )
        complaint = self.complaint(request, code)
        return Response(serializers.StaffComplaintDetailSerializer(complaint).data)


class LaporCSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return lapor.export_csv(data.get("reports", [])).encode("utf-8")


class StaffComplaintExportView(_StaffView):
    """Selected complaints in the SP4N-LAPOR! layout (docs/lapor-export.md), JSON or CSV.

    Exporting records the forwarding on each case (when, by whom).
    """

    renderer_classes = [renderers.JSONRenderer, LaporCSVRenderer]

    def perform_content_negotiation(self, request, force=False):
        # `?format=` picks the layout; anything else is a field error, not DRF's bare 404.
        if not force:
            parse_query(serializers.ExportQuerySerializer, request)
        return super().perform_content_negotiation(request, force)

    def handle_exception(self, exc):
        # Refusals are JSON {"detail","code"}, even when CSV was asked for.
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)

    @extend_schema(
        parameters=[
            OpenApiParameter("codes", OpenApiTypes.STR, required=True),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"]),
        ],
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse()},
    )
    def get(self, request: Request) -> Response:
        query = parse_query(serializers.ExportQuerySerializer, request)
        complaints, missing = selectors.complaints_for_export(
            user=request.user, codes=query["codes"]
        )
        if missing:
            raise ExportCodesNotFound(codes=", ".join(missing))
        services.complaints_forward_to_lapor(complaints=complaints, actor=request.user)
        document = lapor.export_document(complaints)
        response = Response(document)
        if query["format"] == "csv":
            stamp = document["generated_at"][:10]
            response["Content-Disposition"] = f'attachment; filename="sp4n-lapor-{stamp}.csv"'
        return response
