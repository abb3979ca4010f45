"""Refusals of counter (loket) actions."""

from django.utils.translation import gettext_lazy as _

from mpp.lib.errors import ApplicationError, Conflict


class CounterInactive(ApplicationError):
    code = "counter_inactive"
    message = _("Loket ini tidak aktif.")


class CounterNotOpen(Conflict):
    code = "counter_not_open"
    message = _("Loket belum dibuka.")


class CounterTaken(Conflict):
    code = "counter_taken"
    message = _("Loket ini sedang dibuka oleh petugas lain.")


class OfficerBusyElsewhere(Conflict):
    code = "officer_busy_elsewhere"
    message = _("Anda masih membuka loket lain. Tutup loket itu terlebih dahulu.")


class CounterPaused(Conflict):
    code = "counter_paused"
    message = _("Loket sedang istirahat. Lanjutkan layanan terlebih dahulu.")


class CounterNotPaused(Conflict):
    code = "counter_not_paused"
    message = _("Loket tidak sedang istirahat.")


class CounterBusy(Conflict):
    code = "counter_busy"
    message = _("Loket masih memanggil atau melayani tiket. Selesaikan tiket itu terlebih dahulu.")


class NoCurrentTicket(Conflict):
    code = "no_current_ticket"
    message = _("Tidak ada tiket yang sedang dipanggil di loket ini.")
