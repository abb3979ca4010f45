from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClosuresConfig(AppConfig):
    """Penutupan terencana: planned closures of a counter or a whole booth."""

    name = "closures"
    verbose_name = _("Penutupan terencana")

    def ready(self) -> None:
        from closures.models import ClosureRequest
        from closures.selectors import APPROVED_AHEAD_KEY
        from mpp.lib.kept import forget_on_change

        forget_on_change(APPROVED_AHEAD_KEY, ClosureRequest)
