"""Which event types an active endpoint subscribes to: asked by every emitter.

`webhook_emit()` runs on every issue, call and finish; with no endpoint subscribed to
the type (most malls, most days) it records nothing, and asking must not cost the
resident's request a query. The answer is kept in the cache (one GET) and dropped when
an endpoint is saved or deleted (the signals in webhooks/apps.py, at once and again on
commit, so a process that read the old rows meanwhile cannot keep them);
SUBSCRIBED_SECONDS bounds what a bulk `update()`, which sends no signal, leaves stale.
While Redis is down the cache misses and the database answers. What is recorded is
still decided on commit from the endpoints' rows (`webhooks.services._record`).
"""

from django.core.cache import cache
from django.db import transaction

from webhooks.models import Endpoint

SUBSCRIBED_KEY = "webhooks:subscribed-types"
SUBSCRIBED_SECONDS = 60


def subscribed_types() -> frozenset[str]:
    cached = cache.get(SUBSCRIBED_KEY)
    if cached is not None:
        return frozenset(cached)
    types: set[str] = set()
    for event_types in Endpoint.objects.filter(is_active=True).values_list(
        "event_types", flat=True
    ):
        types.update(event_types)
    cache.set(SUBSCRIBED_KEY, sorted(types), SUBSCRIBED_SECONDS)
    return frozenset(types)


def subscriptions_changed(**_signal: object) -> None:
    """An endpoint was saved or deleted: forget the subscribed types, now and on commit."""
    cache.delete(SUBSCRIBED_KEY)
    transaction.on_commit(lambda: cache.delete(SUBSCRIBED_KEY), robust=True)
