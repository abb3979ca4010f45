"""The notify backend for the WhatsApp Cloud API (settings.NOTIFY_BACKEND =
"messaging.backend.WhatsAppBackend").

A message goes by WhatsApp when its kind has a template (messaging/templates.py) and
the resident opted in (messaging.models.OptIn), in the language they chose. Anything
else (no consent, staff messages, an e-mail address) goes to
WHATSAPP_FALLBACK_BACKEND (the console by default; an SMS gateway in production).
"""

from django.conf import settings
from django.utils.module_loading import import_string

from messaging import cloud_api, selectors, services
from messaging.templates import template_for
from mpp.lib.notify import Backend, Message


class WhatsAppBackend(Backend):
    def send(self, message: Message) -> None:
        filled = template_for(message.kind, dict(message.params))
        opt_in = selectors.opt_in_get(phone=message.phone) if filled else None
        if filled is None or opt_in is None:
            import_string(settings.WHATSAPP_FALLBACK_BACKEND)().send(message)
            return
        payload = cloud_api.template_payload(
            to=message.phone,
            name=filled.name,
            language=opt_in.language,
            parameters=filled.parameters,
        )
        services.outbound_send(
            reference=message.key,
            phone=message.phone,
            kind=message.kind,
            language=opt_in.language,
            payload=payload,
            template=filled.name,
        )
