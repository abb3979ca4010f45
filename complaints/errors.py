"""Refusals of complaint (pengaduan) actions, one class per rule."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from mpp.lib.errors import ApplicationError, Conflict
from mpp.lib.identity import CONTACT_INVALID


class ComplaintNotFound(ApplicationError):
    code = "not_found"
    message = _("Pengaduan tidak ditemukan.")
    status_code = status.HTTP_404_NOT_FOUND


class TicketNotFound(ApplicationError):
    code = "ticket_not_found"
    message = _("Tiket antrean tidak ditemukan. Periksa kembali tautan tiket Anda.")


class ServiceNotOfAgency(ApplicationError):
    code = "service_not_of_agency"
    message = _("Layanan yang dipilih bukan layanan dari instansi itu.")


class ContactInvalid(ApplicationError):
    code = "contact_invalid"
    message = CONTACT_INVALID


class TooManyComplaints(ApplicationError):
    code = "too_many_complaints"
    message = _(
        "Terlalu banyak pengaduan dari perangkat ini. Silakan coba lagi dalam satu jam, "
        "atau sampaikan langsung ke petugas informasi MPP."
    )
    status_code = status.HTTP_429_TOO_MANY_REQUESTS


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


class ExportCodesNotFound(ApplicationError):
    code = "export_codes_not_found"
    message = _("Pengaduan berikut tidak ditemukan atau bukan wewenang Anda: %(codes)s")
    status_code = status.HTTP_404_NOT_FOUND
