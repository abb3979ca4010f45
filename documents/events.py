"""Live payloads about documents, built from what a service just wrote, sent on commit.

A document is followed on its ticket's page: `document.updated` goes on the ticket's
stream (`ticket.<token>`), which the page already listens to. No personal data: the
public form of a document is the one `GET /api/v1/documents/<code>/` answers.
"""

from typing import Any

from django.utils import timezone

from documents.models import Document, DocumentEvent
from mpp.lib.realtime import publish
from queues.events import ticket_stream
from webhooks.services import document_ready_emit


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def public_document(document: Document, events: list[DocumentEvent]) -> dict[str, Any]:
    """What anyone holding the code may see: status and dates, no name, NIK or phone,
    and no staff note."""
    return {
        "code": document.code,
        "service": document.service_id,
        "service_name": document.service.name,
        "agency_name": document.service.agency.name,
        "status": document.status,
        "expected_ready": document.expected_ready.isoformat(),
        "ready_at": _iso(document.ready_at),
        "collected_at": _iso(document.collected_at),
        "events": [{"at": _iso(e.at), "status": e.status} for e in events],
    }


def publish_document(document: Document) -> None:
    """The document's new state to its ticket's page (built now, sent on commit)."""
    events = list(DocumentEvent.objects.filter(document=document).order_by("at", "id"))
    publish(
        ticket_stream(document.ticket.token),
        {"type": "document.updated", "document": public_document(document, events)},
    )


def publish_document_ready(document: Document) -> None:
    """The document just became ready, inside the transaction that made it so.

    Everything "document ready" tells the outside: the resident's page and the outbound
    webhook `document.ready` (recorded on commit, like the rest; the public code only)."""
    publish_document(document)
    assert document.ready_at is not None, "a ready document has its ready_at"
    document_ready_emit(
        code=document.code,
        service_id=document.service_id,
        agency_id=document.agency_id,
        ready_at=document.ready_at,
    )
