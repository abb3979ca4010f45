"""Admin for planned closures: read-only, requested and decided on /dashboard/closures/."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from closures.models import ClosureRequest, ClosureRequestEvent
from mpp.lib.admin import ReadOnlyAdminMixin


class ClosureRequestEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The request's steps, as the services logged them (read-only)."""

    model = ClosureRequestEvent
    fields = ("at", "kind", "actor", "note")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[ClosureRequestEvent]:
        return super().get_queryset(request).select_related("actor")


@admin.register(ClosureRequestEvent)
class ClosureRequestEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Append-only log written by closures/services.py."""

    list_display = ("at", "closure", "kind", "actor", "note")
    list_filter = ("kind", "closure__booth__agency")
    list_select_related = ("closure__booth__agency", "closure__counter", "actor")
    search_fields = ("note", "actor__username", "closure__reason")
    date_hierarchy = "at"
    fields = ("closure", "kind", "at", "actor", "note")
    readonly_fields = fields


@admin.register(ClosureRequest)
class ClosureRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Requested and decided on /dashboard/closures/ (closures/services.py)."""

    list_display = ("booth", "counter", "reason", "starts_at", "ends_at", "status")
    list_filter = ("status", "booth__agency")
    list_select_related = ("booth__agency", "counter")
    search_fields = ("booth__label", "booth__agency__name", "reason")
    date_hierarchy = "starts_at"
    readonly_fields = ("requested_by", "requested_at", "decided_by", "decided_at")
    inlines = (ClosureRequestEventInline,)
