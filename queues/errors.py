"""Refusals of ticket actions, one class per rule."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from counters.errors import CounterBusy
from mpp.lib.errors import ApplicationError, Conflict, NotFound, TooManyRequests


class ServiceUnavailable(ApplicationError):
    code = "service_unavailable"
    message = _("Layanan ini tidak tersedia.")


class OnlineBookingDisabled(ApplicationError):
    code = "online_booking_disabled"
    message = _("Layanan ini tidak menerima pendaftaran online.")


class DayClosed(ApplicationError):
    code = "day_closed"
    message = _("MPP tutup pada tanggal itu: %(reason)s")


class OutsideIssuingHours(ApplicationError):
    code = "outside_hours"
    message = _("Nomor antrean tidak dapat diambil saat ini. %(resumes)s")


class PastDate(ApplicationError):
    code = "past_date"
    message = _("Tanggal sudah lewat.")


class BeyondBookingWindow(ApplicationError):
    code = "beyond_booking_window"
    message = _("Pendaftaran hanya dapat dilakukan paling lambat %(days)s hari ke depan.")


class InvalidSlot(ApplicationError):
    code = "invalid_slot"
    message = _("Slot waktu tidak tersedia untuk layanan ini pada tanggal itu.")


class SlotPassed(ApplicationError):
    code = "slot_passed"
    message = _("Slot waktu itu sudah lewat.")


class SlotFull(Conflict):
    code = "slot_full"
    message = _("Slot waktu itu sudah penuh. Silakan pilih slot lain.")


class QuotaFull(Conflict):
    code = "quota_full"
    message = _("Kuota harian layanan ini sudah habis.")


class OnlineQuotaFull(Conflict):
    code = "online_quota_full"
    message = _(
        "Kuota online layanan ini untuk tanggal itu sudah habis. Sebagian kuota dijaga untuk "
        "warga yang datang langsung; silakan pilih tanggal lain."
    )


class OnlineQuotaReleased(Conflict):
    code = "online_quota_released"
    message = _(
        "Pendaftaran online untuk hari ini ditutup sejak pukul %(time)s: tempat yang tersisa "
        "dibuka untuk warga yang datang langsung."
    )


class WalkInQuotaFull(Conflict):
    code = "walk_in_quota_full"
    message = _("Kuota datang langsung layanan ini hari ini sudah habis. %(more)s")


class DuplicateBooking(Conflict):
    code = "duplicate_booking"
    message = _("NIK ini sudah memiliki antrean aktif untuk layanan yang sama pada tanggal itu.")


class ElderlyPriorityTooYoung(ApplicationError):
    code = "priority_elderly_age"
    message = _(
        "Prioritas lansia hanya untuk pemohon berusia %(age)s tahun ke atas pada tanggal "
        "kunjungan; menurut tanggal lahir pada NIK, pemohon belum berusia %(age)s tahun."
    )


class TicketStateChanged(Conflict):
    code = "invalid_status"
    message = _("Tiket berstatus %(status)s; tindakan ini tidak dapat dilakukan.")


class RejoinNotMissed(Conflict):
    code = "rejoin_not_missed"
    message = _(
        "Hanya nomor yang terlewat (dipanggil tetapi tidak hadir) yang dapat masuk kembali "
        "ke antrean; nomor ini berstatus %(status)s."
    )


class RejoinUsed(Conflict):
    code = "rejoin_used"
    message = _("Nomor ini sudah pernah masuk kembali ke antrean; kesempatan itu hanya sekali.")


class RejoinClosed(Conflict):
    code = "rejoin_closed"
    message = _(
        "Waktu untuk masuk kembali ke antrean sudah lewat (%(minutes)s menit setelah "
        "dilewati). Silakan ambil nomor baru di anjungan."
    )


class CheckInWrongDay(ApplicationError):
    code = "checkin_wrong_day"
    message = _("Pendaftaran ini untuk tanggal %(date)s, bukan hari ini.")


class CheckInTooEarly(ApplicationError):
    code = "checkin_too_early"
    message = _("Check-in dibuka mulai %(time)s.")


class CheckInExpired(ApplicationError):
    code = "checkin_expired"
    message = _("Waktu check-in sudah lewat (slot berakhir %(time)s ditambah toleransi).")


class NotAtThisCounter(ApplicationError):
    code = "not_at_this_counter"
    message = _("Loket ini tidak melayani layanan tiket tersebut.")


class TicketNotToday(Conflict):
    code = "ticket_not_today"
    message = _("Tiket ini untuk tanggal %(date)s, bukan hari ini.")


class TransferSameService(ApplicationError):
    code = "transfer_same_service"
    message = _("Tiket sudah berada pada layanan itu.")


class TicketNotFound(NotFound):
    message = _("Tiket tidak ditemukan.")


class InvalidIdempotencyKey(ApplicationError):
    code = "invalid_idempotency_key"
    message = _(
        "Header Idempotency-Key harus berisi 1 sampai 100 karakter ASCII yang terlihat "
        "(misalnya sebuah UUID)."
    )


class IdempotencyKeyReused(ApplicationError):
    code = "idempotency_key_reused"
    message = _(
        "Idempotency-Key ini sudah dipakai untuk permintaan lain. "
        "Gunakan kunci baru untuk setiap nomor antrean baru."
    )
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


class TooManyBookings(TooManyRequests):
    """A booking limit of queues/booking_limits.py (anti-scalping) was reached: 429."""


class TooManyBookingsFromClient(TooManyBookings):
    code = "too_many_bookings_client"
    message = _(
        "Terlalu banyak pendaftaran dari perangkat atau jaringan Anda hari ini "
        "(paling banyak %(limit)s). Coba lagi besok, atau daftar di anjungan MPP."
    )


class TooManyBookingsForPhone(TooManyBookings):
    code = "too_many_bookings_phone"
    message = _(
        "Nomor HP ini sudah dipakai untuk %(limit)s pendaftaran pada tanggal itu, batas "
        "yang diizinkan. Batalkan salah satu atau gunakan nomor HP pemohon sendiri."
    )


class TooManyBookingsForNik(TooManyBookings):
    code = "too_many_bookings_nik"
    message = _(
        "NIK ini sudah memiliki %(limit)s pendaftaran pada tanggal itu, batas yang "
        "diizinkan. Batalkan salah satu bila ingin mendaftar layanan lain."
    )


class ProofOfWorkMissing(ApplicationError):
    code = "proof_of_work"
    message = _(
        "Pemeriksaan keamanan otomatis belum selesai. Tunggu sampai kotak pemeriksaan "
        "tercentang, lalu kirim lagi. Bila tidak muncul, muat ulang halaman."
    )


# The refusals PostgreSQL makes on ticket rows (Ticket.Meta.constraints), by constraint
# name; any other violated constraint is a bug and stays an IntegrityError.
TICKET_REFUSALS: dict[str, type[ApplicationError]] = {
    "one_current_ticket_per_counter": CounterBusy,
    "one_active_ticket_per_nik_service_day": DuplicateBooking,
}


class JourneyUnavailable(ApplicationError):
    code = "journey_unavailable"
    message = _("Paket layanan ini tidak tersedia.")


class JourneyStartsElsewhere(ApplicationError):
    code = "journey_wrong_service"
    message = _("Paket layanan ini dimulai di layanan %(service)s.")


class PostponeUsed(Conflict):
    code = "postpone_used"
    message = _("Giliran tiket ini sudah pernah dimundurkan.")


class PostponeNobodyBehind(Conflict):
    code = "postpone_nobody_behind"
    message = _("Tidak ada antrean di belakang Anda: giliran Anda tidak dapat dimundurkan.")
