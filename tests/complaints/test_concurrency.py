"""Complaint writes under concurrency, with real threads against real PostgreSQL:
a status moves once however many staff press at once; the escalation marks each
complaint once however many workers run it; the rate limit holds under a burst."""

import datetime as dt

import pytest

from complaints import errors, services
from complaints.models import Complaint, ComplaintResponse
from tests.conftest import WIB
from tests.queues.test_concurrency import quick_thread_switches, run_threads  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_racing_staff_move_a_complaint_once(clock, agency_a, supervisor_a, manager):
    complaint = services.complaint_file(category="other", description="x", agency=agency_a)
    staff = [supervisor_a, manager] * 4

    def verify(index: int) -> str:
        mine = Complaint.objects.get(pk=complaint.pk)
        try:
            services.complaint_respond(complaint=mine, author=staff[index], status="in_progress")
        except (errors.InvalidTransition, errors.EmptyResponse) as exc:
            return exc.code
        return "moved"

    services.complaint_respond(complaint=complaint, author=manager, status="verified")
    results, failures = run_threads(len(staff), verify)

    assert failures == []
    assert sorted(results).count("moved") == 1
    changes = ComplaintResponse.objects.filter(complaint=complaint).exclude(to_status="")
    assert list(changes.values_list("to_status", flat=True)) == ["verified", "in_progress"]


def test_parallel_escalation_marks_each_once(clock, agency_a):
    for n in range(20):
        services.complaint_file(category="other", description=f"Aduan {n}", agency=agency_a)
    later = dt.datetime(2026, 12, 9, 8, 0, tzinfo=WIB)

    results, failures = run_threads(4, lambda _: services.complaints_escalate_overdue(at=later))

    assert failures == []
    codes = [code for batch in results for code in batch]
    assert len(codes) == len(set(codes)) == 20
    assert ComplaintResponse.objects.count() == 20
    assert not Complaint.objects.filter(escalated_at__isnull=True).exists()


def test_rate_limit_holds_under_a_burst(clock, db):
    def file(_: int) -> str:
        try:
            services.complaint_file(category="other", description="x", client_key="ip:10.1.1.1")
        except errors.TooManyComplaints:
            return "refused"
        return "filed"

    results, failures = run_threads(12, file)

    assert failures == []
    assert results.count("filed") == services.RATE_LIMIT
    assert Complaint.objects.count() == services.RATE_LIMIT
