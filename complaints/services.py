"""Writes on complaints (pengaduan): file, respond (with status changes), escalate, forward.

Workflow: received -> verified -> in_progress -> resolved -> closed, or rejected (with a
reason) from any open state. Every change is recorded as an entry of the complaint's
thread (ComplaintResponse), made under a row lock so two staff cannot both move it.
"""

import datetime as dt
import os
import secrets
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Service, User
from complaints import errors, events
from complaints.models import Complaint, ComplaintAttachment, ComplaintResponse
from complaints.selectors import complaints_overdue, due_at_for
from mpp.lib.identity import normalize_contact
from mpp.lib.tasks import enqueue_on_commit
from queues.models import Ticket
from queues.selectors import ticket_get

Status = Complaint.Status

# Where each status may go next (rejected is reachable from every open status).
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.VERIFIED, Status.REJECTED},
    Status.VERIFIED: {Status.IN_PROGRESS, Status.REJECTED},
    Status.IN_PROGRESS: {Status.RESOLVED, Status.REJECTED},
    Status.RESOLVED: {Status.CLOSED},
    Status.CLOSED: set(),
    Status.REJECTED: set(),
}

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 3
RATE_LIMIT = 5  # complaints per client per hour
RATE_WINDOW = 3600


# --- attachments ----------------------------------------------------------------


EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


def _sniff(head: bytes) -> str | None:
    """The file's real type from its first bytes; the name and the browser's word count for
    nothing (a renamed .exe stays an .exe)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _upload_name(upload: UploadedFile) -> str:
    return os.path.basename(str(upload.name or ""))[:200] or "lampiran"


def attachment_check(upload: UploadedFile) -> str:
    """The content type of an acceptable upload; AttachmentTooLarge/TypeNotAllowed if not."""
    name = _upload_name(upload)
    limit_mb = ATTACHMENT_MAX_BYTES // (1024 * 1024)
    if upload.size is None or upload.size > ATTACHMENT_MAX_BYTES:
        raise errors.AttachmentTooLarge(name=name, limit=limit_mb)
    stream: IO[Any] = upload
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    content_type = _sniff(head if isinstance(head, bytes) else b"")
    if content_type is None:
        raise errors.AttachmentTypeNotAllowed(name=name)
    return content_type


def _attachments_check(uploads: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    if len(uploads) > ATTACHMENT_MAX_COUNT:
        raise errors.TooManyAttachments(limit=ATTACHMENT_MAX_COUNT)
    return [(upload, attachment_check(upload)) for upload in uploads]


def _attach(complaint: Complaint, checked: list[tuple[UploadedFile, str]], at: dt.datetime) -> None:
    for upload, content_type in checked:
        extension = EXTENSIONS[content_type]
        attachment = ComplaintAttachment(
            complaint=complaint,
            original_name=_upload_name(upload),
            content_type=content_type,
            size=upload.size or 0,
            uploaded_at=at,
        )
        # A name of our own: the resident's file name may hold personal data or a path,
        # and a random part keeps it unguessable should MEDIA_ROOT ever be served.
        stored = f"{complaint.code}-{secrets.token_urlsafe(12)}{extension}"
        attachment.file.save(stored, upload, save=False)
        attachment.save()


# --- filing ---------------------------------------------------------------------


def _rate_limit(client_key: str, now: dt.datetime) -> None:
    """At most RATE_LIMIT complaints per client per clock hour (a fixed window)."""
    if not client_key:
        return
    window = int(now.timestamp()) // RATE_WINDOW
    key = f"complaints:rate:{client_key}:{window}"
    cache.add(key, 0, timeout=RATE_WINDOW + 60)
    if cache.incr(key) > RATE_LIMIT:
        raise errors.TooManyComplaints()


def sla_days(agency: Agency | None) -> int:
    """Working days to follow up: the agency's setting, else the mall's (COMPLAINT_SLA_DAYS)."""
    if agency is not None:
        return agency.complaint_days
    return settings.COMPLAINT_SLA_DAYS


def _clean_contact(contact: str) -> str:
    """A phone number is stored as +628... (so a reply can be sent), an e-mail as typed;
    anything else is refused (forms and the API check it first, at the field)."""
    try:
        return normalize_contact(contact[:100])
    except ValidationError:
        raise errors.ContactInvalid() from None


def _routing(
    *, agency: Agency | None, service: Service | None, ticket_token: str
) -> tuple[Agency | None, Service | None, Ticket | None]:
    ticket = None
    if ticket_token:
        try:
            ticket = ticket_get(token=ticket_token)
        except Ticket.DoesNotExist:
            raise errors.TicketNotFound() from None
        service = service or ticket.service
    if service is not None:
        if agency is not None and agency.pk != service.agency_id:
            raise errors.ServiceNotOfAgency()
        agency = service.agency
    return agency, service, ticket


@transaction.atomic
def complaint_file(
    *,
    category: str,
    description: str,
    agency: Agency | None = None,
    service: Service | None = None,
    ticket_token: str = "",
    name: str = "",
    contact: str = "",
    channel: str = Complaint.Channel.WEB,
    filed_by: User | None = None,
    client_key: str = "",
    attachments: Sequence[UploadedFile] = (),
) -> Complaint:
    """A new complaint from the web, the kiosk, or staff for a walk-in resident.

    `client_key` identifies the sender for the rate limit (an IP address); staff and
    kiosk filings pass "" and are not limited. The due date counts the agency's working
    days (weekends and closures skipped) from the day after filing.
    """
    now = timezone.now()
    agency, service, ticket = _routing(agency=agency, service=service, ticket_token=ticket_token)
    checked = _attachments_check(attachments)
    _rate_limit(client_key, now)
    complaint = Complaint.objects.create(
        category=category,
        description=description.strip(),
        agency=agency,
        service=service,
        ticket=ticket,
        channel=channel,
        filed_by=filed_by if filed_by is not None and filed_by.is_authenticated else None,
        name=name.strip()[:100],
        contact=_clean_contact(contact),
        due_at=due_at_for(filed_at=now, days=sla_days(agency)),
        updated_at=now,
    )
    _attach(complaint, checked, now)
    events.emit_created(complaint)
    return complaint


# --- the thread -----------------------------------------------------------------


def _check_transition(complaint: Complaint, target: str, reason: str) -> None:
    if target not in TRANSITIONS.get(complaint.status, set()):
        raise errors.InvalidTransition(
            current=complaint.get_status_display(), target=Status(target).label
        )
    if target == Status.REJECTED and not reason:
        raise errors.RejectionReasonRequired()


@transaction.atomic
def complaint_respond(
    *,
    complaint: Complaint,
    author: User,
    message: str = "",
    public: bool = False,
    status: str = "",
    reason: str = "",
) -> ComplaintResponse:
    """A reply (public or internal) and/or a status change, in one thread entry.

    A rejection needs a reason (`reason`, else the message), shown to the reporter.
    A public reply is sent to the reporter's phone when they left one.
    """
    message = message.strip()
    reason = reason.strip() or (message if status == Status.REJECTED else "")
    if not message and not status:
        raise errors.EmptyResponse()
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    from_status = locked.status
    now = timezone.now()
    if status and status != from_status:
        _check_transition(locked, status, reason)
        locked.status = status
        if status == Status.REJECTED:
            locked.rejection_reason = reason
    elif status:
        status = ""  # the same status again is no change, just a reply
        if not message:
            raise errors.EmptyResponse()
    locked.updated_at = now
    locked.save(update_fields=["status", "rejection_reason", "updated_at"])
    response = ComplaintResponse.objects.create(
        complaint=locked,
        author=author if author.is_authenticated else None,
        message=message,
        public=public,
        from_status=from_status if status else "",
        to_status=status,
        at=now,
    )
    complaint.status, complaint.rejection_reason = locked.status, locked.rejection_reason
    complaint.updated_at = now
    if public and message and locked.contact.startswith("+62"):
        # After commit, through the outbox when the broker is down: never a 500 here.
        enqueue_on_commit("complaints.tasks.notify_complaint_reply", response.pk)
    return response


# --- escalation ------------------------------------------------------------------


@transaction.atomic
def complaints_escalate_overdue(*, at: dt.datetime) -> list[str]:
    """Mark open complaints past their deadline as escalated to the MPP manager.

    Each is escalated once (safe to run twice): an internal note records it in the
    thread, the manager's inbox lists it under "dieskalasi", and a `complaint.escalated`
    event reaches the live dashboards after commit (complaints/events.py).
    """
    overdue = list(complaints_overdue(at=at).select_for_update(skip_locked=True).order_by("due_at"))
    note = _("Melewati batas waktu tindak lanjut; dieskalasi ke pengelola MPP.")
    for complaint in overdue:
        complaint.escalated_at = at
        complaint.save(update_fields=["escalated_at"])
        ComplaintResponse.objects.create(complaint=complaint, message=note, public=False, at=at)
        events.publish_escalated(complaint)
    return [complaint.code for complaint in overdue]


# --- personal data retention (UU 27/2022) ------------------------------------------


def retention_days() -> int:
    """Days a handled complaint keeps the reporter's name and contact (COMPLAINT_RETENTION_DAYS)."""
    return settings.COMPLAINT_RETENTION_DAYS


@transaction.atomic
def complaints_purge_reporter_data(*, at: dt.datetime) -> int:
    """Blank the name and contact of complaints handled (resolved, closed, rejected) more
    than the retention period ago. The case, its thread and its statistics stay."""
    cutoff = at - dt.timedelta(days=retention_days())
    handled = Complaint.objects.exclude(status__in=Complaint.OPEN_STATUSES)
    stale = handled.filter(updated_at__lt=cutoff).exclude(name="", contact="")
    return stale.update(name="", contact="")


# --- SP4N-LAPOR! ---------------------------------------------------------------


@transaction.atomic
def complaints_forward_to_lapor(
    *, complaints: Iterable[Complaint], actor: User, at: dt.datetime | None = None
) -> list[Complaint]:
    """Record that these complaints were exported for SP4N-LAPOR!.

    The first export is kept (when and by whom); an internal note is added each time.
    """
    at = at or timezone.now()
    done = []
    for complaint in complaints:
        if complaint.lapor_forwarded_at is None:
            complaint.lapor_forwarded_at = at
            complaint.lapor_forwarded_by = actor
            complaint.save(update_fields=["lapor_forwarded_at", "lapor_forwarded_by"])
        ComplaintResponse.objects.create(
            complaint=complaint,
            author=actor,
            message=_("Diekspor untuk diteruskan ke SP4N-LAPOR!."),
            public=False,
            at=at,
        )
        done.append(complaint)
    return done


@transaction.atomic
def complaint_set_lapor_reference(
    *, complaint: Complaint, actor: User, reference: str
) -> Complaint:
    """The report number SP4N-LAPOR! gave the forwarded complaint."""
    now = timezone.now()
    complaint.lapor_reference = reference.strip()[:64]
    if complaint.lapor_forwarded_at is None:
        complaint.lapor_forwarded_at, complaint.lapor_forwarded_by = now, actor
    complaint.save(update_fields=["lapor_reference", "lapor_forwarded_at", "lapor_forwarded_by"])
    ComplaintResponse.objects.create(
        complaint=complaint,
        author=actor,
        message=_("Nomor laporan SP4N-LAPOR!: %(reference)s") % {"reference": reference},
        public=False,
        at=now,
    )
    return complaint
