"""Several reads that must agree with each other, as of one moment.

A snapshot (what a socket or a page is sent first) is built by several queries: the
dashboard's overdue count and its list of the latest overdue complaints, a ticket's
place in line and the line itself. PostgreSQL's default isolation (read committed)
gives each statement its own view of the database, so a write committed between two of
them shows in the second only: a dashboard once said "0 overdue" above the overdue
complaint it listed. `one_snapshot()` runs the reads in one repeatable-read, read-only
transaction: every statement sees the database as of the first one. (Not for reads
that lock rows, FOR SHARE or FOR UPDATE: under repeatable read a row changed since the
first statement cannot be locked. A ticket's line snapshot is such a read.)

Inside a transaction already (a service, a test's atomic block) the reads keep that
transaction's view. SQLite (the demo) has one writer and serializable transactions:
there the block is a plain transaction.
"""

import contextlib
from collections.abc import Iterator

from django.db import connection, transaction


@contextlib.contextmanager
def one_snapshot() -> Iterator[None]:
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
