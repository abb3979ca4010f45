from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Laporan: attendance and performance reports. Reads only: no models of its own."""

    name = "reports"
    verbose_name = _("Laporan")
