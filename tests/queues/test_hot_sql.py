"""The hand-written reads of every counter step (queues/services/hot_sql.py) return what
the ORM queries they replace returned, on the same rows: every field of the ticket, its
service and agency (with no query to reach them), and the session's two facts. Its two
writes (a ticket's compare-and-set, a timeline row) leave the rows the ORM's left."""

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from agencies.models import Journey, JourneyStage
from console.services import counter_open, counter_pause
from counters.models import CounterPause, CounterSession
from queues.models import Ticket, TicketEvent
from queues.services import ticket_book, ticket_call_next, ticket_check_in, ticket_issue
from queues.services.hot_sql import (
    next_waiting_locked,
    open_session_locked,
    ticket_event_add,
    ticket_set_if,
)

pytestmark = pytest.mark.usefixtures("clock", "hours")


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def orm_next(service_ids: list[int]) -> Ticket | None:
    return (
        Ticket.objects.select_related("service__agency")
        .filter(status=Ticket.Status.WAITING, date=timezone.localdate(), service_id__in=service_ids)
        .order_by("priority_rank", "queued_at", "id")
        .first()
    )


def test_the_next_ticket_is_the_orms_with_its_service_and_agency(
    service_a, service_a2, service_b, django_assert_num_queries
):
    journey = Journey.objects.create(code="pindah", name="Pindah domisili")
    for position, service in enumerate((service_a2, service_b), start=1):
        JourneyStage.objects.create(journey=journey, position=position, service=service)
    ticket_issue(service=service_a, phone="081234567890", nik="3574014101900001", name="Siti")
    ticket_issue(service=service_a2, journey=journey)
    booked = ticket_book(
        service=service_a, day=dt.date(2026, 11, 24), slot_start=dt.time(9), nik="3574014101900002"
    )
    ticket_check_in(ticket=booked)
    ticket_issue(service=service_b, priority=Ticket.Priority.ELDERLY)
    lines = [service_a.pk, service_a2.pk, service_b.pk]
    seen = []
    while (expected := orm_next(lines)) is not None:
        with transaction.atomic():
            got = next_waiting_locked(day=timezone.localdate(), service_ids=lines)
        assert got is not None
        assert fields(got) == fields(expected)
        with django_assert_num_queries(0):
            assert fields(got.service) == fields(expected.service)
            assert fields(got.service.agency) == fields(expected.service.agency)
        seen.append(got.code)
        Ticket.objects.filter(pk=got.pk).update(status=Ticket.Status.DONE)
    # lansia first, then by queue time: the walk-in, the journey's, the checked-in booking
    assert seen == ["S-001", "A-001", "B-001", "A-002"]
    assert next_waiting_locked(day=timezone.localdate(), service_ids=lines) is None
    assert next_waiting_locked(day=timezone.localdate(), service_ids=[]) is None


def orm_session(counter) -> CounterSession | None:
    open_pause = CounterPause.objects.filter(session=OuterRef("pk"), ended_at__isnull=True)
    current = Ticket.objects.filter(
        counter=OuterRef("counter_id"), status__in=Ticket.AT_COUNTER_STATUSES
    )
    return (
        CounterSession.objects.annotate(paused=Exists(open_pause), busy=Exists(current))
        .filter(counter=counter, closed_at__isnull=True)
        .first()
    )


def test_the_session_and_its_two_facts_are_the_orms(counter_a, officer_a, service_a):
    def both():
        with transaction.atomic():
            got = open_session_locked(counter_a.pk)
        expected = orm_session(counter_a)
        if expected is None:
            assert got is None
            return None
        assert got is not None
        assert fields(got) == fields(expected)
        assert (got.paused, got.busy) == (expected.paused, expected.busy)
        return got.paused, got.busy

    assert both() is None  # not open
    counter_open(counter=counter_a, officer=officer_a)
    assert both() == (False, False)
    ticket_issue(service=service_a)
    ticket_call_next(counter=counter_a, actor=officer_a)
    assert both() == (False, True)
    Ticket.objects.filter(counter=counter_a).update(status=Ticket.Status.DONE)
    counter_pause(counter=counter_a, actor=officer_a, reason="Istirahat")
    assert both() == (True, False)


def _without(row: dict, *names: str) -> dict:
    return {k: v for k, v in row.items() if k not in names}


def test_the_compare_and_set_writes_what_the_orms_update_writes(service_a, counter_a):
    ours, theirs = ticket_issue(service=service_a), ticket_issue(service=service_a)
    # A call (a counter instance, an aware time), then a finish (a None among them).
    at = timezone.now().replace(microsecond=123456)
    steps = [
        (
            (Ticket.Status.WAITING,),
            {"status": Ticket.Status.CALLED, "counter": counter_a, "called_at": at},
        ),
        (
            (Ticket.Status.CALLED, Ticket.Status.SERVING),
            {"status": Ticket.Status.DONE, "finished_at": at, "counter": None},
        ),
    ]
    # One counter holds one ticket at a time: ours goes through both steps, then theirs.
    rows = {}
    for ticket, write in (
        (ours, lambda pk, st, ch: ticket_set_if(pk=pk, statuses=st, fields=ch)),
        (theirs, lambda pk, st, ch: Ticket.objects.filter(pk=pk, status__in=st).update(**ch)),
    ):
        rows[ticket.pk] = []
        for statuses, changes in steps:
            assert write(ticket.pk, statuses, changes) == 1
            ticket.refresh_from_db()
            rows[ticket.pk].append(_without(fields(ticket), "id", "number", "token"))
    assert rows[ours.pk] == rows[theirs.pk]
    assert ours.finished_at == at and ours.counter_id is None
    # Someone changed it first: nothing written, and the caller is told (0 rows).
    changes = {"status": Ticket.Status.CALLED}
    assert ticket_set_if(pk=ours.pk, statuses=(Ticket.Status.WAITING,), fields=changes) == 0
    ours.refresh_from_db()
    assert ours.status == Ticket.Status.DONE


def test_a_timeline_row_is_the_one_the_orm_creates(service_a, counter_a, officer_a):
    ticket = ticket_issue(service=service_a)
    at = timezone.now().replace(microsecond=654321)
    values = {
        "kind": TicketEvent.Kind.CALLED,
        "at": at,
        "counter_id": counter_a.pk,
        "service_id": service_a.pk,
        "from_status": Ticket.Status.WAITING,
        "to_status": Ticket.Status.CALLED,
    }
    ticket_event_add(ticket_id=ticket.pk, actor_id=officer_a.pk, **values)
    TicketEvent.objects.create(ticket=ticket, actor=officer_a, **values)
    ours, theirs = TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.CALLED)
    assert _without(fields(ours), "id") == _without(fields(theirs), "id")
    assert ours.at == at and ours.note == ""  # a field not given takes its default
