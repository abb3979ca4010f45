from rest_framework import serializers

from agencies.models import Agency, Booth, Service
from counters.models import Counter


class CounterBriefSerializer(serializers.ModelSerializer):
    services = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Counter
        fields = ["id", "label", "number", "services"]


class BoothSerializer(serializers.ModelSerializer):
    counters = CounterBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Booth
        fields = ["id", "label", "floor", "counters"]


class AgencySerializer(serializers.ModelSerializer):
    booths = BoothSerializer(many=True, read_only=True)
    service_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "kind", "description", "booths", "service_count"]


class ServiceSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "agency",
            "agency_name",
            "code",
            "name",
            "prefix",
            "description",
            "duration",
            "fee",
            "online_booking",
            "daily_quota",
            "online_quota_percent",
            "online_release_time",
        ]


class ServiceDetailSerializer(ServiceSerializer):
    """A service with the 14 components of its Standar Pelayanan."""

    requirements = serializers.ListField(child=serializers.CharField())
    procedure = serializers.ListField(child=serializers.CharField())
    agency_pledge = serializers.CharField(source="agency.pledge", read_only=True)

    class Meta(ServiceSerializer.Meta):
        fields = [
            *ServiceSerializer.Meta.fields,
            *(c for c in Service.STANDARD_COMPONENTS if c not in ServiceSerializer.Meta.fields),
            "agency_pledge",
            "slot_minutes",
            "slot_capacity",
            "booking_window_days",
            "checkin_grace_minutes",
            "expected_service_minutes",
        ]


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
