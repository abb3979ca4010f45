from django.contrib import admin

from mpp.models import PendingTask


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    """The outbox: tasks the broker refused, waiting for mpp.tasks.resend_pending_tasks
    (beat, every minute). Shown so an operator sees what waits; written only by the code."""

    list_display = ["task", "args", "created_at", "attempts", "last_error"]
    readonly_fields = ["task", "args", "kwargs", "created_at", "attempts", "last_error"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
