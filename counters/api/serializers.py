from rest_framework import serializers


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
