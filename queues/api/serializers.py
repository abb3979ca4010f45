import copy
import datetime as dt
from typing import ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Service
from mpp.lib.identity import normalize_phone, validate_nik
from queues.models import Ticket
from queues.selectors import Position, ticket_position


class TicketCounterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    number = serializers.IntegerField()
    booth = serializers.CharField(source="booth.label")


class TicketSerializer(serializers.ModelSerializer):
    """A ticket as the public sees it: no NIK, phone or name.

    Every ticket answer (issue, booking, call-next, each counter step) makes one, and a
    ModelSerializer builds its fields from the model on every instance (~0.6 ms of
    CPU, most of the serializer's cost): each class builds them once and copies them."""

    code = serializers.CharField(read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    agency = serializers.IntegerField(source="service.agency_id", read_only=True)
    agency_name = serializers.CharField(source="service.agency.name", read_only=True)
    counter = TicketCounterSerializer(read_only=True, allow_null=True)
    position = serializers.SerializerMethodField()
    people_ahead = serializers.SerializerMethodField()
    estimated_wait_minutes = serializers.SerializerMethodField()

    _built_fields: ClassVar[dict[str, serializers.Field] | None] = None

    class Meta:
        model = Ticket
        fields = [
            "token",
            "code",
            "number",
            "service",
            "service_name",
            "agency",
            "agency_name",
            "date",
            "channel",
            "priority",
            "status",
            "slot_start",
            "slot_end",
            "issued_at",
            "checked_in_at",
            "called_at",
            "started_at",
            "finished_at",
            "counter",
            "position",
            "people_ahead",
            "estimated_wait_minutes",
        ]
        read_only_fields = fields

    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            cls._built_fields = built
        return copy.deepcopy(built)

    def _position(self, ticket: Ticket) -> Position:
        positions = self.context.setdefault("positions", {})
        if ticket.pk not in positions:
            positions[ticket.pk] = ticket_position(ticket=ticket)
        return positions[ticket.pk]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_position(self, ticket: Ticket) -> int | None:
        return self._position(ticket).position

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_people_ahead(self, ticket: Ticket) -> int | None:
        return self._position(ticket).people_ahead

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_estimated_wait_minutes(self, ticket: Ticket) -> int | None:
        return self._position(ticket).estimated_wait_minutes


class StaffTicketSerializer(TicketSerializer):
    """What an officer sees: the last 4 digits of the NIK to check the applicant."""

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "nik_last4"]
        read_only_fields = fields


def _active_services():
    return Service.objects.filter(is_active=True).select_related("agency")


class ServiceField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Layanan dengan id %(pk_value)s tidak ditemukan."),
        "incorrect_type": _("Id layanan harus berupa angka."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=_active_services(), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str) and not (data.isascii() and data.isdigit() and len(data) < 12):
            self.fail("incorrect_type", data_type="str")
        if int(data) > 2**31 - 1:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "example": "09:00"})
class SlotStartField(serializers.Field):
    """A slot's start as "HH:MM" or as the ISO datetime the availability endpoint gives."""

    default_error_messages = {"invalid": _("Format jam slot tidak valid. Gunakan HH:MM.")}

    def to_internal_value(self, data) -> dt.time:
        if not isinstance(data, str) or len(data) > 40:
            self.fail("invalid")
        for parse in (dt.time.fromisoformat, dt.datetime.fromisoformat):
            try:
                value = parse(data)
            except ValueError:
                continue
            if isinstance(value, dt.datetime):
                if timezone.is_naive(value):
                    return value.time()
                try:
                    return timezone.localtime(value).time().replace(tzinfo=None)
                except OverflowError:  # e.g. 0001-01-01T00:00+05:00 has no local time
                    self.fail("invalid")
            return value.replace(tzinfo=None)
        self.fail("invalid")

    def to_representation(self, value: dt.time) -> str:
        return value.strftime("%H:%M")


class PriorityField(serializers.ChoiceField):
    # DRF's message echoes the input: 100 KB back, or a lone surrogate the JSON renderer
    # cannot encode (a 500).
    default_error_messages = {"invalid_choice": _("Prioritas tidak valid.")}

    def __init__(self, **kwargs):
        super().__init__(choices=Ticket.Priority.choices, default="regular", **kwargs)


def _django_to_drf(func, value):
    try:
        return func(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


class BookingInputSerializer(serializers.Serializer):
    service = ServiceField()
    date = serializers.DateField()
    slot_start = SlotStartField()
    nik = serializers.CharField(max_length=32, trim_whitespace=True)
    phone = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    priority = PriorityField()
    # Consent to news of the booking by WhatsApp, on `phone` (README "WhatsApp").
    whatsapp_opt_in = serializers.BooleanField(required=False, default=False)

    def validate_nik(self, value: str) -> str:
        return _django_to_drf(validate_nik, value)

    def validate_phone(self, value: str) -> str:
        return _django_to_drf(normalize_phone, value)


class AssistedBookingInputSerializer(BookingInputSerializer):
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")

    def validate_phone(self, value: str) -> str:
        return _django_to_drf(normalize_phone, value) if value else ""


class KioskTicketInputSerializer(serializers.Serializer):
    service = ServiceField()
    priority = PriorityField()


class TokenInputSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=64)


class TransferInputSerializer(serializers.Serializer):
    service = ServiceField()


class PauseInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
