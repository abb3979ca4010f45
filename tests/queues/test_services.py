"""Ticket services (queues/services/) before a counter: issue, book, check in, cancel.
At the counter (call, serve, transfer): test_services_counter.py.

The clock is frozen at Tuesday 2026-11-24 09:00 WIB; the mall opens Mon-Thu
08:00-14:00 (issuing stops 13:30), Fri 08:00-11:00, closed on weekends.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Closure, OpeningHours
from queues import errors
from queues.models import Ticket, TicketEvent
from queues.services import (
    ticket_book,
    ticket_call_next,
    ticket_cancel,
    ticket_check_in,
    ticket_finish,
    ticket_issue,
    ticket_start,
)
from tests.conftest import SATURDAY, THURSDAY, TUESDAY, WEDNESDAY, at
from tests.queues.services_support import (
    NIK,
    K,
    P,
    S,
    book,
    fresh,
    last_number,
    nik,
    set_tuesday_hours,
    timeline,
)

pytestmark = pytest.mark.usefixtures("clock", "hours")


# --- ticket_issue (walk-in) ---


def test_issue_creates_waiting_ticket_with_next_number(service_a, kiosk):
    first = ticket_issue(service=service_a, actor=kiosk)
    second = ticket_issue(service=service_a, actor=kiosk)

    second = fresh(second)
    assert (fresh(first).code, second.code) == ("A-001", "A-002")
    assert second.status == S.WAITING
    assert second.date == TUESDAY
    assert second.channel == Ticket.Channel.KIOSK
    assert second.issued_at == second.queued_at == at(9)
    assert second.counter is None
    assert timeline(second) == [(K.ISSUED, kiosk.pk, None, "", S.WAITING)]


def test_issue_numbers_count_per_prefix_and_restart_each_day(clock, service_a, service_a2):
    assert ticket_issue(service=service_a).code == "A-001"
    assert ticket_issue(service=service_a2).code == "B-001"
    assert ticket_issue(service=service_a).code == "A-002"

    clock.move_to(at(9, day=WEDNESDAY))
    tomorrow = ticket_issue(service=service_a)

    assert (tomorrow.code, tomorrow.date) == ("A-001", WEDNESDAY)


@pytest.mark.parametrize(
    ("priority", "rank"),
    [(P.REGULAR, 1), (P.ELDERLY, 0), (P.DISABLED, 0), (P.PREGNANT, 0), (P.CHILD, 0)],
)
def test_issue_records_priority(service_a, priority, rank):
    ticket = fresh(ticket_issue(service=service_a, priority=priority))

    assert (ticket.priority, ticket.priority_rank) == (priority, rank)


def test_assisted_issue_keeps_only_hash_last4_and_normalised_phone(service_a, officer_a):
    ticket = ticket_issue(
        service=service_a,
        channel=Ticket.Channel.ASSISTED,
        actor=officer_a,
        nik=NIK,
        phone="0812 3456 7890",
        name="  Siti Aminah ",
    )

    row = Ticket.objects.filter(pk=ticket.pk).values().get()
    assert not [column for column, value in row.items() if NIK in str(value)]
    assert row["nik_last4"] == "0001"
    assert len(row["nik_hash"]) == 64
    assert row["phone"] == "+6281234567890"
    assert row["name"] == "Siti Aminah"
    assert row["channel"] == Ticket.Channel.ASSISTED


def test_issue_refuses_inactive_service(service_a):
    service_a.is_active = False
    service_a.save()

    with pytest.raises(errors.ServiceUnavailable):
        ticket_issue(service=service_a)
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("moment", [at(7, 29), at(13, 30), at(13, 59), at(14), at(18)])
def test_issue_refused_outside_issuing_hours(clock, service_a, moment):
    clock.move_to(moment)

    with pytest.raises(errors.OutsideIssuingHours):
        ticket_issue(service=service_a)
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("moment", [at(7, 30), at(8), at(13, 29, 59)])
def test_issue_accepted_from_early_opening_until_cutoff(clock, service_a, moment):
    clock.move_to(moment)

    assert ticket_issue(service=service_a).issued_at == moment


def test_issue_refused_before_opening_says_when_kiosks_start(clock, service_a):
    # Kiosks hand out numbers MPP_ISSUE_EARLY_MINUTES (30) before the 08:00 opening.
    clock.move_to(at(7))

    with pytest.raises(errors.OutsideIssuingHours) as info:
        ticket_issue(service=service_a)
    assert "07:30" in info.value.detail


def test_issue_refused_during_break_says_when_it_resumes(clock, service_a):
    set_tuesday_hours(break_start=dt.time(11, 30), break_end=dt.time(13))
    clock.move_to(at(12))

    with pytest.raises(errors.OutsideIssuingHours) as info:
        ticket_issue(service=service_a)
    assert "13:00" in info.value.detail
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("moment", [at(11, 29, 59), at(13)])
def test_issue_accepted_around_the_break(clock, service_a, moment):
    set_tuesday_hours(break_start=dt.time(11, 30), break_end=dt.time(13))
    clock.move_to(moment)

    assert ticket_issue(service=service_a).status == S.WAITING


def test_issue_refused_on_a_weekend_without_opening_hours(clock, service_a):
    clock.move_to(at(9, day=SATURDAY))

    with pytest.raises(errors.DayClosed) as info:
        ticket_issue(service=service_a)
    assert "Sabtu" in info.value.detail


def test_issue_refused_on_a_closure(service_a):
    Closure.objects.create(date=TUESDAY, reason="Cuti bersama")

    with pytest.raises(errors.DayClosed) as info:
        ticket_issue(service=service_a)
    assert "Cuti bersama" in info.value.detail


def test_issue_allowed_on_a_closure_the_manager_reopened(service_a):
    Closure.objects.create(date=TUESDAY, reason="Cuti bersama", closed=False)

    assert ticket_issue(service=service_a).status == S.WAITING


def test_issue_refused_when_daily_quota_used_without_losing_a_number(service_a):
    service_a.daily_quota = 2
    service_a.save()
    first = ticket_issue(service=service_a)
    ticket_issue(service=service_a)

    with pytest.raises(errors.QuotaFull):
        ticket_issue(service=service_a)
    assert last_number("A") == 2

    ticket_cancel(ticket=first)
    assert ticket_issue(service=service_a).number == 3


def test_issue_quota_counts_only_the_day(clock, service_a):
    service_a.daily_quota = 1
    service_a.save()
    book(service_a, day=WEDNESDAY)

    assert ticket_issue(service=service_a).code == "A-001"


def test_issue_with_invalid_nik_refused_without_using_a_number(service_a):
    with pytest.raises(ValidationError):
        ticket_issue(service=service_a, nik="3574014501900000")
    with pytest.raises(ValidationError):
        ticket_issue(service=service_a, phone="0212345678")

    assert not Ticket.objects.exists()
    assert ticket_issue(service=service_a).number == 1


def test_assisted_issue_refused_for_a_nik_already_in_line(service_a):
    ticket_issue(service=service_a, nik=NIK)

    with pytest.raises(errors.DuplicateBooking):
        ticket_issue(service=service_a, nik=NIK)
    assert last_number("A") == 1


# --- ticket_book (online booking) ---


def test_book_creates_booked_ticket_for_the_slot(service_a):
    ticket = book(service_a, phone="+62 812-3456-7890", name="Budi")

    ticket = fresh(ticket)
    assert ticket.code == "A-001"
    assert ticket.status == S.BOOKED
    assert ticket.channel == Ticket.Channel.ONLINE
    assert ticket.date == WEDNESDAY
    assert ticket.slot_start == at(10, day=WEDNESDAY)
    assert ticket.slot_end == at(10, 30, day=WEDNESDAY)
    assert ticket.issued_at == at(9)
    assert ticket.queued_at is None
    assert (ticket.nik_last4, ticket.phone) == ("0001", "+6281234567890")
    assert timeline(ticket) == [(K.BOOKED, None, None, "", S.BOOKED)]


def test_book_never_stores_the_raw_nik(service_a):
    ticket = book(service_a, phone="081234567890")

    row = Ticket.objects.filter(pk=ticket.pk).values().get()
    assert not [column for column, value in row.items() if nik(1) in str(value)]
    events = TicketEvent.objects.filter(ticket=ticket).values()
    assert not [e for e in events for value in e.values() if nik(1) in str(value)]
    assert row["nik_last4"] == nik(1)[-4:]


def test_assisted_booking_records_the_officer(service_a, officer_a):
    ticket = book(service_a, channel=Ticket.Channel.ASSISTED, actor=officer_a)

    assert timeline(ticket) == [(K.BOOKED, officer_a.pk, None, "", S.BOOKED)]
    assert fresh(ticket).channel == Ticket.Channel.ASSISTED


def test_book_numbers_share_the_days_line_with_walk_ins(service_a):
    walk_in = ticket_issue(service=service_a)
    booking = book(service_a, day=TUESDAY, slot=dt.time(11))

    assert (walk_in.number, booking.number) == (1, 2)


def test_book_refused_when_online_booking_is_off(service_a):
    service_a.online_booking = False
    service_a.save()

    with pytest.raises(errors.OnlineBookingDisabled):
        book(service_a)
    assert not Ticket.objects.exists()


def test_book_refused_for_inactive_service(service_a):
    service_a.is_active = False
    service_a.save()

    with pytest.raises(errors.ServiceUnavailable):
        book(service_a)


def test_book_refused_for_a_past_date(service_a):
    with pytest.raises(errors.PastDate):
        book(service_a, day=TUESDAY - dt.timedelta(days=1))


def test_book_refused_beyond_the_booking_window(service_a):
    service_a.booking_window_days = 30
    service_a.save()
    last_day = TUESDAY + dt.timedelta(days=30)  # Thursday 24 Dec

    assert book(service_a, day=last_day).date == last_day
    with pytest.raises(errors.BeyondBookingWindow):
        book(service_a, day=last_day + dt.timedelta(days=1), serial=2)


def test_book_refused_on_a_weekend(service_a):
    with pytest.raises(errors.DayClosed):
        book(service_a, day=SATURDAY)


def test_book_refused_on_a_closure(service_a):
    Closure.objects.create(date=WEDNESDAY, reason="Libur nasional", source="holiday")

    with pytest.raises(errors.DayClosed) as info:
        book(service_a, day=WEDNESDAY)
    assert "Libur nasional" in info.value.detail
    assert book(service_a, day=THURSDAY).status == S.BOOKED


@pytest.mark.parametrize(
    "slot",
    [dt.time(10, 15), dt.time(7, 30), dt.time(13, 30), dt.time(14), dt.time(10, 0, 1)],
)
def test_book_refused_for_a_slot_that_does_not_exist(service_a, slot):
    with pytest.raises(errors.InvalidSlot):
        book(service_a, slot=slot)


def test_book_refused_for_a_slot_in_the_break(service_a):
    OpeningHours.objects.filter(weekday=2).update(
        break_start=dt.time(11, 30), break_end=dt.time(13)
    )

    with pytest.raises(errors.InvalidSlot):
        book(service_a, slot=dt.time(12))
    assert book(service_a, slot=dt.time(11), serial=2).status == S.BOOKED


def test_book_refused_for_a_friday_slot_after_the_friday_cutoff(service_a):
    friday = dt.date(2026, 11, 27)

    with pytest.raises(errors.InvalidSlot):
        book(service_a, day=friday, slot=dt.time(10, 30))
    assert book(service_a, day=friday, slot=dt.time(10), serial=2).status == S.BOOKED


@pytest.mark.parametrize("slot", [dt.time(8), dt.time(8, 30)])
def test_book_refused_for_a_slot_that_has_ended(service_a, slot):
    with pytest.raises(errors.SlotPassed):
        book(service_a, day=TUESDAY, slot=slot)


def test_book_accepted_for_the_slot_under_way(service_a):
    assert book(service_a, day=TUESDAY, slot=dt.time(9)).status == S.BOOKED


def test_book_refused_when_the_slot_is_full(service_a):
    service_a.slot_capacity = 2
    service_a.save()
    book(service_a, serial=1)
    book(service_a, serial=2)

    with pytest.raises(errors.SlotFull):
        book(service_a, serial=3)
    assert last_number("A", WEDNESDAY) == 2
    assert book(service_a, slot=dt.time(10, 30), serial=3).number == 3


def test_cancelled_booking_frees_its_seat(service_a):
    service_a.slot_capacity = 1
    service_a.save()
    first = book(service_a, serial=1)
    with pytest.raises(errors.SlotFull):
        book(service_a, serial=2)

    ticket_cancel(ticket=first)

    assert book(service_a, serial=2).number == 2


def test_book_refused_when_the_daily_quota_is_used(service_a):
    service_a.daily_quota = 2
    service_a.save()
    book(service_a, slot=dt.time(8), serial=1)
    book(service_a, slot=dt.time(13), serial=2)

    with pytest.raises(errors.QuotaFull):
        book(service_a, slot=dt.time(10), serial=3)
    assert last_number("A", WEDNESDAY) == 2


def test_second_booking_of_a_nik_for_the_same_service_and_day_refused(service_a):
    book(service_a, slot=dt.time(10))

    with pytest.raises(errors.DuplicateBooking):
        book(service_a, slot=dt.time(11))
    assert Ticket.objects.count() == 1
    assert last_number("A", WEDNESDAY) == 1


def test_same_nik_may_book_another_service_or_another_day(service_a, service_a2):
    book(service_a, day=WEDNESDAY)

    assert book(service_a2, day=WEDNESDAY).status == S.BOOKED
    assert book(service_a, day=THURSDAY).status == S.BOOKED


def test_same_nik_may_book_again_after_cancelling(service_a):
    first = book(service_a)
    ticket_cancel(ticket=first)

    again = book(service_a, slot=dt.time(11))

    assert (again.status, again.number) == (S.BOOKED, 2)


def test_booking_refused_while_the_nik_holds_a_walk_in_ticket(service_a):
    ticket_issue(service=service_a, nik=nik(1))

    with pytest.raises(errors.DuplicateBooking):
        book(service_a, day=TUESDAY, slot=dt.time(11))


def test_booking_allowed_once_the_niks_ticket_is_done(open_a, officer_a, service_a):
    ticket_issue(service=service_a, nik=nik(1))
    ticket = ticket_call_next(counter=open_a, actor=officer_a)
    ticket_start(ticket=ticket, actor=officer_a)
    ticket_finish(ticket=ticket, actor=officer_a)

    assert book(service_a, day=TUESDAY, slot=dt.time(11)).status == S.BOOKED


@pytest.mark.parametrize("value", ["", "   ", "3574014501900000", "35740145019000011", "0812"])
def test_book_refused_without_a_valid_nik(service_a, value):
    with pytest.raises(ValidationError):
        ticket_book(service=service_a, day=WEDNESDAY, slot_start=dt.time(10), nik=value)
    assert not Ticket.objects.exists()


def test_book_refused_with_an_invalid_phone(service_a):
    with pytest.raises(ValidationError):
        book(service_a, phone="021-555-1234")
    assert not Ticket.objects.exists()


# --- ticket_check_in ---


def test_check_in_before_the_slot_queues_at_slot_start(clock, service_a, kiosk):
    ticket = book(service_a, day=WEDNESDAY, slot=dt.time(10))
    clock.move_to(at(9, 20, day=WEDNESDAY))

    ticket_check_in(ticket=ticket, actor=kiosk)

    ticket = fresh(ticket)
    assert ticket.status == S.WAITING
    assert ticket.checked_in_at == at(9, 20, day=WEDNESDAY)
    assert ticket.queued_at == at(10, day=WEDNESDAY)
    assert timeline(ticket)[-1] == (K.CHECKED_IN, kiosk.pk, None, S.BOOKED, S.WAITING)


def test_check_in_after_slot_start_queues_at_check_in_time(clock, service_a):
    ticket = book(service_a, day=TUESDAY, slot=dt.time(9))
    clock.move_to(at(9, 40))

    ticket_check_in(ticket=ticket)

    assert fresh(ticket).queued_at == at(9, 40)


def test_check_in_accepted_from_opening(clock, service_a):
    ticket = book(service_a, day=WEDNESDAY, slot=dt.time(13))
    clock.move_to(at(8, day=WEDNESDAY))

    assert ticket_check_in(ticket=ticket).status == S.WAITING


def test_check_in_before_opening_is_too_early(clock, service_a):
    ticket = book(service_a, day=WEDNESDAY, slot=dt.time(8))
    clock.move_to(at(7, 59, 59, day=WEDNESDAY))

    with pytest.raises(errors.CheckInTooEarly) as info:
        ticket_check_in(ticket=ticket)
    assert "08:00" in info.value.detail
    assert fresh(ticket).status == S.BOOKED


@pytest.mark.parametrize("moment", [at(9), at(9, day=THURSDAY)])
def test_check_in_on_another_day_refused(clock, service_a, moment):
    ticket = book(service_a, day=WEDNESDAY)
    clock.move_to(moment)

    with pytest.raises(errors.CheckInWrongDay):
        ticket_check_in(ticket=ticket)
    assert fresh(ticket).status == S.BOOKED


def test_check_in_accepted_until_slot_end_plus_grace(clock, service_a):
    ticket = book(service_a, day=WEDNESDAY, slot=dt.time(10))
    clock.move_to(at(10, 45, day=WEDNESDAY))

    ticket_check_in(ticket=ticket)

    assert fresh(ticket).queued_at == at(10, 45, day=WEDNESDAY)


def test_check_in_after_slot_end_plus_grace_expired(clock, service_a):
    ticket = book(service_a, day=WEDNESDAY, slot=dt.time(10))
    clock.move_to(at(10, 45, 1, day=WEDNESDAY))

    with pytest.raises(errors.CheckInExpired):
        ticket_check_in(ticket=ticket)
    assert fresh(ticket).status == S.BOOKED


def test_check_in_grace_is_per_service(clock, service_a):
    service_a.checkin_grace_minutes = 0
    service_a.save()
    ticket = book(service_a, day=WEDNESDAY, slot=dt.time(10))
    clock.move_to(at(10, 31, day=WEDNESDAY))

    with pytest.raises(errors.CheckInExpired):
        ticket_check_in(ticket=ticket)


def test_check_in_twice_refused(clock, service_a):
    ticket = book(service_a, day=TUESDAY, slot=dt.time(10))
    ticket_check_in(ticket=ticket)

    with pytest.raises(errors.TicketStateChanged):
        ticket_check_in(ticket=ticket)
    assert [e[0] for e in timeline(ticket)] == [K.BOOKED, K.CHECKED_IN]


def test_check_in_of_a_stale_copy_refused(service_a):
    ticket = book(service_a, day=TUESDAY, slot=dt.time(10))
    stale = fresh(ticket)
    ticket_cancel(ticket=ticket)

    with pytest.raises(errors.TicketStateChanged):
        ticket_check_in(ticket=stale)
    assert fresh(ticket).status == S.CANCELLED


def test_check_in_of_a_walk_in_refused(service_a):
    with pytest.raises(errors.TicketStateChanged):
        ticket_check_in(ticket=ticket_issue(service=service_a))


# --- ticket_cancel ---


def test_cancel_booking(service_a):
    ticket = book(service_a)

    ticket_cancel(ticket=ticket)

    ticket = fresh(ticket)
    assert (ticket.status, ticket.finished_at) == (S.CANCELLED, at(9))
    assert timeline(ticket)[-1] == (K.CANCELLED, None, None, S.BOOKED, S.CANCELLED)


def test_cancel_waiting_ticket(service_a, kiosk):
    ticket = ticket_issue(service=service_a)

    ticket_cancel(ticket=ticket, actor=kiosk)

    assert fresh(ticket).status == S.CANCELLED
    assert timeline(ticket)[-1] == (K.CANCELLED, kiosk.pk, None, S.WAITING, S.CANCELLED)


def test_cancel_refused_once_called(called):
    with pytest.raises(errors.TicketStateChanged):
        ticket_cancel(ticket=called)
    assert fresh(called).status == S.CALLED


def test_cancel_of_a_stale_copy_refused(service_a):
    ticket = book(service_a)
    stale = fresh(ticket)
    ticket_cancel(ticket=ticket)

    with pytest.raises(errors.TicketStateChanged):
        ticket_cancel(ticket=stale)
    assert [e[0] for e in timeline(ticket)] == [K.BOOKED, K.CANCELLED]
