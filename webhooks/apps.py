from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Webhook keluar: signed events for other systems (MPP Digital, the city's dashboards)."""

    name = "webhooks"
    verbose_name = _("Webhook keluar")
