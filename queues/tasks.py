"""Celery tasks of the queue: messages to residents and the beat housekeeping.

Thin and idempotent: each takes ids or nothing, calls one service and is safe
to run twice. Messages are claimed in the cache (key per ticket token and
kind, two-day TTL) before sending and released if the send fails, so a retry
or a redelivered task sends a message at most once. Texts never hold a NIK.
"""

import datetime as dt
from collections.abc import Callable

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from mpp.lib import notify
from mpp.lib.tasks import HOUSEKEEPING_TASK, NOTIFY_TASK, enqueue
from queues import idempotency, selectors, services
from queues.models import Ticket
from queues.retention import ticket_purge_personal_data, ticket_retention_cutoff
from queues.services.base import LINE_NEAR_PENDING
from queues.voice import voice_purge

SENT_TTL = int(dt.timedelta(days=2).total_seconds())

_notify_task = shared_task(**NOTIFY_TASK)
_housekeeping_task = shared_task(**HOUSEKEEPING_TASK)


def _ticket(ticket_id: int, status: str) -> Ticket | None:
    """The ticket if it still has a phone and the status the message is about."""
    tickets = Ticket.objects.select_related("service", "counter")
    return tickets.filter(pk=ticket_id, status=status).exclude(phone="").first()


def _send_once(
    ticket: Ticket, *, kind: str, text: str, params: dict[str, str], occasion: str = ""
) -> bool:
    key = f"notify:{kind}:{ticket.token}:{occasion}"
    return notify.send_once(
        key=key, phone=ticket.phone, text=text, kind=kind, ttl=SENT_TTL, params=params
    )


def _hhmm(value: dt.datetime | None) -> str:
    return time_format(timezone.localtime(value), "H:i") if value else ""


def _booking(ticket: Ticket) -> dict[str, str]:
    """What a message about a booking names: its code, service, day and slot."""
    return {
        "code": ticket.code,
        "service": ticket.service.name,
        "date": ticket.date.strftime("%d-%m-%Y"),
        "time": _hhmm(ticket.slot_start),
    }


def _send_booking(ticket_id: int, *, kind: str, text: Callable[[], str]) -> bool:
    """A message about a booking still `booked`; `text` (translated when called) is
    filled with its code, service, day and slot, which also go as the message's params."""
    ticket = _ticket(ticket_id, Ticket.Status.BOOKED)
    if ticket is None:
        return False
    params = _booking(ticket)
    return _send_once(ticket, kind=kind, text=text() % params, params=params)


@_notify_task
def notify_booking_confirmed(ticket_id: int) -> bool:
    return _send_booking(
        ticket_id,
        kind="booking_confirmed",
        text=lambda: _(
            "Antrean MPP: pendaftaran %(code)s untuk %(service)s pada %(date)s pukul %(time)s WIB "
            "berhasil. Tunjukkan kode ini saat check-in."
        ),
    )


@_notify_task
def notify_reminder(ticket_id: int) -> bool:
    return _send_booking(
        ticket_id,
        kind="reminder",
        text=lambda: _(
            "Antrean MPP: pengingat, besok %(date)s pukul %(time)s WIB jadwal %(service)s "
            "dengan nomor %(code)s. Bawa berkas persyaratan asli."
        ),
    )


@_notify_task
def notify_turn_near(ticket_id: int) -> bool:
    ticket = _ticket(ticket_id, Ticket.Status.WAITING)
    if ticket is None:
        return False
    params = {"code": ticket.code, "service": ticket.service.name}
    text = (
        _(
            "Antrean MPP: nomor %(code)s (%(service)s) hampir dipanggil. "
            "Mohon segera menuju ruang tunggu."
        )
        % params
    )
    return _send_once(ticket, kind="turn_near", text=text, params=params)


@_notify_task
def notify_called(ticket_id: int) -> bool:
    ticket = _ticket(ticket_id, Ticket.Status.CALLED)
    if ticket is None or ticket.counter is None:
        return False
    params = {"code": ticket.code, "counter": str(ticket.counter.number)}
    text = _("Antrean MPP: nomor %(code)s dipanggil. Silakan menuju loket %(counter)s.") % params
    # Per call, so a ticket transferred and called again is told again.
    occasion = f"{ticket.called_at.timestamp() if ticket.called_at else ''}"
    return _send_once(ticket, kind="called", text=text, params=params, occasion=occasion)


@_housekeeping_task
def notify_line_near(service_id: int) -> int:
    """Fan out 'your turn is near' to the line's first tickets (each told once)."""
    cache.delete(LINE_NEAR_PENDING.format(service_id))  # a call from now on queues another
    ids = selectors.line_near_turn(service_id=service_id, at=timezone.now())
    for ticket_id in ids:
        enqueue(notify_turn_near, ticket_id)
    return len(ids)


@_housekeeping_task
def send_reminders() -> int:
    """Daily (beat, 16:00 WIB): remind tomorrow's bookings; each ticket is told once."""
    ids = selectors.bookings_to_remind(at=timezone.now())
    for ticket_id in ids:
        enqueue(notify_reminder, ticket_id)
    return len(ids)


@_housekeeping_task
def expire_no_shows() -> int:
    return len(services.bookings_expire_no_show(at=timezone.now()))


@_housekeeping_task
def expire_waiting() -> int:
    return len(services.tickets_expire_waiting(at=timezone.now()))


@_housekeeping_task
def purge_voice() -> int:
    """Daily (beat): drop spoken phrases unused for VOICE_KEEP_DAYS (they render again)."""

    return voice_purge(older_than=dt.timedelta(days=settings.VOICE_KEEP_DAYS))


@_housekeeping_task
def purge_personal_data() -> int:
    """Daily (beat): blank the person on tickets older than TICKET_RETENTION_DAYS."""

    return ticket_purge_personal_data(before=ticket_retention_cutoff())


@_housekeeping_task
def purge_idempotency_keys() -> int:
    """Hourly (beat): forget Idempotency-Keys older than a day (API.md keeps them 24 h)."""
    return idempotency.idempotency_keys_purge(at=timezone.now())
