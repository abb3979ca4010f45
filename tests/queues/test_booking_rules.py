"""Booking rules the resident declares or picks online: elderly priority against the
NIK's birth date (lansia: 60 and over on the day of the visit) and the reason a past
day gives. The clock stands on Tuesday 2026-11-24 09:00 WIB."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mpp.lib.identity import age_on, nik_birth_date
from queues import errors, services
from queues.models import Ticket
from tests.conftest import THURSDAY, WEDNESDAY

TODAY = dt.date(2026, 11, 24)


def nik(day: int, month: int, year: int, *, woman: bool = False) -> str:
    """A Kota Probolinggo NIK with the given birth date (two-digit year), serial 0001."""
    return f"357401{day + (40 if woman else 0):02d}{month:02d}{year % 100:02d}0001"


def book(service, *, nik: str, day: dt.date = WEDNESDAY, priority: str = "elderly") -> Ticket:
    return services.ticket_book(
        service=service, day=day, slot_start=dt.time(10), nik=nik, priority=priority
    )


# --- the NIK's birth date ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "born"),
    [
        (nik(5, 1, 1990), dt.date(1990, 1, 5)),
        (nik(5, 1, 1990, woman=True), dt.date(1990, 1, 5)),  # women add 40 to the day
        (nik(31, 12, 1999, woman=True), dt.date(1999, 12, 31)),  # DD 71
        (nik(1, 1, 2000), dt.date(2000, 1, 1)),
        (nik(29, 2, 2000), dt.date(2000, 2, 29)),
        (nik(24, 11, 2026), dt.date(2026, 11, 24)),  # "26": not later than this year's 26
        (nik(1, 1, 1927), dt.date(1927, 1, 1)),  # "27" is later than 26: 19xx
    ],
)
def test_birth_date_from_the_nik(value, born):
    assert nik_birth_date(value, today=TODAY) == born


def test_the_century_turns_with_the_current_year():
    value = nik(1, 6, 2027)

    assert nik_birth_date(value, today=dt.date(2026, 12, 31)) == dt.date(1927, 6, 1)
    assert nik_birth_date(value, today=dt.date(2027, 1, 1)) == dt.date(2027, 6, 1)


def test_an_impossible_birth_date_is_refused():
    with pytest.raises(ValidationError) as raised:
        nik_birth_date("3574013102600001", today=TODAY)  # 31 Feb

    assert raised.value.code == "nik_birth_date"


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (dt.date(1966, 11, 25), dt.date(2026, 11, 24), 59),
        (dt.date(1966, 11, 25), dt.date(2026, 11, 25), 60),  # the 60th birthday itself
        (dt.date(1966, 11, 25), dt.date(2026, 11, 26), 60),
        (dt.date(1964, 2, 29), dt.date(2024, 2, 28), 59),
        (dt.date(1964, 2, 29), dt.date(2024, 2, 29), 60),
        (dt.date(1964, 2, 29), dt.date(2023, 3, 1), 59),
        (dt.date(1963, 2, 28), dt.date(2023, 3, 1), 60),
    ],
)
def test_age_on_a_day(born, day, age):
    assert age_on(born, day) == age


# --- elderly priority declared online ------------------------------------------------------


@pytest.mark.parametrize("woman", [False, True])
def test_elderly_from_the_60th_birthday_on_the_booking_date(clock, hours, service_a, woman):
    ticket = book(service_a, nik=nik(25, 11, 1966, woman=woman), day=WEDNESDAY)

    assert ticket.priority == "elderly"


@pytest.mark.parametrize("woman", [False, True])
def test_elderly_refused_the_day_before_the_60th_birthday(clock, hours, service_a, woman):
    with pytest.raises(errors.ElderlyPriorityTooYoung) as raised:
        book(service_a, nik=nik(26, 11, 1966, woman=woman), day=WEDNESDAY)

    assert "60 tahun" in raised.value.detail
    assert not Ticket.objects.exists()


def test_the_same_resident_may_book_elderly_on_their_birthday(clock, hours, service_a):
    # 59 on Wednesday, 60 on Thursday: the booking date counts, not today.
    ticket = book(service_a, nik=nik(26, 11, 1966), day=THURSDAY)

    assert ticket.priority == "elderly"


@pytest.mark.parametrize(
    "value",
    [
        nik(1, 1, 2000),  # "00": 2000, not 1900
        nik(1, 1, 2026),  # "26": this century
        nik(5, 1, 1990, woman=True),  # DD 45 is not a 45-year-old's anything
    ],
)
def test_elderly_refused_for_younger_niks(clock, hours, service_a, value):
    with pytest.raises(errors.ElderlyPriorityTooYoung):
        book(service_a, nik=value)


def test_elderly_allowed_for_a_year_read_as_19xx(clock, hours, service_a):
    assert book(service_a, nik=nik(1, 1, 1927)).priority == "elderly"


@pytest.mark.parametrize("priority", ["regular", "disabled", "pregnant", "child"])
def test_other_priorities_do_not_depend_on_age(clock, hours, service_a, priority):
    assert book(service_a, nik=nik(1, 1, 2000), priority=priority).priority == priority


def test_an_invalid_nik_is_refused_before_the_age_rule(clock, hours, service_a):
    with pytest.raises(ValidationError) as raised:
        book(service_a, nik="3574013102600001")

    assert raised.value.code == "nik_birth_date"


# --- the same rule through the API ---------------------------------------------------------


def _api_book(api, service, *, nik: str, priority: str = "elderly", language: str = "id"):
    body = {
        "service": service.pk,
        "date": WEDNESDAY.isoformat(),
        "slot_start": "10:00",
        "nik": nik,
        "phone": "081234567890",
        "priority": priority,
    }
    return api.post("/api/v1/bookings/", body, format="json", HTTP_ACCEPT_LANGUAGE=language)


def test_api_refuses_elderly_under_60_with_a_clear_message(api, clock, hours, service_a):
    response = _api_book(api, service_a, nik=nik(26, 11, 1966, woman=True))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "priority_elderly_age"
    assert body["detail"].startswith("Prioritas lansia hanya untuk pemohon berusia 60 tahun")
    assert not Ticket.objects.exists()


def test_api_refusal_in_english(api, clock, hours, service_a):
    response = _api_book(api, service_a, nik=nik(26, 11, 1966), language="en")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Elderly priority is only for applicants aged 60")


def test_api_books_elderly_at_60(api, clock, hours, service_a):
    response = _api_book(api, service_a, nik=nik(25, 11, 1966, woman=True))

    assert response.status_code == 201, response.content
    assert response.json()["priority"] == "elderly"


def test_api_invalid_nik_is_a_field_error(api, clock, hours, service_a):
    response = _api_book(api, service_a, nik="3574013102600001")

    assert response.status_code == 400
    assert list(response.json()) == ["nik"]


# --- a past day names its reason -----------------------------------------------------------


def test_booking_day_check(clock, service_a):
    services.booking_day_check(service=service_a, day=TODAY, today=TODAY)
    with pytest.raises(errors.PastDate):
        services.booking_day_check(service=service_a, day=dt.date(2026, 11, 23), today=TODAY)
    last = TODAY + dt.timedelta(days=service_a.booking_window_days)
    services.booking_day_check(service=service_a, day=last, today=TODAY)
    with pytest.raises(errors.BeyondBookingWindow):
        services.booking_day_check(service=service_a, day=last + dt.timedelta(days=1), today=TODAY)


@pytest.mark.parametrize(
    ("language", "reason"), [("id", "Tanggal sudah lewat."), ("en", "The date has already passed.")]
)
def test_availability_of_a_past_day_says_it_has_passed(
    api, clock, hours, service_a, language, reason
):
    response = api.get(
        f"/api/v1/services/{service_a.pk}/availability/?date=2026-11-23",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "date": "2026-11-23",
        "open": False,
        "reason": reason,
        "slots": [],
        "quota": None,
    }


def test_availability_of_today_still_lists_its_slots(api, clock, hours, service_a):
    body = api.get(f"/api/v1/services/{service_a.pk}/availability/?date=2026-11-24").json()

    assert body["open"] is True and body["reason"] == "" and body["slots"]
