"""What the console's "Ajukan penutupan" panel shows (templates/counters/_closure_request.html).

A template tag, so the panel is one include line in console.html and the console's
view needs no change.
"""

from typing import Any

from django import template
from django.utils import timezone

from closures.models import ClosureRequest
from closures.selectors import (
    closure_target_text,
    closures_live_for_booth,
    period_text,
    user_may_cancel_closure,
)
from closures.views import form_initial
from counters.models import Counter

register = template.Library()


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
    return {
        "rows": rows,
        "initial": form_initial(request, target=f"counter:{counter.pk}"),
        "counter_target": f"counter:{counter.pk}",
        "booth_target": f"booth:{counter.booth_id}",
        "next": request.get_full_path(),
    }
