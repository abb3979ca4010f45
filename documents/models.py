"""Documents handed over later (berkas): a KTP-el waiting for its blanko, an akta, a
permit. Opened by the officer when the visit finishes, followed by the resident by code
(lacak berkas), collected through the agency's short pickup line."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency, Service
from documents.codes import new_code
from queues.models import Ticket


class Document(models.Model):
    """Berkas: one product of a finished visit, from processing to collected."""

    class Status(models.TextChoices):
        PROCESSING = "processing", pgettext_lazy("document", "Diproses")
        READY = "ready", _("Siap diambil")
        COLLECTED = "collected", _("Sudah diambil")
        CANCELLED = "cancelled", _("Dibatalkan")

    OPEN_STATUSES = ("processing", "ready")

    code = models.CharField(_("kode berkas"), max_length=19, unique=True, default=new_code)
    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="document", verbose_name=_("tiket")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROCESSING
    )
    expected_ready = models.DateField(_("perkiraan selesai"))
    # For staff only: never in the public answer (it may name the applicant).
    note = models.CharField(_("catatan petugas"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuka"))
    ready_at = models.DateTimeField(_("siap"), null=True, blank=True)
    collected_at = models.DateTimeField(_("diambil"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The number taken in the agency's pickup line (ambil berkas), if any.
    pickup_ticket = models.OneToOneField(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="pickup_of"
    )

    class Meta:
        verbose_name = _("berkas")
        verbose_name_plural = _("berkas")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["ready", "collected"]) | Q(ready_at__isnull=False),
                name="document_ready_has_ready_at",
            ),
            models.CheckConstraint(
                condition=~Q(status="collected") | Q(collected_at__isnull=False),
                name="document_collected_has_collected_at",
            ),
        ]
        indexes = [
            models.Index(
                fields=["agency", "expected_ready"],
                condition=Q(status__in=["processing", "ready"]),
                name="document_open_by_agency",
            )
        ]

    def __str__(self) -> str:
        return self.code


class DocumentEvent(models.Model):
    """The document's timeline: every status it took, when, who and why."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("waktu"))
    status = models.CharField(_("status"), max_length=16, choices=Document.Status.choices)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("riwayat berkas")
        verbose_name_plural = _("riwayat berkas")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.status} {self.at:%Y-%m-%d %H:%M}"


class PickupLine(models.Model):
    """An agency's pickup line (antrean pengambilan berkas): the service whose tickets
    collect documents. Its own prefix; its tickets are called with the priority group,
    ahead of new applications (queues/services/issuing.py `pickup`)."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="pickup_line", verbose_name=_("instansi")
    )
    service = models.OneToOneField(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan pengambilan")
    )

    class Meta:
        verbose_name = _("antrean pengambilan berkas")
        verbose_name_plural = _("antrean pengambilan berkas")

    def __str__(self) -> str:
        return f"{self.agency} → {self.service.prefix}"
