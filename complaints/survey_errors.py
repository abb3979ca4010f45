"""Refusals of the satisfaction survey (survei kepuasan) and its report, one class per rule."""

from django.utils.translation import gettext_lazy as _

from mpp.lib.errors import ApplicationError, Conflict


class SurveyNotAvailable(Conflict):
    code = "survey_not_available"
    message = _(
        "Survei kepuasan hanya dapat diisi setelah layanan selesai. Status tiket ini: %(status)s."
    )


class SurveyClosed(Conflict):
    code = "survey_closed"
    message = _(
        "Survei kepuasan untuk tiket ini sudah ditutup: survei dapat diisi paling lambat "
        "%(days)s hari setelah layanan selesai."
    )


class SurveyAlreadyAnswered(Conflict):
    code = "survey_already_answered"
    message = _("Survei kepuasan untuk tiket ini sudah diisi. Terima kasih.")


class SurveyInvalidScores(ApplicationError):
    code = "invalid_scores"
    message = _("Setiap unsur (U1 sampai U9) harus dinilai dengan angka 1 sampai 4.")


class SurveyCommentTooLong(ApplicationError):
    code = "comment_too_long"
    message = _("Saran dan masukan paling banyak %(limit)s karakter.")


class ReportPeriodInvalid(ApplicationError):
    code = "invalid_period"
    message = _("Tanggal awal tidak boleh setelah tanggal akhir.")


class ReportPeriodTooLong(ApplicationError):
    code = "period_too_long"
    message = _("Periode laporan paling panjang %(days)s hari.")


# The refusal PostgreSQL makes on survey rows, by constraint name: the one-to-one on the
# ticket (its UNIQUE, which PostgreSQL names <table>_<column>_key). Any other violated
# constraint is a bug and stays an IntegrityError.
SURVEY_REFUSALS: dict[str, type[ApplicationError]] = {
    "complaints_surveyresponse_ticket_id_key": SurveyAlreadyAnswered,
}
