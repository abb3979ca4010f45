"""The two reads every counter step starts with, written in SQL by hand.

Compiling them with the ORM cost more than running them: ~0.8 ms of CPU for the session
lock (two EXISTS annotations) and ~0.6 ms for the next ticket with its service and
agency (select_related), against ~0.1 ms each here, on every call-next, recall, pause and
close (issue 14: call-next at 0.18x of a small DRF read). What they return is what the
ORM queries returned: model instances (and the two annotations), as
tests/queues/test_hot_sql.py checks against the ORM on the same rows. Row locks are
taken where the database has them (PostgreSQL); SQLite, the demo's, serialises writers.
"""

from typing import TYPE_CHECKING, TypedDict

from django.db import connection

from agencies.models import Agency, Service
from counters.models import CounterSession
from mpp.lib.rows import columns, first_joined
from queues.models import Ticket


class _SessionState(TypedDict):
    paused: bool
    busy: bool


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    LockedSession = WithAnnotations[CounterSession, _SessionState]
else:
    LockedSession = CounterSession


_SESSION_SQL = """
SELECT s.*,
  EXISTS (
    SELECT 1 FROM counters_counterpause p WHERE p.session_id = s.id AND p.ended_at IS NULL
  ) AS paused,
  EXISTS (
    SELECT 1 FROM queues_ticket t WHERE t.counter_id = s.counter_id AND t.status IN (%s, %s)
  ) AS busy
FROM counters_countersession s
WHERE s.counter_id = %s AND s.closed_at IS NULL"""


def open_session_locked(counter_id: int) -> "LockedSession | None":
    """The counter's open session, its row locked until commit, with `paused` (a break is
    open) and `busy` (the counter holds a called or serving ticket)."""
    sql = _SESSION_SQL
    if connection.features.has_select_for_update_of:
        sql += " FOR UPDATE OF s"
    rows = CounterSession.objects.raw(sql, [*Ticket.AT_COUNTER_STATUSES, counter_id])
    session: LockedSession | None = next(iter(rows), None)  # type: ignore[assignment]
    if session is not None:  # SQLite answers EXISTS with 0 or 1
        session.paused, session.busy = bool(session.paused), bool(session.busy)
    return session


# Column names from the models' own metadata; the only values are the %s parameters.
_NEXT_SQL = f"""
SELECT {columns(Ticket, "t")}, {columns(Service, "s")}, {columns(Agency, "a")}
FROM queues_ticket t
JOIN agencies_service s ON s.id = t.service_id
JOIN agencies_agency a ON a.id = s.agency_id
WHERE t.status = %s AND t.date = %s AND t.service_id IN ({{ids}})
ORDER BY t.priority_rank, t.queued_at, t.id
LIMIT 1"""  # noqa: S608


def next_waiting_locked(*, day, service_ids: list[int]) -> Ticket | None:
    """The first waiting ticket of `day` in these lines, in call order (priority group,
    queue time, id), locked; a ticket another counter holds locked is skipped (SKIP
    LOCKED), so counters racing for one line each take a different ticket. Its service
    and the service's agency come with it."""
    if not service_ids:
        return None
    # A literal id list (not a subquery) lets the planner walk the call-order index
    # instead of sorting every waiting ticket of the day.
    sql = _NEXT_SQL.format(ids=", ".join(["%s"] * len(service_ids)))
    if connection.features.has_select_for_update_skip_locked:
        sql += " FOR UPDATE OF t SKIP LOCKED"
    params = [Ticket.Status.WAITING, day, *service_ids]
    return first_joined(sql, params, Ticket, Service, Agency)
