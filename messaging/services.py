"""Writes of WhatsApp messaging: consent, sending through the Cloud API with a record
per message, and the delivery statuses the webhook reports.

Sending is at most once per `reference` (the caller's once-only key): the row is found
again on a retry, and a message the API accepted (it has a `wamid`) or refused for good
is never sent again. Retryable errors are raised for the Celery task to retry with
backoff, until WHATSAPP_MAX_ATTEMPTS; then, like permanent ones, they are recorded as
`failed` with the API's code.
"""

import datetime as dt
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from messaging import cloud_api
from messaging.models import InboundMessage, OptIn, OutboundMessage
from mpp.lib.notify import mask_phone

logger = logging.getLogger(__name__)

Status = OutboundMessage.Status

# The webhook's statuses may arrive out of order: a status only moves forward.
_EARLIER: dict[str, list[str]] = {
    Status.SENT: [Status.QUEUED],
    Status.DELIVERED: [Status.QUEUED, Status.SENT],
    Status.READ: [Status.QUEUED, Status.SENT, Status.DELIVERED],
    Status.FAILED: [Status.QUEUED, Status.SENT],
}


def opt_in_record(*, phone: str, source: str, language: str = "id") -> OptIn:
    """The resident agrees to messages by WhatsApp (again: the latest time, source and
    language are kept)."""
    language = language if language in ("id", "en") else "id"
    opt_in, _ = OptIn.objects.update_or_create(
        phone=phone,
        defaults={"source": source, "language": language, "opted_in_at": timezone.now()},
    )
    return opt_in


def opt_in_withdraw(*, phone: str) -> bool:
    deleted, _ = OptIn.objects.filter(phone=phone).delete()
    return bool(deleted)


def _record(
    *, reference: str, kind: str, phone: str, language: str, template: str
) -> OutboundMessage:
    record, _ = OutboundMessage.objects.get_or_create(
        reference=reference or f"once:{uuid.uuid4().hex}",
        defaults={
            "kind": kind,
            "template": template,
            "language": language,
            "phone_masked": mask_phone(phone)[-16:],
        },
    )
    return record


def outbound_send(
    *,
    reference: str,
    phone: str,
    kind: str,
    language: str,
    payload: dict[str, Any],
    template: str = "",
) -> OutboundMessage:
    """Send one message through the Cloud API, recorded under `reference`."""
    record = _record(
        reference=reference, kind=kind, phone=phone, language=language, template=template
    )
    if record.wamid or record.status == Status.FAILED:
        return record  # sent (or refused for good) before: never twice
    OutboundMessage.objects.filter(pk=record.pk).update(attempts=F("attempts") + 1)
    record.refresh_from_db(fields=["attempts"])
    try:
        wamid = cloud_api.post_message(payload)
    except cloud_api.CloudApiError as error:
        return _refused(record, error)
    OutboundMessage.objects.filter(pk=record.pk).update(wamid=wamid, error_code=None)
    record.wamid = wamid
    logger.info("whatsapp %s to %s accepted", kind, record.phone_masked)
    return record


def _refused(record: OutboundMessage, error: cloud_api.CloudApiError) -> OutboundMessage:
    record.error_code, record.error_title = error.code, error.title
    final = not error.retryable or record.attempts >= settings.WHATSAPP_MAX_ATTEMPTS
    if final:
        record.status, record.status_at = Status.FAILED, timezone.now()
    record.save(update_fields=["error_code", "error_title", "status", "status_at"])
    logger.warning(
        "whatsapp %s to %s refused (%s, attempt %s): %s",
        record.kind,
        record.phone_masked,
        error.code,
        record.attempts,
        "failed" if final else "will retry",
    )
    if not final:
        raise error  # the Celery task retries with backoff
    return record


def outbound_status(
    *, wamid: str, status: str, at: dt.datetime, error_code: int | None = None, title: str = ""
) -> bool:
    """A delivery status from the webhook; False when it is unknown, stale or repeated."""
    if status not in _EARLIER:
        return False
    fields: dict[str, Any] = {"status": status, "status_at": at}
    if status == Status.FAILED:
        fields.update(error_code=error_code or 0, error_title=title[:200])
    updated = OutboundMessage.objects.filter(wamid=wamid, status__in=_EARLIER[status]).update(
        **fields
    )
    return bool(updated)


def inbound_claim(*, wamid: str, phone: str, at: dt.datetime) -> InboundMessage | None:
    """Take a received message for handling; None when it was handled before (the
    webhook redelivers). Call inside the transaction that handles it."""
    with transaction.atomic():
        inbound, created = InboundMessage.objects.get_or_create(
            wamid=wamid, defaults={"phone": phone, "received_at": at}
        )
    return inbound if created else None
