"""A resident moves their place back (TUNDA: stuck in traffic), once per ticket.

The call order is (priority rank, queue time, id) and stays the only order: moving back
gives the ticket a queue time just after the ticket it lets go ahead, within its own
priority group (a priority ticket never drops behind regular ones). The status check and
the once-only rule are one compare-and-set; the line's pages get the ticket as `joined`
at its new key, as for any other change of the line.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from agencies.models import User
from queues import errors, events
from queues.models import Ticket
from queues.services.base import Kind, Status, _after_commit_notify_line, _ensure_status, _log

POSTPONE_PLACES = 5
_TICK = dt.timedelta(microseconds=1)

Key = tuple[dt.datetime, int]


def _behind(ticket: Ticket, *, limit: int) -> list[Key]:
    """(queue time, id) of the tickets waiting right behind it in its priority group."""
    assert ticket.queued_at is not None
    later = Q(queued_at__gt=ticket.queued_at) | Q(queued_at=ticket.queued_at, pk__gt=ticket.pk)
    rows = (
        Ticket.objects.filter(
            service_id=ticket.service_id,
            date=ticket.date,
            status=Status.WAITING,
            priority_rank=ticket.priority_rank,
        )
        .filter(later)
        .order_by("queued_at", "id")
        .values_list("queued_at", "id")[:limit]
    )
    return [(queued_at, pk) for queued_at, pk in rows if queued_at is not None]


def _new_queue_time(ticket: Ticket, behind: list[Key], places: int) -> dt.datetime | None:
    """A queue time that puts the ticket after `places` of those behind and before the
    next one. Ids break ties of queue time and are never changed, so where two of them
    share a queue time to the microsecond the ticket may pass fewer (None: none)."""
    for passed in range(min(places, len(behind)), 0, -1):
        last_time, last_id = behind[passed - 1]
        following = behind[passed] if passed < len(behind) else None
        for candidate in ((last_time, ticket.pk), (last_time + _TICK, ticket.pk)):
            if candidate > (last_time, last_id) and (following is None or candidate < following):
                return candidate[0]
    return None


@transaction.atomic
def ticket_postpone(
    *, ticket: Ticket, places: int = POSTPONE_PLACES, actor: User | None = None
) -> Ticket:
    """Move a waiting ticket back by up to `places` places, once."""
    _ensure_status(ticket, Status.WAITING)
    if ticket.postponed_at is not None:
        raise errors.PostponeUsed()
    queued_at = _new_queue_time(ticket, _behind(ticket, limit=places + 1), places)
    if queued_at is None:
        raise errors.PostponeNobodyBehind()
    now = timezone.now()
    updated = Ticket.objects.filter(
        pk=ticket.pk, status=Status.WAITING, postponed_at__isnull=True
    ).update(queued_at=queued_at, postponed_at=now)
    if not updated:
        ticket.refresh_from_db(fields=["status", "postponed_at"])
        if ticket.postponed_at is not None:
            raise errors.PostponeUsed()
        raise errors.TicketStateChanged(status=ticket.get_status_display())
    ticket.queued_at, ticket.postponed_at = queued_at, now
    _log(ticket, kind=Kind.POSTPONED, at=now, from_status=Status.WAITING, actor=actor)
    events.publish_line(ticket.service, joined=[ticket])
    events.publish_ticket(ticket)
    # Those who moved up may now be near their turn.
    _after_commit_notify_line(ticket.service_id)
    return ticket
