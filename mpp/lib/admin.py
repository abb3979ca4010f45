"""Admin pieces every app uses."""


class ReadOnlyAdminMixin:
    """View permission only: the rows are written by services."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
