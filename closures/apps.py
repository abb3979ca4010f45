from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClosuresConfig(AppConfig):
    """Penutupan terencana: planned closures of a counter or a whole booth."""

    name = "closures"
    verbose_name = _("Penutupan terencana")
