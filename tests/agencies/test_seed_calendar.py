"""`seed_calendar`: a real mall gets opening hours and holidays without the demo."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from agencies.models import Closure, OpeningHours


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_calendar", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_adds_default_hours_and_this_and_next_years_holidays(clock):
    out = seed()

    hours = {h.weekday: (h.opens_at.hour, h.closes_at.hour) for h in OpeningHours.objects.all()}
    assert hours == {0: (8, 14), 1: (8, 14), 2: (8, 14), 3: (8, 14), 4: (8, 11)}
    assert Closure.objects.filter(date=dt.date(2026, 8, 17), closed=True).exists()
    assert Closure.objects.filter(date=dt.date(2027, 8, 17), closed=True).exists()
    assert out.startswith("5 hari jam layanan")


@pytest.mark.django_db
def test_keeps_what_the_admin_set_and_adds_only_what_is_missing(clock):
    OpeningHours.objects.create(weekday=0, opens_at=dt.time(7, 30), closes_at=dt.time(15))
    Closure.objects.create(date=dt.date(2028, 8, 17), reason="Buka khusus", closed=False)

    seed("--year", "2028")
    again = seed("--year", "2028")

    monday = OpeningHours.objects.get(weekday=0)
    assert (monday.opens_at, monday.closes_at) == (dt.time(7, 30), dt.time(15))
    assert OpeningHours.objects.count() == 5
    assert not Closure.objects.get(date=dt.date(2028, 8, 17)).closed
    assert not Closure.objects.filter(date__year=2026).exists()
    assert again.startswith("0 hari jam layanan dan 0 hari libur")
