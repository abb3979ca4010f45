"""The staffing forecast (reports/staffing.py) and GET /api/v1/reports/staffing/: a known
history of 8 Tuesdays, the figures worked by hand, who may read it, bad input, queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Closure, Service
from counters.models import CounterSession
from queues.models import Ticket, TicketEvent
from reports import staffing
from tests import factories
from tests.conftest import TUESDAY, at

pytestmark = pytest.mark.django_db

STAFFING = "/api/v1/reports/staffing/"
# The 8 Tuesdays before Tuesday 2026-11-24: 29 Sep ... 17 Nov.
WEEKS = [TUESDAY - dt.timedelta(weeks=k) for k in range(8, 0, -1)]
HOLIDAY = WEEKS[2]  # 13 Oct: no ticket that day (a holiday): it is left out


class History:
    """Tickets with their timeline, created directly (the services would need live counters)."""

    def __init__(self):
        self.numbers: dict[tuple, int] = {}

    def arrive(self, service, day, hour, minute, *, served_minutes, to=None):
        """A walk-in issued at hour:minute, started 2 min later, served `served_minutes`;
        with `to`, transferred there at the end and served there 6 minutes."""
        key = (service.prefix, day)
        self.numbers[key] = number = self.numbers.get(key, 0) + 1
        issued = at(hour, minute, day=day)
        started = issued + dt.timedelta(minutes=2)
        finished = started + dt.timedelta(minutes=served_minutes)
        ticket = Ticket.objects.create(
            service=to or service, prefix=service.prefix, number=number, date=day,
            channel="kiosk", status="done", issued_at=issued, queued_at=issued,
            called_at=started, started_at=started, finished_at=finished,
        )  # fmt: skip
        events = [("issued", issued, service), ("called", started, service)]
        events.append(("started", started, service))
        if to is None:
            events.append(("finished", finished, service))
        else:
            later = finished + dt.timedelta(minutes=10)
            events += [("transferred", finished, to), ("started", later, to)]
            events.append(("finished", later + dt.timedelta(minutes=6), to))
        TicketEvent.objects.bulk_create(
            TicketEvent(ticket=ticket, kind=k, at=w, service=s, to_status="x") for k, w, s in events
        )


@pytest.fixture
def history(clock, hours, service_a, service_a2, service_b, counter_a, counter_a2, officer_a):
    """Service A (target 5 min) on 7 of the 8 Tuesdays (13 Oct had no ticket):
    - 07:45, before opening: 1 a week (counted in the 08:00 hour);
    - 08:00-08:59: 3 a week; 09:00-09:59: 12 a week;
    - served 8 and 12 minutes in turn (mean 10), so 16 a week, 112 stages;
    - Mondays' tickets are another weekday's: ignored.
    Service A2: 2 a week at 10:xx, transferred to service B (so B gets 2 arrivals at
    ~10:xx + 2 + 4 min). Today counter_a was opened: A and A2 plan 1 counter each."""
    Service.objects.filter(pk=service_a.pk).update(target_wait_minutes=5)
    log = History()
    for day in WEEKS:
        if day == HOLIDAY:
            continue
        times = [(7, 45)] + [(8, 10 * i) for i in range(3)] + [(9, 5 * i) for i in range(12)]
        for n, (hour, minute) in enumerate(times):
            log.arrive(service_a, day, hour, minute, served_minutes=8 if n % 2 else 12)
        for minute in (0, 30):
            log.arrive(service_a2, day, 10, minute, served_minutes=4, to=service_b)
        log.arrive(service_a, day - dt.timedelta(days=1), 9, 0, served_minutes=30)
    Closure.objects.create(date=HOLIDAY, reason="Libur")
    CounterSession.objects.create(counter=counter_a, officer=officer_a, opened_at=at(8))
    return log


def _rows(rows, service):
    return {row["hour"]: row for row in rows if row["service"] == service.pk}


def test_the_known_history_worked_by_hand(history, service_a):
    rows = _rows(staffing.staffing(day=TUESDAY), service_a)

    # Tuesday opens 08:00-14:00: one row per clock hour 8..13.
    assert list(rows) == [8, 9, 10, 11, 12, 13]
    # 08:00 hour: (1 early + 3) x 7 days / 7 days = 4 per hour; 10 min each; target 5.
    # a = 4 x 10 / 60 = 2/3. c = 1: C = 2/3, P(wait <= 5) = 1 - (2/3) e^-(1/3)(5/10) = 0.436;
    # c = 2: C = 1/6, P = 1 - (1/6) e^-(4/3)(1/2) = 0.914 >= 0.80 -> 2 counters.
    assert rows[8] == {
        "service": service_a.pk, "service_name": "KTP-el baru", "agency": service_a.agency_id,
        "agency_name": "Dispendukcapil", "hour": 8, "expected_arrivals": 4.0,
        "mean_service_minutes": 10.0, "target_wait_minutes": 5, "counters_needed": 2,
        "counters_planned": 1, "gap": 1,
    }  # fmt: skip
    # 09:00 hour: 12 per hour, a = 2. c = 3: C = 4/9, P = 1 - (4/9) e^-0.5 = 0.730;
    # c = 4: C = 4/23, P = 1 - (4/23) e^-1 = 0.936 -> 4 counters, 1 planned: a gap of 3.
    assert (rows[9]["expected_arrivals"], rows[9]["counters_needed"], rows[9]["gap"]) == (12, 4, 3)
    # Nobody came after 10:00: no counter needed.
    assert [rows[h]["counters_needed"] for h in (10, 11, 12, 13)] == [0, 0, 0, 0]


def test_a_transfer_is_an_arrival_in_the_next_line(history, service_a2, service_b):
    a2, b = (
        _rows(staffing.staffing(day=TUESDAY), service_a2),
        _rows(staffing.staffing(day=TUESDAY), service_b),
    )
    # A2: 2 a week at 10:00 and 10:30, served 4 min each before the transfer.
    assert (a2[10]["expected_arrivals"], a2[10]["mean_service_minutes"]) == (2, 4)
    # a = 2 x 4 / 60 = 0.1333 on 1 counter: C = 0.1333, P(wait <= 30) ~ 1 -> 1 counter.
    assert (a2[10]["counters_needed"], a2[10]["counters_planned"]) == (1, 1)
    # B: the 2 transfers arrive at 10:06 and 10:36, served 6 min; its target is the
    # default (30 min, "1 hari kerja"); no counter of B opened today.
    assert (b[10]["expected_arrivals"], b[10]["mean_service_minutes"]) == (2, 6)
    assert (b[10]["target_wait_minutes"], b[10]["counters_needed"], b[10]["gap"]) == (30, 1, 1)
    # Read for agency A alone, A2's stages still end at their transfer to B's line.
    own = _rows(staffing.staffing(day=TUESDAY, agency_id=service_a2.agency_id), service_a2)
    assert own[10] == a2[10]


def test_a_service_without_history_takes_its_expected_service_time(history, service_a2):
    Service.objects.filter(pk=service_a2.pk).update(expected_service_minutes=17)
    TicketEvent.objects.filter(service=service_a2, kind="started").delete()
    rows = _rows(staffing.staffing(day=TUESDAY), service_a2)
    assert rows[10]["mean_service_minutes"] == 17


def test_a_half_hour_is_served_at_its_rate(history, service_a):
    # Tuesdays close at 09:30 instead of 14:00: the 09:00 hour is half open.
    from agencies.models import OpeningHours

    OpeningHours.objects.filter(weekday=1).update(closes_at=dt.time(9, 30))
    rows = _rows(staffing.staffing(day=TUESDAY), service_a)
    assert list(rows) == [8, 9]
    # 12 arrivals in the half hour 09:00-09:30 are 24 per hour: a = 4 erlangs, target 5.
    # c = 5: B5 by the recurrence = 0.1993, C = 5 B5 / (5 - 4 (1 - B5)) = 0.5541,
    # P = 1 - 0.5541 e^-(1)(0.5) = 0.664; c = 6: C = 0.2848, P = 1 - 0.2848 e^-1 = 0.895.
    assert (rows[9]["expected_arrivals"], rows[9]["counters_needed"]) == (12, 6)


def test_a_closed_day_has_no_rows(history):
    assert staffing.staffing(day=dt.date(2026, 11, 28)) == []  # a Saturday


def test_opening_hours_cut_at_the_break(hours):
    from agencies.models import OpeningHours

    OpeningHours.objects.filter(weekday=1).update(
        break_start=dt.time(11, 30), break_end=dt.time(13)
    )
    assert staffing.opening_hours(TUESDAY) == {8: 1, 9: 1, 10: 1, 11: 0.5, 13: 1}


# --- the API ----------------------------------------------------------------------------


def test_the_manager_reads_one_agency(history, api_as, manager, service_a, agency_a):
    response = api_as(manager).get(STAFFING, {"date": "2026-11-24", "agency": agency_a.pk})
    assert response.status_code == 200
    rows = response.json()
    assert {row["agency"] for row in rows} == {agency_a.pk}
    assert len(rows) == 2 * 6  # A and A2, hours 8..13
    nine = next(r for r in rows if r["service"] == service_a.pk and r["hour"] == 9)
    assert {k: nine[k] for k in ("expected_arrivals", "counters_needed", "counters_planned")} == {
        "expected_arrivals": 12.0,
        "counters_needed": 4,
        "counters_planned": 1,
    }


def test_the_manager_reads_every_agency_and_tomorrow_by_default(history, api_as, manager, agency_b):
    rows = api_as(manager).get(STAFFING).json()
    # Tomorrow is Wednesday 25 Nov: its own history (none) -> no arrivals anywhere.
    assert {row["agency"] for row in rows} >= {agency_b.pk}
    assert all(row["expected_arrivals"] == 0 for row in rows)


def test_a_supervisor_reads_their_own_agency(history, api_as, supervisor_a, agency_a):
    response = api_as(supervisor_a).get(STAFFING, {"date": "2026-11-24"})
    assert response.status_code == 200
    assert {row["agency"] for row in response.json()} == {agency_a.pk}


def test_another_agency_is_refused(history, api_as, supervisor_b, agency_a):
    response = api_as(supervisor_b).get(STAFFING, {"date": "2026-11-24", "agency": agency_a.pk})
    assert response.status_code == 403
    assert response.json()["code"] == "report_other_agency"


@pytest.mark.parametrize("who", ["officer_a", "kiosk"])
def test_officers_and_kiosks_are_refused(request, history, api_as, who):
    response = api_as(request.getfixturevalue(who)).get(STAFFING, {"date": "2026-11-24"})
    assert response.status_code == 403


def test_anonymous_is_refused(api):
    assert api.get(STAFFING).status_code in (401, 403)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "24-11-2026"}, "date"),
        ({"date": "2026-02-30"}, "date"),
        ({"date": "1900-01-02"}, "date"),
        ({"agency": "abc"}, "agency"),
        ({"agency": "0"}, "agency"),
        ({"agency": "99999999999"}, "agency"),
    ],
)
def test_bad_input_is_a_clear_400(api_as, manager, params, field):
    response = api_as(manager).get(STAFFING, params)
    assert response.status_code == 400
    assert field in response.json()


def test_an_unknown_agency_is_a_400(api_as, manager):
    response = api_as(manager).get(STAFFING, {"agency": 999999})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_agency"


def test_bad_dates_answer_in_english_when_asked(api_as, manager):
    response = api_as(manager).get(STAFFING, {"date": "1900-01-02"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"date": ["The year must be between 2000 and 2100."]}
    response = api_as(manager).get(STAFFING, {"date": "1900-01-02"})
    assert response.json() == {"date": ["Tahun harus antara 2000 dan 2100."]}


def test_the_query_count_is_fixed(history, api_as, manager, agency_a, service_a):
    client = api_as(manager)
    client.get(STAFFING, {"date": "2026-11-24"})  # the calendar's rows cached
    with CaptureQueriesContext(connection) as few:
        assert client.get(STAFFING, {"date": "2026-11-24"}).status_code == 200
    log = History()
    for n in range(5):
        service = factories.ServiceFactory(agency=agency_a)
        counter = factories.CounterFactory(booth=factories.BoothFactory(agency=agency_a))
        counter.services.add(service)
        officer = factories.UserFactory(role="officer", agency=agency_a)
        CounterSession.objects.create(counter=counter, officer=officer, opened_at=at(8, n))
        for day in WEEKS:
            log.arrive(service, day, 9, n, served_minutes=5)
    with CaptureQueriesContext(connection) as many:
        rows = client.get(STAFFING, {"date": "2026-11-24"}).json()
    assert len(rows) == 8 * 6
    assert len(many) == len(few)
    # Pinned: the agency check is skipped (no agency); the date's schedule comes from the
    # cache (agencies.selectors.CALENDAR_KEY); the services, the history's days and
    # events, the targets, the plan.
    assert len(few) == 5, [q["sql"][:80] for q in few.captured_queries]
