"""Planned closures (penutupan terencana) of a counter or a whole booth, and their steps."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Booth
from counters.models import Counter


class ClosureRequestQuerySet(models.QuerySet["ClosureRequest"]):
    def in_force(self, at) -> "ClosureRequestQuerySet":
        """Approved closures covering the moment `at`."""
        return self.filter(status=ClosureRequest.Status.APPROVED, starts_at__lte=at, ends_at__gt=at)


class ClosureRequest(models.Model):
    """Penutupan terencana: closing a counter (or, without one, the whole booth) for a while.

    An officer or supervisor asks, a manager approves or refuses. While an approved closure
    is in force the booth scan raises no alert for it and services no other open counter
    serves take no new tickets; it ends by itself at `ends_at`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Diajukan")
        APPROVED = "approved", _("Disetujui")
        REFUSED = "refused", _("Ditolak")
        CANCELLED = "cancelled", _("Dibatalkan")

    booth = models.ForeignKey(
        Booth,
        on_delete=models.PROTECT,
        related_name="closure_requests",
        verbose_name=_("gerai"),
    )
    counter = models.ForeignKey(
        Counter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closure_requests",
        verbose_name=_("loket"),
        help_text=_("Kosongkan untuk menutup seluruh gerai."),
    )
    reason = models.CharField(_("alasan"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("sampai"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    requested_at = models.DateTimeField(_("diajukan"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)

    objects = ClosureRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("penutupan terencana")
        verbose_name_plural = _("penutupan terencana")
        # The table kept its name when the model left counters/ (issue 13).
        db_table = "counters_closurerequest"
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="closure_request_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        target = self.counter or self.booth
        return f"{target} {self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%H:%M}"


class ClosureRequestEvent(models.Model):
    """One step of a closure request (riwayat penutupan): who did what, when, and why."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Diajukan")
        APPROVED = "approved", _("Disetujui")
        REFUSED = "refused", _("Ditolak")
        CANCELLED = "cancelled", _("Dibatalkan")

    closure = models.ForeignKey(
        ClosureRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("penutupan terencana"),
    )
    kind = models.CharField(_("langkah"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("oleh"),
    )
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("riwayat penutupan")
        verbose_name_plural = _("riwayat penutupan")
        db_table = "counters_closurerequestevent"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.closure_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
