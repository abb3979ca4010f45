"""Reads about the catalog and the mall's calendar (jam layanan, hari libur)."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Booth, Closure, OpeningHours, Service
from counters.models import Counter


@dataclass(frozen=True)
class DaySchedule:
    """The mall's hours on one date, as aware datetimes; `open` False with a reason."""

    date: dt.date
    open: bool
    reason: str = ""
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    break_start: dt.datetime | None = None
    break_end: dt.datetime | None = None
    cutoff_at: dt.datetime | None = None
    breaks: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)

    def in_break(self, at: dt.datetime) -> bool:
        return any(start <= at < end for start, end in self.breaks)

    def issuing(self, at: dt.datetime) -> bool:
        """Whether a walk-in ticket may be issued at `at` (opening to cutoff, not in a break)."""
        if not self.open or self.opens_at is None or self.cutoff_at is None:
            return False
        early = dt.timedelta(minutes=settings.MPP_ISSUE_EARLY_MINUTES)
        return self.opens_at - early <= at < self.cutoff_at and not self.in_break(at)

    def resumes_at(self, at: dt.datetime) -> dt.datetime | None:
        """When issuing resumes today after `at`, or None when it does not today."""
        if not self.open or self.opens_at is None:
            return None
        first_issue = self.opens_at - dt.timedelta(minutes=settings.MPP_ISSUE_EARLY_MINUTES)
        if at < first_issue:
            return first_issue
        for start, end in self.breaks:
            if start <= at < end:
                return end
        return None


_WEEKEND_REASON = {5: "Sabtu", 6: "Minggu"}


def day_schedule(*, day: dt.date) -> DaySchedule:
    closure = Closure.objects.filter(date=day, closed=True).first()
    if closure is not None:
        return DaySchedule(date=day, open=False, reason=closure.reason)
    hours = OpeningHours.objects.filter(weekday=day.weekday()).first()
    if hours is None:
        weekday = OpeningHours.Weekday(day.weekday()).label
        return DaySchedule(date=day, open=False, reason=_("MPP tutup pada hari %s.") % weekday)
    tz = timezone.get_current_timezone()

    def at(t: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, t, tzinfo=tz)

    closes = at(hours.closes_at)
    breaks = []
    if hours.break_start and hours.break_end:
        breaks.append((at(hours.break_start), at(hours.break_end)))
    return DaySchedule(
        date=day,
        open=True,
        opens_at=at(hours.opens_at),
        closes_at=closes,
        break_start=breaks[0][0] if breaks else None,
        break_end=breaks[0][1] if breaks else None,
        cutoff_at=closes - dt.timedelta(minutes=hours.issue_cutoff_minutes),
        breaks=breaks,
    )


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    capacity: int
    remaining: int


def service_slot_starts(*, service: Service, schedule: DaySchedule) -> list[dt.datetime]:
    """Booking slots: from opening, `slot_minutes` long, ending by the cutoff, none in a break."""
    if not schedule.open or schedule.opens_at is None or schedule.cutoff_at is None:
        return []
    step = dt.timedelta(minutes=service.slot_minutes)
    starts = []
    start = schedule.opens_at
    while start + step <= schedule.cutoff_at:
        end = start + step
        if not any(start < b_end and b_start < end for b_start, b_end in schedule.breaks):
            starts.append(start)
        start = end
    return starts


def service_slots(*, service: Service, schedule: DaySchedule) -> list[Slot]:
    """Slots with their remaining capacity; all full once the daily quota is used."""
    from queues.selectors import service_day_counts

    starts = service_slot_starts(service=service, schedule=schedule)
    if not starts:
        return []
    total, per_slot = service_day_counts(service=service, day=schedule.date)
    quota_left = None if service.daily_quota is None else max(0, service.daily_quota - total)
    step = dt.timedelta(minutes=service.slot_minutes)
    slots = []
    for start in starts:
        remaining = max(0, service.slot_capacity - per_slot.get(start, 0))
        if quota_left is not None:
            remaining = min(remaining, quota_left)
        slots.append(Slot(start, start + step, service.slot_capacity, remaining))
    return slots


def agency_list() -> QuerySet[Agency]:
    counters = Counter.objects.filter(is_active=True).prefetch_related("services")
    booths = Booth.objects.prefetch_related(Prefetch("counters", queryset=counters))
    return Agency.objects.annotate(
        service_count=Count("services", filter=Q(services__is_active=True), distinct=True)
    ).prefetch_related(Prefetch("booths", queryset=booths))


def service_list(*, agency_id: int | None = None, query: str = "") -> QuerySet[Service]:
    services = Service.objects.filter(is_active=True).select_related("agency")
    if agency_id is not None:
        services = services.filter(agency_id=agency_id)
    for word in query.split()[:10]:
        services = services.filter(_search_q(word))
    return services


def _search_q(word: str) -> Q:
    return (
        Q(name__icontains=word)
        | Q(keywords__icontains=word)
        | Q(agency__name__icontains=word)
        | Q(description__icontains=word)
    )


def service_get(*, service_id: int) -> Service:
    return Service.objects.select_related("agency").get(pk=service_id, is_active=True)
