"""A missed call put right from the resident's phone: rejoin the line once (API.md
"Self-service rejoin").

The resident was marked no-show (in the toilet when called); within
REJOIN_GRACE_MINUTES of that they may put the same ticket back in its line, once,
behind everyone already waiting there.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mpp.lib.errors import Conflict
from queues import errors, events
from queues.models import Ticket
from queues.services.base import Kind, Status, _ensure_not_closed, _transition


def _rejoin_refusal(ticket: Ticket) -> Conflict | None:
    if ticket.rejoined_at is not None:
        return errors.RejoinUsed()
    if ticket.status != Status.NO_SHOW:
        return errors.RejoinNotMissed(status=ticket.get_status_display())
    if ticket.rejoin_until is None:
        return errors.RejoinClosed(minutes=settings.REJOIN_GRACE_MINUTES)
    return None


@transaction.atomic
def ticket_rejoin(*, ticket: Ticket) -> Ticket:
    """no_show -> waiting, once, at the back of its line.

    The row is locked first, so a double tap or a second tab waits for the first
    rejoin and then sees it used. The ticket queues from now, in the regular group:
    behind every ticket already waiting, priority ones included.
    """
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("service").get(pk=ticket.pk)
    )
    now = timezone.now()
    refusal = _rejoin_refusal(ticket)
    if refusal is not None:
        raise refusal
    _ensure_not_closed(ticket.service, now)
    ticket = _transition(
        ticket,
        from_statuses=[Status.NO_SHOW],
        kind=Kind.REJOINED,
        actor=None,
        at=now,
        status=Status.WAITING,
        queued_at=now,
        priority_rank=1,
        rejoined_at=now,
        counter=None,
        called_at=None,
        started_at=None,
        finished_at=None,
    )
    events.publish_line(ticket.service, joined=[ticket])
    events.publish_ticket(ticket)
    return ticket
