"""Model instances from a row of hand-written SQL that joins a chain of foreign keys
(a ticket, its service, the service's agency), as select_related() would give them.

For the few reads on every request whose ORM compilation cost more than running them
(queues/services/hot_sql.py, counters/selectors.py, mpp/lib/token_auth.py). Values are
converted from the database as the ORM converts them (JSON text, SQLite's dates and
booleans ...); each instance's foreign key to the next is set, so reaching it makes no
query.
"""

import functools
import itertools
from typing import Any

from django.db import connection, models

_converters: dict[str, list[tuple[int, list, Any]]] = {}


def columns(model: type[models.Model], alias: str) -> str:
    """The model's columns, for a SELECT over the table under `alias`, in field order."""
    return ", ".join(f'{alias}."{f.column}"' for f in model._meta.concrete_fields)


def first_joined(sql: str, params: list, *chain: type[models.Model]) -> Any:
    """`joined()` of the first row `sql` returns, or None when it returns none."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else joined(row, *chain)


def joined(row: tuple, *chain: type[models.Model]) -> models.Model:
    """The first model's instance from `row` (`columns()` of each model of `chain` in
    turn), each instance's foreign key to the next model set from the same row."""
    db, start = connection.alias, 0
    instances: list[models.Model] = []
    for model in chain:
        fields = model._meta.concrete_fields
        values = list(row[start : start + len(fields)])
        start += len(fields)
        for i, converters, col in _converters_of(model):
            for convert in converters:
                values[i] = convert(values[i], col, connection)
        instances.append(model.from_db(db, [f.attname for f in fields], values))
    for instance, target in itertools.pairwise(instances):
        _link(type(instance), type(target)).set_cached_value(instance, target)
    return instances[0]


@functools.cache
def _link(model: type[models.Model], target: type[models.Model]) -> Any:
    return next(
        f for f in model._meta.concrete_fields if f.is_relation and f.related_model is target
    )


def _converters_of(model: type[models.Model]) -> list[tuple[int, list, Any]]:
    """(index, converters, column) of each of the model's fields that the database's
    values need converting for (worked out once per model and database vendor)."""
    key = f"{connection.vendor}:{model._meta.label}"
    if key not in _converters:
        found = []
        for i, field in enumerate(model._meta.concrete_fields):
            col = field.get_col(model._meta.db_table)
            convert = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
            if convert:
                found.append((i, convert, col))
        _converters[key] = found
    return _converters[key]
