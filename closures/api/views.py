"""Planned closure (penutupan terencana) endpoints.

- `GET /api/v1/closure-requests/?status=&agency=` the requests the user may see
  (officers and supervisors: their agency's; managers: all), newest start first;
- `POST /api/v1/closure-requests/ {counter | booth, reason, starts_at, ends_at}`;
- `GET /api/v1/closure-requests/<id>/` one request with its steps;
- `POST /api/v1/closure-requests/<id>/approve/ {note}` and `/refuse/ {note}` (managers);
- `POST /api/v1/closure-requests/<id>/cancel/ {note}` (the requester or a manager).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import Booth, User
from closures import services
from closures.models import ClosureRequest, ClosureRequestEvent
from closures.selectors import closure_get_for_user, closures_for_user
from counters.models import Counter
from mpp.lib.api import parse_query

MAX_ID = 2**31 - 1
CLOSURE_ROLES = {User.Role.OFFICER, User.Role.SUPERVISOR, User.Role.MANAGER, User.Role.ADMIN}
LIST_LIMIT = 500


class IsClosureStaff(permissions.BasePermission):
    message = _("Peran Anda tidak diizinkan memakai layanan ini.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and (user.is_superuser or user.role in CLOSURE_ROLES)
        )


# --- output -------------------------------------------------------------------------


def _choices_field(choices: list[str]) -> serializers.CharField:
    """A read-only choice whose values the schema lists in words, not as an enum:
    "status" and "kind" enums of other models would collide with these names
    (the lead may add ENUM_NAME_OVERRIDES and use plain ChoiceFields instead)."""

    @extend_schema_field({"type": "string", "description": " | ".join(choices)})
    class _Choice(serializers.CharField):
        pass

    return _Choice(read_only=True)


class ClosureEventSerializer(serializers.ModelSerializer):
    kind = _choices_field(ClosureRequestEvent.Kind.values)
    actor = serializers.CharField(source="actor.get_username", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ClosureRequestEvent
        fields = ["kind", "kind_label", "at", "actor", "note"]
        read_only_fields = fields


class _PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label


class ClosureRequestSerializer(serializers.ModelSerializer):
    """A request with its target, its decision and every step taken on it."""

    booth = _PlaceSerializer(read_only=True)
    agency = serializers.IntegerField(source="booth.agency_id", read_only=True)
    agency_name = serializers.CharField(source="booth.agency.name", read_only=True)
    counter = _PlaceSerializer(read_only=True, allow_null=True)
    status = _choices_field(ClosureRequest.Status.values)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    in_force = serializers.SerializerMethodField()
    requested_by = serializers.CharField(source="requested_by.get_username", read_only=True)
    decided_by = serializers.SerializerMethodField()
    events = ClosureEventSerializer(many=True, read_only=True)

    class Meta:
        model = ClosureRequest
        fields = [
            "id",
            "booth",
            "agency",
            "agency_name",
            "counter",
            "reason",
            "starts_at",
            "ends_at",
            "status",
            "status_label",
            "in_force",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "events",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_in_force(self, closure: ClosureRequest) -> bool:
        from django.utils import timezone

        now = timezone.now()
        return closure.status == ClosureRequest.Status.APPROVED and (
            closure.starts_at <= now < closure.ends_at
        )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decided_by(self, closure: ClosureRequest) -> str | None:
        return closure.decided_by.get_username() if closure.decided_by else None


# --- input ----------------------------------------------------------------------------


class ClosureRequestInputSerializer(serializers.Serializer):
    """`counter` closes one counter; `booth` alone closes the whole booth."""

    counter = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    booth = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    reason = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_at = serializers.DateTimeField()

    def validate_counter(self, value: int | None) -> Counter | None:
        if value is None:
            return None
        counter = Counter.objects.select_related("booth").filter(pk=value, is_active=True).first()
        if counter is None:
            raise serializers.ValidationError(_("Loket tidak ditemukan."))
        return counter

    def validate_booth(self, value: int | None) -> Booth | None:
        if value is None:
            return None
        booth = Booth.objects.filter(pk=value).first()
        if booth is None:
            raise serializers.ValidationError(_("Gerai tidak ditemukan."))
        return booth

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("counter") and not attrs.get("booth"):
            raise serializers.ValidationError(
                {"counter": [_("Pilih loket, atau gerai untuk menutup seluruh gerai.")]}
            )
        return attrs


class ClosureNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class ClosureListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClosureRequest.Status.choices, required=False)
    agency = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


# --- views --------------------------------------------------------------------------


class ClosureRequestListView(APIView):
    permission_classes = [IsClosureStaff]

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, description=", ".join(ClosureRequest.Status.values)),
            OpenApiParameter("agency", int),
        ],
        responses=ClosureRequestSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = parse_query(ClosureListQuery, request)
        closures_qs = closures_for_user(user=request.user)
        if "status" in query:
            closures_qs = closures_qs.filter(status=query["status"])
        if "agency" in query:
            closures_qs = closures_qs.filter(booth__agency_id=query["agency"])
        rows = closures_qs.order_by("-starts_at", "-id")[:LIST_LIMIT]
        return Response(ClosureRequestSerializer(rows, many=True).data)

    @extend_schema(request=ClosureRequestInputSerializer, responses={201: ClosureRequestSerializer})
    def post(self, request: Request) -> Response:
        data = ClosureRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        closure = services.closure_request(actor=request.user, **data.validated_data)
        return _closure_response(request, closure.pk, status.HTTP_201_CREATED)


def _closure_response(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    closure = closure_get_for_user(user=request.user, closure_id=pk)
    return Response(ClosureRequestSerializer(closure).data, status=code)


class ClosureRequestDetailView(APIView):
    permission_classes = [IsClosureStaff]

    @extend_schema(responses=ClosureRequestSerializer)
    def get(self, request: Request, pk: int) -> Response:
        try:
            return _closure_response(request, pk)
        except ClosureRequest.DoesNotExist:
            raise Http404 from None


class _ClosureStepView(APIView):
    """POST {note}: one step on a request the user may see (else 404)."""

    permission_classes = [IsClosureStaff]

    def step(self, *, closure: ClosureRequest, actor: User, note: str) -> ClosureRequest:
        raise NotImplementedError

    @extend_schema(request=ClosureNoteSerializer, responses=ClosureRequestSerializer)
    def post(self, request: Request, pk: int) -> Response:
        try:
            closure = closure_get_for_user(user=request.user, closure_id=pk)
        except ClosureRequest.DoesNotExist:
            raise Http404 from None
        data = ClosureNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.step(closure=closure, actor=request.user, note=data.validated_data["note"])
        return _closure_response(request, pk)


class ClosureApproveView(_ClosureStepView):
    def step(self, *, closure: ClosureRequest, actor: User, note: str) -> ClosureRequest:
        return services.closure_approve(closure=closure, actor=actor, note=note)


class ClosureRefuseView(_ClosureStepView):
    def step(self, *, closure: ClosureRequest, actor: User, note: str) -> ClosureRequest:
        return services.closure_refuse(closure=closure, actor=actor, note=note)


class ClosureCancelView(_ClosureStepView):
    def step(self, *, closure: ClosureRequest, actor: User, note: str) -> ClosureRequest:
        return services.closure_cancel(closure=closure, actor=actor, note=note)
