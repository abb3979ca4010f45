"""The two reads every counter step starts with, and the two writes every ticket step
makes, written in SQL by hand.

Compiling them with the ORM cost more than running them: ~0.8 ms of CPU for the session
lock (two EXISTS annotations) and ~0.6 ms for the next ticket with its service and
agency (select_related), against ~0.1 ms each here, on every call-next, recall, pause and
close (issue 14: call-next at 0.18x of a small DRF read). What they return is what the
ORM queries returned: model instances (and the two annotations), as
tests/queues/test_hot_sql.py checks against the ORM on the same rows. Row locks are
taken where the database has them (PostgreSQL); SQLite, the demo's, serialises writers.
"""

import functools
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection, models

from agencies.models import Agency, Service
from counters.models import CounterSession
from mpp.lib.rows import columns, first_joined
from queues.models import Ticket, TicketEvent


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


# -- the two writes every step makes: the compare-and-set and the timeline row ---------


def _prepared(model: type[models.Model], name: str, value: Any) -> tuple[str, Any]:
    """(quoted column, value as the database takes it) of `model.name` = `value`, converted as
    the ORM's update and insert convert it (a model instance becomes its key)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.concrete, name
    assert not hasattr(value, "resolve_expression"), f"{name}: values only, no F() or Now()"
    if hasattr(value, "prepare_database_save"):
        value = value.prepare_database_save(field)
    return f'"{field.column}"', field.get_db_prep_save(value, connection)


def ticket_set_if(*, pk: int, statuses: tuple[str, ...], fields: dict[str, Any]) -> int:
    """`Ticket.objects.filter(pk=pk, status__in=statuses).update(**fields)`: the rows
    changed (0 when its status is no longer one of `statuses`)."""
    assignments, params = [], []
    for name, value in fields.items():
        column, prepared = _prepared(Ticket, name, value)
        assignments.append(f"{column} = %s")
        params.append(prepared)
    marks = ", ".join(["%s"] * len(statuses))
    sql = (
        f"UPDATE {Ticket._meta.db_table} SET {', '.join(assignments)} "  # noqa: S608
        f"WHERE id = %s AND status IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, pk, *statuses])
        return cursor.rowcount


@functools.cache
def _event_insert() -> tuple[list[models.Field], str]:
    fields = [f for f in TicketEvent._meta.concrete_fields if not f.primary_key]
    names = ", ".join(f'"{f.column}"' for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    return fields, f"INSERT INTO {TicketEvent._meta.db_table} ({names}) VALUES ({marks})"  # noqa: S608


def ticket_event_add(**values: Any) -> None:
    """`TicketEvent.objects.create(**values)` (by attname: `ticket_id`, `counter_id`),
    the instance not built: nobody reads it back, and the timeline sends no signal."""
    fields, sql = _event_insert()
    unknown = set(values) - {f.attname for f in fields}
    assert not unknown, unknown
    given = [values[f.attname] if f.attname in values else f.get_default() for f in fields]
    params = [f.get_db_prep_save(value, connection) for f, value in zip(fields, given, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
