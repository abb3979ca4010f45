"""Refusals of planned closures (penutupan terencana), closures/services.py."""

from django.utils.translation import gettext_lazy as _

from mpp.lib.errors import ApplicationError, Conflict


class ClosureNotFound(ApplicationError):
    code = "closure_target_not_found"
    message = _("Loket atau gerai yang akan ditutup tidak ditemukan.")


class ClosureCounterNotInBooth(ApplicationError):
    code = "closure_counter_not_in_booth"
    message = _("Loket itu bukan bagian dari gerai yang dipilih.")


class ClosureReasonRequired(ApplicationError):
    code = "closure_reason_required"
    message = _("Tuliskan alasan penutupan.")


class ClosureEndsBeforeStart(ApplicationError):
    code = "closure_ends_before_start"
    message = _("Waktu selesai penutupan harus setelah waktu mulainya.")


class ClosureInPast(ApplicationError):
    code = "closure_in_past"
    message = _("Penutupan tidak dapat diajukan untuk waktu yang sudah lewat.")


class ClosureTooLong(ApplicationError):
    code = "closure_too_long"
    message = _("Penutupan terencana paling lama %(days)s hari.")


class ClosureTooFarAhead(ApplicationError):
    code = "closure_too_far_ahead"
    message = _("Penutupan hanya dapat diajukan paling lambat %(days)s hari sebelumnya.")


class ClosureOverlaps(Conflict):
    code = "closure_overlaps"
    message = _(
        "Sudah ada pengajuan penutupan yang diajukan atau disetujui untuk loket atau gerai ini "
        "pada waktu tersebut (%(period)s)."
    )


class ClosureNotPending(Conflict):
    code = "closure_not_pending"
    message = _(
        "Pengajuan ini berstatus %(status)s; hanya pengajuan yang menunggu dapat diputuskan."
    )


class ClosureNotCancellable(Conflict):
    code = "closure_not_cancellable"
    message = _("Pengajuan ini berstatus %(status)s dan tidak dapat dibatalkan.")


class ClosureAlreadyEnded(Conflict):
    code = "closure_already_ended"
    message = _("Waktu penutupan ini sudah berakhir.")


class RefusalNoteRequired(ApplicationError):
    code = "refusal_note_required"
    message = _("Tuliskan alasan penolakan agar pemohon mengetahuinya.")


class ServiceClosedForNow(Conflict):
    """A ticket for a service whose every counter is under an approved closure."""

    code = "service_closed"
    message = _(
        "Layanan ini ditutup sementara (penutupan terencana) sampai %(until)s. "
        "Silakan ambil antrean setelah itu."
    )
