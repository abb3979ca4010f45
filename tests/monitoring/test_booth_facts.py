"""The alert scan and the dashboard read a booth through one selector
(monitoring/selectors.py: booth_facts), so the floor never contradicts an alert.

Both answer "as of a moment": the scan raises at `at`, the dashboard shows the booth at
`at`. The cases are the ones where their two former readings differed: a session opened
or closed after the moment, a break that had not ended yet then. Hours Mon-Thu
08:00-14:00; grace 15 min, no-call 10 min, pause limit 30 min.
"""

import datetime as dt

import pytest

from counters.models import CounterPause, CounterSession
from monitoring.selectors import booth_states
from monitoring.services import booth_scan
from tests import factories
from tests.conftest import WIB

pytestmark = pytest.mark.usefixtures("hours")

MOMENT = dt.datetime(2026, 11, 24, 9, 10, tzinfo=WIB)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return MOMENT.replace(hour=hour, minute=minute)


def scan_and_look(booth) -> dict:
    """Scan at MOMENT, then the booth as the dashboard shows it at MOMENT; fail on any
    alert the floor contradicts."""
    booth_scan(at=MOMENT)
    (state,) = booth_states(booth_ids=[booth.pk], at=MOMENT)
    reasons = {alert["reason"] for alert in state["alerts"]}
    counters = state["counters"]
    staffed = [c for c in counters if c["state"] != "closed"]
    assert ("no_counter_open" in reasons) == (not staffed), (reasons, counters)
    assert state["counters_open"] == len(staffed)
    if "break_overrun" in reasons:
        assert any(c["state"] == "paused" for c in counters), counters
    if "no_call" in reasons:
        assert any(c["state"] == "open" and not c["busy"] for c in counters), counters
        assert state["waiting"] > 0
    return state


def test_a_session_opened_after_the_moment_is_empty_on_both(counter_a, officer_a):
    CounterSession.objects.create(counter=counter_a, officer=officer_a, opened_at=at(9, 30))

    state = scan_and_look(counter_a.booth)

    assert state["state"] == "empty"
    assert [(c["state"], c["officer"]) for c in state["counters"]] == [("closed", None)]


def test_a_session_closed_after_the_moment_is_staffed_on_both(counter_a, officer_a):
    CounterSession.objects.create(
        counter=counter_a, officer=officer_a, opened_at=at(8), closed_at=at(9, 30)
    )

    state = scan_and_look(counter_a.booth)

    assert (state["state"], state["alerts"]) == ("idle", [])
    assert [(c["state"], c["officer"]) for c in state["counters"]] == [("open", officer_a.username)]


def test_a_break_running_at_the_moment_is_paused_on_both(counter_a, officer_a):
    session = CounterSession.objects.create(counter=counter_a, officer=officer_a, opened_at=at(8))
    CounterPause.objects.create(
        session=session, reason="Istirahat", started_at=at(8, 30), ended_at=at(9, 20)
    )

    state = scan_and_look(counter_a.booth)

    assert [a["reason"] for a in state["alerts"]] == ["break_overrun"]
    assert [c["state"] for c in state["counters"]] == ["paused"]


def test_a_ticket_waiting_at_an_idle_counter_is_unattended_on_both(counter_a, officer_a, service_a):
    CounterSession.objects.create(counter=counter_a, officer=officer_a, opened_at=at(8))
    factories.TicketFactory(
        service=service_a, date=MOMENT.date(), issued_at=at(8, 30), queued_at=at(8, 30)
    )

    state = scan_and_look(counter_a.booth)

    assert [a["reason"] for a in state["alerts"]] == ["no_call"]
    assert (state["waiting"], state["oldest_queued_at"]) == (1, "2026-11-24T08:30:00+07:00")


def test_an_early_check_in_waits_on_the_floor_but_raises_nothing(counter_a, officer_a, service_a):
    """A booking checked in early queues by its slot, after the moment: it is in line
    (the floor counts it) but has not waited yet (no alert)."""
    CounterSession.objects.create(counter=counter_a, officer=officer_a, opened_at=at(8))
    factories.TicketFactory(
        service=service_a, date=MOMENT.date(), issued_at=at(9), queued_at=at(9, 30)
    )

    state = scan_and_look(counter_a.booth)

    assert (state["state"], state["waiting"]) == ("idle", 1)
