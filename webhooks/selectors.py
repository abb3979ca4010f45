"""Which event types an active endpoint subscribes to: asked by every emitter.

`webhook_emit()` runs on every issue, call and finish; with no endpoint subscribed to
the type (most malls, most days) it records nothing, and asking must not cost the
resident's request a query. The answer is kept in the cache until an endpoint is saved
or deleted (mpp.lib.kept; webhooks/apps.py). What is recorded is still decided on commit
from the endpoints' rows (`webhooks.services._record`).
"""

from mpp.lib.kept import kept
from webhooks.models import Endpoint

SUBSCRIBED_KEY = "webhooks:subscribed-types"


def subscribed_types() -> frozenset[str]:
    return frozenset(kept(SUBSCRIBED_KEY, _subscribed_types))


def _subscribed_types() -> list[str]:
    types: set[str] = set()
    for event_types in Endpoint.objects.filter(is_active=True).values_list(
        "event_types", flat=True
    ):
        types.update(event_types)
    return sorted(types)
