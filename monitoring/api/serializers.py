from rest_framework import serializers


class BoothAlertSerializer(serializers.Serializer):
    """A booth alert (API.md "Monitoring"), built by monitoring.selectors.alert_data."""

    id = serializers.IntegerField()
    booth = serializers.IntegerField()
    booth_label = serializers.CharField()
    agency = serializers.IntegerField()
    agency_name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["empty", "unattended"])
    kind_label = serializers.CharField()
    reason = serializers.CharField()
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = serializers.CharField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()


class AlertListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=["open", "closed"], required=False)


class AcknowledgeInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, trim_whitespace=True)
