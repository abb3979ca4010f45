"""Moving back (TUNDA, queues/services/postponing.py): the line's order stays the one
call order, its ticket pages follow by `line.changed` (equal to a fresh snapshot
afterwards), and the once-only rule and the status hold against a concurrent second
TUNDA or a call, with real threads on PostgreSQL."""

import datetime as dt
import threading

import pytest
from channels.db import database_sync_to_async
from django.db import connection

from console.services import counter_open
from queues import errors
from queues.models import Ticket, TicketEvent
from queues.selectors import line_waiting_codes
from queues.services import ticket_call_next, ticket_issue, ticket_postpone
from tests.queues.test_consumers import live, settle  # noqa: F401 - `live` is a fixture
from tests.queues.test_line_changes import PageLine, _book, _changes, _watch

db = database_sync_to_async


def _line_of(service, clock, count: int) -> list[Ticket]:
    tickets = []
    for _ in range(count):
        clock.shift(dt.timedelta(seconds=1))
        tickets.append(ticket_issue(service=service))
    return tickets


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("live")
async def test_pages_follow_a_move_back_and_equal_a_fresh_snapshot(clock, hours, service_a):
    watcher = await db(_book)(service_a, 1)
    tickets = await db(_line_of)(service_a, clock, 8)
    await settle()
    page, line = await _watch(watcher.token)
    moved = await db(ticket_postpone)(ticket=tickets[1])
    (change,) = await _changes(page)
    assert change["left"] == [] and [j["code"] for j in change["joined"]] == [moved.code]
    assert line.apply(change)
    order = [t.code for t in tickets]
    expected = order[:1] + order[2:7] + order[1:2] + order[7:]
    assert line.codes() == expected
    await page.send({"type": "snapshot"})
    fresh = PageLine((await page.wait_for("snapshot"))["line"])
    assert (fresh.codes(), fresh.version) == (expected, line.version)
    assert [e[1] for e in fresh.entries] == [e[1] for e in line.entries]
    await page.close()


@pytest.mark.parametrize("places", [1, 3, 5])
def test_every_place_count_keeps_the_others_in_order(clock, hours, service_a, places):
    tickets = _line_of(service_a, clock, 9)
    ticket_postpone(ticket=tickets[2], places=places)
    codes = [t.code for t in tickets]
    moved = codes.pop(2)
    codes.insert(2 + places, moved)
    assert line_waiting_codes(service_id=service_a.pk) == codes


def test_ties_of_queue_time_never_break_the_order(clock, hours, service_a):
    """Issued in the same microsecond (the clock is frozen): ids order them, and the
    ticket passes only as many as a queue time between two of them allows."""
    tickets = [ticket_issue(service=service_a) for _ in range(7)]
    codes = [t.code for t in tickets]
    with pytest.raises(errors.PostponeNobodyBehind):  # no queue time between 5th and 6th
        ticket_postpone(ticket=tickets[0])
    assert line_waiting_codes(service_id=service_a.pk) == codes
    ticket_postpone(ticket=tickets[4])  # behind the last: its queue time plus 1 us
    assert line_waiting_codes(service_id=service_a.pk) == codes[:4] + codes[5:] + [codes[4]]


def test_only_a_waiting_ticket_moves_back(hours, clock, service_a, counter_a, officer_a):
    tickets = _line_of(service_a, clock, 3)
    counter_open(counter=counter_a, officer=officer_a)
    called = ticket_call_next(counter=counter_a, actor=officer_a)
    with pytest.raises(errors.TicketStateChanged):
        ticket_postpone(ticket=called)
    assert called.pk == tickets[0].pk
    assert not TicketEvent.objects.filter(kind="postponed").exists()


def _race(*work):
    start = threading.Barrier(len(work))
    outcomes: list = [None] * len(work)

    def run(index: int) -> None:
        try:
            start.wait(timeout=30)
            outcomes[index] = work[index]()
        except errors.ApplicationError as refusal:
            outcomes[index] = refusal
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_tundas_at_once_move_it_back_once(clock, hours, service_a):
    for _ in range(5):
        Ticket.objects.all().delete()
        tickets = _line_of(service_a, clock, 12)
        first = Ticket.objects.get(pk=tickets[0].pk)
        second = Ticket.objects.get(pk=tickets[0].pk)
        outcomes = _race(
            lambda t=first: ticket_postpone(ticket=t), lambda t=second: ticket_postpone(ticket=t)
        )
        refused = [o for o in outcomes if isinstance(o, errors.PostponeUsed)]
        assert len(refused) == 1, outcomes
        assert TicketEvent.objects.filter(ticket=tickets[0], kind="postponed").count() == 1
        assert line_waiting_codes(service_id=service_a.pk).index(tickets[0].code) == 5


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_tunda_racing_a_call_either_moves_it_or_loses_to_the_call(
    clock, hours, service_a, counter_a, officer_a
):
    counter_open(counter=counter_a, officer=officer_a)
    for _ in range(5):
        Ticket.objects.filter(status="waiting").delete()
        Ticket.objects.filter(status="called").update(status="done")
        tickets = _line_of(service_a, clock, 4)
        head = Ticket.objects.get(pk=tickets[0].pk)
        postponed, called = _race(
            lambda t=head: ticket_postpone(ticket=t),
            lambda: ticket_call_next(counter=counter_a, actor=officer_a),
        )
        head.refresh_from_db()
        if isinstance(postponed, Ticket):  # moved back first: the next one was called
            assert called.pk == tickets[1].pk and head.status == "waiting"
            assert head.postponed_at is not None
        else:  # called first: the move back is refused, nothing moved
            assert isinstance(postponed, errors.TicketStateChanged), postponed
            assert called.pk == head.pk and head.postponed_at is None
        waiting = line_waiting_codes(service_id=service_a.pk)
        assert len(waiting) == 3 and len(set(waiting)) == 3
