"""Admin for complaints (pengaduan)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import SURVEY_ELEMENTS, Complaint, SurveyResponse

CLOSED_STATUSES = (
    Complaint.Status.RESOLVED,
    Complaint.Status.CLOSED,
    Complaint.Status.REJECTED,
)


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "category",
        "agency",
        "service",
        "status",
        "created_at",
        "due_at",
        "late",
    )
    list_filter = ("status", "category", "agency")
    list_select_related = ("agency", "service__agency")
    search_fields = ("=code", "category", "description", "name", "contact")
    autocomplete_fields = ("agency", "service")
    date_hierarchy = "created_at"
    readonly_fields = ("code", "created_at")
    fieldsets = (
        (None, {"fields": ("code", "category", "description", "agency", "service")}),
        (_("Pelapor"), {"fields": ("name", "contact")}),
        (_("Tindak lanjut"), {"fields": ("status", "created_at", "due_at")}),
    )

    @admin.display(description=_("lewat batas waktu"), boolean=True)
    def late(self, obj: Complaint) -> bool:
        return bool(
            obj.due_at and obj.due_at < timezone.now() and obj.status not in CLOSED_STATUSES
        )


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ("ticket", "agency", "service", *SURVEY_ELEMENTS, "created_at")
    list_filter = ("agency",)
    list_select_related = ("ticket", "agency", "service__agency")
    search_fields = ("=ticket__token", "comment")
    date_hierarchy = "created_at"
    readonly_fields = ("ticket", "agency", "service", "officer", "created_at")
