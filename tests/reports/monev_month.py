"""A month (November 2026) of tickets, surveys, complaints, booth time and alerts for the
Monev tests, with the figures each indicator must show computed by hand below.

Agency A (Dispendukcapil, service A, booth A), agency B (Polres, service B, booth B),
agency C (no booth, no tickets). Waits are queue -> first call, in minutes.

A: 7 visitors (a booking that never came and tickets of 31 Oct / 1 Dec do not count)
   #1 kiosk regular done 10 | #2 kiosk regular done 20 | #3 online regular done 40
   #4 kiosk lansia done 4   | #5 kiosk regular no-show 50
   #6 online disabilitas done 6 (recalled at 30: the first call counts)
   #7 kiosk regular cancelled while waiting (never called)
   served 5, no-shows 1, online 2/7 = 0.2857, priority 2/7 = 0.2857
   waits sorted [4, 6, 10, 20, 40, 50]: median (10 + 20) / 2 = 15.0;
   p90 nearest rank ceil(0.9 x 6) = 6th = 50.0; within 30 min: 4, 6, 10, 20 = 4/6 = 0.6667;
   priority waits [4, 6]: median 5.0
B: #11 kiosk regular done 30 (= target: within) | #12 kiosk regular done 31
   #13 assisted ibu hamil done 0.5
   visitors 3, served 3, no-shows 0, online 0/3 = 0.0, priority 1/3 = 0.3333
   waits sorted [0.5, 30, 31]: median 30.0, p90 ceil(2.7) = 3rd = 31.0, within 2/3 = 0.6667,
   priority median 0.5
Mall: visitors 10, served 8, no-shows 1, online 2/10 = 0.2, priority 3/10 = 0.3
   waits sorted [0.5, 4, 6, 10, 20, 30, 31, 40, 50]: median 5th = 20.0, p90 ceil(8.1) = 9th
   = 50.0, within 6/9 = 0.6667; priority waits [0.5, 4, 6]: median 4.0

IKM: A answers all-4 and all-3: IKM (4 + 3) / 2 = 3.5, index 87.50, B (76.61-88.30);
   B answers all-4: 100.00, A; mall (36 + 27 + 36) / 27 = 3.6667, x 25 = 91.67, A.
   An October answer does not count.
Complaints (filed in November; handled = resolved/closed/rejected by the due date):
   A: filed 3 Nov due 10 Nov resolved 7 Nov (in SLA); filed 5 Nov due 12 Nov resolved
   14 Nov (late); filed 20 Nov still open -> received 3, in SLA 1.
   No agency: filed 2 Nov due 9 Nov closed 9 Nov at the due time (in SLA) -> mall only.
   Filed 30 Oct: not counted. Mall: received 4, in SLA 2.
Booth coverage (hours Mon-Thu 08-14 = 360 min, Fri 08-11 = 180 min; November 2026 has
   17 Mon-Thu and 4 Fridays: 17 x 360 + 4 x 180 = 6,840 scheduled minutes per booth):
   booth A staffed 24 Nov 08:00-11:00 and 25 Nov 08:00-09:00 = 240 min -> 240 / 6840 =
   0.0351; booth B 0 -> 0.0; agency C has no booth -> null; mall 240 / 13,680 = 0.0175.
Alerts opened in November: booth A 2, booth B 1 (one of October not counted); mall 3.
"""

import datetime as dt

import pytest

from complaints.models import Complaint, ComplaintResponse, SurveyResponse
from counters.models import CounterSession
from monitoring.models import BoothAlert
from queues.models import TicketEvent
from tests import factories
from tests.conftest import WIB

NOV = dt.date(2026, 11, 1)
ELEMENTS = [f"u{n}" for n in range(1, 10)]

EXPECTED_A = {
    "visitors": 7,
    "tickets_served": 5,
    "online_share": 0.2857,
    "wait_median_minutes": 15.0,
    "wait_p90_minutes": 50.0,
    "within_target_share": 0.6667,
    "no_shows": 1,
    "priority_share": 0.2857,
    "priority_wait_median_minutes": 5.0,
    "ikm_respondents": 2,
    "ikm_index": 87.5,
    "ikm_category": "B",
    "complaints_received": 3,
    "complaints_closed_within_sla": 1,
    "booth_coverage": 0.0351,
    "alerts": 2,
}
EXPECTED_B = {
    "visitors": 3,
    "tickets_served": 3,
    "online_share": 0.0,
    "wait_median_minutes": 30.0,
    "wait_p90_minutes": 31.0,
    "within_target_share": 0.6667,
    "no_shows": 0,
    "priority_share": 0.3333,
    "priority_wait_median_minutes": 0.5,
    "ikm_respondents": 1,
    "ikm_index": 100.0,
    "ikm_category": "A",
    "complaints_received": 0,
    "complaints_closed_within_sla": 0,
    "booth_coverage": 0.0,
    "alerts": 1,
}
EXPECTED_C = {
    "visitors": 0,
    "tickets_served": 0,
    "online_share": None,
    "wait_median_minutes": None,
    "wait_p90_minutes": None,
    "within_target_share": None,
    "no_shows": 0,
    "priority_share": None,
    "priority_wait_median_minutes": None,
    "ikm_respondents": 0,
    "ikm_index": None,
    "ikm_category": None,
    "complaints_received": 0,
    "complaints_closed_within_sla": 0,
    "booth_coverage": None,
    "alerts": 0,
}
EXPECTED_MALL = {
    "visitors": 10,
    "tickets_served": 8,
    "online_share": 0.2,
    "wait_median_minutes": 20.0,
    "wait_p90_minutes": 50.0,
    "within_target_share": 0.6667,
    "no_shows": 1,
    "priority_share": 0.3,
    "priority_wait_median_minutes": 4.0,
    "ikm_respondents": 3,
    "ikm_index": 91.67,
    "ikm_category": "A",
    "complaints_received": 4,
    "complaints_closed_within_sla": 2,
    "booth_coverage": 0.0175,
    "alerts": 3,
}


def moment(day: int, hour: int, minute: float = 0, month: int = 11) -> dt.datetime:
    base = dt.datetime(2026, month, day, hour, tzinfo=WIB)
    return base + dt.timedelta(minutes=minute)


def _ticket(service, *, day, channel="kiosk", priority="regular", status="done", waits=()):
    """A ticket queued at 09:00 on `day`, called after each of `waits` minutes."""
    date = dt.date(2026, 11, day) if isinstance(day, int) else day
    queued = dt.datetime.combine(date, dt.time(9), tzinfo=WIB)
    ticket = factories.TicketFactory(
        service=service,
        date=date,
        channel=channel,
        priority=priority,
        status=status,
        issued_at=queued,
        queued_at=queued,
    )
    for wait in waits:
        TicketEvent.objects.create(
            ticket=ticket,
            kind=TicketEvent.Kind.CALLED,
            at=queued + dt.timedelta(minutes=wait),
            service=service,
            from_status="waiting",
            to_status="called",
        )
    return ticket


def _survey(ticket, score: int, created: dt.datetime) -> None:
    SurveyResponse.objects.create(
        ticket=ticket,
        agency=ticket.service.agency,
        service=ticket.service,
        created_at=created,
        **dict.fromkeys(ELEMENTS, score),
    )


def _complaint(agency, *, filed, due, handled=None, status="resolved") -> None:
    complaint = Complaint.objects.create(
        category=Complaint.Category.WAITING, description="Antrean lama.", agency=agency, due_at=due
    )
    Complaint.objects.filter(pk=complaint.pk).update(created_at=filed)
    if handled is not None:
        ComplaintResponse.objects.create(
            complaint=complaint,
            message="Ditangani.",
            from_status="received",
            to_status=status,
            at=handled,
        )
        Complaint.objects.filter(pk=complaint.pk).update(status=status)


def build(*, service_a, service_b, counter_a, officer_a, booth_a, booth_b, agency_a) -> None:
    a1 = _ticket(service_a, day=3, waits=[10])
    a2 = _ticket(service_a, day=4, waits=[20])
    _ticket(service_a, day=5, channel="online", waits=[40])
    _ticket(service_a, day=9, priority="elderly", waits=[4])
    _ticket(service_a, day=10, status="no_show", waits=[50])
    _ticket(service_a, day=11, channel="online", priority="disabled", waits=[6, 30])
    _ticket(service_a, day=12, status="cancelled")
    # Not visitors: a booking that never came; tickets of other months.
    factories.TicketFactory(
        service=service_a,
        date=dt.date(2026, 11, 13),
        channel="online",
        status="no_show",
        issued_at=moment(1, 9),
        queued_at=None,
    )
    _ticket(service_a, day=dt.date(2026, 10, 31), waits=[99])
    _ticket(service_a, day=dt.date(2026, 12, 1), waits=[99])
    b1 = _ticket(service_b, day=16, waits=[30])
    _ticket(service_b, day=17, waits=[31])
    _ticket(service_b, day=18, channel="assisted", priority="pregnant", waits=[0.5])

    _survey(a1, 4, moment(3, 10))
    _survey(a2, 3, moment(4, 10))
    _survey(b1, 4, moment(16, 10))
    _survey(_ticket(service_a, day=dt.date(2026, 10, 30)), 1, moment(30, 10, month=10))

    _complaint(agency_a, filed=moment(3, 10), due=moment(10, 23), handled=moment(7, 10))
    _complaint(agency_a, filed=moment(5, 10), due=moment(12, 23), handled=moment(14, 10))
    _complaint(agency_a, filed=moment(20, 10), due=moment(27, 23))
    _complaint(None, filed=moment(2, 10), due=moment(9, 23), handled=moment(9, 23), status="closed")
    _complaint(agency_a, filed=moment(30, 10, month=10), due=moment(6, 23), handled=moment(2, 9))

    for day, hours in ((24, 3), (25, 1)):
        CounterSession.objects.create(
            counter=counter_a,
            officer=officer_a,
            opened_at=moment(day, 8),
            closed_at=moment(day, 8 + hours),
        )
    for booth, day in ((booth_a, 10), (booth_a, 24), (booth_b, 16)):
        BoothAlert.objects.create(
            booth=booth, kind="empty", opened_at=moment(day, 8, 15), closed_at=moment(day, 9)
        )
    BoothAlert.objects.create(
        booth=booth_a,
        kind="empty",
        opened_at=moment(30, 8, 15, month=10),
        closed_at=moment(30, 9, month=10),
    )


# Fixtures: imported by the test modules (and tests/reports/conftest.py) that use them.


@pytest.fixture(name="agency_c")
def agency_c_fixture(db):
    return factories.AgencyFactory(code="kemenag", name="Kemenag", order=9)


@pytest.fixture(name="month")
def month_fixture(
    hours,
    clock,
    service_a,
    service_b,
    counter_a,
    counter_b,
    officer_a,
    booth_a,
    booth_b,
    agency_a,
    agency_c,
):
    clock.move_to(moment(2, 9, month=12))  # December: November is a whole past month
    build(
        service_a=service_a,
        service_b=service_b,
        counter_a=counter_a,
        officer_a=officer_a,
        booth_a=booth_a,
        booth_b=booth_b,
        agency_a=agency_a,
    )
