"""Planned closures (penutupan terencana) everywhere a resident picks a time or a line:
the availability API and the booking page (the kiosk, check-in, the service page,
transfers, the console's lists and the ticket page: test_closure_kiosk.py).

The clock is frozen at Tuesday 2026-11-24 09:00 WIB (opening hours 08:00-14:00, booking
slots of 30 minutes until the 13:30 cutoff). counter_a and counter_a2 (booth_a) serve
service_a and service_a2; counter_b (booth_b, another agency) serves service_b.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from closures.errors import ServiceClosedForNow
from closures.selectors import (
    LineClosures,
    line_closures,
    service_closed_until,
    services_closed_until,
)
from closures.services import closure_approve, closure_cancel, closure_request
from queues import services as queue_services
from queues.models import Ticket
from tests import factories
from tests.closures.closure_support import NIK, close_booth
from tests.conftest import TUESDAY_9AM, WEDNESDAY, at

pytestmark = pytest.mark.usefixtures("clock", "hours")


# --- the rule: a slot a closure cuts into is closed -----------------------------------


def test_a_slot_is_closed_when_a_closure_starts_inside_it(booth_a, counter_a, service_a, manager):
    close_booth(booth_a, manager, start=at(10, 15), end=at(12))
    closures = line_closures(service=service_a, at=TUESDAY_9AM)

    assert closures.closed_during(at(9, 30), at(10)) is None
    assert closures.closed_during(at(10), at(10, 30)) == at(12)  # cut at 10:15
    assert closures.closed_during(at(11, 30), at(12)) == at(12)
    assert closures.closed_during(at(12), at(12, 30)) is None


def test_one_counter_still_open_keeps_every_slot_open(
    counter_a, counter_a2, service_a, officer_a, manager
):
    closure = closure_request(actor=officer_a, counter=counter_a, reason="x", ends_at=at(12))
    closure_approve(closure=closure, actor=manager)

    assert line_closures(service=service_a, at=TUESDAY_9AM).closed_during(at(9), at(12)) is None


def test_no_closure_means_nothing_closed():
    empty = LineClosures()

    assert empty.closed_until(TUESDAY_9AM) is None
    assert empty.closed_during(at(8), at(14)) is None


def test_services_closed_until_agrees_with_service_closed_until(
    booth_a, counter_a, counter_a2, counter_b, service_a, service_a2, service_b, manager
):
    close_booth(booth_a, manager, end=at(11, 30))

    closed = services_closed_until(at=TUESDAY_9AM)

    assert closed == {service_a.pk: at(11, 30), service_a2.pk: at(11, 30)}
    for service in (service_a, service_a2, service_b):
        assert closed.get(service.pk) == service_closed_until(service=service, at=TUESDAY_9AM)


def test_with_no_closure_ahead_a_line_is_open_without_a_query(
    django_assert_num_queries, clock, booth_a, counter_a, counter_a2, service_a, manager
):
    """When the approved closures end is kept (mpp.lib.kept): a request approved or
    cancelled is seen at once, and one that is over leaves nothing to ask."""
    assert service_closed_until(service=service_a, at=TUESDAY_9AM) is None
    with django_assert_num_queries(0):
        assert service_closed_until(service=service_a, at=TUESDAY_9AM) is None
        assert services_closed_until(at=TUESDAY_9AM) == {}
    closure = close_booth(booth_a, manager, end=at(11))
    with pytest.raises(ServiceClosedForNow):
        queue_services.ticket_issue(service=service_a)
    clock.move_to(at(11))
    service_closed_until(service=service_a, at=at(11))
    with django_assert_num_queries(0):  # the closure is over: nothing lies ahead
        assert service_closed_until(service=service_a, at=at(11)) is None
    clock.move_to(at(10, 30))
    assert service_closed_until(service=service_a, at=at(10, 30)) == at(11)
    closure_cancel(closure=closure, actor=manager)
    assert service_closed_until(service=service_a, at=at(10, 30)) is None
    assert queue_services.ticket_issue(service=service_a).status == Ticket.Status.WAITING


def test_services_closed_until_takes_one_query_when_nothing_is_closed(
    django_assert_num_queries, counter_a, service_a
):
    with django_assert_num_queries(1):
        assert services_closed_until(at=TUESDAY_9AM) == {}


def test_services_closed_until_costs_the_same_for_one_closure_or_many(
    booth_a, booth_b, counter_a, counter_b, manager
):
    close_booth(booth_a, manager)
    services_closed_until(at=TUESDAY_9AM)  # when closures end, kept (mpp.lib.kept)
    with CaptureQueriesContext(connection) as one:
        services_closed_until(at=TUESDAY_9AM)
    close_booth(booth_b, manager)
    for n in range(5):
        factories.CounterFactory(
            booth=booth_b, number=10 + n, services=[factories.ServiceFactory(prefix=f"Q{n}")]
        )
    services_closed_until(at=TUESDAY_9AM)
    with CaptureQueriesContext(connection) as many:
        closed = services_closed_until(at=TUESDAY_9AM)

    assert len(many) == len(one) == 2
    assert len(closed) == 2 + 5 + 1


# --- the availability API ---------------------------------------------------------------


def availability(api, service, day, language="id"):
    return api.get(
        f"/api/v1/services/{service.pk}/availability/",
        {"date": day.isoformat()},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_availability_marks_the_slots_inside_a_closure(api, booth_a, counter_a, service_a, manager):
    close_booth(booth_a, manager, start=at(10, 0, day=25), end=at(11, 0, day=25))

    body = availability(api, service_a, WEDNESDAY).json()

    assert body["open"] is True
    by_start = {slot["start"][11:16]: slot for slot in body["slots"]}
    assert by_start["09:30"] == {
        **by_start["09:30"],
        "closed": False,
        "reason": "",
        "remaining": 5,
    }
    for start in ("10:00", "10:30"):
        assert by_start[start]["closed"] is True
        assert by_start[start]["remaining"] == 0
        assert by_start[start]["reason"] == "Layanan ditutup sementara sampai pukul 11:00 WIB."
    assert by_start["11:00"]["closed"] is False
    assert by_start["11:00"]["remaining"] == 5


def test_availability_of_a_fully_closed_day_is_closed_with_the_reason(
    api, booth_a, counter_a, service_a, manager
):
    close_booth(booth_a, manager, start=at(10), end=at(9, 0, day=26))

    body = availability(api, service_a, WEDNESDAY).json()
    english = availability(api, service_a, WEDNESDAY, "en").json()

    assert body["open"] is False
    assert body["reason"] == "Layanan ditutup sementara sampai 26-11-2026 pukul 09:00 WIB."
    assert english["open"] is False
    assert english["reason"] == "The service is temporarily closed until 26-11-2026 at 09:00 WIB."
    assert all(slot["closed"] and slot["remaining"] == 0 for slot in body["slots"])
    thursday = availability(api, service_a, dt.date(2026, 11, 26)).json()
    assert thursday["open"] is True
    assert [s["closed"] for s in thursday["slots"][:3]] == [True, True, False]


def test_availability_ignores_closures_not_approved_or_of_other_booths(
    api, booth_a, booth_b, counter_a, counter_b, service_a, service_b, supervisor_a, manager
):
    closure_request(actor=supervisor_a, booth=booth_a, reason="x", ends_at=at(13))  # pending
    cancelled = close_booth(booth_a, manager, start=at(9, 0, day=25), end=at(13, 0, day=25))
    closure_cancel(closure=cancelled, actor=manager)
    close_booth(booth_b, manager, end=at(14, 0, day=25))

    body = availability(api, service_a, WEDNESDAY).json()

    assert body["open"] is True
    assert not any(slot["closed"] for slot in body["slots"])
    assert availability(api, service_b, WEDNESDAY).json()["open"] is False


def test_the_schema_describes_the_new_slot_fields(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()

    slot = schema["components"]["schemas"]["Slot"]["properties"]
    assert {"closed", "reason"} <= set(slot)


# --- booking ---------------------------------------------------------------------------


def test_booking_a_slot_a_closure_cuts_into_is_refused(booth_a, counter_a, service_a, manager):
    close_booth(booth_a, manager, start=at(10, 15, day=25), end=at(11, 0, day=25))

    with pytest.raises(ServiceClosedForNow) as refused:
        queue_services.ticket_book(
            service=service_a, day=WEDNESDAY, slot_start=dt.time(10), nik=NIK
        )
    assert "sampai pukul 11:00 WIB" in refused.value.detail
    assert not Ticket.objects.exists()
    booked = queue_services.ticket_book(
        service=service_a, day=WEDNESDAY, slot_start=dt.time(9, 30), nik=NIK
    )
    assert booked.status == Ticket.Status.BOOKED


def test_booking_api_refusal_is_named_and_translated(api, booth_a, counter_a, service_a, manager):
    close_booth(booth_a, manager, start=at(10, 0, day=25), end=at(11, 0, day=25))
    body = {
        "service": service_a.pk,
        "date": "2026-11-25",
        "slot_start": "10:30",
        "nik": NIK,
        "phone": "081234567890",
    }

    indonesian = api.post("/api/v1/bookings/", body, format="json")
    english = api.post("/api/v1/bookings/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert indonesian.status_code == english.status_code == 409
    assert indonesian.json()["code"] == english.json()["code"] == "service_closed"
    assert "ditutup sementara" in indonesian.json()["detail"]
    assert "temporarily closed" in english.json()["detail"]


def book_page(service, day=None, language="id"):
    query = f"?date={day.isoformat()}" if day else ""
    return Client().get(f"/book/{service.pk}/{query}", HTTP_ACCEPT_LANGUAGE=language)


def test_booking_calendar_shows_a_fully_closed_day_as_closed_with_the_reason(
    booth_a, counter_a, service_a, manager
):
    close_booth(booth_a, manager, start=at(10), end=at(8, 0, day=26))

    html = book_page(service_a).content.decode()

    day = re.search(r'<li class="p-day[^"]*" data-date="2026-11-25">.*?</li>', html, re.S)[0]
    assert "is-closed" in day
    assert "Layanan ditutup sementara sampai 26-11-2026 pukul 08:00 WIB." in day
    assert "href=" not in day
    thursday = re.search(r'<li class="p-day[^"]*" data-date="2026-11-26">.*?</li>', html, re.S)
    assert "is-closed" not in thursday[0]


def test_booking_page_marks_the_closed_slots_of_the_chosen_day(
    booth_a, counter_a, service_a, manager
):
    close_booth(booth_a, manager, start=at(10, 0, day=25), end=at(11, 0, day=25))

    html = book_page(service_a, WEDNESDAY).content.decode()

    slot = re.search(
        r'<div class="p-slot[^"]*">\s*<label><input[^>]*value="10:30".*?</div>', html, re.S
    )
    assert "is-closed" in slot[0]
    assert "disabled" in slot[0]
    assert "Layanan ditutup sementara sampai pukul 11:00 WIB." in slot[0]
    open_slot = re.search(r'<div class="p-slot[^"]*">\s*<label><input[^>]*value="11:00"', html)
    assert "disabled" not in open_slot[0]


def test_choosing_a_closed_day_says_why_and_offers_the_next_free_day(
    booth_a, counter_a, service_a, manager
):
    close_booth(booth_a, manager, start=at(10), end=at(8, 0, day=26))

    html = book_page(service_a, WEDNESDAY, "en").content.decode()

    assert 'id="service-closed"' in html
    assert "The service is temporarily closed until 26-11-2026 at 08:00 WIB." in html
    assert "MPP is closed on that date" not in html
    next_free = re.search(r'<p class="p-full" id="next-free">.*?</p>', html, re.S)[0]
    assert "2026-11-26" in next_free
    assert "Full." not in next_free


def test_booking_form_shows_the_closure_refusal_next_to_the_slot(
    booth_a, counter_a, service_a, manager
):
    booking = {"date": "2026-11-25", "slot": "10:00", "nik": NIK, "phone": "081234567890"}
    page = Client().get(f"/book/{service_a.pk}/?date=2026-11-25")  # seen while open
    assert page.status_code == 200
    close_booth(booth_a, manager, start=at(10, 0, day=25), end=at(11, 0, day=25))

    response = Client().post(f"/book/{service_a.pk}/", booking)

    assert response.status_code == 400
    html = response.content.decode()
    field = html[html.index('id="field-slot"') :]
    assert "ditutup sementara" in field[: field.index("</div>\n  </section>")]
    assert not Ticket.objects.exists()


def _book_page_queries(service) -> int:
    book_page(service)  # the calendar's rows cached, as on any page after the first
    with CaptureQueriesContext(connection) as ctx:
        assert book_page(service).status_code == 200
    return len(ctx.captured_queries)


def test_calendar_with_closures_costs_the_same_queries_for_a_week_or_two_months(
    booth_a, counter_a, service_a, manager
):
    close_booth(booth_a, manager, start=at(10, 0, day=25), end=at(11, 0, day=25))
    close_booth(booth_a, manager, start=at(8, 0, day=30), end=at(14, 0, day=30))
    service_a.booking_window_days = 7
    service_a.save()
    week = _book_page_queries(service_a)
    service_a.booking_window_days = 60
    service_a.save()

    assert _book_page_queries(service_a) == week
