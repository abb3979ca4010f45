import pytest

from console.services import counter_open
from documents.models import PickupLine
from queues.services import ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests import factories


@pytest.fixture
def served(clock, hours, counter_a, officer_a, service_a):
    """A walk-in of service A, with a phone, served to the end at counter A."""
    counter_open(counter=counter_a, officer=officer_a)
    ticket = ticket_issue(service=service_a, phone="081234567890", name="Siti Aminah")
    ticket = ticket_call_next(counter=counter_a, actor=officer_a)
    ticket_start(ticket=ticket, actor=officer_a)
    return ticket_finish(ticket=ticket, actor=officer_a)


@pytest.fixture
def pickup_line(agency_a, counter_a):
    """Agency A's pickup line "AMB", served by counter A with its other lines."""
    service = factories.ServiceFactory(
        agency=agency_a, prefix="AMB", name="Pengambilan berkas", online_booking=False
    )
    counter_a.services.add(service)
    return PickupLine.objects.create(agency=agency_a, service=service)
