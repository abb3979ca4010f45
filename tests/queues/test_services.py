"""Ticket services (queues/services/): issue, book, check in, cancel, call, serve, transfer.

The clock is frozen at Tuesday 2026-11-24 09:00 WIB; the mall opens Mon-Thu
08:00-14:00 (issuing stops 13:30), Fri 08:00-11:00, closed on weekends.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Closure, OpeningHours
from console.services import counter_close, counter_open, counter_pause, counter_resume
from counters.errors import CounterBusy, CounterNotOpen, CounterPaused, NoCurrentTicket
from mpp.lib.errors import NotAllowed
from queues import errors
from queues.models import DailySequence, Ticket, TicketEvent
from queues.services import (
    ticket_book,
    ticket_call,
    ticket_call_next,
    ticket_cancel,
    ticket_check_in,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from tests.conftest import SATURDAY, THURSDAY, TUESDAY, WEDNESDAY, at

pytestmark = pytest.mark.usefixtures("clock", "hours")

NIK = "3574014501900001"

S = Ticket.Status
K = TicketEvent.Kind
P = Ticket.Priority


def nik(serial: int) -> str:
    return f"357401450190{serial:04d}"


def timeline(ticket: Ticket) -> list[tuple]:
    """(kind, actor, counter, from_status, to_status) of each event, oldest first."""
    return list(
        TicketEvent.objects.filter(ticket=ticket)
        .order_by("at", "id")
        .values_list("kind", "actor_id", "counter_id", "from_status", "to_status")
    )


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def book(service, *, day=WEDNESDAY, slot=dt.time(10), serial=1, **kwargs) -> Ticket:
    return ticket_book(service=service, day=day, slot_start=slot, nik=nik(serial), **kwargs)


def last_number(prefix: str, day: dt.date = TUESDAY) -> int:
    return DailySequence.objects.get(prefix=prefix, date=day).last_number


def set_tuesday_hours(**fields) -> None:
    OpeningHours.objects.filter(weekday=1).update(**fields)


@pytest.fixture
def open_a(counter_a, officer_a):
    counter_open(counter=counter_a, officer=officer_a)
    return counter_a


@pytest.fixture
def open_b(counter_b, officer_b):
    counter_open(counter=counter_b, officer=officer_b)
    return counter_b


@pytest.fixture
def called(open_a, officer_a, service_a):
    ticket_issue(service=service_a)
    return ticket_call_next(counter=open_a, actor=officer_a)


@pytest.fixture
def serving(called, officer_a):
    return ticket_start(ticket=called, actor=officer_a)


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


# --- ticket_call_next ---


def test_call_next_calls_the_first_waiting_ticket(open_a, officer_a, service_a):
    ticket = ticket_issue(service=service_a)

    called = ticket_call_next(counter=open_a, actor=officer_a)

    assert called.pk == ticket.pk
    ticket = fresh(ticket)
    assert (ticket.status, ticket.counter_id, ticket.called_at) == (S.CALLED, open_a.pk, at(9))
    assert timeline(ticket)[-1] == (K.CALLED, officer_a.pk, open_a.pk, S.WAITING, S.CALLED)


def test_call_next_returns_none_when_nothing_waits(open_a, officer_a, service_a, service_b):
    ticket_issue(service=service_b)  # another agency's line
    book(service_a, day=TUESDAY, slot=dt.time(10))  # not checked in
    ticket_cancel(ticket=ticket_issue(service=service_a))

    assert ticket_call_next(counter=open_a, actor=officer_a) is None
    assert not TicketEvent.objects.filter(kind=K.CALLED).exists()


def test_call_next_ignores_yesterdays_waiting_tickets(clock, open_a, officer_a, service_a):
    ticket_issue(service=service_a)
    clock.move_to(at(9, day=WEDNESDAY))

    assert ticket_call_next(counter=open_a, actor=officer_a) is None


def call_all(counter, officer) -> list[int]:
    """Call (then mark no-show) until nothing waits: the ids in call order."""
    order = []
    while (ticket := ticket_call_next(counter=counter, actor=officer)) is not None:
        order.append(ticket.pk)
        ticket_no_show(ticket=ticket, actor=officer)
    return order


def test_call_order_priority_groups_first_then_queue_time(
    clock, open_a, officer_a, service_a, service_a2
):
    def issue_at(minute, priority=P.REGULAR, service=service_a):
        clock.move_to(at(9, minute))
        return ticket_issue(service=service, priority=priority).pk

    regular_early = issue_at(0)
    elderly = issue_at(1, P.ELDERLY)
    regular_other_line = issue_at(2, service=service_a2)
    disabled = issue_at(3, P.DISABLED)
    child_other_line = issue_at(4, P.CHILD, service=service_a2)
    pregnant = issue_at(5, P.PREGNANT)
    regular_late = issue_at(6)
    clock.move_to(at(9, 30))

    assert call_all(open_a, officer_a) == [
        elderly,
        disabled,
        child_other_line,
        pregnant,
        regular_early,
        regular_other_line,
        regular_late,
    ]


def test_call_order_breaks_queue_time_ties_by_id(open_a, officer_a, service_a, service_a2):
    # The clock is frozen: all three queue at 09:00.
    first = ticket_issue(service=service_a2).pk  # B-001
    second = ticket_issue(service=service_a).pk
    third = ticket_issue(service=service_a).pk

    assert call_all(open_a, officer_a) == [first, second, third]


def test_call_order_uses_slot_start_or_check_in_time_for_bookings(
    clock, open_a, officer_a, service_a
):
    early_arrival = book(service_a, day=TUESDAY, slot=dt.time(9, 30), serial=1)
    late_arrival = book(service_a, day=TUESDAY, slot=dt.time(9), serial=2)
    clock.move_to(at(9, 5))
    ticket_check_in(ticket=early_arrival)  # queues at 09:30
    clock.move_to(at(9, 10))
    walk_in_first = ticket_issue(service=service_a)
    clock.move_to(at(9, 20))
    ticket_check_in(ticket=late_arrival)  # queues at 09:20
    clock.move_to(at(9, 25))
    walk_in_second = ticket_issue(service=service_a)
    clock.move_to(at(9, 35))

    assert call_all(open_a, officer_a) == [
        walk_in_first.pk,
        late_arrival.pk,
        walk_in_second.pk,
        early_arrival.pk,
    ]


def test_two_counters_get_different_tickets(open_a, counter_a2, officer_a, officer_a2, service_a):
    counter_open(counter=counter_a2, officer=officer_a2)
    first, second = ticket_issue(service=service_a), ticket_issue(service=service_a)

    at_one = ticket_call_next(counter=open_a, actor=officer_a)
    at_two = ticket_call_next(counter=counter_a2, actor=officer_a2)

    assert (at_one.pk, at_two.pk) == (first.pk, second.pk)
    assert fresh(second).counter_id == counter_a2.pk


def test_call_next_refused_when_counter_not_open(counter_a, officer_a, service_a):
    ticket = ticket_issue(service=service_a)

    with pytest.raises(CounterNotOpen):
        ticket_call_next(counter=counter_a, actor=officer_a)
    assert fresh(ticket).status == S.WAITING


def test_call_next_refused_after_counter_closed(open_a, officer_a, service_a):
    counter_close(counter=open_a, actor=officer_a)
    ticket_issue(service=service_a)

    with pytest.raises(CounterNotOpen):
        ticket_call_next(counter=open_a, actor=officer_a)


def test_call_next_refused_while_paused_and_allowed_after_resume(open_a, officer_a, service_a):
    ticket = ticket_issue(service=service_a)
    counter_pause(counter=open_a, actor=officer_a, reason="Sholat")

    with pytest.raises(CounterPaused):
        ticket_call_next(counter=open_a, actor=officer_a)
    assert fresh(ticket).status == S.WAITING

    counter_resume(counter=open_a, actor=officer_a)
    assert ticket_call_next(counter=open_a, actor=officer_a).pk == ticket.pk


@pytest.mark.parametrize("state", ["called", "serving"])
def test_call_next_refused_while_counter_holds_a_ticket(
    request, open_a, officer_a, service_a, state
):
    request.getfixturevalue(state)
    waiting = ticket_issue(service=service_a)

    with pytest.raises(CounterBusy):
        ticket_call_next(counter=open_a, actor=officer_a)
    assert fresh(waiting).status == S.WAITING


def test_counter_free_again_after_finish_or_no_show(serving, officer_a, open_a, service_a):
    ticket_finish(ticket=serving, actor=officer_a)
    second = ticket_issue(service=service_a)
    second = ticket_call_next(counter=open_a, actor=officer_a)
    assert second.code == "A-002"

    ticket_no_show(ticket=second, actor=officer_a)
    third = ticket_issue(service=service_a)
    assert ticket_call_next(counter=open_a, actor=officer_a).pk == third.pk


def test_manager_may_call_at_any_counter(open_a, manager, service_a):
    ticket = ticket_issue(service=service_a)

    ticket_call_next(counter=open_a, actor=manager)

    assert timeline(ticket)[-1] == (K.CALLED, manager.pk, open_a.pk, S.WAITING, S.CALLED)


@pytest.mark.parametrize("persona", ["supervisor_a", "kiosk"])
def test_call_next_refused_for_non_officers(request, open_a, service_a, persona):
    ticket = ticket_issue(service=service_a)

    with pytest.raises(NotAllowed):
        ticket_call_next(counter=open_a, actor=request.getfixturevalue(persona))
    assert fresh(ticket).status == S.WAITING


# --- ticket_call (a chosen ticket) ---


def test_call_a_chosen_ticket_out_of_order(open_a, officer_a, service_a):
    ticket_issue(service=service_a)
    chosen = ticket_issue(service=service_a)

    ticket_call(counter=open_a, ticket=chosen, actor=officer_a)

    assert fresh(chosen).status == S.CALLED
    assert timeline(chosen)[-1] == (K.CALLED, officer_a.pk, open_a.pk, S.WAITING, S.CALLED)


def test_call_refused_for_a_ticket_of_a_service_the_counter_does_not_serve(
    open_a, officer_a, service_b
):
    other = ticket_issue(service=service_b)

    with pytest.raises(errors.NotAtThisCounter):
        ticket_call(counter=open_a, ticket=other, actor=officer_a)
    assert fresh(other).status == S.WAITING


def test_call_refused_for_a_booking_not_checked_in(open_a, officer_a, service_a):
    ticket = book(service_a, day=TUESDAY, slot=dt.time(10))

    with pytest.raises(errors.TicketStateChanged):
        ticket_call(counter=open_a, ticket=ticket, actor=officer_a)


def test_call_refused_when_another_counter_took_the_ticket_first(
    open_a, counter_a2, officer_a, officer_a2, service_a
):
    ticket = ticket_issue(service=service_a)
    stale = fresh(ticket)
    counter_open(counter=counter_a2, officer=officer_a2)
    ticket_call(counter=counter_a2, ticket=ticket, actor=officer_a2)

    with pytest.raises(errors.TicketStateChanged):
        ticket_call(counter=open_a, ticket=stale, actor=officer_a)
    assert fresh(ticket).counter_id == counter_a2.pk
    assert TicketEvent.objects.filter(ticket=ticket, kind=K.CALLED).count() == 1


def test_call_refused_when_counter_not_open(counter_a, officer_a, service_a):
    with pytest.raises(CounterNotOpen):
        ticket_call(counter=counter_a, ticket=ticket_issue(service=service_a), actor=officer_a)


def test_call_refused_while_paused(open_a, officer_a, service_a):
    counter_pause(counter=open_a, actor=officer_a, reason="Istirahat")

    with pytest.raises(CounterPaused):
        ticket_call(counter=open_a, ticket=ticket_issue(service=service_a), actor=officer_a)


def test_call_refused_while_counter_holds_a_ticket(called, open_a, officer_a, service_a):
    waiting = ticket_issue(service=service_a)

    with pytest.raises(CounterBusy):
        ticket_call(counter=open_a, ticket=waiting, actor=officer_a)
    assert fresh(waiting).status == S.WAITING


# --- ticket_recall ---


def test_recall_announces_the_called_ticket_again(called, open_a, officer_a):
    again = ticket_recall(counter=open_a, actor=officer_a)

    assert again.pk == called.pk
    assert fresh(called).status == S.CALLED
    assert timeline(called)[-1] == (K.RECALLED, officer_a.pk, open_a.pk, S.CALLED, S.CALLED)


def test_recall_refused_when_nothing_is_called(open_a, officer_a):
    with pytest.raises(NoCurrentTicket):
        ticket_recall(counter=open_a, actor=officer_a)


def test_recall_refused_once_service_started(serving, open_a, officer_a):
    with pytest.raises(NoCurrentTicket):
        ticket_recall(counter=open_a, actor=officer_a)
    assert not TicketEvent.objects.filter(kind=K.RECALLED).exists()


def test_recall_refused_when_counter_not_open(counter_a, officer_a):
    with pytest.raises(CounterNotOpen):
        ticket_recall(counter=counter_a, actor=officer_a)


# --- ticket_start / ticket_finish / ticket_no_show ---


def test_full_life_of_a_walk_in(clock, open_a, officer_a, kiosk, service_a):
    ticket_issue(service=service_a, actor=kiosk)
    clock.move_to(at(9, 5))
    ticket = ticket_call_next(counter=open_a, actor=officer_a)
    clock.move_to(at(9, 6))
    ticket_start(ticket=ticket, actor=officer_a)
    clock.move_to(at(9, 20))
    ticket_finish(ticket=ticket, actor=officer_a)

    ticket = fresh(ticket)
    assert ticket.status == S.DONE
    assert (ticket.called_at, ticket.started_at, ticket.finished_at) == (
        at(9, 5),
        at(9, 6),
        at(9, 20),
    )
    assert ticket.counter_id == open_a.pk
    assert timeline(ticket) == [
        (K.ISSUED, kiosk.pk, None, "", S.WAITING),
        (K.CALLED, officer_a.pk, open_a.pk, S.WAITING, S.CALLED),
        (K.STARTED, officer_a.pk, open_a.pk, S.CALLED, S.SERVING),
        (K.FINISHED, officer_a.pk, open_a.pk, S.SERVING, S.DONE),
    ]


def test_start_refused_unless_called(serving, officer_a, service_a):
    with pytest.raises(errors.TicketStateChanged):
        ticket_start(ticket=serving, actor=officer_a)
    with pytest.raises(errors.TicketStateChanged):
        ticket_start(ticket=ticket_issue(service=service_a), actor=officer_a)


def test_start_of_a_stale_copy_refused(called, officer_a):
    stale = fresh(called)
    ticket_no_show(ticket=called, actor=officer_a)

    with pytest.raises(errors.TicketStateChanged):
        ticket_start(ticket=stale, actor=officer_a)
    assert fresh(called).status == S.NO_SHOW


def test_finish_refused_unless_serving(called, officer_a):
    with pytest.raises(errors.TicketStateChanged):
        ticket_finish(ticket=called, actor=officer_a)
    assert fresh(called).status == S.CALLED


def test_no_show(called, clock, officer_a, open_a):
    clock.move_to(at(9, 5))

    ticket_no_show(ticket=called, actor=officer_a)

    ticket = fresh(called)
    assert (ticket.status, ticket.finished_at) == (S.NO_SHOW, at(9, 5))
    assert timeline(ticket)[-1] == (K.NO_SHOW, officer_a.pk, open_a.pk, S.CALLED, S.NO_SHOW)


def test_no_show_refused_once_serving(serving, officer_a):
    with pytest.raises(errors.TicketStateChanged):
        ticket_no_show(ticket=serving, actor=officer_a)
    assert fresh(serving).status == S.SERVING


def test_manager_may_serve_at_any_counter(called, manager):
    ticket_start(ticket=called, actor=manager)
    ticket_finish(ticket=called, actor=manager)

    assert fresh(called).status == S.DONE
    assert [e[1] for e in timeline(called)[-2:]] == [manager.pk, manager.pk]


def test_another_officer_of_the_agency_may_serve(called, officer_a2):
    ticket_start(ticket=called, actor=officer_a2)

    assert fresh(called).status == S.SERVING


# --- ticket_transfer ---


@pytest.mark.parametrize("state", ["called", "serving"])
def test_transfer_sends_the_same_ticket_to_another_line(
    request, clock, officer_a, open_a, service_a, service_b, state
):
    ticket = request.getfixturevalue(state)
    token, code, queued_at = ticket.token, ticket.code, fresh(ticket).queued_at
    clock.move_to(at(9, 10))

    ticket_transfer(ticket=ticket, service=service_b, actor=officer_a)

    ticket = fresh(ticket)
    assert (ticket.token, ticket.code, ticket.queued_at) == (token, code, queued_at)
    assert (ticket.status, ticket.service_id, ticket.counter_id) == (S.WAITING, service_b.pk, None)
    assert (ticket.called_at, ticket.started_at) == (None, None)
    event = TicketEvent.objects.filter(ticket=ticket).last()
    assert (event.kind, event.actor_id, event.counter_id) == (
        K.TRANSFERRED,
        officer_a.pk,
        open_a.pk,
    )
    assert (event.from_status, event.to_status, event.at) == (state, S.WAITING, at(9, 10))
    assert (event.service_id, event.note) == (service_b.pk, "A -> S")


def test_transferred_ticket_keeps_its_place_in_the_target_line(
    clock, called, officer_a, open_a, open_b, officer_b, service_b
):
    clock.move_to(at(9, 5))
    later = ticket_issue(service=service_b)
    clock.move_to(at(9, 10))
    ticket_transfer(ticket=called, service=service_b, actor=officer_a)

    first = ticket_call_next(counter=open_b, actor=officer_b)

    assert (first.pk, first.code) == (called.pk, "A-001")
    assert fresh(later).status == S.WAITING
    assert timeline(called) == [
        (K.ISSUED, None, None, "", S.WAITING),
        (K.CALLED, officer_a.pk, open_a.pk, S.WAITING, S.CALLED),
        (K.TRANSFERRED, officer_a.pk, open_a.pk, S.CALLED, S.WAITING),
        (K.CALLED, officer_b.pk, open_b.pk, S.WAITING, S.CALLED),
    ]
    legs = TicketEvent.objects.filter(ticket=called).values_list("kind", "service__prefix")
    assert [prefix for _, prefix in legs] == ["A", "A", "S", "S"]


def test_transferred_ticket_frees_the_counter(called, officer_a, open_a, service_a, service_b):
    ticket_transfer(ticket=called, service=service_b, actor=officer_a)
    waiting = ticket_issue(service=service_a)

    assert ticket_call_next(counter=open_a, actor=officer_a).pk == waiting.pk


def test_transfer_to_the_same_service_refused(called, officer_a, service_a):
    with pytest.raises(errors.TransferSameService):
        ticket_transfer(ticket=called, service=service_a, actor=officer_a)
    assert fresh(called).status == S.CALLED


def test_transfer_to_an_inactive_service_refused(called, officer_a, service_b):
    service_b.is_active = False
    service_b.save()

    with pytest.raises(errors.ServiceUnavailable):
        ticket_transfer(ticket=called, service=service_b, actor=officer_a)
    assert fresh(called).service_id != service_b.pk


def test_transfer_of_a_waiting_ticket_refused(officer_a, service_a, service_b):
    ticket = ticket_issue(service=service_a)

    with pytest.raises(errors.TicketStateChanged):
        ticket_transfer(ticket=ticket, service=service_b, actor=officer_a)


def test_transfer_refused_when_the_nik_already_waits_in_the_target_line(
    open_a, officer_a, service_a, service_b
):
    ticket = ticket_issue(service=service_a, nik=NIK)
    ticket_issue(service=service_b, nik=NIK)
    ticket_call(counter=open_a, ticket=ticket, actor=officer_a)

    with pytest.raises(errors.DuplicateBooking):
        ticket_transfer(ticket=ticket, service=service_b, actor=officer_a)
    ticket = fresh(ticket)
    assert (ticket.status, ticket.service_id, ticket.counter_id) == (
        S.CALLED,
        service_a.pk,
        open_a.pk,
    )
    assert not TicketEvent.objects.filter(kind=K.TRANSFERRED).exists()


# --- another agency's officer is refused every counter and ticket action ---


@pytest.mark.parametrize(
    "action",
    [
        lambda x, user: ticket_call_next(counter=x.free_counter, actor=user),
        lambda x, user: ticket_call(counter=x.free_counter, ticket=x.waiting, actor=user),
        lambda x, user: ticket_recall(counter=x.busy_counter, actor=user),
        lambda x, user: ticket_start(ticket=x.called, actor=user),
        lambda x, user: ticket_no_show(ticket=x.called, actor=user),
        lambda x, user: ticket_transfer(ticket=x.called, service=x.own_service, actor=user),
    ],
    ids=["call_next", "call", "recall", "start", "no_show", "transfer"],
)
def test_officer_of_another_agency_refused(
    called, open_a, counter_a2, officer_a2, officer_b, service_a2, service_b, action
):
    # Agency A's second counter is open and free, so only the agency check can refuse.
    counter_open(counter=counter_a2, officer=officer_a2)
    x = SimpleNamespace(
        called=called,
        waiting=ticket_issue(service=service_a2),
        busy_counter=open_a,
        free_counter=counter_a2,
        own_service=service_b,
    )
    events = TicketEvent.objects.count()

    with pytest.raises(NotAllowed):
        action(x, officer_b)
    assert (fresh(called).status, fresh(x.waiting).status) == (S.CALLED, S.WAITING)
    assert fresh(called).service_id != service_b.pk
    assert TicketEvent.objects.count() == events


def test_officer_of_another_agency_refused_finish(serving, officer_b):
    with pytest.raises(NotAllowed):
        ticket_finish(ticket=serving, actor=officer_b)
    assert fresh(serving).status == S.SERVING
