"""Reads of rarely changing rows kept in the shared cache until the rows change.

Every ticket issued, booked, checked in or called asks a few questions whose answers
change a few times a year: the mall's calendar (agencies.selectors), whether any planned
closure lies ahead (closures.selectors), which webhook types anyone subscribes to
(webhooks.selectors). Each costs the request a query; kept in the cache, one GET.

The rule for all of them: the answer is read from the database on a miss and kept for
at most `seconds`; saving or deleting a row of the models it reads drops it at once and
again on commit (a process that read the old rows between the two cannot keep them).
`seconds` bounds what a bulk update(), which sends no signal, leaves stale: the code
that bulk-writes such rows calls `forget()` itself. While Redis is down the cache
misses and the database answers.
"""

import threading
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# Names of threads whose reads are used but never kept. The test suite lists the live
# events' publisher here: a test that never commits runs it on a connection of its own,
# which cannot see the test's rows, and a calendar read there without them must not
# become the test's (tests/conftest.py). In production every connection sees the same.
UNKEPT_THREADS: set[str] = set()


def kept(key: str, load: Callable[[], Any], *, seconds: int = 60) -> Any:
    """The value kept under `key`, or `load()` kept there now. `load()` must not return
    None (a miss looks the same)."""
    value = cache.get(key)
    if value is None:
        value = load()
        if threading.current_thread().name not in UNKEPT_THREADS:
            cache.set(key, value, seconds)
    return value


def forget(key: str) -> None:
    """Drop the value kept under `key`, now and once the transaction commits."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), robust=True)


def forget_on_change(
    key: str, *senders: type[models.Model], links: tuple[type[models.Model], ...] = ()
) -> None:
    """Drop `key` whenever a row of `senders` is saved or deleted, or a many-to-many
    relation through one of `links` changes (from AppConfig.ready)."""

    def changed(**_signal: object) -> None:
        forget(key)

    for sender in senders:
        uid = f"kept:{key}:{sender._meta.label_lower}"
        post_save.connect(changed, sender=sender, weak=False, dispatch_uid=f"{uid}:saved")
        post_delete.connect(changed, sender=sender, weak=False, dispatch_uid=f"{uid}:deleted")
    for through in links:
        uid = f"kept:{key}:{through._meta.label_lower}:m2m"
        m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=uid)
