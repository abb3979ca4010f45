from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueuesConfig(AppConfig):
    name = "queues"
    verbose_name = _("Antrean")

    def ready(self) -> None:
        from agencies.models import Service
        from counters.models import Counter
        from mpp.lib.kept import forget_on_change
        from queues.selectors import COUNTER_SERVICES_KEY

        forget_on_change(COUNTER_SERVICES_KEY, Counter, Service, links=(Counter.services.through,))
