"""Limits on online bookings against scalpers (calo) who book many places to resell.

The database rule (one active booking per NIK, service and day) stops the same
NIK twice, but made-up valid NIKs pass it. So a resident's online bookings are
also capped per client address (per calendar day of booking, in the cache), and
per phone and per NIK hash for one service day (counted in the database). The
booking form adds a proof of work (queues/pow.py); staff-assisted bookings are
not limited. Limits live in settings (BOOKING_LIMIT_*), so tests and malls can
raise them.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from mpp.lib import limits
from queues import errors
from queues.models import Ticket

DAY_SECONDS = 24 * 60 * 60


def _held(**match: str | dt.date) -> int:
    """Bookings matching `match` that still hold a place (not cancelled or expired)."""
    return (
        Ticket.objects.filter(**match)
        .exclude(status__in=(Ticket.Status.CANCELLED, Ticket.Status.EXPIRED))
        .count()
    )


def booking_limits_check(
    *, client_key: str, phone: str, nik_hash: str, day: dt.date, now: dt.datetime
) -> None:
    """Raise a TooManyBookings refusal, or count this booking against the client."""
    nik_limit = settings.BOOKING_LIMIT_PER_NIK_DAY
    if nik_hash and _held(nik_hash=nik_hash, date=day) >= nik_limit:
        raise errors.TooManyBookingsForNik(limit=nik_limit)
    phone_limit = settings.BOOKING_LIMIT_PER_PHONE_DAY
    if phone and _held(phone=phone, date=day) >= phone_limit:
        raise errors.TooManyBookingsForPhone(limit=phone_limit)
    if client_key:
        # Counted before the booking is written: a refused or failed attempt still
        # counts, so a script cannot probe forever (the count is atomic in Redis).
        client_limit = settings.BOOKING_LIMIT_PER_CLIENT_DAY
        key = f"booking:client:{client_key}:{timezone.localdate(now).isoformat()}"
        if limits.count(key, window_seconds=DAY_SECONDS) > client_limit:
            raise errors.TooManyBookingsFromClient(limit=client_limit)
