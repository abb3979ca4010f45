"""Reads about complaints (pengaduan): scoping to staff, the inbox, SLA state, due dates.

Supervisors see their own agency's complaints; the MPP manager (and admins) see all,
including those that name no agency. Everyone else sees none.
"""

import datetime as dt
import re
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from agencies.models import Closure, User
from complaints.models import (
    CODE_ALPHABET,
    CODE_GROUP_LENGTH,
    CODE_GROUPS,
    Complaint,
    ComplaintResponse,
)

_LEGACY_CODE_RE = re.compile(r"[0-9A-F]{8}")
_SEPARATORS_RE = re.compile(r"[\s._-]+")
# Read aloud or typed from paper: I and L are 1, O is 0 (Crockford's base32).
_LOOK_ALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})
# A complaint whose deadline is this close (and still open) gets the "due soon" badge.
DUE_SOON = dt.timedelta(days=2)
# Beyond this, a due-date computation is certainly wrong (a year of closures).
MAX_CALENDAR_DAYS = 366


def normalize_code(code: object) -> str | None:
    """`adu k7m3q 9xp2h drt4v` -> `ADU-K7M3Q-9XP2H-DRT4V` (and a first-release code
    `adu-1a2b3c4d` -> `ADU-1A2B3C4D`); None for anything that is no complaint code."""
    if not isinstance(code, str) or len(code) > 64:
        return None
    body = _SEPARATORS_RE.sub("", code.upper())
    if not body.startswith("ADU"):
        return None
    body = body[3:]
    if _LEGACY_CODE_RE.fullmatch(body):
        return "ADU-" + body
    body = body.translate(_LOOK_ALIKES)
    size = CODE_GROUPS * CODE_GROUP_LENGTH
    if len(body) != size or any(char not in CODE_ALPHABET for char in body):
        return None
    groups = [body[i : i + CODE_GROUP_LENGTH] for i in range(0, size, CODE_GROUP_LENGTH)]
    return "ADU-" + "-".join(groups)


# --- working days -------------------------------------------------------------


def is_working_day(day: dt.date, closed: set[dt.date]) -> bool:
    """Hari kerja: Monday to Friday, unless the mall is closed that day (holiday, cuti bersama)."""
    return day.weekday() < 5 and day not in closed


def working_days_after(*, start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (the day of filing does not count)."""
    closed = set(
        Closure.objects.filter(
            closed=True,
            date__gt=start,
            date__lte=start + dt.timedelta(days=MAX_CALENDAR_DAYS),
        ).values_list("date", flat=True)
    )
    day, left = start, max(days, 0)
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day, closed):
            left -= 1
        if day - start > dt.timedelta(days=MAX_CALENDAR_DAYS):
            break
    return day


def due_at_for(*, filed_at: dt.datetime, days: int) -> dt.datetime:
    """End of the last working day of the SLA, in the mall's zone."""
    last = working_days_after(start=timezone.localdate(filed_at), days=days)
    return timezone.make_aware(dt.datetime.combine(last, dt.time(23, 59, 59)))


# --- SLA state ----------------------------------------------------------------


def sla_state(complaint: Complaint, *, at: dt.datetime | None = None) -> str:
    """`overdue`, `due_soon` or `on_time` for an open complaint; "" once handled."""
    if not complaint.is_open or complaint.due_at is None:
        return ""
    at = at or timezone.now()
    if complaint.due_at < at:
        return "overdue"
    if complaint.due_at - at <= DUE_SOON:
        return "due_soon"
    return "on_time"


# --- access -------------------------------------------------------------------


def user_may_handle_complaints(user: User) -> bool:
    """Supervisors (own agency) and the MPP manager or admins (all)."""
    if not user.is_authenticated:
        return False
    if user.is_manager:
        return True
    return user.role == User.Role.SUPERVISOR and user.agency_id is not None


def complaints_for_user(*, user: User) -> QuerySet[Complaint]:
    complaints = Complaint.objects.select_related("agency", "service", "ticket")
    if not user_may_handle_complaints(user):
        return complaints.none()
    if user.is_manager:
        return complaints
    if user.agency_id is None:  # (user_may_handle_complaints rules this out)
        return complaints.none()
    return complaints.filter(agency_id=user.agency_id)


def complaint_get_for_user(*, user: User, code: str) -> Complaint:
    """A complaint the user may handle, with its thread; Complaint.DoesNotExist otherwise."""
    normalized = normalize_code(code)
    if normalized is None:
        raise Complaint.DoesNotExist
    responses = ComplaintResponse.objects.select_related("author").order_by("at", "id")
    return (
        complaints_for_user(user=user)
        .select_related("filed_by", "lapor_forwarded_by")
        .prefetch_related(Prefetch("responses", queryset=responses), "attachments")
        .get(code=normalized)
    )


def complaint_get_public(*, code: str) -> Complaint:
    """A complaint as the public tracks it: public replies only prefetched."""
    normalized = normalize_code(code)
    if normalized is None:
        raise Complaint.DoesNotExist
    public = ComplaintResponse.objects.filter(public=True).exclude(message="").order_by("at", "id")
    return (
        Complaint.objects.select_related("agency", "service")
        .prefetch_related(Prefetch("responses", queryset=public, to_attr="public_responses"))
        .get(code=normalized)
    )


def complaint_list(
    *,
    user: User,
    status: str = "",
    agency_id: int | None = None,
    overdue: bool | None = None,
    escalated: bool | None = None,
    query: str = "",
    at: dt.datetime | None = None,
) -> QuerySet[Complaint]:
    """The staff inbox, filtered; the oldest deadline first among open complaints."""
    at = at or timezone.now()
    complaints = complaints_for_user(user=user)
    if status:
        complaints = complaints.filter(status=status)
    if agency_id is not None:
        complaints = complaints.filter(agency_id=agency_id)
    late = Q(status__in=Complaint.OPEN_STATUSES, due_at__lt=at)
    if overdue is True:
        complaints = complaints.filter(late)
    elif overdue is False:
        complaints = complaints.exclude(late)
    if escalated is not None:
        complaints = complaints.filter(escalated_at__isnull=not escalated)
    query = query.strip()
    if query:
        complaints = complaints.filter(
            Q(code__icontains=query) | Q(description__icontains=query) | Q(name__icontains=query)
        )
    return complaints.order_by("due_at", "-created_at")


def complaints_overdue(*, at: dt.datetime) -> QuerySet[Complaint]:
    """Open complaints past their deadline that nobody escalated yet."""
    return Complaint.objects.filter(
        status__in=Complaint.OPEN_STATUSES, due_at__lt=at, escalated_at__isnull=True
    )


def complaints_for_export(*, user: User, codes: list[str]) -> tuple[list[Complaint], list[str]]:
    """The user's complaints with these codes (in the given order) and the codes not found."""
    wanted = [c for c in dict.fromkeys(normalize_code(code) for code in codes) if c]
    found = {
        complaint.code: complaint
        for complaint in complaints_for_user(user=user)
        .filter(code__in=wanted)
        .annotate(attachment_count=Count("attachments"))
    }
    missing = [code for code in dict.fromkeys(codes) if normalize_code(code) not in found]
    return [found[code] for code in wanted if code in found], missing


# --- overdue on the live dashboard ------------------------------------------------

# How many overdue complaints the dashboard's panel lists (the count covers them all).
OVERDUE_LISTED = 5


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def complaint_event_data(complaint: Complaint) -> dict[str, Any]:
    """A complaint as the live dashboard shows it: the case, never the reporter."""
    return {
        "code": complaint.code,
        "agency": complaint.agency_id,
        "agency_name": complaint.agency.name if complaint.agency is not None else None,
        "category": complaint.category,
        "due_at": _iso(complaint.due_at),
        "escalated_at": _iso(complaint.escalated_at),
    }


def complaints_overdue_summary(
    *, agency_id: int | None, at: dt.datetime | None = None
) -> dict[str, Any]:
    """Open complaints past their deadline that the watcher may handle (every one for a
    manager, `agency_id`'s for its supervisor): how many, and the latest few."""
    at = at or timezone.now()
    late = Complaint.objects.filter(status__in=Complaint.OPEN_STATUSES, due_at__lt=at)
    if agency_id is not None:
        late = late.filter(agency_id=agency_id)
    # The latest deadline first: a complaint just escalated heads the list.
    listed = late.select_related("agency").order_by("-due_at", "-pk")[:OVERDUE_LISTED]
    return {
        "overdue_count": late.count(),
        "overdue": [complaint_event_data(complaint) for complaint in listed],
    }
