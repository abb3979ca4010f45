"""Survey endpoints: a resident answers (`POST /tickets/<token>/survey/`) and staff read
the IKM (`GET /reports/ikm/`, managers all, supervisors their agency)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from agencies.models import Agency, Service, User
from complaints import survey
from complaints.models import SURVEY_ELEMENTS, SurveyResponse
from mpp.lib.api import _Query, _RolePermission, parse_query

MAX_ID = 2**31 - 1
# Dates outside this range are typos; they would also overflow the period arithmetic.
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class IsReportReader(_RolePermission):
    roles = {User.Role.SUPERVISOR, User.Role.MANAGER, User.Role.ADMIN}


# --- answering -------------------------------------------------------------------


def _score_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=4)


class ScoresSerializer(serializers.Serializer):
    """u1..u9, each 1 (worst) to 4 (best)."""

    u1 = _score_field()
    u2 = _score_field()
    u3 = _score_field()
    u4 = _score_field()
    u5 = _score_field()
    u6 = _score_field()
    u7 = _score_field()
    u8 = _score_field()
    u9 = _score_field()

    def to_internal_value(self, data: Any) -> dict:
        if isinstance(data, Mapping):
            unknown = sorted(str(key) for key in data if key not in SURVEY_ELEMENTS)
            if unknown:
                message = _("Unsur tidak dikenal: %(names)s. Gunakan u1 sampai u9.") % {
                    "names": ", ".join(unknown)[:200]
                }
                raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})
        return super().to_internal_value(data)


@extend_schema_field(ScoresSerializer)
class ScoresField(serializers.Field):
    """`scores` as one field, so its errors keep API.md's `{"scores": ["message", ...]}`
    form: each message names its element ("u1: ...")."""

    def to_internal_value(self, data: Any) -> dict:
        scores = ScoresSerializer(data=data)
        if not scores.is_valid():
            raise serializers.ValidationError(_flat_errors(scores.errors))
        return dict(scores.validated_data)

    def to_representation(self, value: Any) -> Any:
        return value


def _flat_errors(errors: Any) -> list[str]:
    messages = []
    for key, found in errors.items():
        for message in found:
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                messages.append(str(message))
            else:
                messages.append(f"{key}: {message}")
    return messages


class SurveyInputSerializer(serializers.Serializer):
    scores = ScoresField()
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=survey.COMMENT_MAX_LENGTH, default=""
    )


class SurveyResponseSerializer(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.token")
    code = serializers.CharField(source="ticket.code")
    scores = serializers.SerializerMethodField()

    class Meta:
        model = SurveyResponse
        fields = ["ticket", "code", "agency", "service", "scores", "comment", "created_at"]
        read_only_fields = fields

    def get_scores(self, response: SurveyResponse) -> dict[str, int]:
        return {element: getattr(response, element) for element in SURVEY_ELEMENTS}


class TicketSurveyView(APIView):
    """Answer the satisfaction survey of a done ticket (once)."""

    @extend_schema(
        request=SurveyInputSerializer,
        responses={
            201: SurveyResponseSerializer,
            400: OpenApiResponse(description=str(_("Nilai tidak sah"))),
            404: OpenApiResponse(description=str(_("Tiket tidak ditemukan"))),
            409: OpenApiResponse(description=str(_("Tiket belum selesai atau sudah disurvei"))),
        },
    )
    def post(self, request: Request, token: str) -> Response:
        # An unknown or unfinished ticket is refused before the body is judged.
        ticket = survey.survey_ticket_get(token=token)
        refusal = survey.survey_refusal(ticket=ticket)
        if refusal is not None:
            raise refusal
        data = SurveyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        response = survey.survey_submit(
            token=token,
            answers=data.validated_data["scores"],
            comment=data.validated_data["comment"],
        )
        return Response(SurveyResponseSerializer(response).data, status=status.HTTP_201_CREATED)


# --- the report ------------------------------------------------------------------


class IkmQuery(_Query):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    agency = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    service = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def _date(self, value: dt.date) -> dt.date:
        if not EARLIEST <= value <= LATEST:
            raise serializers.ValidationError(
                _("Tanggal harus antara %(first)s dan %(last)s.")
                % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}
            )
        return value

    validate_date_from = _date
    validate_date_to = _date

    def validate_agency(self, value: int) -> Agency:
        try:
            return Agency.objects.get(pk=value)
        except Agency.DoesNotExist:
            raise serializers.ValidationError(_("Instansi tidak ditemukan.")) from None

    def validate_service(self, value: int) -> Service:
        try:
            return Service.objects.get(pk=value)
        except Service.DoesNotExist:
            raise serializers.ValidationError(_("Layanan tidak ditemukan.")) from None


def ikm_period(values: dict) -> tuple[dt.date, dt.date]:
    """The report's period: by default from the 1st of the month to today."""
    date_to = values.get("date_to") or timezone.localdate()
    return values.get("date_from") or date_to.replace(day=1), date_to


def _decimal(places: int, source: str | None = None) -> serializers.DecimalField:
    options: dict[str, Any] = {"source": source} if source else {}
    return serializers.DecimalField(
        max_digits=3 + places,
        decimal_places=places,
        coerce_to_string=False,
        allow_null=True,
        **options,
    )


class ElementsSerializer(serializers.Serializer):
    """The NRR (mean score, 1-4) of each element; null when nobody answered."""

    u1 = _decimal(3)
    u2 = _decimal(3)
    u3 = _decimal(3)
    u4 = _decimal(3)
    u5 = _decimal(3)
    u6 = _decimal(3)
    u7 = _decimal(3)
    u8 = _decimal(3)
    u9 = _decimal(3)


class AgencyIkmSerializer(serializers.Serializer):
    agency = serializers.IntegerField(source="agency_id")
    agency_name = serializers.CharField()
    elements = ElementsSerializer(source="result.elements")
    ikm = _decimal(3, "result.ikm")
    index = _decimal(2, "result.index")
    category = serializers.CharField(allow_null=True, source="result.category")
    category_label = serializers.CharField(source="result.category_label")
    respondents = serializers.IntegerField(source="result.respondents")


class ServiceIkmSerializer(AgencyIkmSerializer):
    service = serializers.IntegerField(source="service_id")
    service_name = serializers.CharField()


class CommentSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    agency = serializers.IntegerField(source="agency_id")
    agency_name = serializers.CharField(source="agency.name")
    service = serializers.IntegerField(source="service_id")
    service_name = serializers.CharField(source="service.name")
    comment = serializers.CharField()


class IkmReportSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    agency = serializers.IntegerField(source="agency.pk", allow_null=True, default=None)
    service = serializers.IntegerField(source="service.pk", allow_null=True, default=None)
    elements = ElementsSerializer(source="total.elements")
    ikm = _decimal(3, "total.ikm")
    index = _decimal(2, "total.index")
    category = serializers.CharField(allow_null=True, source="total.category")
    category_label = serializers.CharField(source="total.category_label")
    respondents = serializers.IntegerField(source="total.respondents")
    agencies = AgencyIkmSerializer(many=True)
    services = ServiceIkmSerializer(many=True)
    comments = CommentSerializer(many=True)


class IkmReportView(APIView):
    """The IKM of a period (PermenPANRB 14/2017), with the per-agency split and comments."""

    permission_classes = [IsReportReader]

    @extend_schema(parameters=[IkmQuery], responses=IkmReportSerializer)
    def get(self, request: Request) -> Response:
        values = parse_query(IkmQuery, request)
        date_from, date_to = ikm_period(values)
        report = survey.ikm_report(
            user=cast(User, request.user),
            date_from=date_from,
            date_to=date_to,
            agency=values.get("agency"),
            service=values.get("service"),
        )
        return Response(IkmReportSerializer(report).data)
