from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Instansi dan layanan")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from agencies.models import Closure, OpeningHours
        from agencies.selectors import calendar_changed

        for model in (Closure, OpeningHours):
            name = model._meta.model_name
            post_save.connect(calendar_changed, sender=model, dispatch_uid=f"{name}-saved")
            post_delete.connect(calendar_changed, sender=model, dispatch_uid=f"{name}-deleted")
