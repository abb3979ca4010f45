"""Booth alerts (peringatan gerai): what the booth scan found, and who answered it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Booth


class BoothAlert(models.Model):
    """Peringatan gerai: a booth found empty or unattended during opening hours.

    Opened and closed by the booth scan (`monitoring.services.booth_scan`); a manager or
    the agency's supervisor acknowledges it with a note. At most one open alert per
    booth and kind, so running the scan twice changes nothing.
    """

    class Kind(models.TextChoices):
        EMPTY = "empty", _("Gerai kosong")
        UNATTENDED = "unattended", _("Gerai tidak melayani")

    booth = models.ForeignKey(
        Booth, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("gerai")
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    # Why the scan raised it (e.g. "no_counter_open", "no_call", "break_overrun").
    reason = models.CharField(_("sebab"), max_length=32, blank=True)
    opened_at = models.DateTimeField(_("dibuka"))
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditanggapi oleh"),
    )
    acknowledged_at = models.DateTimeField(_("ditanggapi"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("peringatan gerai")
        verbose_name_plural = _("peringatan gerai")
        # The table kept its name when the model left counters/ (issue 13).
        db_table = "counters_boothalert"
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["opened_at"], name="boothalert_opened_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["booth", "kind"],
                condition=Q(closed_at__isnull=True),
                name="one_open_alert_per_booth_kind",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("opened_at")),
                name="alert_closes_after_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booth} {self.kind} {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
