"""Counters (loket) and who staffed them when (attendance)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Booth, Service


class Counter(models.Model):
    """Loket: a desk in a booth, serving some of the agency's services."""

    booth = models.ForeignKey(
        Booth, on_delete=models.PROTECT, related_name="counters", verbose_name=_("gerai")
    )
    label = models.CharField(_("label"), max_length=50)
    number = models.PositiveSmallIntegerField(
        _("nomor loket"), unique=True, help_text=_("Diucapkan saat panggilan: 'menuju loket tiga'.")
    )
    services = models.ManyToManyField(
        Service, related_name="counters", blank=True, verbose_name=_("layanan")
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("loket")
        verbose_name_plural = _("loket")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["booth", "label"], name="counter_label_per_booth"),
            models.CheckConstraint(condition=Q(number__gte=1), name="counter_number_positive"),
        ]

    def __str__(self) -> str:
        return self.label


class CounterSession(models.Model):
    """One officer staffing one counter from `opened_at` to `closed_at`."""

    counter = models.ForeignKey(
        Counter, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("loket")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="counter_sessions",
        verbose_name=_("petugas"),
    )
    opened_at = models.DateTimeField(_("dibuka"))
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("sesi loket")
        verbose_name_plural = _("sesi loket")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["counter"],
                condition=Q(closed_at__isnull=True),
                name="one_open_session_per_counter",
            ),
            models.UniqueConstraint(
                fields=["officer"],
                condition=Q(closed_at__isnull=True),
                name="one_open_session_per_officer",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("opened_at")),
                name="session_closes_after_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.counter} {self.opened_at:%Y-%m-%d %H:%M}"


class CounterPause(models.Model):
    """A break within a session (istirahat), with its reason."""

    session = models.ForeignKey(
        CounterSession, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("sesi")
    )
    reason = models.CharField(_("alasan"), max_length=200)
    started_at = models.DateTimeField(_("mulai"))
    ended_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeda loket")
        verbose_name_plural = _("jeda loket")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(ended_at__isnull=True),
                name="one_open_pause_per_session",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="pause_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.started_at:%H:%M}"


def new_device_token() -> str:
    return secrets.token_urlsafe(24)


class Device(models.Model):
    """Perangkat: a lobby display (TV) or kiosk the admin set up. Its token, given once in
    the setup URL (`/display/?device=<token>`), is what its heartbeats carry; a device
    revoked here stops counting as alive at once."""

    class Kind(models.TextChoices):
        DISPLAY = "display", _("layar antrean")
        KIOSK = "kiosk", _("anjungan")

    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    label = models.CharField(_("nama"), max_length=100, help_text=_("mis. TV lobi lantai 1"))
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_device_token)
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("perangkat")
        verbose_name_plural = _("perangkat")
        ordering = ["kind", "label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_kind_display()})"
