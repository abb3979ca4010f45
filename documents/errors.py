"""Refusals of document actions, one class per rule."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from mpp.lib.errors import ApplicationError, Conflict


class DocumentNotFound(ApplicationError):
    code = "not_found"
    message = _("Berkas tidak ditemukan. Periksa kembali kode berkas Anda.")
    status_code = status.HTTP_404_NOT_FOUND


class TicketNotFinished(Conflict):
    code = "ticket_not_finished"
    message = _(
        "Berkas hanya dapat dibuka untuk tiket yang sudah selesai dilayani; tiket ini "
        "berstatus %(status)s."
    )


class DocumentAlreadyOpen(Conflict):
    code = "document_exists"
    message = _("Tiket ini sudah memiliki berkas dengan kode %(code)s.")


class ExpectedReadyPast(ApplicationError):
    code = "expected_ready_past"
    message = _("Perkiraan tanggal selesai tidak boleh sebelum hari ini.")


class DocumentTransitionInvalid(Conflict):
    code = "invalid_document_status"
    message = _("Berkas berstatus %(status)s dan tidak dapat diubah menjadi %(target)s.")


class DocumentNotReady(Conflict):
    code = "document_not_ready"
    message = _(
        "Berkas ini belum dapat diambil (status: %(status)s). Nomor antrean pengambilan "
        "diberikan setelah berkas siap."
    )


class DocumentStillProcessing(DocumentNotReady):
    message = _(
        "Berkas ini masih diproses; perkiraan siap %(date)s. Nomor antrean pengambilan "
        "diberikan setelah berkas siap (Anda diberi tahu)."
    )


class DocumentCollected(DocumentNotReady):
    message = _("Berkas ini sudah diambil pada %(date)s.")


class DocumentCancelled(DocumentNotReady):
    message = _("Berkas ini dibatalkan. Silakan tanyakan ke petugas informasi.")


class NoPickupLine(Conflict):
    code = "no_pickup_line"
    message = _(
        "Instansi ini belum membuka antrean pengambilan berkas. Silakan tanyakan ke "
        "petugas informasi."
    )
