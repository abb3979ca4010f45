"""queues/service_levels.py: the share of stages called within their service's target
wait, and the default target from the Standar Pelayanan's duration."""

import datetime as dt

import pytest

from agencies.models import Service, default_target_wait
from queues import service_levels
from queues.models import Ticket, TicketEvent
from tests import factories
from tests.conftest import TUESDAY, at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("duration", "minutes"),
    [
        ("15 menit", 15),
        ("Langsung saat itu (sekitar 20 menit)", 20),
        ("5 menit", 10),  # not below SERVICE_LEVEL_MIN_TARGET_MINUTES
        ("1 jam", 30),  # not above the default: a wait, not the whole service
        ("0,25 jam", 15),
        ("1 hari kerja", 30),
        ("1x24 jam setelah berkas lengkap", 30),
        ("1 hari kerja (pengujian sekitar 1 jam di UPT PKB)", 30),
        ("Beberapa menit bila data lengkap dan benar", 30),
        ("", 30),
    ],
)
def test_default_target_from_the_standard_duration(duration, minutes):
    assert default_target_wait(duration) == minutes


def test_the_admin_target_wins_over_the_duration(settings):
    settings.SERVICE_LEVEL_DEFAULT_TARGET_MINUTES = 45
    assert Service(duration="15 menit", target_wait_minutes=None).target_wait == 15
    assert Service(duration="15 menit", target_wait_minutes=25).target_wait == 25
    assert Service(duration="3 hari kerja").target_wait == 45


@pytest.mark.parametrize(
    ("share", "level"),
    [(1.0, "green"), (0.9, "green"), (0.8999, "amber"), (0.75, "amber"), (0.7499, "red"),
     (0.0, "red"), (None, "none")],
)  # fmt: skip
def test_levels_by_the_thresholds_in_settings(share, level):
    assert service_levels.level_of(share) == level


def test_thresholds_come_from_settings(settings):
    settings.SERVICE_LEVEL_GREEN_PERCENT = 95
    settings.SERVICE_LEVEL_AMBER_PERCENT = 50
    assert service_levels.level_of(0.94) == "amber"
    assert service_levels.level_of(0.5) == "amber"
    assert service_levels.level_of(0.49) == "red"


def _ticket(service, number, *, queued, status, **times):
    return factories.TicketFactory(
        service=service, number=number, date=queued.date(), status=status, queued_at=queued,
        issued_at=queued, **times,
    )  # fmt: skip


def _event(ticket, kind, when, service):
    TicketEvent.objects.create(
        ticket=ticket, kind=kind, at=when, service=service, to_status="x", from_status="y"
    )


@pytest.fixture
def morning(clock, service_a, service_b):
    """Tuesday, now 09:00. Targets: service A 15 min, service B 10 min."""
    Service.objects.filter(pk=service_a.pk).update(target_wait_minutes=15)
    Service.objects.filter(pk=service_b.pk).update(target_wait_minutes=10)
    done = Ticket.Status.DONE
    # 1: called after 10 min: within. A rejoin's second call later does not count again.
    t = _ticket(service_a, 1, queued=at(8), status=done)
    _event(t, "called", at(8, 10), service_a)
    _event(t, "recalled", at(8, 30), service_a)
    _event(t, "called", at(8, 50), service_a)
    # 2: called after 20 min: a miss.
    t = _ticket(service_a, 2, queued=at(8), status=done)
    _event(t, "called", at(8, 20), service_a)
    # 3: waiting since 08:30, 30 min at 09:00: already a miss.
    _ticket(service_a, 3, queued=at(8, 30), status=Ticket.Status.WAITING)
    # 4: waiting since 08:50, 10 min: not decided, not counted.
    _ticket(service_a, 4, queued=at(8, 50), status=Ticket.Status.WAITING)
    # 5: cancelled after 5 min: never decided, not counted.
    t = _ticket(service_a, 5, queued=at(8), status=Ticket.Status.CANCELLED)
    _event(t, "cancelled", at(8, 5), service_a)
    # 6: expired after 40 min waiting: a miss.
    t = _ticket(service_a, 6, queued=at(8), status=Ticket.Status.EXPIRED)
    _event(t, "expired", at(8, 40), service_a)
    # 7: called at A after 5 min (within), transferred to B at 08:10, called there at
    # 08:30: 20 min against B's 10, a miss for B.
    t = _ticket(service_b, 7, queued=at(8), status=done)
    _event(t, "called", at(8, 5), service_a)
    _event(t, "transferred", at(8, 10), service_b)
    _event(t, "called", at(8, 30), service_b)
    # 8: called at A after 1 min (within), transferred to B at 08:55 and waiting there
    # 5 min: not decided at B.
    t = _ticket(service_b, 8, queued=at(8, 40), status=Ticket.Status.WAITING)
    _event(t, "called", at(8, 41), service_a)
    _event(t, "transferred", at(8, 55), service_b)
    # 9: booked, never arrived: no queue time, not counted.
    factories.TicketFactory(
        service=service_a, number=9, date=TUESDAY, status="booked", queued_at=None
    )
    # Yesterday: outside the period.
    t = _ticket(service_a, 1, queued=at(8, day=23), status=done)
    _event(t, "called", at(9, day=23), service_a)


def test_within_target_counts_decided_stages(morning, service_a, service_b, agency_a, agency_b):
    levels = service_levels.within_target(date_from=TUESDAY, date_to=TUESDAY)

    # A: 1 within, 2 miss, 3 miss, 6 miss, 7 and 8 (first stages) within -> 3 of 6, red.
    assert levels.services[service_a.pk].data() == {
        "within_target": 3, "counted": 6, "share": 0.5, "percent": 50, "level": "red",
    }  # fmt: skip
    # B: 7 (second stage) miss -> 0 of 1.
    assert (levels.services[service_b.pk].within, levels.services[service_b.pk].counted) == (0, 1)
    assert (levels.agencies[agency_a.pk].within, levels.agencies[agency_a.pk].counted) == (3, 6)
    assert (levels.agencies[agency_b.pk].within, levels.agencies[agency_b.pk].counted) == (0, 1)
    assert (levels.total.within, levels.total.counted) == (3, 7)


def test_one_agency_counts_its_own_stages_only(morning, service_a, service_b):
    only_b = service_levels.within_target(
        date_from=TUESDAY, date_to=TUESDAY, agency_id=service_b.agency_id
    )
    assert set(only_b.services) == {service_b.pk}
    assert (only_b.total.within, only_b.total.counted) == (0, 1)
    only_a = service_levels.within_target(
        date_from=TUESDAY, date_to=TUESDAY, agency_id=service_a.agency_id
    )
    assert (only_a.total.within, only_a.total.counted) == (3, 6)


def test_a_waiting_ticket_becomes_a_miss_as_time_passes(morning, clock, service_b):
    # Ticket 8 waits at B since 08:55 (target 10): at 09:06 it is a miss, too.
    clock.move_to(at(9, 6))
    levels = service_levels.within_target(date_from=TUESDAY, date_to=TUESDAY)
    assert (levels.services[service_b.pk].within, levels.services[service_b.pk].counted) == (0, 2)


def test_the_period_includes_yesterday_when_asked(morning, service_a):
    levels = service_levels.within_target(date_from=dt.date(2026, 11, 23), date_to=TUESDAY)
    # Yesterday's ticket waited 60 min against 15: one more miss.
    assert (levels.services[service_a.pk].within, levels.services[service_a.pk].counted) == (3, 7)


def test_three_queries_however_many_tickets(morning, service_a, django_assert_num_queries):
    with django_assert_num_queries(3):
        service_levels.within_target(date_from=TUESDAY, date_to=TUESDAY)
    for n in range(20, 30):
        t = _ticket(service_a, n, queued=at(8), status=Ticket.Status.DONE)
        _event(t, "called", at(8, 1), service_a)
    with django_assert_num_queries(3):
        levels = service_levels.within_target(date_from=TUESDAY, date_to=TUESDAY)
    assert levels.services[service_a.pk].counted == 16
