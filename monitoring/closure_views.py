"""The list of planned closures (/dashboard/closures/): pending, approved and past
requests. Managers see all and approve or refuse (with a note); officers and supervisors
see their agency's and may cancel their own requests.

Each pending request shows what approving it would change: the lines no other counter
serves (closures.selectors) and the online bookings already made for a slot inside it
(queues.selectors), combined here, above both. Requesting and deciding (the form posts)
are closures/views.py.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agencies.models import Service, User
from closures.models import ClosureRequest
from closures.selectors import (
    closure_stopped_lines,
    closure_target_text,
    closure_targets_for_user,
    closures_for_user,
    period_text,
    user_may_cancel_closure,
)
from closures.views import forbidden, form_initial, may_see
from queues.selectors import bookings_in_periods

HISTORY_LIMIT = 100


@dataclass(frozen=True)
class ClosureEffect:
    """What approving a request changes: the lines that would take no new ticket while
    it holds, and the online bookings already made for a slot inside it."""

    services: list[Service]
    bookings: int


def closure_effects(*, closures: list[ClosureRequest]) -> dict[int, ClosureEffect]:
    """The effect of each request, in three queries however many there are."""
    stopped = closure_stopped_lines(closures=closures)
    periods = {c.pk: ([s.pk for s in stopped[c.pk]], c.starts_at, c.ends_at) for c in closures}
    booked = bookings_in_periods(periods=periods)
    return {pk: ClosureEffect(services=lines, bookings=booked[pk]) for pk, lines in stopped.items()}


def _row(
    closure: ClosureRequest, *, user: User, now: dt.datetime, effect: ClosureEffect | None = None
) -> dict[str, Any]:
    live = closure.status in (ClosureRequest.Status.PENDING, ClosureRequest.Status.APPROVED)
    return {
        "effect": effect,
        "closure": closure,
        "target": closure_target_text(closure),
        "period": period_text(closure.starts_at, closure.ends_at),
        "in_force": closure.status == ClosureRequest.Status.APPROVED
        and closure.starts_at <= now < closure.ends_at,
        "may_decide": user.is_manager and closure.status == ClosureRequest.Status.PENDING,
        "may_cancel": live
        and closure.ends_at > now
        and user_may_cancel_closure(user=user, closure=closure),
    }


def closure_sections(*, user: User, now: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """Pending (soonest first), approved and not ended (soonest first), and the rest."""
    Status = ClosureRequest.Status
    scoped = closures_for_user(user=user)
    pending = scoped.filter(status=Status.PENDING, ends_at__gt=now).order_by("starts_at", "id")
    approved = scoped.filter(status=Status.APPROVED, ends_at__gt=now).order_by("starts_at", "id")
    past = scoped.exclude(pk__in=pending.values("pk")).exclude(pk__in=approved.values("pk"))
    waiting = list(pending)
    effects = closure_effects(closures=waiting)
    return {
        "pending": [_row(c, user=user, now=now, effect=effects[c.pk]) for c in waiting],
        "approved": [_row(c, user=user, now=now) for c in approved],
        "past": [
            _row(c, user=user, now=now) for c in past.order_by("-starts_at", "-id")[:HISTORY_LIMIT]
        ],
    }


def _target_groups(user: User) -> list[dict[str, Any]]:
    """The request form's choices: per booth, the whole booth then each counter."""
    groups = []
    for booth, counters in closure_targets_for_user(user=user):
        whole = _("Seluruh gerai (%(label)s)") % {"label": booth.label}
        options = [{"value": f"booth:{booth.pk}", "label": whole}]
        options += [{"value": f"counter:{c.pk}", "label": c.label} for c in counters]
        label = f"{booth.label} · {booth.agency.name}" if user.is_manager else booth.label
        groups.append({"label": label, "options": options})
    return groups


@never_cache
@login_required
@require_safe
def closure_list(request: HttpRequest) -> HttpResponse:
    if not may_see(request.user):
        return forbidden(request)
    context = {
        "sections": closure_sections(user=request.user, now=timezone.now()),
        "may_decide": request.user.is_manager,
        "targets": _target_groups(request.user),
        "initial": form_initial(request),
    }
    return render(request, "closures/closures.html", context)
