"""Writes on queue tickets: issue, book, check in, cancel, call, serve, transfer.

Two guarantees rest here:
- numbers run 1, 2, 3 ... per prefix per day with no gap and no repeat: the
  (prefix, day) sequence row is incremented with one upsert inside the issuing
  transaction, so it stays locked until commit and rolls back with a refusal;
- one ticket never reaches two counters: call-next claims with
  SELECT ... FOR UPDATE SKIP LOCKED, and every status change is a
  compare-and-set on the current status.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from agencies.models import Service, User
from agencies.selectors import Slot, day_schedule, service_slots
from counters.closure_selectors import line_closures, service_closed_until, until_text
from counters.errors import CounterBusy, CounterPaused, NoCurrentTicket, ServiceClosedForNow
from counters.models import Counter
from counters.services import booth_refresh, ensure_may_operate, session_lock
from mpp.lib.errors import constraint_refusals
from mpp.lib.identity import age_on, nik_birth_date, nik_hash, normalize_phone, validate_nik
from mpp.lib.tasks import enqueue_on_commit
from queues import errors, events
from queues.booking_limits import booking_limits_check
from queues.models import Ticket, TicketEvent
from queues.selectors import counter_service_ids

Status = Ticket.Status
Kind = TicketEvent.Kind

_SEQUENCE_SQL = """
INSERT INTO queues_dailysequence (prefix, date, last_number) VALUES (%s, %s, 1)
ON CONFLICT (prefix, date)
DO UPDATE SET last_number = queues_dailysequence.last_number + 1
RETURNING last_number
"""


def _next_number(*, prefix: str, day: dt.date) -> int:
    """Take the next number; the row stays locked until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(_SEQUENCE_SQL, [prefix, day])
        return int(cursor.fetchone()[0])


def _log(
    ticket: Ticket,
    *,
    kind: str,
    at: dt.datetime,
    from_status: str = "",
    actor: User | None = None,
    note: str = "",
    counter_id: int | None = None,
) -> None:
    TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        at=at,
        actor=actor if actor is not None and actor.is_authenticated else None,
        counter_id=ticket.counter_id or counter_id,
        service_id=ticket.service_id,
        from_status=from_status,
        to_status=ticket.status,
        note=note,
    )


def _priority_rank(priority: str) -> int:
    return 1 if priority == Ticket.Priority.REGULAR else 0


def _ensure_quota(*, service: Service, day: dt.date, slot_start: dt.datetime | None) -> None:
    """Runs after _next_number, so concurrent issuers of this line are serialised."""
    used = Ticket.objects.filter(prefix=service.prefix, date=day).exclude(status=Status.CANCELLED)
    if service.daily_quota is not None and used.count() >= service.daily_quota:
        raise errors.QuotaFull()
    if slot_start is not None and (
        used.filter(slot_start=slot_start).count() >= service.slot_capacity
    ):
        raise errors.SlotFull()


def _create(**fields: Any) -> Ticket:
    if not fields.get("nik_hash"):
        # Only the one-NIK-per-line rule can refuse the row; no NIK, no savepoint.
        return Ticket.objects.create(**fields)
    with constraint_refusals(errors.TICKET_REFUSALS), transaction.atomic():
        return Ticket.objects.create(**fields)


def _identity(*, nik: str, phone: str) -> dict[str, str]:
    out = {"nik_hash": "", "nik_last4": "", "phone": ""}
    if nik:
        nik = validate_nik(nik)
        out.update(nik_hash=nik_hash(nik), nik_last4=nik[-4:])
    if phone:
        out["phone"] = normalize_phone(phone)
    return out


def _resume_text(resumes: dt.datetime | None) -> str:
    if resumes is None:
        return _("Silakan datang kembali pada hari layanan berikutnya.")
    local = timezone.localtime(resumes)
    return _("Layanan dibuka kembali pukul %s WIB.") % time_format(local, "H:i")


def _ensure_not_closed(service: Service, at: dt.datetime) -> None:
    """No new ticket (nor transfer) while an approved closure shuts every counter serving
    the line."""
    until = service_closed_until(service=service, at=at)
    if until is not None:
        raise ServiceClosedForNow(until=until_text(until, at=at))


def _ensure_slot_not_closed(service: Service, slot: Slot) -> None:
    """No booking for a slot a closure cuts into: the resident would find the line shut."""
    until = line_closures(service=service, at=slot.start).closed_during(slot.start, slot.end)
    if until is not None:
        raise ServiceClosedForNow(until=until_text(until, at=slot.start))


def booking_day_check(*, service: Service, day: dt.date, today: dt.date) -> None:
    """Refuse a day outside the booking window: the booking page names the reason before the
    resident fills the form, with the same words the booking refusal uses."""
    if day < today:
        raise errors.PastDate()
    if day > today + dt.timedelta(days=service.booking_window_days):
        raise errors.BeyondBookingWindow(days=service.booking_window_days)


# Lansia: 60 years and over (UU 13/1998 art. 1).
ELDERLY_MIN_AGE = 60


def _ensure_priority_fits(*, nik: str, priority: str, day: dt.date, today: dt.date) -> None:
    """Elderly priority declared online must agree with the NIK's birth date on the day
    of the visit: nobody is at the counter to check the KTP-el when it is booked."""
    if priority != Ticket.Priority.ELDERLY:
        return
    if age_on(nik_birth_date(nik, today=today), day) < ELDERLY_MIN_AGE:
        raise errors.ElderlyPriorityTooYoung(age=ELDERLY_MIN_AGE)


@transaction.atomic
def ticket_issue(
    *,
    service: Service,
    priority: str = Ticket.Priority.REGULAR,
    channel: str = Ticket.Channel.KIOSK,
    actor: User | None = None,
    nik: str = "",
    phone: str = "",
    name: str = "",
) -> Ticket:
    """A walk-in ticket for today, waiting in line at once (kiosk or assisted)."""
    if not service.is_active:
        raise errors.ServiceUnavailable()
    now = timezone.now()
    today = timezone.localdate(now)
    schedule = day_schedule(day=today)
    if not schedule.open:
        raise errors.DayClosed(reason=schedule.reason)
    if not schedule.issuing(now):
        raise errors.OutsideIssuingHours(resumes=_resume_text(schedule.resumes_at(now)))
    _ensure_not_closed(service, now)
    identity = _identity(nik=nik, phone=phone)
    number = _next_number(prefix=service.prefix, day=today)
    _ensure_quota(service=service, day=today, slot_start=None)
    ticket = _create(
        prefix=service.prefix,
        number=number,
        date=today,
        service=service,
        channel=channel,
        priority=priority,
        priority_rank=_priority_rank(priority),
        status=Status.WAITING,
        issued_at=now,
        queued_at=now,
        name=name.strip()[:100],
        **identity,
    )
    _log(ticket, kind=Kind.ISSUED, at=now, actor=actor)
    events.publish_line(service, joined=[ticket])
    return ticket


@transaction.atomic
def ticket_book(
    *,
    service: Service,
    day: dt.date,
    slot_start: dt.time,
    nik: str,
    phone: str = "",
    name: str = "",
    priority: str = Ticket.Priority.REGULAR,
    channel: str = Ticket.Channel.ONLINE,
    actor: User | None = None,
    client_key: str = "",
) -> Ticket:
    """An online booking: a number and a slot on `day`, to be checked in on arrival.

    `client_key` names the sender (mpp.lib.client_ip) for the per-client limit; a
    resident's own (`online`) bookings are limited per phone and NIK as well."""
    if not service.is_active:
        raise errors.ServiceUnavailable()
    if not service.online_booking:
        raise errors.OnlineBookingDisabled()
    now = timezone.now()
    today = timezone.localdate(now)
    booking_day_check(service=service, day=day, today=today)
    schedule = day_schedule(day=day)
    if not schedule.open:
        raise errors.DayClosed(reason=schedule.reason)
    slot = next(
        (
            s
            for s in service_slots(service=service, schedule=schedule)
            if s.start.time() == slot_start
        ),
        None,
    )
    if slot is None:
        raise errors.InvalidSlot()
    if slot.end <= now:
        raise errors.SlotPassed()
    _ensure_slot_not_closed(service, slot)
    # A booking is tied to a NIK (anti-calo): an empty one must not slip through.
    nik = validate_nik(nik)
    _ensure_priority_fits(nik=nik, priority=priority, day=day, today=today)
    identity = _identity(nik=nik, phone=phone)
    duplicate = Ticket.objects.filter(
        service=service, date=day, nik_hash=identity["nik_hash"], status__in=Ticket.ACTIVE_STATUSES
    )
    if duplicate.exists():
        raise errors.DuplicateBooking()
    if channel == Ticket.Channel.ONLINE:
        booking_limits_check(
            client_key=client_key,
            phone=identity["phone"],
            nik_hash=identity["nik_hash"],
            day=day,
            now=now,
        )
    number = _next_number(prefix=service.prefix, day=day)
    _ensure_quota(service=service, day=day, slot_start=slot.start)
    ticket = _create(
        prefix=service.prefix,
        number=number,
        date=day,
        service=service,
        channel=channel,
        priority=priority,
        priority_rank=_priority_rank(priority),
        status=Status.BOOKED,
        slot_start=slot.start,
        slot_end=slot.end,
        issued_at=now,
        name=name.strip()[:100],
        **identity,
    )
    _log(ticket, kind=Kind.BOOKED, at=now, actor=actor)
    _after_commit_notify(ticket, "notify_booking_confirmed")
    return ticket


def _transition(
    ticket: Ticket,
    *,
    from_statuses: Iterable[str],
    kind: str,
    actor: User | None,
    note: str = "",
    **fields: Any,
) -> Ticket:
    """Compare-and-set the ticket's status; refuse when someone changed it first."""
    from_statuses = tuple(from_statuses)
    at = fields.pop("at")
    previous, previous_counter_id = ticket.status, ticket.counter_id
    # No savepoint: every caller is atomic and gives up on a refusal.
    with constraint_refusals(errors.TICKET_REFUSALS):
        updated = Ticket.objects.filter(pk=ticket.pk, status__in=from_statuses).update(**fields)
    if not updated:
        ticket.refresh_from_db(fields=["status"])
        raise errors.TicketStateChanged(status=ticket.get_status_display())
    for name, value in fields.items():
        setattr(ticket, name, value)
    _log(
        ticket,
        kind=kind,
        at=at,
        from_status=previous,
        actor=actor,
        note=note,
        counter_id=previous_counter_id,
    )
    return ticket


def _ensure_status(ticket: Ticket, *allowed: str) -> None:
    if ticket.status not in allowed:
        raise errors.TicketStateChanged(status=ticket.get_status_display())


@transaction.atomic
def ticket_check_in(*, ticket: Ticket, actor: User | None = None) -> Ticket:
    """An online booking arrives: accepted from the day's opening to slot end + grace."""
    _ensure_status(ticket, Status.BOOKED)
    assert ticket.slot_start is not None and ticket.slot_end is not None
    now = timezone.now()
    if timezone.localdate(now) != ticket.date:
        raise errors.CheckInWrongDay(date=ticket.date.isoformat())
    schedule = day_schedule(day=ticket.date)
    opens_at = schedule.opens_at or ticket.slot_start
    if now < opens_at:
        raise errors.CheckInTooEarly(time=time_format(timezone.localtime(opens_at), "H:i"))
    grace = dt.timedelta(minutes=ticket.service.checkin_grace_minutes)
    if now > ticket.slot_end + grace:
        raise errors.CheckInExpired(time=time_format(timezone.localtime(ticket.slot_end), "H:i"))
    ticket = _transition(
        ticket,
        from_statuses=[Status.BOOKED],
        kind=Kind.CHECKED_IN,
        actor=actor,
        at=now,
        status=Status.WAITING,
        checked_in_at=now,
        queued_at=max(ticket.slot_start, now),
    )
    events.publish_line(ticket.service, joined=[ticket])
    events.publish_ticket(ticket)
    return ticket


@transaction.atomic
def ticket_cancel(*, ticket: Ticket, actor: User | None = None) -> Ticket:
    _ensure_status(ticket, Status.BOOKED, Status.WAITING)
    was_waiting = ticket.status == Status.WAITING
    now = timezone.now()
    ticket = _transition(
        ticket,
        from_statuses=[Status.BOOKED, Status.WAITING],
        kind=Kind.CANCELLED,
        actor=actor,
        at=now,
        status=Status.CANCELLED,
        finished_at=now,
    )
    if was_waiting:
        events.publish_line(ticket.service, left=[ticket])
    events.publish_ticket(ticket)
    return ticket


def _ensure_ready_to_call(counter: Counter, actor: User) -> None:
    ensure_may_operate(user=actor, counter=counter)
    session = session_lock(counter=counter)
    if session.paused:
        raise CounterPaused()
    if session.busy:
        raise CounterBusy()


def _call(ticket: Ticket, *, counter: Counter, actor: User, at: dt.datetime) -> Ticket:
    ticket = _transition(
        ticket,
        from_statuses=[Status.WAITING],
        kind=Kind.CALLED,
        actor=actor,
        at=at,
        status=Status.CALLED,
        counter=counter,
        called_at=at,
    )
    # Built from the ticket just written: what the lobby and the phone are told.
    events.publish_called(ticket)
    events.publish_line(ticket.service, left=[ticket])
    events.publish_ticket(ticket)
    events.publish_counter(counter)
    _after_commit_notify(ticket, "notify_called")
    _after_commit_notify_line(ticket.service_id)
    _booth_acted(counter.booth_id, at=at)
    return ticket


def _booth_acted(booth_id: int, *, at: dt.datetime) -> None:
    """The booth just worked a ticket: its "unattended" alert closes now rather than at
    the next scan, so the officer's console and the manager's dashboard drop it together
    (the scan's own rule, run for this booth: counters.monitoring.booth_refresh)."""
    booth_refresh(booth_id=booth_id, at=at)


@transaction.atomic
def ticket_call_next(*, counter: Counter, actor: User) -> Ticket | None:
    """Call the first waiting ticket this counter serves, or None when none waits.

    Order: priority groups first, then queue time, then id. SKIP LOCKED lets
    counters racing for the same line each take a different ticket.
    """
    _ensure_ready_to_call(counter, actor)
    now = timezone.now()
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("service__agency")
        .filter(
            status=Status.WAITING,
            date=timezone.localdate(now),
            service_id__in=counter_service_ids(counter=counter),
        )
        .order_by("priority_rank", "queued_at", "id")
        .first()
    )
    if ticket is None:
        return None
    return _call(ticket, counter=counter, actor=actor, at=now)


@transaction.atomic
def ticket_call(*, counter: Counter, ticket: Ticket, actor: User) -> Ticket:
    """Call one waiting ticket out of order (e.g. an applicant the officer sees waiting)."""
    _ensure_ready_to_call(counter, actor)
    _ensure_status(ticket, Status.WAITING)
    now = timezone.now()
    if ticket.date != timezone.localdate(now):
        raise errors.TicketNotToday(date=ticket.date.isoformat())
    if not counter.services.filter(pk=ticket.service_id).exists():
        raise errors.NotAtThisCounter()
    return _call(ticket, counter=counter, actor=actor, at=now)


@transaction.atomic
def ticket_recall(*, counter: Counter, actor: User) -> Ticket:
    """Announce the counter's called ticket once more."""
    ensure_may_operate(user=actor, counter=counter)
    session_lock(counter=counter)
    ticket = (
        Ticket.objects.select_related("service__agency", "counter__booth")
        .filter(counter=counter, status=Status.CALLED)
        .first()
    )
    if ticket is None:
        raise NoCurrentTicket()
    _log(ticket, kind=Kind.RECALLED, at=timezone.now(), from_status=ticket.status, actor=actor)
    events.publish_called(ticket, recall=True)
    events.publish_recalled(ticket)
    events.publish_counter(counter)
    _booth_acted(counter.booth_id, at=timezone.now())
    return ticket


def _ensure_may_serve(ticket: Ticket, actor: User) -> Counter:
    if ticket.counter is None:
        raise errors.TicketStateChanged(status=ticket.get_status_display())
    ensure_may_operate(user=actor, counter=ticket.counter)
    return ticket.counter


def _counter_step(
    ticket: Ticket, *, actor: User, source: str, target: str, kind: str, stamp: str
) -> Ticket:
    """One step at the counter: `source` -> `target`, stamping the time in `stamp`."""
    _ensure_status(ticket, source)
    counter = _ensure_may_serve(ticket, actor)
    now = timezone.now()
    stamps: dict[str, Any] = {stamp: now}
    ticket = _transition(
        ticket, from_statuses=[source], kind=kind, actor=actor, at=now, status=target, **stamps
    )
    events.publish_ticket(ticket)
    events.publish_counter(counter)
    _booth_acted(counter.booth_id, at=now)
    return ticket


@transaction.atomic
def ticket_start(*, ticket: Ticket, actor: User) -> Ticket:
    return _counter_step(
        ticket,
        actor=actor,
        source=Status.CALLED,
        target=Status.SERVING,
        kind=Kind.STARTED,
        stamp="started_at",
    )


@transaction.atomic
def ticket_finish(*, ticket: Ticket, actor: User) -> Ticket:
    return _counter_step(
        ticket,
        actor=actor,
        source=Status.SERVING,
        target=Status.DONE,
        kind=Kind.FINISHED,
        stamp="finished_at",
    )


@transaction.atomic
def ticket_no_show(*, ticket: Ticket, actor: User) -> Ticket:
    return _counter_step(
        ticket,
        actor=actor,
        source=Status.CALLED,
        target=Status.NO_SHOW,
        kind=Kind.NO_SHOW,
        stamp="finished_at",
    )


@transaction.atomic
def ticket_transfer(*, ticket: Ticket, service: Service, actor: User) -> Ticket:
    """Send the ticket (same token and code) to another service or stage's line.

    It keeps its queue time, so it does not lose its place; the timeline
    records the leg it leaves. A line under a planned closure now takes no transfer
    (ServiceClosedForNow): nobody there would call it.
    """
    _ensure_status(ticket, Status.CALLED, Status.SERVING)
    _ensure_may_serve(ticket, actor)
    if not service.is_active:
        raise errors.ServiceUnavailable()
    if service.pk == ticket.service_id:
        raise errors.TransferSameService()
    _ensure_not_closed(service, timezone.now())
    note = f"{ticket.service.prefix} -> {service.prefix}"
    left_counter_id = ticket.counter_id
    # The NIK already waiting in the target line refuses it: DuplicateBooking.
    ticket = _transition(
        ticket,
        from_statuses=[Status.CALLED, Status.SERVING],
        kind=Kind.TRANSFERRED,
        actor=actor,
        note=note,
        at=timezone.now(),
        status=Status.WAITING,
        service=service,
        counter=None,
        called_at=None,
        started_at=None,
    )
    events.publish_line(service, joined=[ticket])
    events.publish_ticket(ticket)
    events.publish_counter(left_counter_id)
    return ticket


# --- Housekeeping run by Celery beat, and message hooks (queues/tasks.py) ---------------


def _grace(ticket: Ticket) -> dt.timedelta:
    return dt.timedelta(minutes=ticket.service.checkin_grace_minutes)


@transaction.atomic
def bookings_expire_no_show(*, at: dt.datetime) -> list[Ticket]:
    """Bookings not checked in by slot end + grace become `no_show` (tidak hadir).

    Safe to run at any moment and any number of times: each ticket is a
    compare-and-set from `booked`, so a check-in that wins the race is kept.
    """
    candidates = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("service")
        .filter(status=Status.BOOKED, slot_end__lt=at)
        .order_by("id")
    )
    due = [
        ticket
        for ticket in candidates
        if ticket.slot_end is not None and at > ticket.slot_end + _grace(ticket)
    ]
    expired = _end_each(due, source=Status.BOOKED, target=Status.NO_SHOW, kind=Kind.NO_SHOW, at=at)
    return expired


def _end_each(
    tickets: Iterable[Ticket], *, source: str, target: str, kind: str, at: dt.datetime
) -> list[Ticket]:
    """Move each ticket from `source` to `target` (compare-and-set; skip the ones
    someone else changed meanwhile) and tell its page."""
    ended = []
    for ticket in tickets:
        try:
            _transition(
                ticket,
                from_statuses=[source],
                kind=kind,
                actor=None,
                at=at,
                status=target,
                finished_at=at,
            )
        except errors.TicketStateChanged:
            continue
        events.publish_ticket(ticket)
        ended.append(ticket)
    return ended


def _last_closed_day(at: dt.datetime) -> dt.date:
    """Today once its closing time has passed, else yesterday."""
    today = timezone.localdate(at)
    closes_at = day_schedule(day=today).closes_at
    if closes_at is not None and at >= closes_at:
        return today
    return today - dt.timedelta(days=1)


@transaction.atomic
def tickets_expire_waiting(*, at: dt.datetime) -> list[Ticket]:
    """Tickets still waiting when their day has closed become `expired` (kedaluwarsa).

    The day's closing time decides, so running it at any moment is safe.
    """
    candidates = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(date__lte=_last_closed_day(at), status=Status.WAITING)
        .order_by("id")
    )
    expired = _end_each(
        candidates, source=Status.WAITING, target=Status.EXPIRED, kind=Kind.EXPIRED, at=at
    )
    for service_id in sorted({t.service_id for t in expired}):
        events.publish_line(service_id, left=[t for t in expired if t.service_id == service_id])
    return expired


def _after_commit(task_name: str, object_id: int) -> None:
    # A broker outage never fails the committed request: the task waits in the outbox.
    enqueue_on_commit(f"queues.tasks.{task_name}", object_id)


def _after_commit_notify(ticket: Ticket, task_name: str) -> None:
    """Queue a message task (queues/tasks.py) once committed; only tickets with a phone."""
    if ticket.phone:
        _after_commit(task_name, ticket.pk)


def _after_commit_notify_line(service_id: int) -> None:
    """After a call the line moves up: tell those now near their turn (once each)."""
    _after_commit("notify_line_near", service_id)
