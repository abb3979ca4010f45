from rest_framework import serializers

from agencies.models import Service


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
