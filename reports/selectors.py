"""Who reads which report, and for which period (laporan: akses dan periode).

Managers read every agency; an agency's supervisor only their own.
"""

import datetime as dt

from django.utils import timezone

from agencies.models import Agency, User
from mpp.lib.errors import NotAllowed
from reports.errors import ReportAgencyNotAllowed, ReportRangeReversed, ReportRangeTooLong

MAX_REPORT_DAYS = 366


def user_may_read_reports(*, user: User) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_manager or (user.role == User.Role.SUPERVISOR and user.agency_id is not None)


def report_agency_for_user(*, user: User, agency_id: int | None) -> int | None:
    """The agency a report covers for `user`: managers choose (None = all), a
    supervisor always gets their own and is refused another's."""
    if not user_may_read_reports(user=user):
        raise NotAllowed()
    if user.is_manager:
        return agency_id
    if agency_id is not None and agency_id != user.agency_id:
        raise ReportAgencyNotAllowed()
    return user.agency_id


def report_period(*, date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date, dt.date]:
    """Validated (from, to): both default to today (or to each other), at most a year."""
    today = timezone.localdate()
    date_from = date_from or date_to or today
    date_to = date_to or max(date_from, today)
    if date_from > date_to:
        raise ReportRangeReversed()
    if (date_to - date_from).days + 1 > MAX_REPORT_DAYS:
        raise ReportRangeTooLong(days=MAX_REPORT_DAYS)
    return date_from, date_to


def agency_choices(*, user: User) -> list[Agency]:
    """Agencies a user may pick in the report filter."""
    if user.is_manager:
        return list(Agency.objects.order_by("order", "name"))
    return list(Agency.objects.filter(pk=user.agency_id or 0))
