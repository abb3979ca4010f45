from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Pemantauan gerai: booth alerts, the scan that raises them and the dashboard."""

    name = "monitoring"
    verbose_name = _("Pemantauan gerai")
