"""Personal data retention of tickets (UU 27/2022 Pelindungan Data Pribadi).

A ticket keeps the person (name, phone, NIK hash and its last 4 digits) only as long as
the queue needs it: for duplicate checks (anti-calo), messages and the survey. After
TICKET_RETENTION_DAYS (default 90) a nightly purge blanks them and keeps everything the
statistics use: the times, service, counter, officer (in the timeline) and outcome.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from queues.models import Ticket

# Tickets still in a line are never purged, whatever their date.
ACTIVE_STATUSES = ("booked", "waiting", "called", "serving")


def ticket_retention_cutoff(*, today: dt.date | None = None) -> dt.date:
    """The first ticket day that keeps its personal data (TICKET_RETENTION_DAYS back)."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.TICKET_RETENTION_DAYS)


@transaction.atomic
def ticket_purge_personal_data(*, before: dt.date) -> int:
    """Blank name, phone and NIK hash of tickets dated before `before`; returns how many
    tickets were changed (0 when run again)."""
    with_person = ~Q(name="") | ~Q(phone="") | ~Q(nik_hash="") | ~Q(nik_last4="")
    stale = Ticket.objects.filter(with_person, date__lt=before).exclude(status__in=ACTIVE_STATUSES)
    return stale.update(name="", phone="", nik_hash="", nik_last4="")
