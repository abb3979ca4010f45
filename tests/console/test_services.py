"""An officer's steps at a counter (console/services.py): open, close, pause, resume, and the
attendance rows they leave (CounterSession, CounterPause)."""

import logging

import pytest
from django.utils import timezone

from console.services import (
    counter_call_next,
    counter_close,
    counter_open,
    counter_pause,
    counter_resume,
)
from counters.errors import (
    CounterBusy,
    CounterInactive,
    CounterNotOpen,
    CounterNotPaused,
    CounterPaused,
    CounterTaken,
    OfficerBusyElsewhere,
)
from counters.models import CounterPause, CounterSession
from mpp.lib.errors import NotAllowed
from queues.models import Ticket
from queues.services import ticket_issue, ticket_start
from tests.conftest import at

pytestmark = pytest.mark.usefixtures("clock", "hours")


def sessions(counter) -> list[tuple]:
    return list(
        CounterSession.objects.filter(counter=counter)
        .order_by("opened_at", "id")
        .values_list("officer_id", "opened_at", "closed_at")
    )


def pauses(counter) -> list[tuple]:
    return list(
        CounterPause.objects.filter(session__counter=counter)
        .order_by("started_at", "id")
        .values_list("reason", "started_at", "ended_at")
    )


# --- counter_open ---


def test_open_starts_a_session_for_the_officer(counter_a, officer_a):
    session = counter_open(counter=counter_a, officer=officer_a)

    assert session.pk is not None
    assert sessions(counter_a) == [(officer_a.pk, at(9), None)]


def test_open_again_by_the_same_officer_is_a_no_op(clock, counter_a, officer_a):
    first = counter_open(counter=counter_a, officer=officer_a)
    clock.move_to(at(9, 30))

    again = counter_open(counter=counter_a, officer=officer_a)

    assert again.pk == first.pk
    assert sessions(counter_a) == [(officer_a.pk, at(9), None)]


def test_open_refused_while_another_officer_holds_the_counter(open_a, officer_a, officer_a2):
    with pytest.raises(CounterTaken):
        counter_open(counter=open_a, officer=officer_a2)
    assert sessions(open_a) == [(officer_a.pk, at(9), None)]


def test_open_refused_while_the_officer_holds_another_counter(open_a, counter_a2, officer_a):
    with pytest.raises(OfficerBusyElsewhere):
        counter_open(counter=counter_a2, officer=officer_a)
    assert sessions(counter_a2) == []


def test_officer_may_move_to_another_counter_after_closing(clock, open_a, counter_a2, officer_a):
    clock.move_to(at(10))
    counter_close(counter=open_a, actor=officer_a)

    counter_open(counter=counter_a2, officer=officer_a)

    assert sessions(counter_a2) == [(officer_a.pk, at(10), None)]


def test_reopening_after_close_starts_a_new_session(clock, open_a, officer_a, officer_a2):
    clock.move_to(at(10))
    counter_close(counter=open_a, actor=officer_a)
    clock.move_to(at(11))

    counter_open(counter=open_a, officer=officer_a2)

    assert sessions(open_a) == [(officer_a.pk, at(9), at(10)), (officer_a2.pk, at(11), None)]


def test_open_refused_for_an_inactive_counter(counter_a, officer_a):
    counter_a.is_active = False
    counter_a.save()

    with pytest.raises(CounterInactive):
        counter_open(counter=counter_a, officer=officer_a)
    assert sessions(counter_a) == []


@pytest.mark.parametrize("persona", ["officer_b", "supervisor_a", "kiosk"])
def test_open_refused_for_other_agencies_and_non_officers(request, counter_a, persona):
    with pytest.raises(NotAllowed):
        counter_open(counter=counter_a, officer=request.getfixturevalue(persona))
    assert sessions(counter_a) == []


def test_manager_may_open_any_counter(counter_b, manager):
    counter_open(counter=counter_b, officer=manager)

    assert sessions(counter_b) == [(manager.pk, at(9), None)]


# --- counter_close ---


def test_close_ends_the_session(clock, open_a, officer_a):
    clock.move_to(at(12, 15))

    session = counter_close(counter=open_a, actor=officer_a)

    assert session.closed_at == at(12, 15)
    assert sessions(open_a) == [(officer_a.pk, at(9), at(12, 15))]


def test_manager_may_close_an_officers_counter(open_a, officer_a, manager):
    counter_close(counter=open_a, actor=manager)

    assert sessions(open_a) == [(officer_a.pk, at(9), at(9))]


def test_close_refused_when_not_open(counter_a, officer_a):
    with pytest.raises(CounterNotOpen):
        counter_close(counter=counter_a, actor=officer_a)


def test_close_twice_refused(open_a, officer_a):
    counter_close(counter=open_a, actor=officer_a)

    with pytest.raises(CounterNotOpen):
        counter_close(counter=open_a, actor=officer_a)


def test_close_refused_while_a_ticket_is_called(called, open_a, officer_a):
    with pytest.raises(CounterBusy):
        counter_close(counter=open_a, actor=officer_a)
    assert sessions(open_a) == [(officer_a.pk, at(9), None)]


def test_close_refused_while_a_ticket_is_served(called, open_a, officer_a):
    ticket_start(ticket=called, actor=officer_a)

    with pytest.raises(CounterBusy):
        counter_close(counter=open_a, actor=officer_a)
    assert sessions(open_a)[0][2] is None


def test_close_ends_an_open_pause(clock, open_a, officer_a):
    clock.move_to(at(10))
    counter_pause(counter=open_a, actor=officer_a, reason="Sholat Dzuhur")
    clock.move_to(at(10, 30))

    counter_close(counter=open_a, actor=officer_a)

    assert pauses(open_a) == [("Sholat Dzuhur", at(10), at(10, 30))]
    assert sessions(open_a) == [(officer_a.pk, at(9), at(10, 30))]


def test_close_leaves_finished_pauses_alone(clock, open_a, officer_a):
    clock.move_to(at(10))
    counter_pause(counter=open_a, actor=officer_a, reason="Istirahat")
    clock.move_to(at(10, 10))
    counter_resume(counter=open_a, actor=officer_a)
    clock.move_to(at(11))

    counter_close(counter=open_a, actor=officer_a)

    assert pauses(open_a) == [("Istirahat", at(10), at(10, 10))]


# --- counter_pause / counter_resume ---


def test_pause_records_the_reason(clock, open_a, officer_a):
    clock.move_to(at(10))

    pause = counter_pause(counter=open_a, actor=officer_a, reason="  Sholat Dzuhur ")

    assert pause.session.counter_id == open_a.pk
    assert pauses(open_a) == [("Sholat Dzuhur", at(10), None)]


def test_pause_refused_when_already_paused(open_a, officer_a):
    counter_pause(counter=open_a, actor=officer_a, reason="Istirahat")

    with pytest.raises(CounterPaused):
        counter_pause(counter=open_a, actor=officer_a, reason="Lagi")
    assert [reason for reason, *_ in pauses(open_a)] == ["Istirahat"]


def test_pause_refused_while_a_ticket_is_called(called, open_a, officer_a):
    with pytest.raises(CounterBusy):
        counter_pause(counter=open_a, actor=officer_a, reason="Istirahat")
    assert pauses(open_a) == []


def test_pause_refused_when_not_open(counter_a, officer_a):
    with pytest.raises(CounterNotOpen):
        counter_pause(counter=counter_a, actor=officer_a, reason="Istirahat")


def test_resume_ends_the_pause(clock, open_a, officer_a):
    clock.move_to(at(10))
    counter_pause(counter=open_a, actor=officer_a, reason="Istirahat")
    clock.move_to(at(10, 20))

    session = counter_resume(counter=open_a, actor=officer_a)

    assert session.closed_at is None
    assert pauses(open_a) == [("Istirahat", at(10), at(10, 20))]


def test_pause_again_after_resume_adds_a_second_break(clock, open_a, officer_a):
    counter_pause(counter=open_a, actor=officer_a, reason="Pertama")
    clock.move_to(at(9, 10))
    counter_resume(counter=open_a, actor=officer_a)
    clock.move_to(at(11))

    counter_pause(counter=open_a, actor=officer_a, reason="Kedua")

    assert pauses(open_a) == [("Pertama", at(9), at(9, 10)), ("Kedua", at(11), None)]


def test_resume_refused_when_not_paused(open_a, officer_a):
    with pytest.raises(CounterNotPaused):
        counter_resume(counter=open_a, actor=officer_a)


def test_resume_twice_refused(clock, open_a, officer_a):
    counter_pause(counter=open_a, actor=officer_a, reason="Istirahat")
    clock.move_to(at(9, 15))
    counter_resume(counter=open_a, actor=officer_a)
    clock.move_to(at(9, 30))

    with pytest.raises(CounterNotPaused):
        counter_resume(counter=open_a, actor=officer_a)
    assert pauses(open_a) == [("Istirahat", at(9), at(9, 15))]


def test_resume_refused_when_not_open(counter_a, officer_a):
    with pytest.raises(CounterNotOpen):
        counter_resume(counter=counter_a, actor=officer_a)


# --- another agency's officer is refused ---


@pytest.mark.parametrize(
    ("action", "paused"),
    [
        (lambda counter, user: counter_close(counter=counter, actor=user), False),
        (lambda counter, user: counter_pause(counter=counter, actor=user, reason="x"), False),
        (lambda counter, user: counter_resume(counter=counter, actor=user), True),
    ],
    ids=["close", "pause", "resume"],
)
def test_officer_of_another_agency_refused(open_a, officer_a, officer_b, action, paused):
    if paused:
        counter_pause(counter=open_a, actor=officer_a, reason="Istirahat")
    before = (sessions(open_a), pauses(open_a))

    with pytest.raises(NotAllowed):
        action(open_a, officer_b)
    assert (sessions(open_a), pauses(open_a)) == before


@pytest.mark.django_db(transaction=True)
def test_a_call_made_is_answered_when_the_database_goes_before_the_booths_turn(
    clock, hours, booth_a, counter_a, officer_a, service_a, monkeypatch
):
    """The call commits, then PostgreSQL drops the connection before the booth's alerts
    are refreshed: the officer still gets the called ticket (not a 503 for a call that
    was made), and the alert waits for the next scan."""
    import psycopg2
    from django.conf import settings
    from django.db import connection

    from console import services as console_services
    from monitoring.models import BoothAlert

    counter_open(counter=counter_a, officer=officer_a)
    ticket = ticket_issue(service=service_a)
    BoothAlert.objects.create(
        booth=booth_a, kind=BoothAlert.Kind.UNATTENDED, reason="uji", opened_at=timezone.now()
    )
    real_refresh = console_services.booth_refresh

    def database_gone(**kwargs):
        pid = connection.connection.get_backend_pid()
        db = settings.DATABASES["default"]
        with psycopg2.connect(
            dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
        ) as other:
            other.cursor().execute("SELECT pg_terminate_backend(%s)", [pid])
        return real_refresh(**kwargs)

    monkeypatch.setattr(console_services, "booth_refresh", database_gone)
    warned: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warned.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("console.services").addHandler(handler)
    try:
        called = counter_call_next(counter=counter_a, actor=officer_a)
    finally:
        logging.getLogger("console.services").removeHandler(handler)
    connection.close()  # the request's end drops the broken connection
    assert called is not None and called.pk == ticket.pk
    assert warned == [f"booth {booth_a.pk}: alerts left to the next scan"]
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.CALLED
    assert BoothAlert.objects.get(booth=booth_a).closed_at is None  # the scan's, later
