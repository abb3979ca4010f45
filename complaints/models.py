"""Complaints (pengaduan) and the satisfaction survey (Survei Kepuasan Masyarakat, IKM)."""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Service

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from a receipt has
# no look-alikes (selectors.normalize_code reads I/L as 1 and O as 0).
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 5  # 15 characters x 5 bits = 75 bits: not guessable by a public lookup


def new_complaint_code() -> str:
    """`ADU-K7M3Q-9XP2H-DRT4V`: short enough to read out, >= 64 bits of randomness.
    Codes of the first release (`ADU-` + 8 hex digits, 32 bits) still work."""
    groups = [
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    ]
    return "ADU-" + "-".join(groups)


class Complaint(models.Model):
    """Pengaduan: a resident's complaint, tracked by its code until it is closed.

    Routed to the agency's supervisor, or to the MPP manager when it names no agency.
    The reporter's name and contact are never shown publicly.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        VERIFIED = "verified", _("Diverifikasi")
        IN_PROGRESS = "in_progress", _("Diproses")
        RESOLVED = "resolved", _("Selesai ditangani")
        CLOSED = "closed", _("Ditutup")
        REJECTED = "rejected", _("Ditolak")

    class Category(models.TextChoices):
        WAITING = "waiting", _("Waktu tunggu dan antrean")
        STAFF = "staff", _("Sikap atau perilaku petugas")
        REQUIREMENTS = "requirements", _("Persyaratan dan prosedur")
        FEES = "fees", _("Biaya atau pungutan liar")
        RESULT = "result", _("Hasil atau produk layanan")
        FACILITIES = "facilities", _("Sarana dan prasarana")
        SYSTEM = "system", _("Aplikasi atau sistem antrean")
        OTHER = "other", _("Lainnya")

    class Channel(models.TextChoices):
        WEB = "web", _("Situs web")
        KIOSK = "kiosk", _("Anjungan")
        STAFF = "staff", _("Dicatat petugas")

    # Statuses in which the complaint still waits for follow-up (the SLA runs).
    OPEN_STATUSES = ("received", "verified", "in_progress")

    code = models.CharField(_("kode"), max_length=24, unique=True, default=new_complaint_code)
    category = models.CharField(_("kategori"), max_length=50, choices=Category.choices)
    description = models.TextField(_("uraian"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("instansi")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("layanan")
    )
    ticket = models.ForeignKey(
        "queues.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("tiket"),
    )
    channel = models.CharField(
        _("kanal"), max_length=8, choices=Channel.choices, default=Channel.WEB
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    name = models.CharField(_("nama pelapor"), max_length=100, blank=True)
    contact = models.CharField(_("kontak pelapor"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), null=True, blank=True)
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)
    lapor_forwarded_at = models.DateTimeField(_("diteruskan ke SP4N-LAPOR!"), null=True, blank=True)
    lapor_forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diteruskan oleh"),
    )
    lapor_reference = models.CharField(_("nomor laporan SP4N-LAPOR!"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "due_at"], name="complaint_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="complaint_rejected_has_reason",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ComplaintAttachment(models.Model):
    """A photo or PDF sent with a complaint; stored under MEDIA_ROOT, shown to staff only."""

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("pengaduan"),
    )
    file = models.FileField(_("berkas"), upload_to="complaints/%Y/%m/")
    original_name = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    content_type = models.CharField(_("jenis berkas"), max_length=40)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    uploaded_at = models.DateTimeField(_("diunggah"))

    class Meta:
        verbose_name = _("lampiran pengaduan")
        verbose_name_plural = _("lampiran pengaduan")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""


class ComplaintResponse(models.Model):
    """One entry in a complaint's thread: a reply (public or internal) and/or a status change."""

    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("pengaduan"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    message = models.TextField(_("pesan"), blank=True)
    public = models.BooleanField(_("tampil untuk pelapor"), default=False)
    from_status = models.CharField(
        _("dari status"), max_length=16, choices=Complaint.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("ke status"), max_length=16, choices=Complaint.Status.choices, blank=True
    )
    at = models.DateTimeField(_("waktu"))

    class Meta:
        verbose_name = _("tanggapan pengaduan")
        verbose_name_plural = _("tanggapan pengaduan")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaint_response_thread")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.at:%Y-%m-%d %H:%M}"


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
