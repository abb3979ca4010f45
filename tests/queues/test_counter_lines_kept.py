"""Which lines each counter serves is kept in the cache (queues.selectors
COUNTER_SERVICES_KEY, mpp.lib.kept): a change to the pairing, from either side, or a
counter or line removed, is seen by the next call at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from console.services import counter_open
from queues.selectors import counter_service_ids
from queues.services import ticket_call_next, ticket_issue
from tests import factories

pytestmark = pytest.mark.usefixtures("clock", "hours")


def lines(counter) -> tuple[list[int], int]:
    with CaptureQueriesContext(connection) as queries:
        ids = counter_service_ids(counter=counter)
    return sorted(ids), len(queries)


def test_a_counters_lines_are_read_once_for_the_whole_mall(counter_a, counter_b, service_a):
    assert lines(counter_a)[1] == 1
    assert lines(counter_a)[1] == 0
    assert lines(counter_b) == ([counter_b.services.get().pk], 0)


def test_a_line_added_or_removed_is_called_from_at_once(
    counter_a, officer_a, service_a, service_a2, agency_a
):
    counter_open(counter=counter_a, officer=officer_a)
    other = factories.ServiceFactory(agency=agency_a, prefix="Z")
    assert other.pk not in lines(counter_a)[0]
    counter_a.services.remove(service_a, service_a2)
    counter_a.services.add(other)  # from the counter's side
    assert lines(counter_a)[0] == [other.pk]
    ticket = ticket_issue(service=other)
    assert ticket_call_next(counter=counter_a, actor=officer_a) == ticket
    service_a.counters.add(counter_a)  # from the line's side
    assert service_a.pk in lines(counter_a)[0]
    counter_a.services.clear()
    assert lines(counter_a)[0] == []


def test_a_line_deleted_leaves_its_counters(counter_a, service_a, service_a2):
    assert sorted(lines(counter_a)[0]) == sorted([service_a.pk, service_a2.pk])
    service_a2.tickets.all().delete()
    service_a2.delete()
    assert lines(counter_a)[0] == [service_a.pk]
