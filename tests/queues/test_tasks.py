"""Celery tasks (queues/tasks.py): expiry housekeeping, reminders and messages.

The task functions run directly against PostgreSQL with the clock frozen at
Tuesday 2026-11-24 09:00 WIB (Mon-Thu 08:00-14:00, Fri 08:00-11:00). Celery is
eager here so fan-out tasks run inline and messages land in MemoryBackend; one
slow test sends a task through a real worker on the Redis broker.
"""

import datetime as dt
import logging
import time
import uuid

import pytest
import redis
from django.utils import timezone

from agencies.models import Closure
from console.services import counter_open
from mpp.celery import app as celery_app
from mpp.lib import notify
from mpp.lib.tasks import pending_tasks_resend
from mpp.models import PendingTask
from queues import services, tasks
from queues.models import Ticket, TicketEvent
from queues.services import (
    ticket_book,
    ticket_call_next,
    ticket_cancel,
    ticket_check_in,
    ticket_issue,
    tickets_expire_waiting,
)
from tests import factories, workers
from tests.conftest import FRIDAY, MONDAY, SATURDAY, THURSDAY, TUESDAY, WEDNESDAY, at
from tests.workers import WORKER_REDIS_URL

PHONE = "081234567890"

S = Ticket.Status
K = TicketEvent.Kind


def nik(serial: int) -> str:
    return f"357401450190{serial:04d}"


def book(service, *, day=TUESDAY, slot=dt.time(10), serial=1, phone=PHONE) -> Ticket:
    return ticket_book(service=service, day=day, slot_start=slot, nik=nik(serial), phone=phone)


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def statuses(*tickets: Ticket) -> list[str]:
    return [fresh(t).status for t in tickets]


def sent(kind: str | None = None) -> list[notify.Message]:
    return [m for m in notify.outbox if kind is None or m.kind == kind]


@pytest.fixture
def eager(outbox):
    """Celery runs inline (.delay() included) and messages go to the in-memory outbox.

    The sent-once claims live in the run's own Redis cache (cleared per test, see conftest).
    """
    saved = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


# --- no-shows: bookings not checked in by slot end + grace --------------------------------


@pytest.mark.usefixtures("clock", "hours", "eager")
class TestExpireNoShows:
    # Slot 10:00-10:30, grace 15 minutes: check-in is accepted until 10:45:00.

    def test_not_before_slot_end_plus_grace(self, clock, service_a):
        ticket = book(service_a)
        clock.move_to(at(10, 45))
        assert tasks.expire_no_shows() == 0
        assert fresh(ticket).status == S.BOOKED
        assert not TicketEvent.objects.filter(ticket=ticket, kind=K.NO_SHOW).exists()

    def test_after_slot_end_plus_grace(self, clock, service_a):
        ticket = book(service_a)
        clock.move_to(at(10, 46))
        assert tasks.expire_no_shows() == 1
        ticket = fresh(ticket)
        assert ticket.status == S.NO_SHOW
        assert ticket.finished_at == at(10, 46)
        event = TicketEvent.objects.get(ticket=ticket, kind=K.NO_SHOW)
        assert (event.from_status, event.to_status, event.actor_id) == (S.BOOKED, S.NO_SHOW, None)
        assert event.at == at(10, 46)

    def test_grace_is_per_service(self, clock, service_a, service_a2):
        service_a2.checkin_grace_minutes = 60
        service_a2.save()
        short, long = book(service_a), book(service_a2)
        clock.move_to(at(11, 0))
        tasks.expire_no_shows()
        assert statuses(short, long) == [S.NO_SHOW, S.BOOKED]
        clock.move_to(at(11, 31))
        tasks.expire_no_shows()
        assert statuses(long) == [S.NO_SHOW]

    def test_checked_in_and_cancelled_untouched(self, clock, service_a):
        arrived, cancelled = book(service_a, serial=1), book(service_a, serial=2)
        clock.move_to(at(10, 5))
        ticket_check_in(ticket=arrived)
        ticket_cancel(ticket=cancelled)
        clock.move_to(at(13))
        assert tasks.expire_no_shows() == 0
        assert statuses(arrived, cancelled) == [S.WAITING, S.CANCELLED]

    def test_other_days(self, clock, service_a):
        tomorrow = book(service_a, day=WEDNESDAY)
        yesterday = factories.TicketFactory(
            service=service_a,
            date=MONDAY,
            status=S.BOOKED,
            slot_start=at(10, day=MONDAY),
            slot_end=at(10, 30, day=MONDAY),
            queued_at=None,
        )
        assert tasks.expire_no_shows() == 1
        assert statuses(yesterday, tomorrow) == [S.NO_SHOW, S.BOOKED]

    def test_twice_changes_nothing_more(self, clock, service_a):
        book(service_a, serial=1)
        book(service_a, serial=2, slot=dt.time(11))
        clock.move_to(at(12))
        assert tasks.expire_no_shows() == 2
        events = TicketEvent.objects.count()
        assert tasks.expire_no_shows() == 0
        assert TicketEvent.objects.count() == events


# --- expired: tickets still waiting when the day closes ------------------------------------


@pytest.mark.usefixtures("clock", "hours", "eager")
class TestExpireWaiting:
    def test_before_closing_untouched(self, clock, service_a):
        ticket = ticket_issue(service=service_a)
        clock.move_to(at(13, 59, 59))
        assert tasks.expire_waiting() == 0
        assert fresh(ticket).status == S.WAITING

    def test_at_closing(self, clock, service_a, service_b):
        first, second = ticket_issue(service=service_a), ticket_issue(service=service_b)
        clock.move_to(at(14))
        assert tasks.expire_waiting() == 2
        assert statuses(first, second) == [S.EXPIRED, S.EXPIRED]
        event = TicketEvent.objects.get(ticket=first, kind=K.EXPIRED)
        assert (event.from_status, event.to_status, event.at) == (S.WAITING, S.EXPIRED, at(14))
        assert fresh(first).finished_at == at(14)

    def test_only_waiting(self, clock, service_a, service_a2, counter_a, officer_a):
        called = ticket_issue(service=service_a)
        waiting = ticket_issue(service=service_a2)
        booked = book(service_a, slot=dt.time(13))
        counter_open(counter=counter_a, officer=officer_a)
        ticket_call_next(counter=counter_a, actor=officer_a)
        clock.move_to(at(14))
        tasks.expire_waiting()
        assert statuses(called, waiting, booked) == [S.CALLED, S.EXPIRED, S.BOOKED]

    def test_earlier_days_expire_at_any_time(self, clock, service_a):
        monday = factories.TicketFactory(
            service=service_a, date=MONDAY, issued_at=at(9, day=MONDAY)
        )
        today = ticket_issue(service=service_a)
        assert tasks.expire_waiting() == 1
        assert statuses(monday, today) == [S.EXPIRED, S.WAITING]

    def test_friday_closes_earlier(self, clock, service_a):
        clock.move_to(at(9, day=FRIDAY))
        ticket = ticket_issue(service=service_a)
        clock.move_to(at(10, 59, day=FRIDAY))
        assert tasks.expire_waiting() == 0
        clock.move_to(at(11, day=FRIDAY))
        assert tasks.expire_waiting() == 1
        assert fresh(ticket).status == S.EXPIRED

    def test_closed_day_expires_earlier_days(self, clock, service_a):
        """On a weekend or a closure there is no closing time: earlier days still expire."""
        ticket = ticket_issue(service=service_a)
        Closure.objects.create(date=WEDNESDAY, closed=True, reason="Libur nasional")
        clock.move_to(at(9, day=WEDNESDAY))
        assert tasks.expire_waiting() == 1
        assert fresh(ticket).status == S.EXPIRED
        clock.move_to(at(12, day=SATURDAY))
        assert tasks.expire_waiting() == 0

    def test_twice_changes_nothing_more(self, clock, service_a):
        ticket_issue(service=service_a)
        ticket_issue(service=service_a)
        clock.move_to(at(14, 5))
        assert tasks.expire_waiting() == 2
        events = TicketEvent.objects.count()
        assert tasks.expire_waiting() == 0
        assert TicketEvent.objects.count() == events

    def test_service_takes_the_moment(self, service_a):
        ticket = ticket_issue(service=service_a)
        assert tickets_expire_waiting(at=at(13)) == []
        assert [t.pk for t in tickets_expire_waiting(at=at(14))] == [ticket.pk]


# --- reminders: the day before, once per booking ---------------------------------------------


@pytest.mark.usefixtures("clock", "hours", "eager")
class TestReminders:
    def test_tomorrows_bookings_once(self, clock, service_a, service_b):
        first = book(service_a, day=WEDNESDAY, serial=1)
        second = book(service_b, day=WEDNESDAY, serial=2, slot=dt.time(11))
        clock.move_to(at(16))
        tasks.send_reminders()
        tasks.send_reminders()
        reminders = sent("reminder")
        assert len(reminders) == 2
        assert {m.phone for m in reminders} == {"+6281234567890"}
        texts = " ".join(m.text for m in reminders)
        assert first.code in texts and second.code in texts
        assert "25-11-2026" in texts and "10:00" in texts
        assert nik(1) not in texts and nik(2) not in texts

    def test_not_cancelled_other_days_or_no_phone(self, clock, service_a):
        cancelled = book(service_a, day=WEDNESDAY, serial=1)
        ticket_cancel(ticket=cancelled)
        book(service_a, day=THURSDAY, serial=2)
        book(service_a, day=TUESDAY, serial=3, slot=dt.time(13))
        book(service_a, day=WEDNESDAY, serial=4, phone="")
        clock.move_to(at(16))
        assert tasks.send_reminders() == 0
        assert sent() == []

    def test_checked_in_after_fan_out_is_not_reminded(self, clock, service_a):
        ticket = book(service_a, day=WEDNESDAY)
        Ticket.objects.filter(pk=ticket.pk).update(status=S.CANCELLED)
        assert tasks.notify_reminder(ticket.pk) is False
        assert sent() == []


# --- messages: booking confirmed, turn near, called ------------------------------------------


@pytest.fixture
def called(clock, hours, service_a, counter_a, officer_a):
    ticket = ticket_issue(service=service_a, phone=PHONE, nik=nik(7))
    counter_open(counter=counter_a, officer=officer_a)
    ticket_call_next(counter=counter_a, actor=officer_a)
    return fresh(ticket)


class FailingBackend(notify.Backend):
    def send(self, message):
        raise ConnectionError("gateway down")


@pytest.mark.usefixtures("clock", "hours", "eager")
class TestMessages:
    def test_booking_confirmed(self, service_a):
        ticket = book(service_a, day=WEDNESDAY)
        assert tasks.notify_booking_confirmed(ticket.pk) is True
        (message,) = sent()
        assert message.kind == "booking_confirmed"
        assert message.phone == "+6281234567890"
        assert ticket.code in message.text and "25-11-2026" in message.text
        assert "10:00" in message.text and nik(1) not in message.text

    def test_called_names_code_and_counter(self, called, counter_a):
        assert tasks.notify_called(called.pk) is True
        assert tasks.notify_called(called.pk) is False  # redelivered: sent once
        (message,) = sent("called")
        assert called.code in message.text
        assert f"loket {counter_a.number}" in message.text
        assert nik(7) not in message.text and nik(7)[-4:] not in message.text

    def test_called_again_after_transfer_is_told_again(self, clock, called, counter_a, officer_a):
        tasks.notify_called(called.pk)
        clock.move_to(at(9, 5))
        Ticket.objects.filter(pk=called.pk).update(status=S.WAITING, counter=None)
        ticket_call_next(counter=counter_a, actor=officer_a)
        tasks.notify_called(called.pk)
        assert len(sent("called")) == 2

    def test_turn_near(self, service_a):
        ticket = ticket_issue(service=service_a, phone=PHONE, nik=nik(8))
        assert tasks.notify_turn_near(ticket.pk) is True
        assert tasks.notify_turn_near(ticket.pk) is False
        (message,) = sent("turn_near")
        assert ticket.code in message.text and nik(8) not in message.text

    def test_line_near_tells_three_or_fewer_ahead_once(self, service_a, service_a2):
        line = [ticket_issue(service=service_a, phone=PHONE) for _ in range(6)]
        ticket_issue(service=service_a2, phone=PHONE)  # another line
        silent = ticket_issue(service=service_a)  # no phone
        assert tasks.notify_line_near(service_a.pk) == 4
        tasks.notify_line_near(service_a.pk)
        told = [t.code for t in [*line, silent] for m in sent("turn_near") if t.code in m.text]
        assert told == [t.code for t in line[:4]]

    def test_no_phone_or_wrong_status_sends_nothing(self, service_a, called):
        walk_in = ticket_issue(service=service_a)
        assert tasks.notify_turn_near(walk_in.pk) is False
        assert tasks.notify_turn_near(called.pk) is False  # no longer waiting
        assert tasks.notify_booking_confirmed(called.pk) is False
        assert tasks.notify_called(123456789) is False  # gone
        assert sent() == []

    def test_failed_send_raises_for_retry_and_sends_later(self, settings, service_a):
        ticket = ticket_issue(service=service_a, phone=PHONE)
        settings.NOTIFY_BACKEND = f"{__name__}.FailingBackend"
        with pytest.raises(ConnectionError):
            tasks.notify_turn_near(ticket.pk)
        settings.NOTIFY_BACKEND = "mpp.lib.notify.MemoryBackend"
        assert tasks.notify_turn_near(ticket.pk) is True
        assert len(sent()) == 1

    def test_task_options(self):
        for task in (tasks.notify_called, tasks.notify_turn_near, tasks.notify_reminder):
            assert task.acks_late and task.max_retries == 5 and task.retry_backoff
            assert task.autoretry_for == (Exception,) and task.time_limit
        for task in (tasks.expire_no_shows, tasks.expire_waiting, tasks.send_reminders):
            assert task.acks_late and task.time_limit and not getattr(task, "autoretry_for", ())


# --- hooks for the services: queued after commit, never failing the request -----------------


@pytest.mark.usefixtures("clock", "hours", "eager")
class TestAfterCommitHooks:
    def test_booking_confirmed_after_commit_only_with_phone(
        self, django_capture_on_commit_callbacks, service_a
    ):
        ticket = book(service_a, day=WEDNESDAY, serial=1)
        silent = book(service_a, day=WEDNESDAY, serial=2, phone="")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services._after_commit_notify(ticket, "notify_booking_confirmed")
            services._after_commit_notify(silent, "notify_booking_confirmed")
            assert sent() == []  # nothing leaves before the commit
        assert len(callbacks) == 1
        assert [(m.kind, m.phone) for m in sent()] == [("booking_confirmed", "+6281234567890")]

    def test_called_and_line_near_after_a_call(
        self, django_capture_on_commit_callbacks, service_a, counter_a, officer_a
    ):
        line = [ticket_issue(service=service_a, phone=PHONE) for _ in range(6)]
        counter_open(counter=counter_a, officer=officer_a)
        with django_capture_on_commit_callbacks(execute=True):
            ticket = ticket_call_next(counter=counter_a, actor=officer_a)
            assert ticket is not None
            services._after_commit_notify(ticket, "notify_called")
            services._after_commit_notify_line(ticket.service_id)
        assert [m.kind for m in sent()].count("called") == 1
        near = [t.code for t in line for m in sent("turn_near") if t.code in m.text]
        assert near == [t.code for t in line[1:5]]

    def test_a_queued_line_fan_out_covers_the_calls_after_it(
        self, django_capture_on_commit_callbacks, monkeypatch, service_a, service_a2
    ):
        """Forty counters calling on one line queue one 'who is near' fan-out while it
        waits for a worker, not forty: it reads the line when it runs. Once it starts,
        the next call queues another."""
        from queues.services import base

        queued: list[tuple] = []
        monkeypatch.setattr(base, "enqueue", lambda *args: queued.append(args))

        def calls(service, n: int = 1) -> None:
            for _ in range(n):
                with django_capture_on_commit_callbacks(execute=True):
                    services._after_commit_notify_line(service.pk)

        calls(service_a, 5)
        calls(service_a2)
        assert queued == [
            ("queues.tasks.notify_line_near", service_a.pk),
            ("queues.tasks.notify_line_near", service_a2.pk),
        ]
        tasks.notify_line_near(service_a.pk)  # a worker starts it
        calls(service_a, 3)
        assert len(queued) == 3 and queued[-1][1] == service_a.pk

    def test_line_fan_outs_are_queued_for_every_call_while_redis_is_down(
        self, django_capture_on_commit_callbacks, monkeypatch, settings, service_a
    ):
        from queues.services import base
        from tests.browser.conftest import _free_port

        queued: list[tuple] = []
        monkeypatch.setattr(base, "enqueue", lambda *args: queued.append(args))
        settings.CACHES = {
            "default": {
                "BACKEND": "mpp.lib.cache.FailSoftRedisCache",
                "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",
            }
        }
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                services._after_commit_notify_line(service_a.pk)
        assert len(queued) == 3

    def test_broker_down_does_not_fail_the_request(
        self, django_capture_on_commit_callbacks, monkeypatch, caplog, service_a
    ):
        ticket = ticket_issue(service=service_a, phone=PHONE)

        def broker_down(*args, **kwargs):
            raise ConnectionError("redis down")

        monkeypatch.setattr(tasks.notify_turn_near, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            services._after_commit_notify(ticket, "notify_turn_near")
        assert "redis down" in caplog.text
        assert sent() == []
        # Kept in the outbox, and sent by the sweep once the broker answers again.
        (pending,) = PendingTask.objects.all()
        assert (pending.task, pending.args) == ("queues.tasks.notify_turn_near", [ticket.pk])
        monkeypatch.undo()
        assert pending_tasks_resend() == 1
        assert not PendingTask.objects.exists()
        assert [m.kind for m in sent()] == ["turn_near"]


# --- the backend ---------------------------------------------------------------------------


def test_console_backend_masks_the_phone(settings, caplog):
    settings.NOTIFY_BACKEND = "mpp.lib.notify.ConsoleBackend"
    with caplog.at_level(logging.INFO, logger="mpp.lib.notify"):
        notify.send(phone="+6281234567890", text="Nomor A-001 dipanggil.", kind="called")
    (line,) = caplog.messages
    assert "*********7890" in line and "81234567890" not in line
    assert "A-001" in line


def test_default_backend_is_console(settings):
    del settings.NOTIFY_BACKEND
    assert isinstance(notify.get_backend(), notify.ConsoleBackend)


def test_no_phone_no_message(settings):
    settings.NOTIFY_BACKEND = "mpp.lib.notify.MemoryBackend"
    notify.outbox.clear()
    notify.send(phone="", text="x", kind="called")
    assert notify.outbox == []


def test_beat_schedule():
    schedule = celery_app.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} >= {
        "counters.tasks.scan_booths",
        "queues.tasks.expire_no_shows",
        "queues.tasks.expire_waiting",
        "queues.tasks.send_reminders",
        "queues.tasks.purge_voice",
        "complaints.tasks.escalate_overdue",
        "complaints.tasks.purge_reporter_data",
    }
    celery_app.loader.import_default_modules()
    assert {entry["task"] for entry in schedule.values()} <= set(celery_app.tasks)
    purge = schedule["purge-voice"]["schedule"]
    assert purge.hour == {2} and purge.minute == {30}
    assert schedule["expire-no-shows"]["schedule"] == 300
    assert schedule["expire-waiting"]["schedule"] == 300
    reminders = schedule["send-reminders"]["schedule"]
    assert reminders.hour == {16} and reminders.minute == {0}
    assert celery_app.conf.timezone == "Asia/Jakarta"


# --- once through a real worker on the Redis broker ------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_real_worker_marks_no_show(settings, not_eager, tmp_path, service_a):
    now = timezone.now()
    ticket = factories.TicketFactory(
        service=service_a,
        status=S.BOOKED,
        slot_start=now - dt.timedelta(hours=1),
        slot_end=now - dt.timedelta(minutes=30),
        queued_at=None,
    )
    queue = f"test-tasks-{uuid.uuid4().hex[:8]}"  # only this worker takes the task
    log = tmp_path / "worker.log"
    worker = workers.solo_worker(queue, env={"REDIS_URL": WORKER_REDIS_URL}, log=log)
    try:
        with celery_app.connection_for_write(WORKER_REDIS_URL) as connection:
            tasks.expire_no_shows.apply_async(queue=queue, connection=connection)
        deadline = time.monotonic() + 20
        while fresh(ticket).status == S.BOOKED and time.monotonic() < deadline:
            time.sleep(0.2)
        assert fresh(ticket).status == S.NO_SHOW, log.read_text()
        assert TicketEvent.objects.filter(ticket=ticket, kind=K.NO_SHOW).count() == 1
    finally:
        workers.stop(worker)
        broker = redis.Redis.from_url(WORKER_REDIS_URL)
        for pattern in (f"*{queue}*", f"*{ticket.token}*"):  # queue, bindings, event seq
            for key in broker.scan_iter(pattern):
                broker.delete(key)
