"""Idempotent issuing: the same `Idempotency-Key` returns the same ticket (API.md).

A kiosk whose answer was lost (a dropped connection, a 503) sends its request again with
the same key; it must get the ticket it already has, never a second number. The key is
claimed in PostgreSQL inside the issuing transaction, under a unique constraint, so two
concurrent retries serialize on it: the second waits for the first to commit and then
reads its ticket (if the first fails, its row rolls back with it and the second issues).
"""

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from mpp.lib.identity import nik_hash
from queues.errors import IdempotencyKeyReused, InvalidIdempotencyKey
from queues.models import IdempotencyKey, Ticket

KEY_TTL = dt.timedelta(hours=24)
HEADER = "Idempotency-Key"
_KEY_RE = re.compile(r"[\x21-\x7e]{1,100}")  # visible ASCII: UUIDs, ULIDs, random tokens


@dataclass(frozen=True)
class IdempotencyScope:
    endpoint: str
    client: str
    key: str
    fingerprint: str


def _plain(value: object) -> object:
    return value.pk if isinstance(value, models.Model) else str(value)


def idempotency_scope(
    *, endpoint: str, user, key: str | None, values: Mapping[str, object]
) -> IdempotencyScope | None:
    """The scope of a request's key, or None when it sent none (issue as before).

    `values` is the validated input; a `nik` in it enters the fingerprint only as its
    keyed hash."""
    if key is None:
        return None
    if not _KEY_RE.fullmatch(key):
        raise InvalidIdempotencyKey()
    plain = {name: _plain(value) for name, value in values.items()}
    if plain.get("nik"):
        plain["nik"] = nik_hash(str(plain["nik"]))
    digest = hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()
    client = f"user:{user.pk}" if user is not None and user.is_authenticated else "anonymous"
    return IdempotencyScope(endpoint=endpoint, client=client, key=key, fingerprint=digest)


def ticket_issue_once(
    *, scope: IdempotencyScope | None, issue: Callable[[], Ticket]
) -> tuple[Ticket, bool]:
    """(ticket, created): `issue()` runs once per key; a retry gets (the same ticket, False).

    `issue` is the service call (ticket_issue, ticket_book), atomic itself; with a key
    it runs inside the key's transaction. Without one it runs alone: an outer
    transaction would only turn its own into a savepoint (two more round trips)."""
    if scope is None:
        return issue(), True
    return _issue_once(scope, issue)


@transaction.atomic
def _issue_once(scope: IdempotencyScope, issue: Callable[[], Ticket]) -> tuple[Ticket, bool]:
    now = timezone.now()
    # The INSERT of a concurrent retry waits on the unique index until this commits.
    row, created = IdempotencyKey.objects.get_or_create(
        endpoint=scope.endpoint,
        client=scope.client,
        key=scope.key,
        defaults={"fingerprint": scope.fingerprint, "created_at": now},
    )
    if not created:
        row = IdempotencyKey.objects.select_for_update().get(pk=row.pk)
        if row.created_at >= now - KEY_TTL and row.ticket_id is not None:
            if row.fingerprint != scope.fingerprint:
                raise IdempotencyKeyReused()
            ticket = Ticket.objects.select_related("service__agency", "counter__booth").get(
                pk=row.ticket_id
            )
            return ticket, False
        # Older than a day: the key starts afresh.
        row.fingerprint, row.created_at = scope.fingerprint, now
    ticket = issue()
    row.ticket = ticket
    row.save(update_fields=["fingerprint", "created_at", "ticket"])
    return ticket, True


def idempotency_keys_purge(*, at: dt.datetime) -> int:
    """Delete keys older than KEY_TTL (hourly, beat); returns how many."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=at - KEY_TTL).delete()
    return deleted
