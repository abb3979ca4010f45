"""Which Cloud API message template carries each kind of message to a resident.

Messages a business starts must use a template Meta approved; register each under its
`name` in Indonesian (`id`) and English (`en`), with its body's parameters {{1}},
{{2}} ... in the order of `params` (README, "WhatsApp"). The values come from the
`params` the Celery task passes to mpp.lib.notify.send_once.
"""

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Template:
    name: str
    params: tuple[str, ...]


TEMPLATES: dict[str, Template] = {
    "booking_confirmed": Template("mpp_booking_confirmed", ("code", "service", "date", "time")),
    "reminder": Template("mpp_booking_reminder", ("code", "service", "date", "time")),
    "turn_near": Template("mpp_turn_near", ("code", "service")),
    "called": Template("mpp_called", ("code", "counter")),
    "document_ready": Template("mpp_document_ready", ("code", "service")),
}


class Filled(NamedTuple):
    name: str
    parameters: list[str]


def template_for(kind: str, params: dict[str, str]) -> Filled | None:
    """The template and its parameters for a message of `kind`, or None when that kind
    has no template (it goes by the fallback backend)."""
    template = TEMPLATES.get(kind)
    if template is None:
        return None
    # A parameter may not be empty in the Cloud API: a dash stands in.
    return Filled(template.name, [str(params.get(name) or "-") for name in template.params])
