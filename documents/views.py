"""Lacak berkas: the public pages where a resident follows a document by its code and,
once it is ready, takes a number in the pickup line (ambil berkas)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from documents import selectors, services
from documents.codes import normalize_code
from documents.models import Document
from mpp.lib.errors import ApplicationError


@require_safe
def document_lookup(request: HttpRequest) -> HttpResponse:
    """The "lacak berkas" form; `?code=` opens the document's page."""
    typed = request.GET.get("code", "")[:64]
    if not typed:
        return render(request, "documents/lookup.html", {})
    code = normalize_code(typed)
    if code is None or not Document.objects.filter(code=code).exists():
        error = _("Kode berkas tidak ditemukan. Periksa kembali 16 huruf dan angkanya.")
        return render(
            request, "documents/lookup.html", {"error": error, "typed": typed}, status=404
        )
    return redirect("document-track", code=code)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def document_track(request: HttpRequest, code: str) -> HttpResponse:
    """A document's status and timeline; POST takes (or finds) its pickup number."""
    try:
        document = selectors.document_get(code=code)
    except Document.DoesNotExist:
        raise Http404 from None
    error = ""
    if request.method == "POST":
        try:
            ticket = services.document_pickup(document=document)
        except ApplicationError as exc:
            error = str(exc.detail)
        else:
            return redirect("ticket-page", token=ticket.token)
    pickup = document.pickup_ticket
    context = {
        "document": document,
        "events": list(document.events.all()),
        "overdue": document.status == Document.Status.PROCESSING
        and document.expected_ready < timezone.localdate(),
        "pickup": pickup if pickup and pickup.status in pickup.ACTIVE_STATUSES else None,
        "error": error,
    }
    return render(request, "documents/track.html", context, status=409 if error else 200)
