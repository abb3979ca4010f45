"""Reads of documents: by public code, by ticket, scoped to what a staff user may see,
and the overdue ones per agency for the dashboard."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Prefetch, QuerySet

from agencies.models import User
from documents.codes import normalize_code
from documents.models import Document, DocumentEvent


def _documents() -> QuerySet[Document]:
    timeline = DocumentEvent.objects.order_by("at", "id")
    return Document.objects.select_related("service__agency", "ticket").prefetch_related(
        Prefetch("events", queryset=timeline)
    )


def document_get(*, code: str) -> Document:
    """The document behind a typed code; Document.DoesNotExist when there is none."""
    normalized = normalize_code(code)
    if normalized is None:
        raise Document.DoesNotExist
    return _documents().get(code=normalized)


def document_of_ticket(*, ticket_id: int) -> Document:
    return _documents().get(ticket_id=ticket_id)


def user_may_handle_documents(*, user: User, agency_id: int) -> bool:
    """Officers and supervisors of the agency; managers everywhere."""
    if not user.is_authenticated:
        return False
    if user.is_manager:
        return True
    staff = (User.Role.OFFICER, User.Role.SUPERVISOR)
    return user.role in staff and user.agency_id == agency_id


def documents_for_user(*, user: User) -> QuerySet[Document]:
    documents = _documents()
    if not user.is_authenticated:
        return documents.none()
    if user.is_manager:
        return documents
    if user.role not in (User.Role.OFFICER, User.Role.SUPERVISOR) or user.agency_id is None:
        return documents.none()
    return documents.filter(agency_id=user.agency_id)


def document_get_for_user(*, user: User, code: str) -> Document:
    """A document the user may handle; Document.DoesNotExist otherwise (another agency's
    document is not found, as any object one may not see)."""
    normalized = normalize_code(code)
    if normalized is None:
        raise Document.DoesNotExist
    return documents_for_user(user=user).get(code=normalized)


@dataclass(frozen=True)
class OverdueCount:
    agency_id: int
    agency: str
    overdue: int
    oldest: dt.date


def documents_overdue(*, today: dt.date, agency_ids: list[int] | None = None) -> list[OverdueCount]:
    """Per agency, documents past their expected day and not collected (nor cancelled),
    most first: the supervisor's list to chase."""
    rows = Document.objects.filter(
        status__in=Document.OPEN_STATUSES, expected_ready__lt=today
    ).values("agency_id", "agency__name")
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=agency_ids)
    counted = rows.annotate(n=Count("id"), oldest=Min("expected_ready")).order_by(
        "-n", "agency__name"
    )
    return [OverdueCount(r["agency_id"], r["agency__name"], r["n"], r["oldest"]) for r in counted]
