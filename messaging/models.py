"""WhatsApp: residents' consent (opt-in), the messages sent with their delivery status,
and the ids of messages received (each handled once).

Phones are personal data (UU 27/2022): an opt-in keeps the number (it is what was
agreed to); a sent message keeps it masked; a received one until its reply is sent.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]


class OptIn(models.Model):
    """Persetujuan WhatsApp: nothing goes out by WhatsApp to a phone without one."""

    class Source(models.TextChoices):
        BOOKING = "booking", _("Formulir pendaftaran")
        TICKET_PAGE = "ticket_page", _("Halaman tiket")
        INBOUND = "inbound", _("Pesan pertama dari warga")

    phone = models.CharField(_("telepon"), max_length=16, unique=True)
    source = models.CharField(_("sumber"), max_length=16, choices=Source.choices)
    language = models.CharField(_("bahasa"), max_length=8, choices=LANGUAGES, default="id")
    opted_in_at = models.DateTimeField(_("waktu persetujuan"))

    class Meta:
        verbose_name = _("persetujuan WhatsApp")
        verbose_name_plural = _("persetujuan WhatsApp")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.opted_in_at:%Y-%m-%d %H:%M}"


class OutboundMessage(models.Model):
    """One message sent through the Cloud API, and what its webhook said of it since."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antre")
        SENT = "sent", _("Terkirim")
        DELIVERED = "delivered", _("Tersampaikan")
        READ = "read", _("Dibaca")
        FAILED = "failed", _("Gagal")

    # The caller's once-only key (mpp.lib.notify.send_once): a retry finds the same row.
    reference = models.CharField(_("referensi"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=32)
    template = models.CharField(_("templat"), max_length=64, blank=True)
    language = models.CharField(_("bahasa"), max_length=8, choices=LANGUAGES, default="id")
    phone_masked = models.CharField(_("telepon (disamarkan)"), max_length=16)
    wamid = models.CharField(_("ID pesan WhatsApp"), max_length=128, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    error_code = models.PositiveIntegerField(_("kode galat"), null=True, blank=True)
    error_title = models.CharField(_("galat"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    status_at = models.DateTimeField(_("waktu status"), null=True, blank=True)

    class Meta:
        verbose_name = _("pesan WhatsApp keluar")
        verbose_name_plural = _("pesan WhatsApp keluar")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["wamid"], condition=Q(wamid__isnull=False), name="outbound_wamid_once"
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | Q(error_code__isnull=False),
                name="outbound_failed_has_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.phone_masked} {self.status}"


class InboundMessage(models.Model):
    """A message a resident sent, by its Cloud API id: the webhook is redelivered, the
    command runs once."""

    wamid = models.CharField(_("ID pesan WhatsApp"), max_length=128, unique=True)
    # Kept until the reply is sent, then blanked.
    phone = models.CharField(_("telepon"), max_length=16, blank=True)
    command = models.CharField(_("perintah"), max_length=16, blank=True)
    reply = models.TextField(_("balasan"), blank=True)
    language = models.CharField(_("bahasa"), max_length=8, choices=LANGUAGES, default="id")
    received_at = models.DateTimeField(_("diterima"))

    class Meta:
        verbose_name = _("pesan WhatsApp masuk")
        verbose_name_plural = _("pesan WhatsApp masuk")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.command or '-'} {self.received_at:%Y-%m-%d %H:%M}"
