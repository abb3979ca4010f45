"""The booth scan's floor (test_scan.py: the rules; test_scan_runs.py: running it): two
booths with counters, staffed or waited at moments of a frozen day, and the open alerts."""

import datetime as dt

import pytest

from closures.models import ClosureRequest
from counters.models import CounterSession
from monitoring.models import BoothAlert
from queues.models import Ticket
from tests import factories
from tests.conftest import at

EMPTY = BoothAlert.Kind.EMPTY
UNATTENDED = BoothAlert.Kind.UNATTENDED


def open_alerts() -> set[tuple[str, str, str]]:
    alerts = BoothAlert.objects.filter(closed_at__isnull=True).select_related("booth")
    return {(a.booth.label, a.kind, a.reason) for a in alerts}


def staff(counter, officer, *, since: dt.datetime, until: dt.datetime | None = None):
    return CounterSession.objects.create(
        counter=counter, officer=officer, opened_at=since, closed_at=until
    )


def waiting(service, *, queued: dt.datetime) -> Ticket:
    return factories.TicketFactory(
        service=service, date=queued.date(), issued_at=queued, queued_at=queued
    )


def closure(booth, user, *, starts: dt.datetime, ends: dt.datetime, counter=None, **kw):
    defaults = {"status": ClosureRequest.Status.APPROVED, "reason": "Rapat dinas"}
    return ClosureRequest.objects.create(
        booth=booth,
        counter=counter,
        starts_at=starts,
        ends_at=ends,
        requested_by=user,
        requested_at=starts,
        **{**defaults, **kw},
    )


@pytest.fixture
def floor(counter_a, counter_a2, counter_b):
    """Two booths with counters and nobody at them."""
    return counter_a.booth, counter_b.booth


@pytest.fixture
def staffed(floor, counter_a, counter_b, officer_a, officer_b):
    """Both booths staffed from 08:00 (booth A on counter 1 only)."""
    staff(counter_a, officer_a, since=at(8))
    staff(counter_b, officer_b, since=at(8))
    return floor
