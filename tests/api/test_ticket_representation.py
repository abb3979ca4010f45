"""A ticket answer is written out by hand (`TicketSerializer.to_representation`, issue 14:
DRF's per-ticket copy of ~25 fields was most of the serializer's cost); its fields still
declare the schema. Here the two must agree, byte for byte once rendered, for tickets in
every state a ticket answer meets: waiting (with its place), booked (a slot), called at a
counter, missed (may rejoin), finished, a journey's, and the staff's view (NIK digits)."""

import datetime as dt

import pytest
from rest_framework import serializers as drf
from rest_framework.renderers import JSONRenderer

from agencies.models import Journey, JourneyStage
from console.services import counter_open
from queues.api.serializers import StaffTicketSerializer, TicketSerializer
from queues.models import Ticket
from queues.selectors import Position
from queues.services import (
    ticket_book,
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_start,
)

pytestmark = pytest.mark.usefixtures("clock", "hours")
NIK = "3574014501900001"


def fields_path(serializer_class, ticket: Ticket) -> bytes:
    """What DRF's own Serializer.to_representation writes from the declared fields."""
    serializer = serializer_class(ticket)
    return JSONRenderer().render(drf.Serializer.to_representation(serializer, ticket))


def written(serializer_class, ticket: Ticket) -> bytes:
    return JSONRenderer().render(serializer_class(ticket).data)


@pytest.fixture
def tickets(service_a, service_a2, service_b, counter_a, officer_a):
    journey = Journey.objects.create(code="pindah", name="Pindah domisili")
    for position, service in enumerate((service_a2, service_b), start=1):
        JourneyStage.objects.create(journey=journey, position=position, service=service)
    counter_open(counter=counter_a, officer=officer_a)
    made = {}
    made["finished"] = ticket_issue(service=service_a, priority=Ticket.Priority.ELDERLY)
    made["missed"] = ticket_issue(service=service_a, phone="081234567890")
    made["called"] = ticket_issue(service=service_a)
    made["waiting"] = ticket_issue(service=service_a2)
    made["journey"] = ticket_issue(service=service_a2, journey=journey)
    made["booked"] = ticket_book(
        service=service_a, day=dt.date(2026, 11, 25), slot_start=dt.time(9, 30), nik=NIK
    )
    served = ticket_call_next(counter=counter_a, actor=officer_a)
    ticket_start(ticket=served, actor=officer_a)
    ticket_finish(ticket=served, actor=officer_a)
    missed = ticket_call_next(counter=counter_a, actor=officer_a)
    ticket_no_show(ticket=missed, actor=officer_a)
    ticket_call_next(counter=counter_a, actor=officer_a)
    return {name: Ticket.objects.get(pk=ticket.pk) for name, ticket in made.items()}


@pytest.mark.parametrize("serializer_class", [TicketSerializer, StaffTicketSerializer])
def test_the_written_answer_is_the_declared_one(tickets, serializer_class):
    statuses = {name: ticket.status for name, ticket in tickets.items()}
    assert statuses == {
        "finished": "done",
        "missed": "no_show",
        "called": "called",
        "waiting": "waiting",
        "journey": "waiting",
        "booked": "booked",
    }
    for name, ticket in tickets.items():
        assert written(serializer_class, ticket) == fields_path(serializer_class, ticket), name


def test_many_tickets_share_the_positions_context(tickets):
    """A counter's queue passes its positions in the context (no query per ticket)."""
    waiting = [tickets["waiting"], tickets["journey"]]
    context = {"positions": {t.pk: Position(7, 6, None) for t in waiting}}
    data = StaffTicketSerializer(waiting, many=True, context=context).data
    assert [row["position"] for row in data] == [7, 7]
    assert data[1]["journey"]["stages"][1]["status"] == "next"
