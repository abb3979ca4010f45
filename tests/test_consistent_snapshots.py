"""A snapshot's reads agree with each other (mpp/lib/consistent.py): a write committed
by another connection between two of its queries shows in neither. On the real
PostgreSQL, the write from a real second thread, committed mid-snapshot."""

import datetime as dt
import threading

import psycopg2
import pytest
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from agencies.models import Service
from complaints.models import Complaint
from complaints.services import complaint_file
from monitoring.selectors import monitoring_snapshot
from mpp.lib.consistent import one_snapshot
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _committed_elsewhere(write) -> None:
    """`write` on a connection of another thread, committed before this returns."""

    def run() -> None:
        try:
            write()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def _after_first(fragment: str, write):
    """An execute wrapper: `write` commits elsewhere right after the first query whose
    SQL holds `fragment` has run on this connection."""
    done = []

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not done and fragment in sql:
            done.append(sql)
            _committed_elsewhere(write)
        return result

    return wrapper, done


def test_the_overdue_count_and_list_agree_when_a_deadline_passes_between_them():
    # The dashboard once showed "0 overdue" above the one overdue complaint it listed
    # (CI, tests/browser/test_dashboard.py): the count and the list were two statements.
    complaint = complaint_file(
        category=Complaint.Category.FEES,
        description="Diminta biaya tambahan.",
        service=factories.ServiceFactory(),
        name="Pelapor",
    )

    def deadline_passes() -> None:
        past = timezone.now() - dt.timedelta(minutes=5)
        Complaint.objects.filter(pk=complaint.pk).update(due_at=past)

    wrapper, done = _after_first(
        'SELECT COUNT(*) AS "__count" FROM "complaints_complaint"', deadline_passes
    )
    with connection.execute_wrapper(wrapper):
        summary = monitoring_snapshot(agency_id=None)["complaints"]
    assert done, "the write did not land between the snapshot's queries"
    assert summary["overdue_count"] == len(summary["overdue"]) == 0
    # The next snapshot sees the write, whole.
    summary = monitoring_snapshot(agency_id=None)["complaints"]
    assert summary["overdue_count"] == len(summary["overdue"]) == 1


def test_reads_in_one_snapshot_see_the_database_as_of_the_first():
    factories.ServiceFactory(name="Satu")
    with one_snapshot():
        before = Service.objects.count()
        _committed_elsewhere(lambda: factories.ServiceFactory(name="Dua"))
        assert Service.objects.count() == before
        assert not Service.objects.filter(name="Dua").exists()
    assert Service.objects.filter(name="Dua").exists()


def test_a_snapshot_writes_nothing():
    with pytest.raises(DatabaseError), one_snapshot():
        factories.ServiceFactory(name="Tulis")
    assert not Service.objects.filter(name="Tulis").exists()


def test_inside_a_transaction_the_reads_keep_its_view():
    with transaction.atomic():
        factories.ServiceFactory(name="Belum")  # a write: the caller's transaction, not read-only
        with one_snapshot():
            assert Service.objects.filter(name="Belum").exists()


def test_postgres_gone_mid_snapshot_answers_nothing_and_the_next_one_is_whole():
    """The backend dies between the count and the list: the snapshot raises (the socket
    or page answers as for any outage), nothing half-read goes out, and once the
    connection is renewed the next snapshot is whole."""
    complaint_file(
        category=Complaint.Category.FEES,
        description="Diminta biaya tambahan.",
        service=factories.ServiceFactory(),
        name="Pelapor",
    )
    Complaint.objects.update(due_at=timezone.now() - dt.timedelta(minutes=5))

    def backend_gone() -> None:
        db = settings.DATABASES["default"]
        with psycopg2.connect(
            dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
        ) as other:
            other.cursor().execute("SELECT pg_terminate_backend(%s)", [pid])

    connection.ensure_connection()
    pid = connection.connection.get_backend_pid()
    wrapper, done = _after_first(
        'SELECT COUNT(*) AS "__count" FROM "complaints_complaint"', backend_gone
    )
    with pytest.raises(DatabaseError), connection.execute_wrapper(wrapper):
        monitoring_snapshot(agency_id=None)
    assert done
    assert not connection.in_atomic_block
    connection.close()  # a request's end drops the broken connection
    summary = monitoring_snapshot(agency_id=None)["complaints"]
    assert summary["overdue_count"] == len(summary["overdue"]) == 1
