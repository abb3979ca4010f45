"""Walk-in tickets: the kiosk's (and assisted) issue, waiting in line at once."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from agencies.models import Journey, Service, User
from agencies.selectors import day_schedule
from queues import errors, events
from queues.models import Ticket
from queues.services.base import (
    Kind,
    Status,
    _create_numbered,
    _ensure_not_closed,
    _identity,
    _log,
    _priority_rank,
)
from queues.services.journeys import journey_fields


def _resume_text(resumes: dt.datetime | None) -> str:
    if resumes is None:
        return _("Silakan datang kembali pada hari layanan berikutnya.")
    local = timezone.localtime(resumes)
    return _("Layanan dibuka kembali pukul %s WIB.") % time_format(local, "H:i")


@transaction.atomic
def ticket_issue(
    *,
    service: Service,
    priority: str = Ticket.Priority.REGULAR,
    channel: str = Ticket.Channel.KIOSK,
    actor: User | None = None,
    journey: Journey | None = None,
    nik: str = "",
    phone: str = "",
    name: str = "",
    pickup: bool = False,
) -> Ticket:
    """A walk-in ticket for today, waiting in line at once (kiosk or assisted).

    A `pickup` ticket (collecting a ready document, documents/services.py) is called
    with the priority group: a handover takes a minute, so it goes ahead of new
    applications, in queue-time order with lansia and the other priority tickets."""
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
    journey_plan = journey_fields(journey=journey, service=service)
    identity = _identity(nik=nik, phone=phone)
    ticket = _create_numbered(
        service=service,
        day=today,
        slot_start=None,
        name=name,
        channel=channel,
        priority=priority,
        priority_rank=0 if pickup else _priority_rank(priority),
        status=Status.WAITING,
        issued_at=now,
        queued_at=now,
        **identity,
        **journey_plan,
    )
    _log(ticket, kind=Kind.ISSUED, at=now, actor=actor)
    events.publish_line(service, joined=[ticket])
    events.emit_webhook("ticket.issued", ticket)
    return ticket
