"""Which types have a subscriber is cached (webhooks/selectors.py): an issue with no
endpoint subscribed asks no query, and a change to the endpoints is seen at once,
by every process (the cache is the shared Redis), on the next action."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from queues.services import ticket_issue
from webhooks.models import Delivery, Endpoint
from webhooks.selectors import SUBSCRIBED_KEY, subscribed_types

pytestmark = [
    pytest.mark.usefixtures("clock", "hours"),
    pytest.mark.django_db(transaction=True),
]


def endpoint_queries(action) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        action()
    return [q["sql"] for q in ctx.captured_queries if "webhooks_endpoint" in q["sql"]]


def test_no_subscriber_no_query_and_nothing_recorded(receiver, service_a):
    Endpoint.objects.create(url=receiver.url, event_types=["ticket.called"])
    ticket_issue(service=service_a)  # asks once, then the cache answers

    assert endpoint_queries(lambda: ticket_issue(service=service_a)) == []
    assert Delivery.objects.count() == 0


def test_a_subscriber_added_after_an_action_gets_the_next_one(receiver, service_a):
    ticket_issue(service=service_a)
    assert subscribed_types() == frozenset()

    Endpoint.objects.create(url=receiver.url, event_types=["ticket.issued"])
    ticket_issue(service=service_a)

    assert Delivery.objects.filter(event_type="ticket.issued").count() == 1


def test_a_deactivated_or_deleted_endpoint_stops_at_once(receiver, service_a):
    kept = Endpoint.objects.create(url=receiver.url, event_types=["ticket.issued"])
    ticket_issue(service=service_a)
    assert Delivery.objects.count() == 1

    kept.is_active = False
    kept.save()
    ticket_issue(service=service_a)
    assert Delivery.objects.count() == 1
    assert subscribed_types() == frozenset()

    kept.is_active = True
    kept.save()
    assert subscribed_types() == frozenset({"ticket.issued"})
    kept.delete()
    assert subscribed_types() == frozenset()


def test_another_process_sees_the_change_through_the_shared_cache(receiver, service_a):
    """What one gunicorn worker caches, another drops: the key lives in Redis."""
    ticket_issue(service=service_a)
    assert cache.get(SUBSCRIBED_KEY) == []
    Endpoint.objects.create(url=receiver.url, event_types=["ticket.issued"])
    assert cache.get(SUBSCRIBED_KEY) is None
