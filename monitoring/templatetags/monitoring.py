"""Booth monitoring in templates: the officer's own booth state on the console."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from monitoring.models import BoothAlert
from monitoring.selectors import booth_state_public
from monitoring.views import reason_labels, state_labels

register = template.Library()


def booth_state_texts() -> dict[str, Any]:
    """The words static/counters/console.js needs to redraw the fragment live."""
    return {
        "states": state_labels(),
        "kinds": {value: str(label) for value, label in BoothAlert.Kind.choices},
        "reasons": reason_labels(),
        "notified": _(
            "Pengelola MPP telah diberi tahu. Buka atau lanjutkan layanan loket agar "
            "peringatan tertutup."
        ),
    }


@register.simple_tag
def booth_state_of(booth_id: int) -> dict[str, Any] | None:
    """The booth's state as the dashboard shows it (without officers' names), with its
    labels and the words to redraw it."""
    state = booth_state_public(booth_id=booth_id)
    if state is None:
        return None
    texts = booth_state_texts()
    reasons = texts["reasons"]
    alerts = [
        {
            **alert,
            "kind_label": texts["kinds"].get(alert["kind"], alert["kind"]),
            "reason_label": reasons.get(alert["reason"], alert["reason"]),
        }
        for alert in state["alerts"]
    ]
    return {
        **state,
        "alerts": alerts,
        "state_label": state_labels()[state["state"]],
        "reasons": [alert["reason_label"] for alert in alerts],
        "texts": texts,
    }
