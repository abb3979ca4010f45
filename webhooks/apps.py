from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Webhook keluar: signed events for other systems (MPP Digital, the city's dashboards)."""

    name = "webhooks"
    verbose_name = _("Webhook keluar")

    def ready(self) -> None:
        from mpp.lib.kept import forget_on_change
        from webhooks.models import Endpoint
        from webhooks.selectors import SUBSCRIBED_KEY

        forget_on_change(SUBSCRIBED_KEY, Endpoint)
