"""Ambil berkas at the kiosk: `POST /kiosk/pickup/` with `code=<document code>` takes
(or finds again) the number in the agency's pickup line for a ready document, the same
way as `POST /api/v1/documents/<code>/pickup/`; the kiosk prints it like any ticket.

Answers as the kiosk's check-in does (queues/kiosk_views.py): JSON
`{"ticket", "message"}`, or `{"detail", "code"}` with 400/404/409.
"""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agencies.models import User
from documents import selectors, services
from documents.errors import DocumentNotFound
from documents.models import Document
from mpp.lib.errors import ApplicationError
from queues.kiosk_views import kiosk_answer, kiosk_error, kiosk_ticket_json


@login_required
@never_cache
@require_POST
def kiosk_pickup(request: HttpRequest) -> HttpResponse:
    return kiosk_answer(request, _pickup)


def _pickup(request: HttpRequest) -> HttpResponse:
    typed = request.POST.get("code", "")
    if not typed.strip():
        return kiosk_error(_("Ketik kode berkas Anda (16 huruf dan angka)."), "empty")
    try:
        try:
            document = selectors.document_get(code=typed)
        except Document.DoesNotExist:
            raise DocumentNotFound() from None
        # A second tap while the number waits gives the same ticket back.
        ticket = services.document_pickup(document=document, actor=cast(User, request.user))
    except ApplicationError as exc:
        return kiosk_error(exc.detail, exc.code, exc.status_code)
    message = _("Nomor antrean pengambilan berkas %(document)s. Silakan menunggu panggilan.") % {
        "document": document.code
    }
    return JsonResponse(
        {"ticket": {**kiosk_ticket_json(ticket), "pickup": True}, "message": message}
    )
