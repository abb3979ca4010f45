"""What the kiosk home reads: services most used over the last 30 days first,
with today's waiting counts, in a fixed number of queries."""

import datetime as dt

import pytest

from queues import selectors
from queues.models import Ticket
from tests import factories
from tests.conftest import TUESDAY_9AM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "hours")]

TODAY = TUESDAY_9AM.date()
S = Ticket.Status


def _tickets(service, n: int, *, days_ago: int = 0, status: str = S.DONE) -> None:
    """`n` tickets of `service` on one day (numbers continue that day's line)."""
    day = TODAY - dt.timedelta(days=days_ago)
    start = Ticket.objects.filter(prefix=service.prefix, date=day).count()
    for number in range(start + 1, start + n + 1):
        factories.TicketFactory(
            service=service, number=number, date=day, status=status, issued_at=TUESDAY_9AM
        )


def _ids(services) -> list[int]:
    return [s.pk for s in services]


def test_most_used_in_the_last_30_days_first_and_ties_by_name(
    counter_a, counter_b, service_a, service_a2, service_b
):
    _tickets(service_b, 3, days_ago=29)  # inside the window (today and 29 days before)
    _tickets(service_a2, 2, days_ago=3)
    _tickets(service_a, 9, days_ago=30)  # just outside: last month's rush does not count
    _tickets(service_a, 2, days_ago=0, status=S.CANCELLED)  # voided prints are not visits

    services = selectors.kiosk_services()

    assert _ids(services) == [service_b.pk, service_a2.pk, service_a.pk]
    assert [s.popularity for s in services] == [3, 2, 0]


def test_ties_keep_a_stable_order_by_name_whatever_the_case(counter_a, service_a, service_a2):
    # Neither used: "Kartu Keluarga" before "KTP-el baru" (case folded), not by id or collation.
    assert [s.name for s in selectors.kiosk_services()] == ["Kartu Keluarga", "KTP-el baru"]


def test_waiting_counts_only_today_in_line(counter_a, service_a, service_a2):
    _tickets(service_a, 4, status=S.WAITING)
    _tickets(service_a, 1, status=S.DONE)
    _tickets(service_a, 2, days_ago=1, status=S.WAITING)  # yesterday's leftovers
    _tickets(service_a2, 1, status=S.WAITING)

    waiting = {s.pk: s.waiting for s in selectors.kiosk_services()}

    assert waiting == {service_a.pk: 4, service_a2.pk: 1}
    assert selectors.services_waiting() == {service_a.pk: 4, service_a2.pk: 1}


def test_only_active_services_that_an_active_counter_serves(
    counter_a, service_a, service_a2, service_b, agency_b
):
    service_a2.is_active = False
    service_a2.save()
    closed_counter = factories.CounterFactory(booth__agency=agency_b, services=[service_b])
    closed_counter.is_active = False
    closed_counter.save()

    assert _ids(selectors.kiosk_services()) == [service_a.pk]


def test_two_counters_for_one_service_do_not_double_its_counts(
    counter_a, counter_a2, service_a, service_a2
):
    _tickets(service_a, 3, status=S.WAITING)

    [first, _second] = selectors.kiosk_services()

    assert (first.pk, first.popularity, first.waiting) == (service_a.pk, 3, 3)


@pytest.mark.parametrize("lines", [2, 12])
def test_one_query_however_many_lines_and_tickets(django_assert_num_queries, lines):
    agency = factories.AgencyFactory()
    services = [factories.ServiceFactory(agency=agency) for _ in range(lines)]
    factories.CounterFactory(booth__agency=agency, services=services)
    for i, service in enumerate(services):
        _tickets(service, i % 3, days_ago=i)
        _tickets(service, 1, status=S.WAITING)

    with django_assert_num_queries(1):
        found = selectors.kiosk_services()
        names = [(s.agency.name, s.popularity, s.waiting) for s in found]
    with django_assert_num_queries(1):
        waiting = selectors.services_waiting()

    assert len(names) == lines
    assert sum(waiting.values()) == lines
