"""Pages of the satisfaction survey (survei kepuasan masyarakat) and its IKM report.

- `/survey/<token>/`: the resident's survey for a served ticket (linked from the
  ticket page once it is done). A plain form: it works without JavaScript and the
  answers are native radio groups, so keyboards and screen readers need nothing more.
- `/kiosk/survey/`: the same questions on the kiosk; the resident types or scans
  the ticket code, answers, and the kiosk goes back to its home screen.
- `/dashboard/reports/ikm/`: the printable IKM report (managers; supervisors for
  their agency) for the yearly SKM publication.
"""

from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from agencies.models import User
from complaints import ikm, survey
from complaints.api.survey import IkmQuery, ikm_period
from complaints.models import SURVEY_ELEMENTS
from complaints.survey_errors import (
    ReportPeriodInvalid,
    ReportPeriodTooLong,
    SurveyAlreadyAnswered,
)
from mpp.lib.api import labelled_errors
from mpp.lib.errors import ApplicationError, NotAllowed
from queues.errors import TicketNotFound
from queues.kiosk_mode import kiosk_language
from queues.lookup import ticket_lookup_typed
from queues.models import Ticket

# The kiosk goes back to its home screen this long after a survey is sent (and, like
# every kiosk page, 60 s after the last touch: static/queues/kiosk_idle.js).
KIOSK_THANKS_SECONDS = 8


# --- the questionnaire as a form --------------------------------------------------


def _posted_scores(data: QueryDict) -> dict[str, int | None]:
    """u1..u9 from a form: the chosen score, or None when missing or not 1-4."""
    scores: dict[str, int | None] = {}
    for element in SURVEY_ELEMENTS:
        value = data.get(element, "")
        scores[element] = int(value) if value in ("1", "2", "3", "4") else None
    return scores


def _missing_title(count: int | str) -> str:
    return _("Mohon jawab semua pertanyaan (%(count)s belum dijawab).") % {"count": count}


def _questions(scores: dict[str, int | None], missing: set[str]) -> list[dict[str, Any]]:
    return [
        {
            "key": element.key,
            "number": index,
            "name": element.name,
            "question": element.question,
            "missing": element.key in missing,
            # Said next to the question and in the summary, so a resident knows which one.
            "missing_text": _("Jawab pertanyaan %(number)s: %(name)s")
            % {"number": index, "name": element.name},
            "options": [
                {"value": value, "label": label, "checked": scores.get(element.key) == value}
                for value, label in enumerate(element.answers, start=1)
            ],
        }
        for index, element in enumerate(survey.QUESTIONNAIRE, start=1)
    ]


class _Submission:
    """The outcome of a posted survey form: saved, or an error to show."""

    def __init__(self, request: HttpRequest, token: str) -> None:
        self.scores = _posted_scores(request.POST)
        self.comment = request.POST.get("comment", "")[: survey.COMMENT_MAX_LENGTH + 1]
        self.missing = {key for key, value in self.scores.items() if value is None}
        # A refusal of the whole survey; unanswered questions are told at each question
        # and in the form's summary instead.
        self.error = ""
        self.status = 200
        if self.missing:
            self.status = 400
            return
        try:
            survey.survey_submit(token=token, answers=self.scores, comment=self.comment)
        except ApplicationError as exc:
            self.error, self.status = exc.detail, exc.status_code

    @property
    def saved(self) -> bool:
        return not self.error and not self.missing


def _form_context(
    ticket: Ticket, *, scores: dict | None = None, missing: set | None = None
) -> dict[str, Any]:
    missing = missing or set()
    return {
        "ticket": ticket,
        "questions": _questions(scores or {}, missing),
        "missing_title": _missing_title(len(missing)) if missing else "",
        # The same title for the script, which counts before sending.
        "missing_title_template": _missing_title("{count}"),
        "comment_max": survey.COMMENT_MAX_LENGTH,
    }


# --- the resident's survey -----------------------------------------------------------


def _ticket_or_404(token: str) -> Ticket:
    try:
        return survey.survey_ticket_get(token=token)
    except TicketNotFound:
        raise Http404 from None


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def survey_page(request: HttpRequest, token: str) -> HttpResponse:
    """The survey of one ticket; after sending, a thank-you (the same URL, `?sent=1`)."""
    ticket = _ticket_or_404(token)
    context = _form_context(ticket)
    status = 200
    if request.method == "POST":
        sent = _Submission(request, token)
        if sent.saved:
            return redirect(reverse("survey", args=[ticket.token]) + "?sent=1")
        context = _form_context(ticket, scores=sent.scores, missing=sent.missing)
        context.update(error=sent.error, comment=sent.comment)
        status = sent.status
    refusal = survey.survey_refusal(ticket=ticket)
    context.update(
        refusal=refusal.detail if refusal else "",
        answered=isinstance(refusal, SurveyAlreadyAnswered),
        sent="sent" in request.GET,
    )
    return render(request, "complaints/survey.html", context, status=status)


# --- the kiosk -------------------------------------------------------------------------


def _kiosk_find(request: HttpRequest) -> tuple[Ticket | None, str]:
    """The ticket the resident typed or scanned, or why it cannot be surveyed."""
    value = request.POST.get("value", "")
    if not value.strip():
        return None, _("Pindai kode QR tiket Anda atau ketik kode antrean (contoh: A-007).")
    try:
        # A typed code needs the NIK's last four digits: the code alone is public, and
        # the survey page that follows carries the ticket's token (queues/lookup.py).
        ticket = ticket_lookup_typed(request, value)
    except ApplicationError as exc:
        return None, exc.detail
    refusal = survey.survey_refusal(ticket=ticket)
    return (None, refusal.detail) if refusal else (ticket, "")


def _kiosk(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "step": "find",
        "thanks_seconds": KIOSK_THANKS_SECONDS,
    }
    status = 200
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "find":
        ticket, error = _kiosk_find(request)
        if ticket is not None:
            context.update(_form_context(ticket), step="answer")
        else:
            context.update(error=error, value=request.POST.get("value", "")[:300])
            status = 400
    elif action == "answer":
        ticket = survey.survey_ticket_get(token=request.POST.get("token", ""))
        sent = _Submission(request, ticket.token)
        if sent.saved:
            context.update(step="thanks", ticket=ticket)
        elif sent.missing:
            context.update(_form_context(ticket, scores=sent.scores, missing=sent.missing))
            context.update(step="answer", comment=sent.comment)
            status = 400
        else:
            context.update(error=sent.error)
            status = sent.status
    return render(request, "complaints/survey_kiosk.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def kiosk_survey(request: HttpRequest) -> HttpResponse:
    """Survei kepuasan at the kiosk (kiosk account; managers to try it)."""
    user = cast(User, request.user)
    language = kiosk_language(request)
    with translation.override(language):
        if user.role != User.Role.KIOSK and not user.is_manager:
            response = render(
                request,
                "complaints/ikm_refused.html",
                {"message": _("Halaman ini hanya untuk anjungan (kiosk).")},
                status=403,
            )
        else:
            try:
                response = _kiosk(request)
            except TicketNotFound:
                response = render(
                    request,
                    "complaints/survey_kiosk.html",
                    {
                        "step": "find",
                        "error": _("Tiket tidak ditemukan."),
                    },
                    status=404,
                )
    response["Content-Language"] = language
    return response


# --- the printable IKM report -------------------------------------------------------


def _report_filters(user: User, values: dict) -> dict[str, Any]:
    agency, service = values.get("agency"), values.get("service")
    return {
        "agencies": survey.ikm_report_agencies_for_user(user=user),
        "services": survey.ikm_report_services_for_user(user=user),
        "agency_id": agency.pk if agency else None,
        "service_id": service.pk if service else None,
    }


def _report_rows(report: survey.IkmReport) -> list[dict[str, Any]]:
    """One row per element: its name, NRR and weighted NRR (NRR x 1/9)."""
    total = report.total
    return [
        {
            "key": element,
            "name": survey.ELEMENT_NAMES[element],
            "nrr": total.elements[element],
            "weighted": (
                ikm.round_half_up(total.exact_elements[element] / 9, ikm.THREE_PLACES)
                if not total.empty
                else None
            ),
        }
        for element in SURVEY_ELEMENTS
    ]


def _report_context(request: HttpRequest, user: User) -> tuple[dict[str, Any], int]:
    query = IkmQuery(data=request.GET)
    if not query.is_valid():
        labels = {
            "date_from": _("Dari tanggal"),
            "date_to": _("Sampai tanggal"),
            "agency": _("Instansi"),
            "service": _("Layanan"),
        }
        context = {"errors": labelled_errors(query.errors, labels), **_report_filters(user, {})}
        return context, 400
    values = dict(query.validated_data)
    date_from, date_to = ikm_period(values)
    try:
        report = survey.ikm_report(
            user=user,
            date_from=date_from,
            date_to=date_to,
            agency=values.get("agency"),
            service=values.get("service"),
        )
    except (ReportPeriodInvalid, ReportPeriodTooLong) as exc:
        return {"errors": [exc.detail], **_report_filters(user, values)}, exc.status_code
    context = {
        "report": report,
        "rows": _report_rows(report),
        "period": _("%(first)s sampai %(last)s")
        % {"first": date_format(date_from, "j F Y"), "last": date_format(date_to, "j F Y")},
        "categories": _category_ranges(),
        "date_from": date_from.isoformat(),
        "date_to": date_to.isoformat(),
        **_report_filters(user, values),
    }
    return context, 200


def _category_ranges() -> list[dict[str, Any]]:
    """A 88.31-100.00, B 76.61-88.30, ...: each band ends one cent below the better one."""
    ranges, upper = [], Decimal("100.00")
    for lowest, letter, label in ikm.CATEGORIES:
        ranges.append({"letter": letter, "label": label, "lowest": lowest, "highest": upper})
        upper = lowest - Decimal("0.01")
    return ranges


@login_required
@require_safe
def ikm_report_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    try:
        context, status = _report_context(request, user)
    except NotAllowed:
        message = _("Laporan IKM hanya untuk pengelola MPP dan supervisor instansi.")
        if user.role == User.Role.SUPERVISOR:
            message = _("Anda hanya dapat melihat laporan IKM instansi Anda sendiri.")
        return render(request, "complaints/ikm_refused.html", {"message": message}, status=403)
    context.setdefault("date_from", request.GET.get("date_from", "")[:10])
    context.setdefault("date_to", request.GET.get("date_to", "")[:10])
    return render(request, "complaints/ikm_report.html", context, status=status)
