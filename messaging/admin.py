"""Admin for WhatsApp messaging: read only (consent, sends and statuses are written by
the services and the webhook). Phones show masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from messaging.models import InboundMessage, OptIn, OutboundMessage
from mpp.lib.admin import ReadOnlyAdminMixin
from mpp.lib.notify import mask_phone


@admin.register(OptIn)
class OptInAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("masked_phone", "source", "language", "opted_in_at")
    list_filter = ("source", "language")
    fields = ("masked_phone", "source", "language", "opted_in_at")
    readonly_fields = fields
    date_hierarchy = "opted_in_at"

    @admin.display(description=_("telepon (disamarkan)"))
    def masked_phone(self, obj: OptIn) -> str:
        return mask_phone(obj.phone)


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "kind",
        "template",
        "language",
        "phone_masked",
        "status",
        "error_code",
        "attempts",
        "status_at",
    )
    list_filter = ("status", "kind", "language")
    search_fields = ("wamid", "reference")
    date_hierarchy = "created_at"


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("received_at", "command", "language")
    list_filter = ("command", "language")
    fields = ("wamid", "received_at", "command", "language", "reply")
    readonly_fields = fields
    date_hierarchy = "received_at"
