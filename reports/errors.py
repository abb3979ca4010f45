"""Refusals of the reports (laporan)."""

from django.utils.translation import gettext_lazy as _

from mpp.lib.errors import ApplicationError, NotAllowed


class ReportRangeReversed(ApplicationError):
    code = "date_range_reversed"
    message = _("Tanggal awal harus sebelum atau sama dengan tanggal akhir.")


class ReportRangeTooLong(ApplicationError):
    code = "date_range_too_long"
    message = _("Rentang laporan paling lama %(days)s hari.")


class ReportAgencyNotAllowed(NotAllowed):
    code = "report_other_agency"
    message = _("Anda hanya dapat melihat laporan instansi Anda sendiri.")


class ReportAgencyUnknown(ApplicationError):
    code = "unknown_agency"
    message = _("Instansi tidak ditemukan.")


class MonevMonthInvalid(ApplicationError):
    code = "invalid_month"
    message = _("Bulan harus berformat YYYY-MM, tahun 2000-2100.")
