from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from counters.models import Counter
from queues.api.serializers import StaffTicketSerializer
from queues.selectors import counter_current_ticket


class CounterStateSerializer(serializers.ModelSerializer):
    """A counter with who staffs it and what it is doing now."""

    booth = serializers.CharField(source="booth.label", read_only=True)
    agency = serializers.IntegerField(source="booth.agency_id", read_only=True)
    state = serializers.SerializerMethodField()
    officer = serializers.SerializerMethodField()
    current_ticket = serializers.SerializerMethodField()

    class Meta:
        model = Counter
        fields = ["id", "label", "number", "booth", "agency", "state", "officer", "current_ticket"]

    def _session(self, counter: Counter):
        return counter.sessions.filter(closed_at__isnull=True).first()

    @extend_schema_field(serializers.ChoiceField(choices=["closed", "open", "paused"]))
    def get_state(self, counter: Counter) -> str:
        session = self._session(counter)
        if session is None:
            return "closed"
        return "paused" if session.pauses.filter(ended_at__isnull=True).exists() else "open"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_officer(self, counter: Counter) -> str | None:
        session = self._session(counter)
        return session.officer.get_username() if session else None

    @extend_schema_field(StaffTicketSerializer(allow_null=True))
    def get_current_ticket(self, counter: Counter) -> dict | None:
        ticket = counter_current_ticket(counter=counter)
        return StaffTicketSerializer(ticket).data if ticket else None
