"""Complaint fixtures: the reporter and complaints of each agency."""

import pytest

from complaints import services
from complaints.models import Complaint

REPORTER_NAME = "Siti Rahmawati Zulaikha"
REPORTER_PHONE = "081298765432"
REPORTER_PHONE_STORED = "+6281298765432"
PRIVATE_NOTE = "Catatan internal rahasia: cek CCTV."
PUBLIC_REPLY = "Terima kasih, petugas sudah kami tegur."


def reporter_data_absent(content: bytes) -> None:
    for secret in (REPORTER_NAME, REPORTER_PHONE, REPORTER_PHONE_STORED, "Zulaikha", "98765432"):
        assert secret.encode() not in content, secret


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
def complaint_a_answered(complaint_a, supervisor_a):
    """complaint_a verified by agency A's supervisor: an internal note, then a public reply."""
    services.complaint_respond(complaint=complaint_a, author=supervisor_a, message=PRIVATE_NOTE)
    services.complaint_respond(
        complaint=complaint_a,
        author=supervisor_a,
        message=PUBLIC_REPLY,
        public=True,
        status="verified",
    )
    return complaint_a


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
