"""Supervisors see overdue documents (past expected_ready, not collected) per agency."""

import datetime as dt

import pytest

from documents.models import Document
from documents.selectors import documents_overdue
from documents.services import document_open, document_set_status
from queues.models import Ticket
from tests.conftest import TUESDAY_9AM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "hours")]

TODAY = TUESDAY_9AM.date()


def _document(ticket: Ticket, actor, expected: dt.date, status: str = "processing") -> Document:
    document = document_open(ticket=ticket, expected_ready=TODAY, note="", actor=actor)
    Document.objects.filter(pk=document.pk).update(expected_ready=expected)
    if status != "processing":
        document_set_status(document=document, status="ready", actor=actor)
    if status in ("collected", "cancelled"):
        document_set_status(document=document, status=status, actor=actor)
    return document


def _done(service, n: int) -> list[Ticket]:
    tickets = []
    for i in range(n):
        tickets.append(
            Ticket.objects.create(
                prefix=service.prefix,
                number=100 + i,
                date=TODAY,
                service=service,
                channel="kiosk",
                status="done",
                issued_at=TUESDAY_9AM,
                queued_at=TUESDAY_9AM,
            )
        )
    return tickets


@pytest.fixture
def late(service_a, service_b, officer_a, officer_b):
    a, b = _done(service_a, 5), _done(service_b, 2)
    last_week, yesterday = TODAY - dt.timedelta(days=7), TODAY - dt.timedelta(days=1)
    _document(a[0], officer_a, last_week)
    _document(a[1], officer_a, yesterday, "ready")  # ready but not collected: still late
    _document(a[2], officer_a, yesterday, "collected")
    _document(a[3], officer_a, yesterday, "cancelled")
    _document(a[4], officer_a, TODAY)  # due today: not late yet
    _document(b[0], officer_b, yesterday)
    _document(b[1], officer_b, TODAY + dt.timedelta(days=2))


def test_overdue_counts_per_agency(late, agency_a, agency_b):
    rows = documents_overdue(today=TODAY)
    assert [(r.agency, r.overdue, r.oldest) for r in rows] == [
        ("Dispendukcapil", 2, TODAY - dt.timedelta(days=7)),
        ("Polres", 1, TODAY - dt.timedelta(days=1)),
    ]
    assert [r.agency for r in documents_overdue(today=TODAY, agency_ids=[agency_b.pk])] == [
        "Polres"
    ]


def test_the_dashboard_lists_them_for_the_manager(client, late, manager):
    client.force_login(manager)
    page = client.get("/dashboard/").content.decode()
    assert 'id="documents-overdue-count">3<' in page
    assert "Dispendukcapil</strong>: 2 berkas" in page and "Polres</strong>: 1 berkas" in page


def test_a_supervisor_sees_only_their_agency(client, late, supervisor_b):
    client.force_login(supervisor_b)
    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="documents-overdue-count">1<' in page
    assert "Polres</strong>: 1 document" in page
    assert "Dispendukcapil</strong>" not in page
