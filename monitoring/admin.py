"""Admin for booth alerts: read-only, raised by the scan and answered on the dashboard."""

from django.contrib import admin

from monitoring.models import BoothAlert
from mpp.lib.admin import ReadOnlyAdminMixin


@admin.register(BoothAlert)
class BoothAlertAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("booth", "kind", "reason", "opened_at", "closed_at", "acknowledged_by")
    list_filter = ("kind", ("closed_at", admin.EmptyFieldListFilter), "booth__agency")
    list_select_related = ("booth__agency", "acknowledged_by")
    search_fields = ("booth__label", "booth__agency__name", "note")
    date_hierarchy = "opened_at"
    fields = ("booth", "kind", "reason", "opened_at", "closed_at", "acknowledged_by")
    fields = (*fields, "acknowledged_at", "note")
    readonly_fields = fields
