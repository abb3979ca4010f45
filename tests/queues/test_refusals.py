"""Rows PostgreSQL refuses by a named constraint become the domain's refusal, once
(mpp/lib/errors.py: constraint_refusals, with the tables in queues/errors.py and
counters/services.py); any other violated constraint stays an IntegrityError.

The services check first, under locks; these constraints are the backstop a race meets,
so the tests write past the checks to reach them.
"""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from console.services import counter_open
from counters.errors import CounterBusy, CounterTaken, OfficerBusyElsewhere
from counters.models import CounterSession
from counters.services import SESSION_REFUSALS
from mpp.lib.errors import constraint_refusals
from queues import errors
from queues.models import Ticket, TicketEvent
from queues.services import _transition, ticket_call, ticket_issue, ticket_transfer

pytestmark = pytest.mark.usefixtures("clock", "hours")

S = Ticket.Status
NIK = "3574014501900001"


def _names(model) -> set[str]:
    return {c.name for c in model._meta.constraints}


def test_every_mapped_name_is_a_constraint_of_the_model():
    assert set(errors.TICKET_REFUSALS) <= _names(Ticket)
    assert set(SESSION_REFUSALS) <= _names(CounterSession)


def _call_past_the_checks(ticket: Ticket, counter, officer, **extra) -> Ticket:
    """Call `ticket` at `counter` with the compare-and-set alone (no session lock)."""
    now = timezone.now()
    with transaction.atomic():
        return _transition(
            ticket,
            from_statuses=[S.WAITING],
            kind=TicketEvent.Kind.CALLED,
            actor=officer,
            at=now,
            status=S.CALLED,
            counter=counter,
            called_at=now,
            **extra,
        )


def test_a_counter_holding_a_ticket_is_refused_a_second_as_busy(counter_a, officer_a, service_a):
    counter_open(counter=counter_a, officer=officer_a)
    first = ticket_call(counter=counter_a, ticket=ticket_issue(service=service_a), actor=officer_a)
    second = ticket_issue(service=service_a)

    with pytest.raises(CounterBusy):
        _call_past_the_checks(second, counter_a, officer_a)
    second.refresh_from_db()
    assert (second.status, second.counter_id) == (S.WAITING, None)
    assert Ticket.objects.get(counter=counter_a).pk == first.pk


def test_a_transfer_into_a_line_where_the_nik_waits_is_a_duplicate_booking(
    counter_a, officer_a, service_a, service_b
):
    counter_open(counter=counter_a, officer=officer_a)
    ticket = ticket_issue(service=service_a, nik=NIK)
    ticket_issue(service=service_b, nik=NIK)
    ticket_call(counter=counter_a, ticket=ticket, actor=officer_a)

    with pytest.raises(errors.DuplicateBooking), transaction.atomic():
        ticket_transfer(ticket=ticket, service=service_b, actor=officer_a)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.service_id) == (S.CALLED, service_a.pk)


def test_a_constraint_nobody_mapped_stays_an_integrity_error(counter_a, officer_a, service_a):
    counter_open(counter=counter_a, officer=officer_a)
    ticket = ticket_issue(service=service_a)

    with pytest.raises(IntegrityError, match="ticket_number_positive"):
        _call_past_the_checks(ticket, counter_a, officer_a, number=0)


def _open_past_the_checks(counter, officer) -> None:
    with transaction.atomic(), constraint_refusals(SESSION_REFUSALS):
        CounterSession.objects.create(counter=counter, officer=officer, opened_at=timezone.now())


def test_a_second_officer_on_an_open_counter_is_refused_as_taken(counter_a, officer_a, officer_a2):
    counter_open(counter=counter_a, officer=officer_a)

    with pytest.raises(CounterTaken):
        _open_past_the_checks(counter_a, officer_a2)
    assert CounterSession.objects.get(closed_at__isnull=True).officer_id == officer_a.pk


def test_an_officer_opening_a_second_counter_is_refused_as_busy_elsewhere(
    counter_a, counter_a2, officer_a
):
    counter_open(counter=counter_a, officer=officer_a)

    with pytest.raises(OfficerBusyElsewhere):
        _open_past_the_checks(counter_a2, officer_a)
    assert CounterSession.objects.get(closed_at__isnull=True).counter_id == counter_a.pk
