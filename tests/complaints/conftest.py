"""Complaint fixtures: a supervisor of the other agency, the message outbox, complaints."""

import pytest

from agencies.models import User
from complaints import services
from complaints.models import Complaint
from tests import factories

REPORTER_NAME = "Siti Rahmawati Zulaikha"
REPORTER_PHONE = "081298765432"
REPORTER_PHONE_STORED = "+6281298765432"


@pytest.fixture
def supervisor_b(agency_b):
    return factories.UserFactory(
        username="supervisor-b", role=User.Role.SUPERVISOR, agency=agency_b
    )


@pytest.fixture
def complaint_a(clock, service_a):
    """A complaint about agency A's service, with the reporter's name and phone."""
    return services.complaint_file(
        category=Complaint.Category.WAITING,
        description="Antrean KTP-el sangat lama, petugas tidak ada di loket.",
        service=service_a,
        name=REPORTER_NAME,
        contact=REPORTER_PHONE,
    )


@pytest.fixture
def complaint_b(clock, service_b):
    return services.complaint_file(
        category=Complaint.Category.FEES,
        description="Diminta biaya tambahan untuk SKCK.",
        service=service_b,
    )


@pytest.fixture
def complaint_mall(clock, db):
    """A complaint about the mall itself: no agency, routed to the manager."""
    return services.complaint_file(
        category=Complaint.Category.FACILITIES, description="Toilet lantai 2 rusak."
    )
