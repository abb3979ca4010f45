"""Admin for documents (berkas) and the agencies' pickup lines."""

from django.contrib import admin

from documents.models import Document, DocumentEvent, PickupLine


class DocumentEventInline(admin.TabularInline):
    model = DocumentEvent
    extra = 0
    fields = ("at", "status", "actor", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # statuses move through document_set_status (console, API)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    inlines = (DocumentEventInline,)
    list_display = ("code", "agency", "service", "status", "expected_ready", "ready_at")
    list_filter = ("agency", "status", "expected_ready")
    search_fields = ("code",)
    list_select_related = ("agency", "service")
    readonly_fields = (
        "code",
        "ticket",
        "agency",
        "service",
        "status",
        "created_at",
        "created_by",
        "ready_at",
        "collected_at",
        "cancelled_at",
        "pickup_ticket",
    )
    fields = (*readonly_fields[:5], "expected_ready", "note", *readonly_fields[5:])

    def has_add_permission(self, request) -> bool:
        return False  # opened by the officer at finish (document_open)


@admin.register(PickupLine)
class PickupLineAdmin(admin.ModelAdmin):
    list_display = ("agency", "service")
    list_select_related = ("agency", "service")
    autocomplete_fields = ("agency", "service")
