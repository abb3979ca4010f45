"""Admin for complaints (pengaduan)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import (
    SURVEY_ELEMENTS,
    Complaint,
    ComplaintAttachment,
    ComplaintResponse,
    SurveyResponse,
)


class ComplaintResponseInline(admin.TabularInline):
    model = ComplaintResponse
    extra = 0
    fields = ("at", "author", "public", "from_status", "to_status", "message")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # replies go through the staff inbox (complaint_respond)


class ComplaintAttachmentInline(admin.TabularInline):
    model = ComplaintAttachment
    extra = 0
    fields = ("file", "original_name", "content_type", "size", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # uploads are type-checked by complaint_file


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    inlines = (ComplaintResponseInline, ComplaintAttachmentInline)
    list_display = (
        "code",
        "category",
        "agency",
        "service",
        "status",
        "created_at",
        "due_at",
        "late",
        "escalated_at",
    )
    list_filter = ("status", "category", "channel", "agency")
    list_select_related = ("agency", "service__agency")
    search_fields = ("=code", "category", "description", "name", "contact")
    autocomplete_fields = ("agency", "service")
    date_hierarchy = "created_at"
    # The workflow (status, replies, escalation, forwarding) runs through the services.
    readonly_fields = (
        "code",
        "channel",
        "ticket",
        "filed_by",
        "status",
        "rejection_reason",
        "created_at",
        "updated_at",
        "escalated_at",
        "lapor_forwarded_at",
        "lapor_forwarded_by",
    )
    fieldsets = (
        (None, {"fields": ("code", "category", "description", "agency", "service", "ticket")}),
        (_("Pelapor"), {"fields": ("name", "contact", "channel", "filed_by")}),
        (
            _("Tindak lanjut"),
            {
                "fields": (
                    "status",
                    "rejection_reason",
                    "created_at",
                    "updated_at",
                    "due_at",
                    "escalated_at",
                )
            },
        ),
        (
            _("SP4N-LAPOR!"),
            {"fields": ("lapor_forwarded_at", "lapor_forwarded_by", "lapor_reference")},
        ),
    )

    @admin.display(description=_("lewat batas waktu"), boolean=True)
    def late(self, obj: Complaint) -> bool:
        return bool(obj.due_at and obj.due_at < timezone.now() and obj.is_open)


@admin.register(ComplaintResponse)
class ComplaintResponseAdmin(admin.ModelAdmin):
    list_display = ("complaint", "at", "author", "public", "from_status", "to_status")
    list_filter = ("public", "to_status")
    list_select_related = ("complaint", "author")
    search_fields = ("=complaint__code", "message")
    date_hierarchy = "at"
    readonly_fields = ("complaint", "author", "from_status", "to_status", "at")


@admin.register(ComplaintAttachment)
class ComplaintAttachmentAdmin(admin.ModelAdmin):
    list_display = ("complaint", "original_name", "content_type", "size", "uploaded_at")
    list_filter = ("content_type",)
    list_select_related = ("complaint",)
    search_fields = ("=complaint__code", "original_name")
    date_hierarchy = "uploaded_at"
    readonly_fields = ("complaint", "file", "content_type", "size", "uploaded_at")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ("ticket", "agency", "service", *SURVEY_ELEMENTS, "created_at")
    list_filter = ("agency",)
    list_select_related = ("ticket", "agency", "service__agency")
    search_fields = ("=ticket__token", "comment")
    date_hierarchy = "created_at"
    readonly_fields = ("ticket", "agency", "service", "officer", "created_at")
