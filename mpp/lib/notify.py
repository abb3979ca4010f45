"""Messages to residents (SMS/WhatsApp) through a small pluggable backend.

`settings.NOTIFY_BACKEND` names the backend class by dotted path. Shipped:
`ConsoleBackend` (the default: one log line, phone masked) and `MemoryBackend`
(keeps messages in `outbox`, for tests and the demo). A gateway plugs in by
subclassing `Backend`. Callers (Celery tasks) never pass a NIK or a name.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "mpp.lib.notify.ConsoleBackend"


@dataclass(frozen=True)
class Message:
    phone: str
    text: str
    kind: str


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


def send(*, phone: str, text: str, kind: str) -> None:
    """Send one message; raises whatever the backend raises (callers retry)."""
    if not phone:
        return
    get_backend().send(Message(phone=phone, text=text, kind=kind))


def send_once(*, key: str, phone: str, text: str, kind: str, ttl: int) -> bool:
    """Send unless a message under `key` was already sent (within `ttl` seconds).

    The key is claimed in the cache before sending and released if the send fails,
    so a Celery retry or a redelivered task sends each message at most once."""
    from django.core.cache import cache

    if not cache.add(key, 1, timeout=ttl):
        return False
    try:
        send(phone=phone, text=text, kind=kind)
    except Exception:
        cache.delete(key)  # let the retry send it
        raise
    return True
