"""Outbound webhooks: the endpoints an admin registers and the log of each delivery.

A delivery keeps the exact body it sends, so every retry carries the same event id,
the same bytes and therefore the same signature: a receiver dedupes on `id`.
"""

import secrets

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    TICKET_ISSUED = "ticket.issued", _("Tiket diterbitkan")
    TICKET_CALLED = "ticket.called", _("Tiket dipanggil")
    TICKET_FINISHED = "ticket.finished", _("Layanan tiket selesai")
    BOOTH_ALERT = "booth.alert", _("Peringatan gerai")
    COMPLAINT_CREATED = "complaint.created", _("Pengaduan diterima")
    DOCUMENT_READY = "document.ready", _("Dokumen siap diambil")
    TEST = "webhook.test", _("Uji coba")


def new_secret() -> str:
    return secrets.token_hex(32)


class Endpoint(models.Model):
    """Tujuan webhook: a URL that receives the event types it subscribes to."""

    url = models.URLField(
        _("URL"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    secret = models.CharField(
        _("rahasia penandatangan"),
        max_length=200,
        default=new_secret,
        help_text=_("Kunci HMAC-SHA256 untuk header X-MPP-Signature."),
    )
    event_types = models.JSONField(_("jenis peristiwa"), default=list, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("tujuan webhook")
        verbose_name_plural = _("tujuan webhook")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url

    def subscribes(self, event_type: str) -> bool:
        return event_type == EventType.TEST or event_type in self.event_types


class Delivery(models.Model):
    """Pengiriman webhook: one event to one endpoint, with its attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu")
        DELIVERED = "delivered", _("terkirim")
        FAILED = "failed", _("gagal")

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("tujuan")
    )
    event_id = models.UUIDField(_("id peristiwa"))
    event_type = models.CharField(_("jenis peristiwa"), max_length=40)
    body = models.TextField(_("isi"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    response_code = models.PositiveSmallIntegerField(_("kode respons"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("durasi (ms)"), null=True, blank=True)
    error = models.CharField(_("galat"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dibuat"))
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("percobaan terakhir"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = _("pengiriman webhook")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="one_delivery_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"
