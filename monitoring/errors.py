"""Refusals of booth monitoring."""

from django.utils.translation import gettext_lazy as _

from mpp.lib.errors import Conflict


class AlertAlreadyAcknowledged(Conflict):
    code = "alert_already_acknowledged"
    message = _("Peringatan ini sudah ditanggapi.")
