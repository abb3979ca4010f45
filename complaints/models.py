"""Complaints (pengaduan) and the satisfaction survey (Survei Kepuasan Masyarakat, IKM)."""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
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


# The nine elements (unsur) of PermenPANRB 14/2017, in order: u1 .. u9.
SURVEY_ELEMENTS = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")


def _score_field(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label)


class SurveyResponse(models.Model):
    """One resident's answer to the IKM survey for one served ticket (1-4 per element).

    The agency and service are copied from the ticket when it is answered so reports per
    agency and service stay fixed even if the catalog changes later.
    """

    ticket = models.OneToOneField(
        "queues.Ticket",
        on_delete=models.PROTECT,
        related_name="survey",
        verbose_name=_("tiket"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petugas"),
    )
    u1 = _score_field(_("U1 persyaratan"))
    u2 = _score_field(_("U2 sistem, mekanisme dan prosedur"))
    u3 = _score_field(_("U3 waktu penyelesaian"))
    u4 = _score_field(_("U4 biaya/tarif"))
    u5 = _score_field(_("U5 produk spesifikasi jenis pelayanan"))
    u6 = _score_field(_("U6 kompetensi pelaksana"))
    u7 = _score_field(_("U7 perilaku pelaksana"))
    u8 = _score_field(_("U8 penanganan pengaduan, saran dan masukan"))
    u9 = _score_field(_("U9 sarana dan prasarana"))
    comment = models.TextField(_("saran dan masukan"), blank=True)
    created_at = models.DateTimeField(_("diisi"))

    class Meta:
        verbose_name = _("jawaban survei kepuasan")
        verbose_name_plural = _("jawaban survei kepuasan")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="survey_created_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{element}__gte": 1}) & Q(**{f"{element}__lte": 4}),
                name=f"survey_{element}_1_to_4",
            )
            for element in SURVEY_ELEMENTS
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.created_at:%Y-%m-%d}"
