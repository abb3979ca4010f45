"""Writes on counters (loket): attendance, recorded as CounterSession rows with their
CounterPause breaks.

An officer's step at a counter does more than these rows: it is refused while the
counter holds a ticket, it re-evaluates the booth's alerts and it is published to the
console and the lines. That composite lives above tickets and alerts, in
console/services.py (`counter_open`, `counter_close`, `counter_pause`, `counter_resume`),
which calls these.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from agencies.models import User
from counters.errors import CounterInactive, CounterTaken, OfficerBusyElsewhere
from counters.models import Counter, CounterPause, CounterSession
from counters.selectors import user_may_operate
from mpp.lib.errors import NotAllowed, constraint_refusals

# The refusals PostgreSQL makes on session rows (CounterSession.Meta.constraints).
SESSION_REFUSALS = {
    "one_open_session_per_counter": CounterTaken,
    "one_open_session_per_officer": OfficerBusyElsewhere,
}


def ensure_may_operate(*, user: User, counter: Counter) -> None:
    if not user_may_operate(user=user, agency_id=counter.booth.agency_id):
        raise NotAllowed()


@transaction.atomic
def session_open(*, counter: Counter, officer: User) -> tuple[CounterSession, bool]:
    """The counter's session for `officer`, opened now unless it is open already (then
    `created` is False)."""
    ensure_may_operate(user=officer, counter=counter)
    if not counter.is_active:
        raise CounterInactive()
    current = CounterSession.objects.filter(counter=counter, closed_at__isnull=True).first()
    if current is not None:
        if current.officer_id != officer.pk:
            raise CounterTaken()
        return current, False
    if CounterSession.objects.filter(officer=officer, closed_at__isnull=True).exists():
        raise OfficerBusyElsewhere()
    # A concurrent opener that got past the checks above is refused by a constraint.
    with constraint_refusals(SESSION_REFUSALS):
        session = CounterSession.objects.create(
            counter=counter, officer=officer, opened_at=timezone.now()
        )
    return session, True


def session_close(*, session: CounterSession, at: dt.datetime) -> None:
    """End the session, and its break if one is open. The caller holds its lock."""
    session.pauses.filter(ended_at__isnull=True).update(ended_at=at)
    session.closed_at = at
    session.save(update_fields=["closed_at"])


def pause_start(*, session: CounterSession, reason: str, at: dt.datetime) -> CounterPause:
    """A break begins. The caller holds the session's lock and checked none is open."""
    return CounterPause.objects.create(session=session, reason=reason.strip()[:200], started_at=at)


def pause_end(*, session: CounterSession, at: dt.datetime) -> bool:
    """End the open break (the update is the compare-and-set); False if none was open."""
    return bool(session.pauses.filter(ended_at__isnull=True).update(ended_at=at))
