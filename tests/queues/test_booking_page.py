"""The booking page: calendar, slots, every refusal next to its field, the confirmation
and the calendar file. The clock stands on Tuesday 2026-11-24 09:00 WIB."""

import datetime as dt
import json
import re

import pytest
from django.test import Client

from agencies.models import Closure
from queues import services
from queues.models import Ticket
from tests import factories
from tests.pow import solved

NIK = "3574014101900001"
NIK2 = "3574010101900002"
ELDERLY_NIK = "3574014101600001"  # a woman born 1 Jan 1960: 66 on the booking days
PHONE = "081234567890"


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def service(clock, hours, agency_a, booth_a):
    return factories.ServiceFactory(
        agency=agency_a,
        prefix="A",
        name="KTP-el baru",
        booking_window_days=7,
        requirements=["Fotokopi KK", "Formulir F-1.02"],
    )


def _field(html: str, name: str) -> str:
    """The markup of one form field block: its input and its error messages."""
    start = html.index(f'id="field-{name}"')
    end = html.find('class="p-field', start + 1)
    return html[start : end if end != -1 else html.index("</form>", start)]


def _post(client, service, follow=False, **data):
    payload = {
        "date": "2026-11-25",
        "slot": "10:00",
        "nik": NIK,
        "phone": PHONE,
        "name": "Siti",
        "priority": "regular",
        "altcha": solved(),  # the widget's proof of work (mpp/lib/pow.py)
    }
    payload.update(data)
    return client.post(f"/book/{service.pk}/", payload, follow=follow)


def test_calendar_lists_open_days_and_closed_days_with_their_reason(client, service):
    Closure.objects.create(date=dt.date(2026, 11, 26), reason="Cuti bersama uji")

    html = client.get(f"/book/{service.pk}/").content.decode()

    days = dict(re.findall(r'data-date="([\d-]+)">(.*?)</li>', html, re.S))
    assert list(days) == [f"2026-11-{d}" for d in range(24, 31)] + ["2026-12-01"]
    assert "Cuti bersama uji" in days["2026-11-26"]
    assert "Sabtu" in days["2026-11-28"] and "Minggu" in days["2026-11-29"]
    assert 'href="?date=2026-11-25#slots"' in days["2026-11-25"]
    assert "href=" not in days["2026-11-26"]


def test_slots_show_the_places_left_and_hide_past_slots(client, service):
    services.ticket_book(
        service=service, day=dt.date(2026, 11, 24), slot_start=dt.time(10), nik=NIK2
    )

    html = client.get(f"/book/{service.pk}/", {"date": "2026-11-24"}).content.decode()

    slots = re.findall(r'name="slot" value="(\d\d:\d\d)"', html)
    assert slots[0] == "09:00" and slots[-1] == "13:00"  # 08:30-09:00 has ended
    ten = html.split('value="10:00"')[1].split("</label>")[0]
    assert "sisa 4 tempat" in ten


def test_a_full_day_offers_the_next_free_day(client, service):
    service.slot_capacity = 1
    service.daily_quota = 1
    service.save()
    services.ticket_book(
        service=service, day=dt.date(2026, 11, 25), slot_start=dt.time(10), nik=NIK2
    )

    html = client.get(f"/book/{service.pk}/", {"date": "2026-11-25"}).content.decode()

    next_free = html.split('id="next-free"')[1].split("</p>")[0]
    assert "Penuh" in next_free and 'href="?date=2026-11-26#slots"' in next_free
    assert 'value="10:00" disabled' in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"nik": "12345"}, "nik", "NIK harus terdiri dari 16 angka."),
        ({"nik": "3574013102900001"}, "nik", "Tanggal lahir pada NIK tidak valid."),
        ({"nik": "3574010101900000"}, "nik", "Nomor urut pada NIK tidak valid."),
        ({"phone": "12345"}, "phone", "Nomor HP tidak valid."),
        ({"slot": ""}, "slot", "Pilih salah satu jam."),
        ({"slot": "10:10"}, "slot", "Slot waktu tidak tersedia"),
        ({"date": "2026-11-24", "slot": "08:00"}, "slot", "Slot waktu itu sudah lewat."),
        ({"date": "2026-11-23"}, "date", "Tanggal sudah lewat."),
        ({"date": "2026-12-30"}, "date", "paling lambat 7 hari"),
        ({"date": "2026-11-28"}, "date", "MPP tutup pada tanggal itu"),
    ],
)
def test_each_refusal_is_shown_next_to_its_field(client, service, data, field, message):
    response = _post(client, service, **data)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in _field(html, field)
    assert not Ticket.objects.exists()


def test_duplicate_booking_is_shown_on_the_nik(client, service):
    _post(client, service)

    response = _post(client, service, slot="11:00")

    assert response.status_code == 400
    assert "sudah memiliki antrean aktif" in _field(response.content.decode(), "nik")
    assert Ticket.objects.count() == 1


def test_full_slot_is_shown_on_the_slot(client, service):
    service.slot_capacity = 1
    service.save()
    services.ticket_book(
        service=service, day=dt.date(2026, 11, 25), slot_start=dt.time(10), nik=NIK2
    )

    response = _post(client, service)

    assert "Slot waktu itu sudah penuh" in _field(response.content.decode(), "slot")


def test_used_quota_is_shown_on_the_date(client, service):
    service.daily_quota = 1
    service.save()
    services.ticket_book(
        service=service, day=dt.date(2026, 11, 25), slot_start=dt.time(11), nik=NIK2
    )

    response = _post(client, service)

    assert "Kuota harian layanan ini sudah habis." in _field(response.content.decode(), "date")


def test_booking_is_refused_when_online_booking_is_off(client, service):
    service.online_booking = False
    service.save()

    response = _post(client, service)

    assert "tidak menerima pendaftaran online" in response.content.decode()
    assert not Ticket.objects.exists()


def test_success_shows_code_slot_requirements_qr_and_ics_but_no_personal_data(client, service):
    response = _post(client, service, nik=ELDERLY_NIK, priority="elderly")

    ticket = Ticket.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/book/done/{ticket.token}/"
    response = client.get(response["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert ticket.status == Ticket.Status.BOOKED and ticket.priority == "elderly"
    assert f'<p class="p-code" id="booked-code">{ticket.code}</p>' in html
    assert "10:00\u201310:30" in html
    assert "Fotokopi KK" in html and "Formulir F-1.02" in html
    assert "<svg" in html.split('class="p-qr"')[1]
    assert f'href="/t/{ticket.token}/calendar.ics"' in html
    assert f"/t/{ticket.token}/" in html and "Batalkan" in html
    for secret in (ELDERLY_NIK, ELDERLY_NIK[-4:], "1234567890", "Siti"):
        assert secret not in html


def test_success_page_in_english(client, service):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = _post(client, service, follow=True)

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert "Booking confirmed" in response.content.decode()


def test_ics_is_a_valid_calendar_of_the_booking(client, service):
    _post(client, service)
    ticket = Ticket.objects.get()

    response = client.get(f"/t/{ticket.token}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert "VERSION:2.0" in lines and "BEGIN:VEVENT" in lines and "END:VEVENT" in lines
    # 10:00-10:30 WIB is 03:00-03:30 UTC
    assert "DTSTART:20261125T030000Z" in lines and "DTEND:20261125T033000Z" in lines
    assert f"SUMMARY:{ticket.code} KTP-el baru" in lines
    location = next(line for line in lines if line.startswith("LOCATION:"))
    assert "Gerai Dukcapil" in location
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "Fotokopi KK" in description and "Formulir F-1.02" in description
    assert NIK not in body and "Siti" not in body


def test_ics_only_for_booked_tickets(client, service):
    _post(client, service)
    ticket = Ticket.objects.get()
    services.ticket_cancel(ticket=ticket)
    walk_in = services.ticket_issue(service=service)

    assert client.get(f"/t/{ticket.token}/calendar.ics").status_code == 404
    assert client.get(f"/t/{walk_in.token}/calendar.ics").status_code == 404
    assert client.get("/t/nonexistent-token/calendar.ics").status_code == 404


def test_unknown_service_is_404(client, db):
    assert client.get("/book/999999/").status_code == 404


# --- Staff book for a resident without a phone (channel "assisted") ---


def test_officer_books_for_a_resident_without_a_phone(client, clock, hours, officer_a, service_a):
    client.force_login(officer_a)

    response = client.post(
        f"/book/{service_a.pk}/",
        {
            "date": "2026-11-24",
            "slot": "10:00",
            "nik": ELDERLY_NIK,
            "phone": "",
            "priority": "elderly",
        },
    )

    assert response.status_code == 303, response.content.decode()[:500]
    ticket = Ticket.objects.get(service=service_a)
    assert (ticket.channel, ticket.status, ticket.phone) == ("assisted", "booked", "")
    assert ticket.events.get().actor == officer_a


def test_a_resident_booking_online_still_needs_a_phone(client, clock, hours, service_a):
    response = client.post(
        f"/book/{service_a.pk}/",
        {"date": "2026-11-24", "slot": "10:00", "nik": "3574014101900001", "phone": ""},
    )

    assert response.status_code == 400
    assert not Ticket.objects.exists()


def _queries(client, service) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/book/{service.pk}/").status_code == 200
    return len(ctx.captured_queries)


def test_calendar_costs_the_same_queries_for_a_week_or_two_months(client, service):
    services.ticket_book(
        service=service, day=dt.date(2026, 11, 25), slot_start=dt.time(10, 0), nik=NIK, phone=PHONE
    )
    Closure.objects.create(date=dt.date(2026, 12, 1), reason="Cuti bersama uji")
    _queries(client, service)  # the calendar's rows cached, as after the first page
    week = _queries(client, service)
    service.booking_window_days = 60
    service.save()

    assert _queries(client, service) == week


def test_day_schedules_agree_with_day_schedule_day_by_day(clock, hours):
    from agencies.selectors import day_schedule, day_schedules

    Closure.objects.create(date=dt.date(2026, 11, 26), reason="Cuti bersama uji")
    Closure.objects.create(date=dt.date(2026, 11, 27), reason="Dibuka", closed=False)
    first, last = dt.date(2026, 11, 23), dt.date(2026, 12, 6)

    schedules = day_schedules(first=first, last=last)

    assert [s.date for s in schedules] == [
        first + dt.timedelta(days=n) for n in range((last - first).days + 1)
    ]
    assert schedules == [day_schedule(day=s.date) for s in schedules]
    assert {s.date for s in schedules if not s.open} >= {dt.date(2026, 11, 26)}


def test_days_counts_agree_with_day_counts(clock, service):
    from queues.selectors import service_day_counts, service_days_counts

    for day, slot, nik in [
        (dt.date(2026, 11, 25), dt.time(10, 0), NIK),
        (dt.date(2026, 11, 25), dt.time(10, 30), NIK2),
        (dt.date(2026, 11, 27), dt.time(9, 0), NIK),
    ]:
        services.ticket_book(service=service, day=day, slot_start=slot, nik=nik, phone=PHONE)
    services.ticket_issue(service=service)  # a walk-in today: quota, no slot
    first, last = dt.date(2026, 11, 24), dt.date(2026, 11, 30)

    days = service_days_counts(service=service, first=first, last=last)

    for n in range(7):
        day = first + dt.timedelta(days=n)
        assert days.get(day, (0, {})) == service_day_counts(service=service, day=day)
    assert days[dt.date(2026, 11, 25)][0] == 2


# --- post/redirect/get: the confirmation lives at /book/done/<token>/ ---


def test_reloading_the_confirmation_shows_the_same_ticket_and_books_nothing(client, service):
    response = _post(client, service)
    ticket = Ticket.objects.get()

    first = client.get(response["Location"]).content.decode()
    again = client.get(response["Location"]).content.decode()

    for html in (first, again):
        assert f'id="booked-code">{ticket.code}<' in html
    assert "sudah memiliki antrean aktif" not in again
    assert Ticket.objects.count() == 1


def test_confirmation_url_is_the_unguessable_token_not_personal_data(client, service):
    response = _post(client, service)

    ticket = Ticket.objects.get()
    assert response["Location"] == f"/book/done/{ticket.token}/"
    for secret in (NIK, NIK[-4:], "1234567890", "Siti", ticket.code):
        assert secret not in response["Location"]
    assert client.get("/book/done/not-a-token/").status_code == 404


def test_confirmation_remembers_the_booking_for_the_phone(client, service):
    html = client.get(_post(client, service)["Location"]).content.decode()

    ticket = Ticket.objects.get()
    remembered = json.loads(
        html.split('id="booking-remember" type="application/json">')[1].split("<")[0]
    )
    assert remembered == {
        "token": ticket.token,
        "code": ticket.code,
        "date": "2026-11-25",
        "service": "KTP-el baru",
    }
    assert "queues/book.js" in html


def test_confirmation_of_a_cancelled_booking_goes_to_the_ticket_page(client, service):
    location = _post(client, service)["Location"]
    ticket = Ticket.objects.get()
    services.ticket_cancel(ticket=ticket, actor=None)

    response = client.get(location)

    assert response.status_code == 302
    assert response["Location"] == f"/t/{ticket.token}/"


# --- refusals: a summary at the top ---


def test_refusals_are_summed_up_above_the_calendar_in_field_order(client, service):
    response = _post(client, service, nik="12345", phone="999", slot="")

    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert html.index('id="error-summary"') < html.index('id="calendar"')
    links = re.findall(r'<a href="#field-(\w+)">', summary)
    assert links == ["slot", "nik", "phone"]
    assert "NIK harus terdiri dari 16 angka." in summary
    assert "<title>Periksa isian" in html


def test_a_refusal_of_the_whole_form_is_in_the_summary(client, service, monkeypatch):
    def unavailable(**kwargs):
        raise services.errors.ServiceUnavailable()

    monkeypatch.setattr(services, "ticket_book", unavailable)

    html = _post(client, service).content.decode()

    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "<li>Layanan ini tidak tersedia.</li>" in summary


def test_no_summary_before_anything_is_sent(client, service):
    assert 'id="error-summary"' not in client.get(f"/book/{service.pk}/").content.decode()


def test_elderly_priority_under_60_is_refused_on_the_priority_field(client, service):
    response = _post(client, service, priority="elderly")  # NIK: a woman born 1 Jan 1990

    assert response.status_code == 400
    assert "Prioritas lansia hanya untuk pemohon berusia 60 tahun" in _field(
        response.content.decode(), "priority"
    )
    assert not Ticket.objects.exists()


# --- a day that cannot be booked says why, not "Penuh" ---


def _slots_section(html: str) -> str:
    return html.split('id="slots"')[1].split('id="field-slot"')[0]


def test_a_past_date_says_it_has_passed_and_offers_the_next_free_day(client, service):
    html = client.get(f"/book/{service.pk}/", {"date": "2026-11-20"}).content.decode()

    section = _slots_section(html)
    assert "Tanggal sudah lewat." in section and "Penuh" not in section
    assert 'href="?date=2026-11-24#slots"' in section
    assert 'name="slot"' not in html


def test_a_date_beyond_the_window_says_so(client, service):
    html = client.get(f"/book/{service.pk}/", {"date": "2026-12-30"}).content.decode()

    section = _slots_section(html)
    assert "paling lambat 7 hari" in section and "Penuh" not in section
    assert 'name="slot"' not in html


def test_today_after_the_last_slot_says_the_hours_are_over(client, clock, service):
    clock.move_to(dt.datetime(2026, 11, 24, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))))

    html = client.get(f"/book/{service.pk}/", {"date": "2026-11-24"}).content.decode()

    section = _slots_section(html)
    assert "Jam layanan hari ini sudah lewat." in section and "Penuh" not in section


def test_posting_a_past_date_names_it_on_the_date_and_above_the_slots(client, service):
    html = _post(client, service, date="2026-11-23").content.decode()

    assert "Tanggal sudah lewat." in _field(html, "date")
    assert "Penuh" not in _slots_section(html)
