"""Refusals of complaint (pengaduan) actions, one class per rule."""

from django.utils.translation import gettext_lazy as _

from mpp.lib.errors import ApplicationError, Conflict, NotFound, TooManyRequests
from mpp.lib.identity import CONTACT_INVALID


class ComplaintNotFound(NotFound):
    message = _("Pengaduan tidak ditemukan.")


class TicketNotFound(ApplicationError):
    code = "ticket_not_found"
    message = _("Tiket antrean tidak ditemukan. Periksa kembali tautan tiket Anda.")


class ServiceNotOfAgency(ApplicationError):
    code = "service_not_of_agency"
    message = _("Layanan yang dipilih bukan layanan dari instansi itu.")


class ContactInvalid(ApplicationError):
    code = "contact_invalid"
    message = CONTACT_INVALID


class TooManyComplaints(TooManyRequests):
    code = "too_many_complaints"
    message = _(
        "Terlalu banyak pengaduan dari perangkat ini. Silakan coba lagi dalam satu jam, "
        "atau sampaikan langsung ke petugas informasi MPP."
    )


class AttachmentTooLarge(ApplicationError):
    code = "attachment_too_large"
    message = _("Lampiran %(name)s terlalu besar; ukuran maksimal %(limit)s MB.")


class AttachmentTypeNotAllowed(ApplicationError):
    code = "attachment_type"
    message = _("Lampiran %(name)s bukan foto (JPEG, PNG, WebP) atau PDF.")


class TooManyAttachments(ApplicationError):
    code = "too_many_attachments"
    message = _("Paling banyak %(limit)s lampiran per pengaduan.")


class InvalidTransition(Conflict):
    code = "invalid_transition"
    message = _("Status pengaduan tidak dapat diubah dari %(current)s menjadi %(target)s.")


class RejectionReasonRequired(ApplicationError):
    code = "rejection_reason_required"
    message = _("Tuliskan alasan penolakan pengaduan.")


class EmptyResponse(ApplicationError):
    code = "empty_response"
    message = _("Tuliskan tanggapan atau pilih status baru.")


class NothingToExport(ApplicationError):
    code = "nothing_to_export"
    message = _("Pilih paling sedikit satu pengaduan untuk diekspor.")


class ExportCodesNotFound(NotFound):
    code = "export_codes_not_found"
    message = _("Pengaduan berikut tidak ditemukan atau bukan wewenang Anda: %(codes)s")
