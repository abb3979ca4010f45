"""Reads of WhatsApp consent and message records."""

from messaging.models import OptIn, OutboundMessage


def opt_in_get(*, phone: str) -> OptIn | None:
    return OptIn.objects.filter(phone=phone).first() if phone else None


def outbound_for(*, reference: str) -> OutboundMessage | None:
    return OutboundMessage.objects.filter(reference=reference).first()
