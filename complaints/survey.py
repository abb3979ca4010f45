"""The satisfaction survey (Survei Kepuasan Masyarakat, SKM): answering it and reading the IKM.

Writes: `survey_submit` (one response per served ticket).
Reads: `survey_ticket_get`, `survey_responses_for_user` (the one scoping rule of the
report: managers all, supervisors their agency, nobody else) and `ikm_report`.
The arithmetic lives in complaints/ikm.py.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Service, User
from complaints import ikm
from complaints.models import SURVEY_ELEMENTS, SurveyResponse
from complaints.survey_errors import (
    SURVEY_REFUSALS,
    ReportPeriodInvalid,
    ReportPeriodTooLong,
    SurveyAlreadyAnswered,
    SurveyClosed,
    SurveyCommentTooLong,
    SurveyInvalidScores,
    SurveyNotAvailable,
)
from mpp.lib.errors import NotAllowed, constraint_refusals
from queues.errors import TicketNotFound
from queues.models import Ticket, TicketEvent
from queues.selectors import ticket_get

COMMENT_MAX_LENGTH = 2000
REPORT_MAX_DAYS = 731
REPORT_COMMENTS_LIMIT = 300


# --- the questionnaire --------------------------------------------------------


@dataclass(frozen=True)
class SurveyElement:
    """One unsur: its name, the question, and the 4 answers for scores 1..4."""

    key: str
    name: Promise
    question: Promise
    answers: tuple[Promise, Promise, Promise, Promise]


# The sample questionnaire of PermenPANRB 14/2017 (lampiran), keyed by element:
# the Permen numbers the elements u8 complaints, u9 facilities, as the model does.
QUESTIONNAIRE = (
    SurveyElement(
        "u1",
        _("Persyaratan"),
        _(
            "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan "
            "dengan jenis pelayanannya?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    SurveyElement(
        "u2",
        _("Sistem, mekanisme dan prosedur"),
        _("Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    SurveyElement(
        "u3",
        _("Waktu penyelesaian"),
        _("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    SurveyElement(
        "u4",
        _("Biaya/tarif"),
        _("Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    SurveyElement(
        "u5",
        _("Produk spesifikasi jenis pelayanan"),
        _(
            "Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    SurveyElement(
        "u6",
        _("Kompetensi pelaksana"),
        _("Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    SurveyElement(
        "u7",
        _("Perilaku pelaksana"),
        _(
            "Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan "
            "terkait kesopanan dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    SurveyElement(
        "u8",
        _("Penanganan pengaduan, saran dan masukan"),
        _("Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    SurveyElement(
        "u9",
        _("Sarana dan prasarana"),
        _("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
)
ELEMENT_NAMES = {element.key: element.name for element in QUESTIONNAIRE}


# --- answering ------------------------------------------------------------------


def survey_ticket_get(*, token: str) -> Ticket:
    """The ticket a survey link names; TicketNotFound (404) when there is none."""
    try:
        return ticket_get(token=token)
    except Ticket.DoesNotExist:
        raise TicketNotFound() from None


def survey_answered(*, ticket: Ticket) -> bool:
    return SurveyResponse.objects.filter(ticket=ticket).exists()


def survey_refusal(
    *, ticket: Ticket
) -> SurveyNotAvailable | SurveyClosed | SurveyAlreadyAnswered | None:
    """Why this ticket's survey cannot be answered now, or None when it can.

    Answers are taken for SURVEY_WINDOW_DAYS after the service, while the visit is
    fresh and before the period's IKM is published."""
    if ticket.status != Ticket.Status.DONE:
        return SurveyNotAvailable(status=ticket.get_status_display())
    days = settings.SURVEY_WINDOW_DAYS
    served = ticket.finished_at
    if served is not None and timezone.now() > served + dt.timedelta(days=days):
        return SurveyClosed(days=days)
    if survey_answered(ticket=ticket):
        return SurveyAlreadyAnswered()
    return None


def _clean_scores(answers: Mapping[str, Any]) -> dict[str, int]:
    if not isinstance(answers, Mapping) or set(answers) != set(SURVEY_ELEMENTS):
        raise SurveyInvalidScores()
    scores = {}
    for element in SURVEY_ELEMENTS:
        score = answers[element]
        if type(score) is not int or not ikm.SCORE_MIN <= score <= ikm.SCORE_MAX:
            raise SurveyInvalidScores()
        scores[element] = score
    return scores


def _clean_comment(comment: str) -> str:
    comment = (comment or "").strip().replace("\x00", "")
    if len(comment) > COMMENT_MAX_LENGTH:
        raise SurveyCommentTooLong(limit=COMMENT_MAX_LENGTH)
    return comment


def _serving_officer_id(ticket: Ticket) -> int | None:
    """The officer of the ticket's last serving step (finish, else start) with an actor."""
    return (
        TicketEvent.objects.filter(
            ticket=ticket,
            kind__in=[TicketEvent.Kind.FINISHED, TicketEvent.Kind.STARTED],
            actor__isnull=False,
        )
        .order_by("-at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )


@transaction.atomic
def survey_submit(*, token: str, answers: Mapping[str, Any], comment: str = "") -> SurveyResponse:
    """Record a resident's answers (u1..u9, 1-4 each) for a done ticket, once.

    The ticket row is locked, so two submissions for one ticket queue up and the
    second sees the first; the one-to-one on the ticket is the last word.
    """
    scores = _clean_scores(answers)
    comment = _clean_comment(comment)
    found = survey_ticket_get(token=token)
    ticket = Ticket.objects.select_for_update().select_related("service").get(pk=found.pk)
    refusal = survey_refusal(ticket=ticket)
    if refusal is not None:
        raise refusal
    with constraint_refusals(SURVEY_REFUSALS):
        return SurveyResponse.objects.create(
            ticket=ticket,
            agency_id=ticket.service.agency_id,
            service=ticket.service,
            officer_id=_serving_officer_id(ticket),
            comment=comment,
            created_at=timezone.now(),
            **scores,
        )


# --- the report -------------------------------------------------------------------


def survey_responses_for_user(*, user: User) -> QuerySet[SurveyResponse]:
    """The responses `user` may read: managers all, supervisors their agency's."""
    responses = SurveyResponse.objects.all()
    if not user.is_authenticated:
        raise NotAllowed()
    if user.is_manager:
        return responses
    if user.role == User.Role.SUPERVISOR and user.agency_id is not None:
        return responses.filter(agency_id=user.agency_id)
    raise NotAllowed()


def _own_agency(user: User) -> Q:
    return Q(pk=user.agency_id) if user.agency_id is not None else Q(pk__in=[])


def ikm_report_agencies_for_user(*, user: User) -> QuerySet[Agency]:
    """The agencies whose IKM `user` may read (for the report's filters)."""
    survey_responses_for_user(user=user)  # refuses everyone else
    agencies = Agency.objects.order_by("name")
    return agencies if user.is_manager else agencies.filter(_own_agency(user))


def ikm_report_services_for_user(*, user: User) -> QuerySet[Service]:
    services = Service.objects.select_related("agency").order_by("agency__name", "name")
    return services.filter(agency__in=ikm_report_agencies_for_user(user=user))


@dataclass(frozen=True)
class AgencyIkm:
    agency_id: int
    agency_name: str
    result: ikm.IkmResult


@dataclass(frozen=True)
class ServiceIkm:
    service_id: int
    service_name: str
    agency_id: int
    agency_name: str
    result: ikm.IkmResult


@dataclass
class _Tally:
    """Sums of scores per element and respondents, added up group by group."""

    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SURVEY_ELEMENTS, 0))
    respondents: int = 0

    def add(self, sums: Mapping[str, int], respondents: int) -> None:
        for element in SURVEY_ELEMENTS:
            self.sums[element] += sums[element]
        self.respondents += respondents

    def result(self) -> ikm.IkmResult:
        return ikm.ikm_from_sums(sums=self.sums, respondents=self.respondents)


@dataclass(frozen=True)
class IkmReport:
    date_from: dt.date
    date_to: dt.date
    agency: Agency | None
    service: Service | None
    total: ikm.IkmResult
    agencies: list[AgencyIkm] = field(default_factory=list)
    services: list[ServiceIkm] = field(default_factory=list)
    comments: list[SurveyResponse] = field(default_factory=list)


def _period_bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    if date_from > date_to:
        raise ReportPeriodInvalid()
    if (date_to - date_from).days >= REPORT_MAX_DAYS:
        raise ReportPeriodTooLong(days=REPORT_MAX_DAYS)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    # The last instant of date_to (not the next midnight, which overflows on date.max).
    end = dt.datetime.combine(date_to, dt.time.max, tzinfo=zone)
    return start, end


def _ensure_may_read(user: User, agency: Agency | None, service: Service | None) -> None:
    if user.is_manager:
        return
    for agency_id in (agency.pk if agency else None, service.agency_id if service else None):
        if agency_id is not None and agency_id != user.agency_id:
            raise NotAllowed()


def ikm_report(
    *,
    user: User,
    date_from: dt.date,
    date_to: dt.date,
    agency: Agency | None = None,
    service: Service | None = None,
) -> IkmReport:
    """The IKM of a period (local dates, inclusive), split per agency and per service,
    with the written comments (newest first)."""
    responses = survey_responses_for_user(user=user)
    _ensure_may_read(user, agency, service)
    start, end = _period_bounds(date_from, date_to)
    responses = responses.filter(created_at__gte=start, created_at__lte=end)
    if agency is not None:
        responses = responses.filter(agency=agency)
    if service is not None:
        responses = responses.filter(service=service)
    # One grouped query per service; agencies and the whole add up from its sums
    # (never a mean of means: each level is its own sums over its own respondents).
    grouped = (
        responses.order_by()
        .values("agency_id", "agency__name", "service_id", "service__name")
        .annotate(respondents=Count("id"), **{f"sum_{e}": Sum(e) for e in SURVEY_ELEMENTS})
        .order_by("agency__name", "agency_id", "service__name", "service_id")
    )
    total = _Tally()
    agency_tallies: dict[tuple[int, str], _Tally] = {}
    services = []
    for group in grouped:
        row: dict[str, Any] = dict(group)
        sums = {e: row[f"sum_{e}"] for e in SURVEY_ELEMENTS}
        count = row["respondents"]
        total.add(sums, count)
        agency_key = (row["agency_id"], row["agency__name"])
        agency_tallies.setdefault(agency_key, _Tally()).add(sums, count)
        services.append(
            ServiceIkm(
                service_id=row["service_id"],
                service_name=row["service__name"],
                agency_id=row["agency_id"],
                agency_name=row["agency__name"],
                result=ikm.ikm_from_sums(sums=sums, respondents=count),
            )
        )
    agencies = [
        AgencyIkm(agency_id=agency_id, agency_name=name, result=tally.result())
        for (agency_id, name), tally in agency_tallies.items()
    ]
    comments = list(
        responses.exclude(comment="")
        .select_related("agency", "service")
        .order_by("-created_at", "-id")[:REPORT_COMMENTS_LIMIT]
    )
    return IkmReport(
        date_from=date_from,
        date_to=date_to,
        agency=agency,
        service=service,
        total=total.result(),
        agencies=agencies,
        services=services,
        comments=comments,
    )
