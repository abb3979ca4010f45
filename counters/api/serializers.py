from rest_framework import serializers

from agencies.models import Agency, Booth
from counters.models import Counter


class HeartbeatInputSerializer(serializers.Serializer):
    """What a beat may say of its device (optional; the device is its token)."""

    name = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
        help_text="the name given to this device (?device_name= in its address)",
    )
    page = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="the page it shows, path and query (a lobby screen's agency or floor)",
    )


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
