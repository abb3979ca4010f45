"""Online bookings: the booking rules, the booking itself, check-in on arrival and
cancelling."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format

from agencies.models import Journey, Service, User
from agencies.selectors import Slot, day_schedule
from closures.errors import ServiceClosedForNow
from closures.selectors import line_closures, until_text
from messaging.models import OptIn
from messaging.services import opt_in_record
from mpp.lib.identity import age_on, nik_birth_date, validate_nik
from queues import errors, events
from queues.booking_limits import booking_limits_check
from queues.models import Ticket
from queues.selectors import service_slots
from queues.services.base import (
    Kind,
    Status,
    _after_commit_notify,
    _create_numbered,
    _ensure_status,
    _identity,
    _log,
    _priority_rank,
    _transition,
)
from queues.services.journeys import journey_fields


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
    journey: Journey | None = None,
    whatsapp_language: str | None = None,
) -> Ticket:
    """An online booking: a number and a slot on `day`, to be checked in on arrival.

    `client_key` names the sender (mpp.lib.client_ip) for the per-client limit; a
    resident's own (`online`) bookings are limited per phone and NIK as well.
    `whatsapp_language`: the resident agreed (on the form) to hear about it by WhatsApp,
    in that language; recorded in this transaction, so the confirmation goes that way."""
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
    journey_plan = journey_fields(journey=journey, service=service)
    ticket = _create_numbered(
        service=service,
        day=day,
        slot_start=slot.start,
        name=name,
        channel=channel,
        priority=priority,
        priority_rank=_priority_rank(priority),
        status=Status.BOOKED,
        slot_end=slot.end,
        issued_at=now,
        **identity,
        **journey_plan,
    )
    _log(ticket, kind=Kind.BOOKED, at=now, actor=actor)
    if whatsapp_language is not None:
        ticket_whatsapp_opt_in(
            ticket=ticket, source=OptIn.Source.BOOKING, language=whatsapp_language
        )
    _after_commit_notify(ticket, "notify_booking_confirmed")
    events.emit_webhook("ticket.issued", ticket)
    return ticket


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


def ticket_whatsapp_opt_in(*, ticket: Ticket, source: str, language: str) -> bool:
    """The resident agrees to hear about this ticket (and later ones) by WhatsApp, on the
    phone the ticket holds; False when it holds none. Called in the booking's transaction,
    its confirmation (queued on commit) already goes by WhatsApp."""
    if not ticket.phone:
        return False
    opt_in_record(phone=ticket.phone, source=source, language=language)
    return True
