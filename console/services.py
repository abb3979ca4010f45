"""An officer's steps at a counter (loket): open, close, pause, resume.

Each is one transaction over three apps: the attendance rows (counters/services.py),
the counter's ticket (a counter that holds one may not close or pause: `session_lock()`),
and the booth's alerts (`booth_refresh()`: opening or resuming closes an "empty" or
"break overrun" alert now rather than at the next scan); then the console and the lines
it serves are told, after commit.
"""

from django.db import transaction
from django.utils import timezone

from agencies.models import User
from counters import services as attendance
from counters.errors import CounterBusy, CounterNotPaused
from counters.models import Counter, CounterPause, CounterSession
from counters.services import ensure_may_operate
from monitoring.services import booth_refresh
from queues import events
from queues.services.base import session_free, session_lock


def _publish_state(counter: Counter) -> None:
    """The console follows its counter; each line it serves re-estimates its wait."""
    events.publish_counter(counter)
    for service_id in counter.services.order_by("pk").values_list("pk", flat=True):
        events.publish_line(service_id, fresh=True)


@transaction.atomic
def counter_open(*, counter: Counter, officer: User) -> CounterSession:
    """Open the counter for `officer`; opening it again is a no-op."""
    session, created = attendance.session_open(counter=counter, officer=officer)
    if created:
        booth_refresh(booth_id=counter.booth_id, at=session.opened_at)
        _publish_state(counter)
    return session


@transaction.atomic
def counter_close(*, counter: Counter, actor: User) -> CounterSession:
    ensure_may_operate(user=actor, counter=counter)
    session = session_lock(counter=counter)
    if session.busy:
        raise CounterBusy()
    attendance.session_close(session=session, at=timezone.now())
    _publish_state(counter)
    return session


@transaction.atomic
def counter_pause(*, counter: Counter, actor: User, reason: str) -> CounterPause:
    session = session_free(counter=counter, actor=actor)
    pause = attendance.pause_start(session=session, reason=reason, at=timezone.now())
    _publish_state(counter)
    return pause


@transaction.atomic
def counter_resume(*, counter: Counter, actor: User) -> CounterSession:
    ensure_may_operate(user=actor, counter=counter)
    session = session_lock(counter=counter)
    now = timezone.now()
    if not attendance.pause_end(session=session, at=now):
        raise CounterNotPaused()
    booth_refresh(booth_id=counter.booth_id, at=now)
    _publish_state(counter)
    return session
