"""Writes on the mall's calendar: default opening hours and seeded closures."""

import datetime as dt

import holidays
from django.db import transaction

from agencies.models import Closure, OpeningHours
from agencies.selectors import CALENDAR_KEY
from mpp.lib.kept import forget

# Kota Probolinggo since July 2024: Monday-Thursday 08:00-14:00, Friday 08:00-11:00.
DEFAULT_HOURS = {
    **{weekday: (dt.time(8), dt.time(14)) for weekday in range(4)},
    4: (dt.time(8), dt.time(11)),
}


@transaction.atomic
def opening_hours_set_default() -> int:
    """Create the default weekly hours for days that have none; returns how many."""
    created = 0
    for weekday, (opens, closes) in DEFAULT_HOURS.items():
        _, was_created = OpeningHours.objects.get_or_create(
            weekday=weekday,
            defaults={"opens_at": opens, "closes_at": closes, "issue_cutoff_minutes": 30},
        )
        created += was_created
    return created


@transaction.atomic
def opening_hours_set_all_day() -> None:
    """Demo only: every day 00:00-23:59 with no cutoff, so the queue works at any hour."""
    for weekday in range(7):
        OpeningHours.objects.update_or_create(
            weekday=weekday,
            defaults={
                "opens_at": dt.time(0, 0),
                "closes_at": dt.time(23, 59),
                "break_start": None,
                "break_end": None,
                "issue_cutoff_minutes": 0,
            },
        )


@transaction.atomic
def closures_seed(*, years: list[int]) -> int:
    """Seed closures from the `holidays` package (Indonesia: national holidays and
    cuti bersama). Existing rows are left alone so an admin's edits survive."""
    sources = {
        "public": Closure.Source.HOLIDAY,
        "government": Closure.Source.GOVERNMENT,
    }
    existing = set(Closure.objects.values_list("date", flat=True))
    new: dict[dt.date, Closure] = {}
    for category, source in sources.items():
        calendar = holidays.country_holidays(
            "ID", years=years, categories=(category,), language="id"
        )
        for day, name in sorted(calendar.items()):
            if day not in existing and day not in new:
                new[day] = Closure(date=day, reason=name[:200], source=source, closed=True)
    Closure.objects.bulk_create(new.values())
    forget(CALENDAR_KEY)  # bulk_create sends no post_save
    return len(new)
