from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Instansi dan layanan")

    def ready(self) -> None:
        from agencies.models import Closure, OpeningHours
        from agencies.selectors import CALENDAR_KEY
        from mpp.lib.kept import forget_on_change

        forget_on_change(CALENDAR_KEY, Closure, OpeningHours)
