"""Messages to residents (SMS/WhatsApp) through a small pluggable backend.

`settings.NOTIFY_BACKEND` names the backend class by dotted path. Shipped:
`ConsoleBackend` (the default: one log line, phone masked), `MemoryBackend`
(keeps messages in `outbox`, for tests and the demo) and the WhatsApp Cloud API
(`messaging.backend.WhatsAppBackend`). A gateway plugs in by subclassing `Backend`.
Callers (Celery tasks) never pass a NIK or a name. `params` carries the message's
facts one by one (code, service, counter ...) for gateways that send templates.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "mpp.lib.notify.ConsoleBackend"


@dataclass(frozen=True)
class Message:
    phone: str
    text: str
    kind: str
    params: Mapping[str, str] = field(default_factory=dict)
    # The send_once key: what a gateway keeps its delivery record under.
    key: str = ""


class Backend:
    """Base class for a delivery channel.

    A gateway backend (e.g. an SMS or WhatsApp Business API client) overrides
    `send()` and raises on any failure: the calling Celery task retries with
    backoff, so `send()` itself must not retry or swallow errors.
    """

    def send(self, message: Message) -> None:
        raise NotImplementedError


def mask_phone(phone: str) -> str:
    """All but the last four digits hidden: logs are not a phone book."""
    return "*" * max(len(phone) - 4, 0) + phone[-4:]


class ConsoleBackend(Backend):
    def send(self, message: Message) -> None:
        logger.info("notify %s to %s: %s", message.kind, mask_phone(message.phone), message.text)


outbox: list[Message] = []


class MemoryBackend(Backend):
    """Appends to the module-level `outbox` (per process; clear it between tests)."""

    def send(self, message: Message) -> None:
        outbox.append(message)


def get_backend() -> Backend:
    path = getattr(settings, "NOTIFY_BACKEND", "") or DEFAULT_BACKEND
    return import_string(path)()


def send(
    *, phone: str, text: str, kind: str, params: Mapping[str, str] | None = None, key: str = ""
) -> None:
    """Send one message; raises whatever the backend raises (callers retry)."""
    if not phone:
        return
    message = Message(phone=phone, text=text, kind=kind, params=dict(params or {}), key=key)
    get_backend().send(message)


def send_once(
    *,
    key: str,
    phone: str,
    text: str,
    kind: str,
    ttl: int,
    params: Mapping[str, str] | None = None,
) -> bool:
    """Send unless a message under `key` was already sent (within `ttl` seconds).

    The key is claimed in the cache before sending and released if the send fails,
    so a Celery retry or a redelivered task sends each message at most once."""
    from django.core.cache import cache

    if not cache.add(key, 1, timeout=ttl):
        return False
    try:
        send(phone=phone, text=text, kind=kind, params=params, key=key)
    except Exception:
        cache.delete(key)  # let the retry send it
        raise
    return True
