"""Complaint pages: filing and tracking (public), the staff inbox and each case.

- `/complaints/new/` files a complaint (`?ticket=<token>` fills it from a ticket)
  and redirects to the tracking page; on the kiosk's account (or `?kiosk=1`) both
  are kiosk pages (queues/kiosk_base.html: no site menu, no upload, back to /kiosk/);
- `/complaints/<code>/` shows status, due date and public replies only: never the
  reporter's name or contact, never an internal note;
- `/dashboard/complaints/` (supervisors: their agency; the manager: all) lists cases
  with SLA badges; `/dashboard/complaints/<code>/` is a case's history and reply form.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from complaints import errors, selectors, services
from complaints.api.views import complaint_file_for_request
from complaints.forms import ComplaintForm, InboxFilterForm, LaporReferenceForm, RespondForm
from complaints.models import Complaint, ComplaintAttachment
from mpp.lib.errors import ApplicationError
from mpp.lib.pages import role_refused
from queues.kiosk_mode import kiosk_language, kiosk_mode
from queues.models import Ticket
from queues.selectors import ticket_get

# Which form field each refusal of complaint_file belongs next to (None: the whole form).
FILE_ERROR_FIELDS: dict[type[ApplicationError], str | None] = {
    errors.ServiceNotOfAgency: "service",
    errors.ContactInvalid: "contact",
    errors.AttachmentTooLarge: "attachments",
    errors.AttachmentTypeNotAllowed: "attachments",
    errors.TooManyAttachments: "attachments",
    errors.TicketNotFound: None,
    errors.TooManyComplaints: None,
}
INBOX_LIMIT = 200


# --- filing ----------------------------------------------------------------------


def _ticket_from(token: str) -> Ticket | None:
    try:
        return ticket_get(token=token) if token else None
    except Ticket.DoesNotExist:
        return None


def _file(request: HttpRequest, form: ComplaintForm) -> Complaint | None:
    values = form.cleaned_data
    try:
        return complaint_file_for_request(
            request,
            values,
            ticket_token=values["ticket"],
            attachments=values.get("attachments", []),  # none from the kiosk
        )
    except ApplicationError as exc:
        form.add_error(FILE_ERROR_FIELDS.get(type(exc)), exc.detail)
        return None


@require_http_methods(["GET", "HEAD", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    """Formulir pengaduan. Anonymous by default; every refusal is shown at its field.
    On the kiosk it is the kiosk's own page: no site menu, no file upload."""
    if not kiosk_mode(request):
        return _complaint_new(request, kiosk=False)
    with translation.override(kiosk_language(request)):
        return _complaint_new(request, kiosk=True)


def _complaint_new(request: HttpRequest, *, kiosk: bool) -> HttpResponse:
    token = (
        request.POST.get("ticket", "")
        if request.method == "POST"
        else request.GET.get("ticket", "")
    )
    ticket = _ticket_from(token[:64])
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, kiosk=kiosk)
        if form.is_valid():
            complaint = _file(request, form)
            if complaint is not None:
                return redirect(_tracking_url(request, complaint, kiosk=kiosk))
    else:
        initial: dict[str, Any] = {"ticket": ticket.token} if ticket else {}
        form = ComplaintForm(initial=initial, kiosk=kiosk)
    context = {
        "form": form,
        "ticket": ticket,
        "ticket_missing": bool(token) and ticket is None,
        "kiosk": kiosk,
    }
    template = "complaints/new_kiosk.html" if kiosk else "complaints/new.html"
    return render(request, template, context, status=400 if form.errors else 200)


def _tracking_url(request: HttpRequest, complaint: Complaint, *, kiosk: bool) -> str:
    """The confirmation; from the kiosk it keeps the kiosk's parameters (layout, language)."""
    query = {"baru": "1"}
    if kiosk:
        query["kiosk"] = "1"
        if request.GET.get("lang"):
            query["lang"] = kiosk_language(request)
    return f"/complaints/{complaint.code}/?{urlencode(query)}"


@require_safe
def complaint_lookup(request: HttpRequest) -> HttpResponse:
    """`?code=` from the "track my complaint" form."""
    code = selectors.normalize_code(request.GET.get("code", ""))
    if code is None:
        return render(
            request,
            "complaints/new.html",
            {"form": ComplaintForm(), "lookup_error": _("Kode pengaduan tidak ditemukan.")},
            status=404,
        )
    return redirect("complaint-track", code=code)


@require_safe
@never_cache
def complaint_track(request: HttpRequest, code: str) -> HttpResponse:
    """Halaman lacak pengaduan: public fields and public replies only."""
    try:
        complaint = selectors.complaint_get_public(code=code)
    except Complaint.DoesNotExist:
        raise Http404 from None
    context = {
        "complaint": complaint,
        "responses": complaint.public_responses,
        "just_filed": request.GET.get("baru") == "1",
        "sla": selectors.sla_state(complaint),
    }
    if not kiosk_mode(request):
        return render(request, "complaints/track.html", context)
    with translation.override(kiosk_language(request)):
        return render(request, "complaints/track_kiosk.html", {**context, "kiosk": True})


# --- the staff inbox -----------------------------------------------------------------


def _refuse(request: HttpRequest) -> HttpResponse:
    message = _(
        "Kotak pengaduan hanya untuk supervisor instansi dan pengelola MPP. "
        "Akun Anda (%(role)s) tidak dapat membukanya."
    )
    return role_refused(request, template="complaints/refused.html", message=message)


def _staff_complaint(request: HttpRequest, code: str) -> Complaint:
    try:
        return selectors.complaint_get_for_user(user=request.user, code=code)
    except Complaint.DoesNotExist:
        raise Http404 from None


@login_required
@require_safe
@never_cache
def inbox(request: HttpRequest) -> HttpResponse:
    """Kotak pengaduan, with filters and SLA badges (due soon, overdue)."""
    user = request.user
    if not selectors.user_may_handle_complaints(user):
        return _refuse(request)
    filters = InboxFilterForm(request.GET or None)
    if not user.is_manager:
        del filters.fields["agency"]  # a supervisor sees one agency anyway
    values = filters.cleaned_data if filters.is_valid() else {}
    now = timezone.now()
    sla = values.get("sla", "")
    agency = values.get("agency")
    complaints = list(
        selectors.complaint_list(
            user=user,
            status=values.get("status", ""),
            agency_id=agency.pk if agency else None,
            overdue=True if sla == "overdue" else None,
            escalated=True if sla == "escalated" else None,
            query=values.get("q", ""),
            at=now,
        )[:INBOX_LIMIT]
    )
    rows = [(complaint, selectors.sla_state(complaint, at=now)) for complaint in complaints]
    context = {"filters": filters, "rows": rows, "limit": INBOX_LIMIT}
    return render(request, "complaints/inbox.html", context)


@login_required
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """The inbox's export button: the ticked codes, handed to the API's export."""
    if not selectors.user_may_handle_complaints(request.user):
        return _refuse(request)
    codes = [code for code in request.GET.getlist("codes")[:100] if code]
    layout = "csv" if request.GET.get("format") == "csv" else "json"
    if not codes:
        return redirect("complaint-inbox")
    query = urlencode({"codes": ",".join(codes), "format": layout})
    return redirect(f"/api/v1/staff/complaints/export/?{query}")


def _respond(request: HttpRequest, complaint: Complaint) -> RespondForm:
    form = RespondForm(request.POST, complaint=complaint)
    if form.is_valid():
        try:
            services.complaint_respond(
                complaint=complaint,
                author=request.user,
                **form.cleaned_data,
            )
        except errors.RejectionReasonRequired as exc:
            form.add_error("reason", exc.detail)
        except ApplicationError as exc:
            form.add_error(None, exc.detail)
    return form


def _lapor(request: HttpRequest, complaint: Complaint) -> LaporReferenceForm:
    form = LaporReferenceForm(request.POST)
    if form.is_valid():
        services.complaint_set_lapor_reference(
            complaint=complaint,
            actor=request.user,
            reference=form.cleaned_data["reference"],
        )
    return form


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def case(request: HttpRequest, code: str) -> HttpResponse:
    """One case: the complaint, the reporter (staff only), attachments, the whole thread,
    the reply form (public or internal, with a status change) and the SP4N-LAPOR! record."""
    if not selectors.user_may_handle_complaints(request.user):
        return _refuse(request)
    complaint = _staff_complaint(request, code)
    respond_form = RespondForm(complaint=complaint)
    lapor_form = LaporReferenceForm(initial={"reference": complaint.lapor_reference})
    if request.method == "POST":
        if request.POST.get("action") == "lapor":
            lapor_form = _lapor(request, complaint)
            failed = bool(lapor_form.errors)
        else:
            respond_form = _respond(request, complaint)
            failed = bool(respond_form.errors)
        if not failed:
            return redirect("complaint-case", code=complaint.code)
        complaint = _staff_complaint(request, code)
    context = {
        "complaint": complaint,
        "sla": selectors.sla_state(complaint),
        "form": respond_form,
        "lapor_form": lapor_form,
    }
    status = 400 if respond_form.errors or lapor_form.errors else 200
    return render(request, "complaints/case.html", context, status=status)


@login_required
@require_safe
def attachment(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A case's attachment, for the staff who may see the case (never a public URL)."""
    if not selectors.user_may_handle_complaints(request.user):
        return _refuse(request)
    complaint = _staff_complaint(request, code)
    try:
        item = complaint.attachments.get(pk=pk)
    except ComplaintAttachment.DoesNotExist:
        raise Http404 from None
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f'inline; filename="{complaint.code}-{item.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
