import copy
import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Journey, Service
from mpp.lib.identity import normalize_phone, validate_nik
from queues.journeys import ticket_journey
from queues.models import Ticket
from queues.selectors import Position, ticket_position


class TicketCounterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    number = serializers.IntegerField()
    booth = serializers.CharField(source="booth.label")


class JourneyBoothSerializer(serializers.Serializer):
    label = serializers.CharField()
    floor = serializers.CharField()


class JourneyStepSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="1 for the first stage.")
    service = serializers.IntegerField(source="service.pk")
    service_name = serializers.CharField(source="service.name")
    agency = serializers.IntegerField(source="service.agency_id")
    agency_name = serializers.CharField(source="service.agency.name")
    status = serializers.CharField(
        help_text="done, current, next, missed (a no-show at this stage: the next stages "
        "wait for the ticket's return) or cancelled.",
    )
    booths = JourneyBoothSerializer(many=True, help_text="Where this stage is served.")


class TicketJourneySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    stage = serializers.IntegerField(help_text="The position of the stage the ticket is at.")
    stages = JourneyStepSerializer(many=True)


def ticket_journey_data(ticket: Ticket) -> dict | None:
    steps = ticket_journey(ticket)
    if steps is None or ticket.journey is None:
        return None
    journey = ticket.journey
    return TicketJourneySerializer(
        {
            "id": journey.pk,
            "code": journey.code,
            "name": journey.name,
            "stage": ticket.journey_stage + 1,
            "stages": steps,
        }
    ).data


class TicketSerializer(serializers.ModelSerializer):
    """A ticket as the public sees it: no NIK, phone or name.

    Every ticket answer (issue, booking, call-next, each counter step) makes one. The
    fields declare the schema (API.md, /api/schema/); the answer itself is written out
    in `to_representation`, since DRF's copy and bind of ~25 fields for each ticket was
    most of the serializer's cost (~0.7 ms of CPU a ticket answer). A test holds the two
    equal for tickets in every state (tests/api/test_ticket_representation.py)."""

    code = serializers.CharField(read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    agency = serializers.IntegerField(source="service.agency_id", read_only=True)
    agency_name = serializers.CharField(source="service.agency.name", read_only=True)
    counter = TicketCounterSerializer(read_only=True, allow_null=True)
    # Set while a missed (no_show) ticket may still rejoin its line (API.md).
    rejoin_until = serializers.DateTimeField(read_only=True, allow_null=True)
    position = serializers.SerializerMethodField()
    people_ahead = serializers.SerializerMethodField()
    estimated_wait_minutes = serializers.SerializerMethodField()
    journey = serializers.SerializerMethodField()

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
            "rejoin_until",
            "counter",
            "position",
            "people_ahead",
            "estimated_wait_minutes",
            "journey",
        ]
        read_only_fields = fields

    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            cls._built_fields = built
        return copy.deepcopy(built)

    def to_representation(self, ticket: Ticket) -> dict[str, Any]:
        position = self._position(ticket)
        service = ticket.service
        counter = ticket.counter
        data = {
            "token": str(ticket.token),
            "code": str(ticket.code),
            "number": ticket.number,
            "service": ticket.service_id,
            "service_name": service.name,
            "agency": service.agency_id,
            "agency_name": service.agency.name,
            "date": ticket.date.isoformat(),
            "channel": str(ticket.channel),
            "priority": str(ticket.priority),
            "status": str(ticket.status),
            "slot_start": _datetime(ticket.slot_start),
            "slot_end": _datetime(ticket.slot_end),
            "issued_at": _datetime(ticket.issued_at),
            "checked_in_at": _datetime(ticket.checked_in_at),
            "called_at": _datetime(ticket.called_at),
            "started_at": _datetime(ticket.started_at),
            "finished_at": _datetime(ticket.finished_at),
            "rejoin_until": _datetime(ticket.rejoin_until),
            "counter": None
            if counter is None
            else {
                "id": counter.pk,
                "label": counter.label,
                "number": counter.number,
                "booth": counter.booth.label,
            },
            "position": position.position,
            "people_ahead": position.people_ahead,
            "estimated_wait_minutes": position.estimated_wait_minutes,
            "journey": ticket_journey_data(ticket),
        }
        for name in self.Meta.fields[len(TicketSerializer.Meta.fields) :]:
            data[name] = getattr(ticket, name)  # StaffTicketSerializer's nik_last4
        return data

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

    @extend_schema_field(TicketJourneySerializer(allow_null=True))
    def get_journey(self, ticket: Ticket) -> dict | None:
        """A journey's stages (README "Journeys"); null for a single-line ticket."""
        return ticket_journey_data(ticket)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_estimated_wait_minutes(self, ticket: Ticket) -> int | None:
        return self._position(ticket).estimated_wait_minutes


class StaffTicketSerializer(TicketSerializer):
    """What an officer sees: the last 4 digits of the NIK to check the applicant."""

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "nik_last4"]
        read_only_fields = fields


def _datetime(value: dt.datetime | None) -> str | None:
    """As DRF's DateTimeField writes it: in the current time zone, ISO 8601, UTC as Z."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _active_services():
    return Service.objects.filter(is_active=True).select_related("agency")


class IdField(serializers.PrimaryKeyRelatedField):
    """A row by its id, refusing what is not a plain integer id before any query."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str) and not (data.isascii() and data.isdigit() and len(data) < 12):
            self.fail("incorrect_type", data_type="str")
        if int(data) > 2**31 - 1:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class ServiceField(IdField):
    default_error_messages = {
        "does_not_exist": _("Layanan dengan id %(pk_value)s tidak ditemukan."),
        "incorrect_type": _("Id layanan harus berupa angka."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=_active_services(), **kwargs)


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


class JourneyField(IdField):
    default_error_messages = {
        "does_not_exist": _("Paket layanan dengan id {pk_value} tidak ditemukan."),
        "incorrect_type": _("Id paket layanan harus berupa angka."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Journey.objects.filter(is_active=True), **kwargs)


class JourneyStageSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    service = serializers.IntegerField(source="service.pk")
    service_name = serializers.CharField(source="service.name")
    prefix = serializers.CharField(source="service.prefix")
    agency = serializers.IntegerField(source="service.agency_id")
    agency_name = serializers.CharField(source="service.agency.name")


class JourneySerializer(serializers.Serializer):
    """A journey (paket layanan): one ticket through these lines in turn."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    stages = JourneyStageSerializer(many=True, source="stages.all")


JOURNEY_HELP = "Optional: a journey (GET /api/v1/journeys/) starting at `service`."


class BookingInputSerializer(serializers.Serializer):
    service = ServiceField()
    journey = JourneyField(required=False, help_text=JOURNEY_HELP)
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
    journey = JourneyField(required=False, help_text=JOURNEY_HELP)
    priority = PriorityField()


class TokenInputSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=64)


class TransferInputSerializer(serializers.Serializer):
    service = ServiceField()


class PauseInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    capacity = serializers.IntegerField()
    remaining = serializers.IntegerField()
    closed = serializers.BooleanField(help_text="A planned closure cuts into this slot.")
    reason = serializers.CharField(source="closed_reason", help_text="Why it is closed, or empty.")


class QuotaSerializer(serializers.Serializer):
    """Fair quotas (README "Fair quotas"): the day's places, online and walk-in."""

    daily = serializers.IntegerField(allow_null=True, help_text="The daily quota; null: none.")
    online = serializers.IntegerField(
        allow_null=True, help_text="Places bookings may take; null: one pool with walk-ins."
    )
    booked = serializers.IntegerField()
    walk_ins = serializers.IntegerField()
    online_left = serializers.IntegerField(
        allow_null=True, help_text="Places a booking can still take (0 once released)."
    )
    walk_in_left = serializers.IntegerField(
        allow_null=True, help_text="Places a walk-in can still take."
    )
    release_at = serializers.DateTimeField(
        allow_null=True,
        help_text="From then on the unused online places go to walk-ins and bookings stop.",
    )
    released = serializers.BooleanField()


class AvailabilitySerializer(serializers.Serializer):
    date = serializers.DateField()
    open = serializers.BooleanField()
    reason = serializers.CharField()
    slots = SlotSerializer(many=True)
    quota = QuotaSerializer(required=False, allow_null=True)
