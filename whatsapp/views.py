"""The WhatsApp Cloud API's webhook: GET /api/v1/notify/whatsapp/webhook/ is Meta's
verify-token handshake, POST delivers residents' messages and our messages' statuses.

A POST is believed only with a valid `X-Hub-Signature-256` (sha256=<hex HMAC-SHA256 of
the raw body with the app secret>): 403 otherwise. A signed one answers 200 once read,
whatever it held, or Meta delivers it again and again; each message is handled once.
"""

import datetime as dt
import hashlib
import hmac
import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from messaging import services as messaging_services
from whatsapp.commands import message_receive

logger = logging.getLogger(__name__)


def _refusal(detail: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


def signature_valid(body: bytes, header: str) -> bool:
    secret = settings.WHATSAPP_APP_SECRET
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _verify(request)
    if not signature_valid(request.body, request.headers.get("X-Hub-Signature-256", "")):
        return _refusal(_("Tanda tangan tidak sah."), "bad_signature", 403)
    try:
        payload = json.loads(request.body)
        changes = [c["value"] for e in payload["entry"] for c in e.get("changes", [])]
    except (ValueError, KeyError, TypeError):
        return _refusal(_("Isi permintaan tidak dapat dibaca."), "invalid", 400)
    for value in changes:
        if isinstance(value, dict):
            _statuses(value.get("statuses") or [])
            _messages(value.get("messages") or [])
    return JsonResponse({"ok": True})


def _verify(request: HttpRequest) -> HttpResponse:
    token = settings.WHATSAPP_VERIFY_TOKEN
    given = request.GET.get("hub.verify_token", "")
    if (
        request.GET.get("hub.mode") == "subscribe"
        and token
        and hmac.compare_digest(token.encode(), given.encode())
    ):
        return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
    return _refusal(_("Token verifikasi tidak cocok."), "bad_verify_token", 403)


def _when(item: dict[str, Any]) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(item["timestamp"]), tz=dt.UTC)
    except (KeyError, ValueError, TypeError):
        return timezone.now()


def _statuses(statuses: list[Any]) -> None:
    for item in statuses:
        if not isinstance(item, dict) or "id" not in item:
            continue
        error = (item.get("errors") or [{}])[0]
        messaging_services.outbound_status(
            wamid=str(item["id"]),
            status=str(item.get("status", "")),
            at=_when(item),
            error_code=error.get("code"),
            title=str(error.get("title", "")),
        )


def _messages(messages: list[Any]) -> None:
    for item in messages:
        if not isinstance(item, dict) or "id" not in item or "from" not in item:
            continue
        # Only text carries a command; a photo or a sticker is answered with the help.
        text = (item.get("text") or {}).get("body", "") if item.get("type") == "text" else ""
        message_receive(
            wamid=str(item["id"]), wa_id=str(item["from"]), text=str(text), at=_when(item)
        )
