from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Webhook keluar: signed events for other systems (MPP Digital, the city's dashboards)."""

    name = "webhooks"
    verbose_name = _("Webhook keluar")

    def ready(self) -> None:
        from webhooks.models import Endpoint
        from webhooks.selectors import subscriptions_changed

        post_save.connect(subscriptions_changed, sender=Endpoint, dispatch_uid="endpoint-saved")
        post_delete.connect(subscriptions_changed, sender=Endpoint, dispatch_uid="endpoint-deleted")
