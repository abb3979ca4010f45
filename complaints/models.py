"""Complaints (pengaduan). Started small; the workflow comes with its own issue."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Service


def new_complaint_code() -> str:
    return "ADU-" + secrets.token_hex(4).upper()


class Complaint(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        VERIFIED = "verified", _("Diverifikasi")
        IN_PROGRESS = "in_progress", _("Diproses")
        RESOLVED = "resolved", _("Selesai ditangani")
        CLOSED = "closed", _("Ditutup")
        REJECTED = "rejected", _("Ditolak")

    code = models.CharField(_("kode"), max_length=16, unique=True, default=new_complaint_code)
    category = models.CharField(_("kategori"), max_length=50)
    description = models.TextField(_("uraian"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("instansi")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("layanan")
    )
    name = models.CharField(_("nama pelapor"), max_length=100, blank=True)
    contact = models.CharField(_("kontak pelapor"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code
