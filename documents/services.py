"""Writes on documents (berkas): open at finish, move through its statuses, take a
number in the agency's pickup line.

Status: processing -> ready -> collected, and processing or ready -> cancelled. Every
change is made on the locked row and written to the timeline (`DocumentEvent`).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from agencies.models import User
from documents import errors, events
from documents.models import Document, DocumentEvent, PickupLine
from documents.selectors import user_may_handle_documents
from mpp.lib.errors import NotAllowed, constraint_refusals
from mpp.lib.tasks import enqueue_on_commit
from queues.models import Ticket
from queues.services import ticket_issue

Status = Document.Status

# Where each status may go next.
NEXT: dict[str, tuple[str, ...]] = {
    Status.PROCESSING: (Status.READY, Status.CANCELLED),
    Status.READY: (Status.COLLECTED, Status.CANCELLED),
    Status.COLLECTED: (),
    Status.CANCELLED: (),
}
STAMPS: dict[str, str] = {
    Status.READY: "ready_at",
    Status.COLLECTED: "collected_at",
    Status.CANCELLED: "cancelled_at",
}
DOCUMENT_REFUSALS = {"documents_document_ticket_id_key": errors.DocumentAlreadyOpen}


def _log(document: Document, *, at: dt.datetime, actor: User | None, note: str) -> None:
    DocumentEvent.objects.create(
        document=document,
        at=at,
        status=document.status,
        note=note[:300],
        actor=actor if actor is not None and actor.is_authenticated else None,
    )


@transaction.atomic
def document_open(
    *, ticket: Ticket, expected_ready: dt.date, note: str = "", actor: User
) -> Document:
    """The officer opens a document for a finished visit: `processing`, with a code."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("service").get(pk=ticket.pk)
    )
    if not user_may_handle_documents(user=actor, agency_id=ticket.service.agency_id):
        raise NotAllowed()
    if ticket.status != Ticket.Status.DONE:
        raise errors.TicketNotFinished(status=ticket.get_status_display())
    existing = Document.objects.filter(ticket=ticket).first()
    if existing is not None:
        raise errors.DocumentAlreadyOpen(code=existing.code)
    now = timezone.now()
    if expected_ready < timezone.localdate(now):
        raise errors.ExpectedReadyPast()
    with constraint_refusals(DOCUMENT_REFUSALS):
        document = Document.objects.create(
            ticket=ticket,
            agency_id=ticket.service.agency_id,
            service=ticket.service,
            expected_ready=expected_ready,
            note=note[:300],
            created_at=now,
            created_by=actor,
        )
    _log(document, at=now, actor=actor, note=note)
    events.publish_document(document)
    return document


@transaction.atomic
def document_set_status(
    *, document: Document, status: str, note: str = "", actor: User
) -> Document:
    """Move the document on (staff of its agency): ready tells the resident."""
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("service__agency", "ticket")
        .get(pk=document.pk)
    )
    if not user_may_handle_documents(user=actor, agency_id=document.agency_id):
        raise NotAllowed()
    if status not in NEXT[document.status]:
        raise errors.DocumentTransitionInvalid(
            status=document.get_status_display(), target=Status(status).label
        )
    now = timezone.now()
    document.status = status
    setattr(document, STAMPS[status], now)
    document.save(update_fields=["status", STAMPS[status]])
    _log(document, at=now, actor=actor, note=note)
    if status == Status.READY:
        events.publish_document_ready(document)
        if document.ticket.phone:
            enqueue_on_commit("documents.tasks.notify_document_ready", document.pk)
    else:
        events.publish_document(document)
    return document


def _not_ready(document: Document) -> errors.DocumentNotReady:
    """Why a document takes no pickup number: still processing (until when), collected
    (when) or cancelled; the same code `document_not_ready` for all three."""
    if document.status == Status.PROCESSING:
        return errors.DocumentStillProcessing(date=date_format(document.expected_ready, "j F Y"))
    if document.status == Status.COLLECTED and document.collected_at is not None:
        collected = timezone.localtime(document.collected_at)
        return errors.DocumentCollected(date=date_format(collected, "j F Y"))
    if document.status == Status.CANCELLED:
        return errors.DocumentCancelled()
    return errors.DocumentNotReady(status=document.get_status_display())


@transaction.atomic
def document_pickup(*, document: Document, actor: User | None = None) -> Ticket:
    """A number in the agency's pickup line for a ready document (ambil berkas).

    One per document while it waits: asking again (a second tap, the kiosk after the
    phone) gives the same ticket back. Pickup tickets are called with the priority
    group, ahead of new applications."""
    # The number already taken is read after the lock, not joined into the locking
    # query: a second tap waiting on the lock gets the row as the first one left it, but
    # a joined pickup ticket as it was before (none), and would issue a second number.
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("ticket")
        .get(pk=document.pk)
    )
    if document.status != Status.READY:
        raise _not_ready(document)
    current = document.pickup_ticket
    if current is not None and current.status in Ticket.ACTIVE_STATUSES:
        return current
    line = PickupLine.objects.select_related("service").filter(agency_id=document.agency_id)
    pickup = line.first()
    if pickup is None:
        raise errors.NoPickupLine()
    ticket = ticket_issue(
        service=pickup.service, actor=actor, phone=document.ticket.phone, pickup=True
    )
    document.pickup_ticket = ticket
    document.save(update_fields=["pickup_ticket"])
    return ticket
