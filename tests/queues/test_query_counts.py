"""Queries of each hot ticket endpoint, pinned (as the reports' query counts are).

Every request goes through the real stack (token authentication, middleware, the
service's own transaction, its commit) on PostgreSQL, with the line's tickets already
there: the counts must not grow with the line (`DEPTHS`). A change that adds a query
to one of these paths fails here and has to say why in the number it changes.
What each count is made of is written beside it (BEGIN and COMMIT count as
queries); the live events' reads happen on the publisher thread, on its own
connection, and are not counted. The message tasks queued after commit run inline in
tests (a worker runs them in production): their queries are named where they count.
A line's pace (mean service minutes, open counters) is cached for 30 s, and the
mall's calendar (opening hours, closed days), when the approved closures end (none
here), which lines each counter serves and which booths have an open alert (none) are
kept until they change (mpp.lib.kept), as on a busy day: each test starts with them
cached, no planned closure ahead and no booth alerting.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from console.services import counter_open
from mpp.lib import realtime
from queues import events, services
from queues.selectors import counter_service_ids, service_pace
from tests import factories

# A real transaction per request, as in production: `on_commit` runs, no savepoints
# from the test's own transaction are counted.
pytestmark = pytest.mark.django_db(transaction=True)

DEPTHS = (1, 12)
NIK = "3574014101900001"
PHONE = "081234567890"
TOMORROW = "2026-11-25"


def client_of(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def queries(request, expected_status: int) -> tuple[object, list[str]]:
    """(response, the SQL it ran) of one request."""
    with CaptureQueriesContext(connection) as ctx:
        response = request()
    assert response.status_code == expected_status, response.content
    return response, [q["sql"] for q in ctx.captured_queries]


def assert_count(sqls: list[str], expected: int) -> None:
    assert len(sqls) == expected, "\n".join(f"{n}. {sql[:160]}" for n, sql in enumerate(sqls, 1))


@pytest.fixture
def line(clock, hours, service_a, service_a2):
    """fill(depth): `depth` walk-ins waiting in line A (no phone: no message to them),
    the publisher drained and both lines' pace cached."""

    def fill(depth: int) -> None:
        for _ in range(depth):
            services.ticket_issue(service=service_a)
        assert realtime.flush(timeout=30)
        for service in (service_a, service_a2):
            service_pace(service=service)

    return fill


@pytest.fixture
def desk(counter_a, officer_a):
    counter_open(counter=counter_a, officer=officer_a)
    counter_service_ids(counter=counter_a)  # the mall's counter -> lines pairs, kept
    return client_of(officer_a)


@pytest.mark.parametrize("depth", DEPTHS)
def test_kiosk_issue(line, kiosk, service_a, depth):
    # auth; service; BEGIN; sequence upsert; ticket; timeline; the line's version
    # (upsert, for line.changed); COMMIT; place in line. No endpoint subscribes to
    # `ticket.issued`: nothing is recorded for webhooks, and asking costs no query.
    line(depth)
    client = client_of(kiosk)
    _, sqls = queries(
        lambda: client.post("/api/v1/kiosk/tickets/", {"service": service_a.pk}, format="json"),
        201,
    )
    assert_count(sqls, 9)


@pytest.mark.parametrize("depth", DEPTHS)
def test_online_booking(line, api, service_a, depth):
    # service; BEGIN; the day's slot counts; duplicate; booking limits (NIK, phone);
    # sequence upsert; quota; SAVEPOINT, ticket, RELEASE (the one-NIK rule may refuse
    # it); timeline; COMMIT; then the confirmation message task, inline here: the
    # ticket. A booked ticket has no place in line yet (no count).
    line(depth)
    booking = {
        "service": service_a.pk,
        "date": TOMORROW,
        "slot_start": "09:00",
        "nik": NIK,
        "phone": PHONE,
        "name": "Siti",
    }
    _, sqls = queries(lambda: api.post("/api/v1/bookings/", booking, format="json"), 201)
    assert_count(sqls, 14)


@pytest.mark.parametrize("depth", DEPTHS)
def test_check_in(line, kiosk, service_a, clock, depth):
    line(depth)
    booked = services.ticket_book(
        service=service_a,
        day=dt.date(2026, 11, 24),
        slot_start=dt.time(9, 30),
        nik=NIK,
        phone=PHONE,
    )
    client = client_of(kiosk)
    # auth; the ticket; BEGIN; compare-and-set; timeline;
    # the line's version (upsert); COMMIT; place in line.
    _, sqls = queries(
        lambda: client.post("/api/v1/check-in/", {"token": booked.token}, format="json"), 200
    )
    assert_count(sqls, 8)


@pytest.mark.parametrize("depth", DEPTHS)
def test_ticket_status(line, api, service_a, depth):
    line(depth)
    ticket = services.ticket_issue(service=service_a)
    # the ticket (with its service, agency, counter and booth); place in line.
    _, sqls = queries(lambda: api.get(f"/api/v1/tickets/{ticket.token}/"), 200)
    assert_count(sqls, 2)


@pytest.mark.parametrize("depth", DEPTHS)
def test_call_next(line, desk, counter_a, depth):
    line(depth)
    # auth; the counter; BEGIN; session lock (paused, busy); the first waiting ticket
    # (SKIP LOCKED); compare-and-set; timeline; the line's version (upsert); COMMIT;
    # then the line-near message task, inline here: who is near.
    _, sqls = queries(lambda: desk.post(f"/api/v1/counters/{counter_a.pk}/call-next/"), 200)
    assert_count(sqls, 10)


def _called(desk, counter_a) -> str:
    response = desk.post(f"/api/v1/counters/{counter_a.pk}/call-next/")
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.mark.parametrize("depth", DEPTHS)
def test_recall(line, desk, counter_a, depth):
    line(depth)
    _called(desk, counter_a)
    # auth; the counter; BEGIN; session lock; the called ticket; timeline; COMMIT.
    _, sqls = queries(lambda: desk.post(f"/api/v1/counters/{counter_a.pk}/recall/"), 200)
    assert_count(sqls, 7)


@pytest.mark.parametrize(
    ("steps", "last"),
    [((), "start"), (("start",), "finish"), ((), "no-show")],
    ids=["start", "finish", "no-show"],
)
@pytest.mark.parametrize("depth", DEPTHS)
def test_counter_step(line, desk, counter_a, depth, steps, last):
    line(depth)
    token = _called(desk, counter_a)
    for step in steps:
        assert desk.post(f"/api/v1/tickets/{token}/{step}/").status_code == 200
    # auth; the ticket; BEGIN; compare-and-set; timeline; COMMIT.
    _, sqls = queries(lambda: desk.post(f"/api/v1/tickets/{token}/{last}/"), 200)
    assert_count(sqls, 6)


@pytest.mark.parametrize("depth", DEPTHS)
def test_transfer(line, desk, counter_a, service_a2, depth):
    line(depth)
    token = _called(desk, counter_a)
    # auth; the target service; the ticket; BEGIN; compare-and-set; timeline; the new
    # line's version (upsert); COMMIT; place in the new line.
    _, sqls = queries(
        lambda: desk.post(
            f"/api/v1/tickets/{token}/transfer/", {"service": service_a2.pk}, format="json"
        ),
        200,
    )
    assert_count(sqls, 9)


def test_counts_do_not_depend_on_a_busy_mall(line, kiosk, service_a, service_b, counter_b):
    """Other lines' tickets (another agency) change nothing either."""
    line(3)
    for _ in range(5):
        services.ticket_issue(service=service_b)
    factories.BoothFactory()
    client = client_of(kiosk)
    _, sqls = queries(
        lambda: client.post("/api/v1/kiosk/tickets/", {"service": service_a.pk}, format="json"),
        201,
    )
    assert_count(sqls, 9)


def test_a_line_event_reads_the_waiting_codes_only(line, service_a, django_assert_num_queries):
    """Built on the publisher thread after each issue, call, check-in or cancel: the
    service and its waiting codes; the pace comes from the cache."""
    line(12)
    with django_assert_num_queries(2):
        event = events.build_line(service_a.pk)
    assert len(event["waiting"]) == 12


def test_a_counter_opening_is_in_the_next_line_event(line, service_a, counter_a, officer_a):
    """The pace is cached, but a counter of the line opening (or closing, pausing) drops
    it: the line's next event counts the counter at once."""
    line(1)
    assert events.build_line(service_a.pk)["open_counters"] == 0
    counter_open(counter=counter_a, officer=officer_a)
    assert realtime.flush(timeout=30)
    assert events.build_line(service_a.pk)["open_counters"] == 1
