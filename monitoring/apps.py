from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Pemantauan gerai: booth alerts, the scan that raises them and the dashboard."""

    name = "monitoring"
    verbose_name = _("Pemantauan gerai")

    def ready(self) -> None:
        from monitoring.models import BoothAlert
        from monitoring.services import ALERTING_BOOTHS_KEY
        from mpp.lib.kept import forget_on_change

        forget_on_change(ALERTING_BOOTHS_KEY, BoothAlert)
