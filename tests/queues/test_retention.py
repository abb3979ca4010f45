"""Tickets forget the person after TICKET_RETENTION_DAYS (UU 27/2022) and keep the
statistics: queues/retention.py, the nightly beat task and `manage.py purge_ticket_data`."""

import datetime as dt
import io

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from mpp.celery import app as celery_app
from queues import tasks
from queues.models import Ticket, TicketEvent
from queues.retention import ticket_purge_personal_data, ticket_retention_cutoff
from tests import factories
from tests.conftest import TUESDAY_9AM

TODAY = TUESDAY_9AM.date()
PERSON = {
    "name": "Siti Aminah",
    "phone": "081234567890",
    "nik_hash": "ab" * 32,
    "nik_last4": "0001",
}


def _served(service, counter, officer, *, days_ago: int, status: str = "done", **person) -> Ticket:
    day = TODAY - dt.timedelta(days=days_ago)
    issued = TUESDAY_9AM - dt.timedelta(days=days_ago)
    ticket = factories.TicketFactory(
        service=service,
        date=day,
        status=status,
        issued_at=issued,
        queued_at=issued,
        called_at=issued + dt.timedelta(minutes=12),
        started_at=issued + dt.timedelta(minutes=13),
        finished_at=issued + dt.timedelta(minutes=25),
        counter=counter if status in ("done", "called", "serving") else None,
        **(person or PERSON),
    )
    TicketEvent.objects.create(
        ticket=ticket,
        kind=TicketEvent.Kind.CALLED,
        at=ticket.called_at,
        actor=officer,
        counter=counter,
        service=service,
        from_status="waiting",
        to_status="called",
    )
    return ticket


def _person(ticket: Ticket) -> dict:
    ticket.refresh_from_db()
    return {key: getattr(ticket, key) for key in PERSON}


BLANK = dict.fromkeys(PERSON, "")


def test_the_cutoff_is_ninety_days_back_by_default(clock):
    assert ticket_retention_cutoff() == TODAY - dt.timedelta(days=90)


def test_old_tickets_forget_the_person_and_keep_the_statistics(
    clock, service_a, counter_a, officer_a
):
    old = _served(service_a, counter_a, officer_a, days_ago=91)
    kept = _served(service_a, counter_a, officer_a, days_ago=90)
    before = {f: getattr(old, f) for f in ("date", "status", "called_at", "finished_at")}

    assert ticket_purge_personal_data(before=ticket_retention_cutoff()) == 1

    assert _person(old) == BLANK
    assert _person(kept) == PERSON
    assert {f: getattr(old, f) for f in before} == before
    assert old.service_id == service_a.pk and old.counter_id == counter_a.pk
    event = old.events.get()
    assert event.actor_id == officer_a.pk and event.counter_id == counter_a.pk


def test_running_twice_changes_nothing_the_second_time(clock, service_a, counter_a, officer_a):
    _served(service_a, counter_a, officer_a, days_ago=120)
    assert ticket_purge_personal_data(before=ticket_retention_cutoff()) == 1
    assert ticket_purge_personal_data(before=ticket_retention_cutoff()) == 0


def test_every_outcome_is_purged_but_a_ticket_still_in_line_is_not(
    clock, service_a, counter_a, officer_a
):
    outcomes = ["done", "no_show", "cancelled", "expired"]
    finished = [_served(service_a, counter_a, officer_a, days_ago=100, status=s) for s in outcomes]
    waiting = _served(service_a, counter_a, officer_a, days_ago=100, status="waiting")

    assert ticket_purge_personal_data(before=ticket_retention_cutoff()) == len(outcomes)
    assert all(_person(t) == BLANK for t in finished)
    assert _person(waiting) == PERSON


def test_the_nightly_task_follows_the_setting_as_the_clock_moves(
    settings, service_a, counter_a, officer_a
):
    settings.TICKET_RETENTION_DAYS = 30
    with time_machine.travel(TUESDAY_9AM, tick=False) as clock:
        ticket = _served(service_a, counter_a, officer_a, days_ago=0)
        clock.move_to(TUESDAY_9AM + dt.timedelta(days=30))
        assert tasks.purge_personal_data() == 0
        assert _person(ticket) == PERSON
        clock.move_to(TUESDAY_9AM + dt.timedelta(days=31))
        assert tasks.purge_personal_data() == 1
        assert _person(ticket) == BLANK


def test_the_purge_runs_every_night_from_the_beat_schedule():
    entry = celery_app.conf.beat_schedule["purge-ticket-personal-data"]
    assert entry["task"] == "queues.tasks.purge_personal_data"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {15}
    celery_app.loader.import_default_modules()
    assert entry["task"] in celery_app.tasks


def test_command_purges_as_the_task_does(clock, service_a, counter_a, officer_a):
    old = _served(service_a, counter_a, officer_a, days_ago=95)
    recent = _served(service_a, counter_a, officer_a, days_ago=10)
    out = io.StringIO()
    call_command("purge_ticket_data", stdout=out)
    assert "1 tickets" in out.getvalue()
    assert _person(old) == BLANK and _person(recent) == PERSON

    call_command("purge_ticket_data", "--before", TODAY.isoformat(), stdout=io.StringIO())
    assert _person(recent) == BLANK


@pytest.mark.parametrize("value", ["kemarin", "2026-13-01", "24-11-2026"])
def test_command_refuses_a_bad_date(db, value):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("purge_ticket_data", "--before", value, stdout=io.StringIO())


def test_the_audit_log_keeps_no_copy_of_a_ticket(clock, service_a, counter_a, officer_a):
    _served(service_a, counter_a, officer_a, days_ago=100)
    ticket_purge_personal_data(before=ticket_retention_cutoff())
    assert not LogEntry.objects.filter(changes__icontains="Siti Aminah").exists()
    assert not LogEntry.objects.filter(changes__icontains="081234567890").exists()
