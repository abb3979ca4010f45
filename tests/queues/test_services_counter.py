"""Ticket services (queues/services/) at the counter: call, recall, serve, transfer, and
another agency's officer refused.

The clock is frozen at Tuesday 2026-11-24 09:00 WIB; the mall opens Mon-Thu
08:00-14:00 (issuing stops 13:30), Fri 08:00-11:00, closed on weekends.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from console.services import counter_close, counter_open, counter_pause, counter_resume
from counters.errors import CounterBusy, CounterNotOpen, CounterPaused, NoCurrentTicket
from mpp.lib.errors import NotAllowed
from queues import errors
from queues.models import TicketEvent
from queues.services import (
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
from tests.conftest import TUESDAY, WEDNESDAY, at
from tests.queues.services_support import (
    NIK,
    K,
    P,
    S,
    book,
    fresh,
    timeline,
)

pytestmark = pytest.mark.usefixtures("clock", "hours")


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
