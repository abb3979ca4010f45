"""Time intervals for the reports (selang waktu): union, difference and intersection of
(start, end) pairs, cutting them at local midnights, and the mall's opening windows
for a whole period. Pure arithmetic plus two calendar queries."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.utils import timezone

from agencies.models import Closure, OpeningHours

Interval = tuple[dt.datetime, dt.datetime]


def days(date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    return [date_from + dt.timedelta(days=n) for n in range((date_to - date_from).days + 1)]


def bounds(date_from: dt.date, date_to: dt.date) -> Interval:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


# --- interval arithmetic ----------------------------------------------------------------


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping union of the intervals (empty ones dropped)."""
    merged: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract_intervals(intervals: Sequence[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """The parts of `intervals` outside every hole."""
    result = merge_intervals(intervals)
    for h_start, h_end in merge_intervals(holes):
        pieces: list[Interval] = []
        for start, end in result:
            if h_end <= start or end <= h_start:
                pieces.append((start, end))
                continue
            if start < h_start:
                pieces.append((start, h_start))
            if h_end < end:
                pieces.append((h_end, end))
        result = pieces
    return result


def intersect_intervals(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Parts in both (each list merged first)."""
    result = []
    b = merge_intervals(b)
    for a_start, a_end in merge_intervals(a):
        for b_start, b_end in b:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                result.append((start, end))
    return merge_intervals(result)


def interval_minutes(intervals: Iterable[Interval]) -> float:
    return sum((end - start).total_seconds() for start, end in intervals) / 60


# --- the mall's calendar for a whole period (two queries) -------------------------------


def scheduled_windows(*, date_from: dt.date, date_to: dt.date) -> dict[dt.date, list[Interval]]:
    """Opening hours minus the break, per day (an empty list on closed days).

    The same rules as `agencies.selectors.day_schedule` (a closure with `closed`
    wins, then the weekday's hours), read for the whole period in two queries.
    """
    closed = set(
        Closure.objects.filter(date__range=(date_from, date_to), closed=True).values_list(
            "date", flat=True
        )
    )
    hours = {row.weekday: row for row in OpeningHours.objects.all()}
    tz = timezone.get_current_timezone()
    windows: dict[dt.date, list[Interval]] = {}
    for day in days(date_from, date_to):
        row = hours.get(day.weekday())
        if day in closed or row is None:
            windows[day] = []
            continue

        def at(t: dt.time, day: dt.date = day) -> dt.datetime:
            return dt.datetime.combine(day, t, tzinfo=tz)

        day_window = [(at(row.opens_at), at(row.closes_at))]
        if row.break_start and row.break_end:
            day_window = subtract_intervals(day_window, [(at(row.break_start), at(row.break_end))])
        windows[day] = day_window
    return windows


# --- attendance -------------------------------------------------------------------------


def by_day(intervals: Iterable[Interval]) -> dict[dt.date, list[Interval]]:
    """Each interval cut at local midnights, filed under its day."""
    days: dict[dt.date, list[Interval]] = defaultdict(list)
    tz = timezone.get_current_timezone()
    for start, end in intervals:
        while start < end:
            day = timezone.localdate(start, tz)
            midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            days[day].append((start, min(end, midnight)))
            start = midnight
    return days
