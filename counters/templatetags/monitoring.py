"""Booth monitoring in templates: the officer's own booth state on the console."""

from typing import Any

from django import template

from counters.dashboard_views import reason_labels, state_labels
from counters.monitoring_selectors import booth_state

register = template.Library()


@register.simple_tag
def booth_state_of(booth_id: int) -> dict[str, Any] | None:
    """The booth's state as the dashboard shows it, with its labels."""
    state = booth_state(booth_id=booth_id)
    if state is None:
        return None
    reasons = reason_labels()
    return {
        **state,
        "state_label": state_labels()[state["state"]],
        "reasons": [reasons.get(a["reason"], a["reason"]) for a in state["alerts"]],
    }
