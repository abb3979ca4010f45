"""What the console's "Ajukan penutupan" panel shows (templates/counters/_closure_request.html).

A template tag, so the panel is one include line in console.html and the console's
view needs no change.
"""

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from agencies.selectors import day_schedule
from counters.closure_selectors import (
    closure_target_text,
    closures_live_for_booth,
    period_text,
    user_may_cancel_closure,
)
from counters.models import ClosureRequest, Counter

register = template.Library()

INPUT_FORMAT = "%Y-%m-%dT%H:%M"  # <input type="datetime-local">


def _default_end(now: dt.datetime) -> dt.datetime:
    """Today's closing time while the day lasts, else an hour from now."""
    closes_at = day_schedule(day=timezone.localdate(now)).closes_at
    if closes_at is not None and closes_at > now:
        return closes_at
    return now + dt.timedelta(hours=1)


@register.simple_tag(takes_context=True)
def closure_panel(context: template.Context, counter: Counter) -> dict[str, Any]:
    request = context["request"]
    now = timezone.now()
    rows = [
        {
            "closure": closure,
            "target": closure_target_text(closure),
            "period": period_text(closure.starts_at, closure.ends_at),
            "in_force": closure.status == ClosureRequest.Status.APPROVED
            and closure.starts_at <= now,
            "may_cancel": user_may_cancel_closure(user=request.user, closure=closure),
        }
        for closure in closures_live_for_booth(booth=counter.booth, at=now)
    ]
    local_now = timezone.localtime(now)
    return {
        "rows": rows,
        "starts": local_now.strftime(INPUT_FORMAT),
        "ends": timezone.localtime(_default_end(now)).strftime(INPUT_FORMAT),
        "next": request.get_full_path(),
    }
