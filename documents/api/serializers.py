from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from documents.events import public_document
from documents.models import Document


class DocumentEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=Document.Status.choices)


class DocumentSerializer(serializers.Serializer):
    """A document as anyone with its code sees it: no name, NIK, phone or staff note."""

    code = serializers.CharField()
    service = serializers.IntegerField()
    service_name = serializers.CharField()
    agency_name = serializers.CharField()
    status = serializers.ChoiceField(choices=Document.Status.choices)
    status_label = serializers.CharField(help_text="The status in the request's language.")
    expected_ready = serializers.DateField()
    ready_at = serializers.DateTimeField(allow_null=True)
    collected_at = serializers.DateTimeField(allow_null=True)
    events = DocumentEventSerializer(many=True)

    def to_representation(self, instance: Document) -> dict[str, Any]:
        return {
            **public_document(instance, list(instance.events.all())),
            "status_label": instance.get_status_display(),
        }


class StaffDocumentSerializer(DocumentSerializer):
    """Staff also see their note, the visit's ticket and the notes on the timeline."""

    note = serializers.CharField()
    ticket = serializers.CharField()
    pickup_ticket = serializers.CharField(allow_null=True)

    def to_representation(self, instance: Document) -> dict[str, Any]:
        events = list(instance.events.all())
        data = {**public_document(instance, events), "status_label": instance.get_status_display()}
        for row, event in zip(data["events"], events, strict=True):
            row["note"] = event.note
        pickup = instance.pickup_ticket
        return {
            **data,
            "note": instance.note,
            "ticket": instance.ticket.code,
            "pickup_ticket": pickup.code if pickup else None,
        }


class DocumentOpenInputSerializer(serializers.Serializer):
    expected_ready = serializers.DateField(
        error_messages={"invalid": _("Tanggal harus berformat YYYY-MM-DD.")}
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class DocumentStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[s for s in Document.Status.choices if s[0] != Document.Status.PROCESSING]
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
