"""Celery task of WhatsApp messaging: the reply to a resident's message.

Thin like the other tasks: it takes the received message's id; the reply is sent once
(its record is keyed by the received message's id), retried with backoff on the
Cloud API's retryable errors; the phone is then forgotten.
"""

from celery import shared_task

from messaging import cloud_api, services
from messaging.models import InboundMessage


@shared_task(
    acks_late=True,
    autoretry_for=(cloud_api.CloudApiError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=20,
    time_limit=30,
)
def send_reply(inbound_id: int) -> bool:
    inbound = InboundMessage.objects.filter(pk=inbound_id).exclude(phone="").first()
    if inbound is None or not inbound.reply:
        return False
    services.outbound_send(
        reference=f"reply:{inbound.wamid}",
        phone=inbound.phone,
        kind="reply",
        language=inbound.language,
        payload=cloud_api.text_payload(to=inbound.phone, body=inbound.reply),
    )
    InboundMessage.objects.filter(pk=inbound.pk).update(phone="")
    return True
