"""The WhatsApp Cloud API over plain HTTP (httpx): send a template or a text message.

POST {WHATSAPP_BASE_URL}/{WHATSAPP_API_VERSION}/{WHATSAPP_PHONE_NUMBER_ID}/messages with
the access token as a bearer; a 200 answers the message's id (`wamid.`), an error
answers `{"error": {"message", "type", "code", "error_data": {"details"}, "fbtrace_id"}}`.
Errors are sorted here into retryable (rate limits, Meta's own trouble, the network)
and permanent (a number not on WhatsApp, a template not registered ...): the caller
retries the first and records the second.
"""

from collections.abc import Sequence
from typing import Any

import httpx
from django.conf import settings

# Throughput and pair rate limits, "something went wrong", temporary unavailability.
RETRYABLE_CODES = frozenset({1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004})
RATE_LIMITED = 130429
UNDELIVERABLE = 131026  # "Message undeliverable": the number is not on WhatsApp
TEMPLATE_MISSING = 132001  # "Template name does not exist in the translation"
NETWORK = 0  # no answer from the API at all (ours, not Meta's)
NOT_SENT = 0  # with http_status 0: not configured, nothing was sent (not retried)


class CloudApiError(Exception):
    def __init__(self, *, code: int, title: str, http_status: int | None) -> None:
        super().__init__(f"WhatsApp Cloud API error {code}: {title}")
        self.code, self.title, self.http_status = code, title, http_status

    @property
    def retryable(self) -> bool:
        status = self.http_status
        return (
            self.code in RETRYABLE_CODES
            or status is None
            or status == httpx.codes.TOO_MANY_REQUESTS
            or status >= 500
        )


def recipient(phone: str) -> str:
    """The Cloud API's `to`: the number with its country code, digits only."""
    return phone.lstrip("+")


def template_payload(
    *, to: str, name: str, language: str, parameters: Sequence[str]
) -> dict[str, Any]:
    body = [{"type": "text", "text": value} for value in parameters]
    template: dict[str, Any] = {"name": name, "language": {"code": language}}
    if body:
        template["components"] = [{"type": "body", "parameters": body}]
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": recipient(to),
        "type": "template",
        "template": template,
    }


def text_payload(*, to: str, body: str) -> dict[str, Any]:
    """A free-form text: allowed within 24 hours of the resident's own message."""
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": recipient(to),
        "type": "text",
        "text": {"preview_url": False, "body": body},
    }


def messages_url() -> str:
    base = settings.WHATSAPP_BASE_URL.rstrip("/")
    return f"{base}/{settings.WHATSAPP_API_VERSION}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"


def _error(response: httpx.Response) -> CloudApiError:
    try:
        error = response.json()["error"]
        code, title = int(error.get("code", 0)), str(error.get("message", ""))
        details = (error.get("error_data") or {}).get("details")
        title = f"{title}: {details}" if details else title
    except (ValueError, KeyError, TypeError, AttributeError):
        code, title = 0, response.text[:200]
    return CloudApiError(code=code, title=title[:200], http_status=response.status_code)


def post_message(payload: dict[str, Any]) -> str:
    """Send; the message's id, or CloudApiError."""
    if not (settings.WHATSAPP_BASE_URL and settings.WHATSAPP_PHONE_NUMBER_ID):
        title = "WHATSAPP_BASE_URL and WHATSAPP_PHONE_NUMBER_ID must be set"
        raise CloudApiError(code=NOT_SENT, title=title, http_status=0)
    headers = {"Authorization": f"Bearer {settings.WHATSAPP_ACCESS_TOKEN}"}
    try:
        response = httpx.post(
            messages_url(), json=payload, headers=headers, timeout=settings.WHATSAPP_TIMEOUT
        )
    except httpx.HTTPError as exc:
        raise CloudApiError(code=NETWORK, title=type(exc).__name__, http_status=None) from exc
    if response.status_code != httpx.codes.OK:
        raise _error(response)
    try:
        return str(response.json()["messages"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise CloudApiError(
            code=NETWORK, title="unexpected answer", http_status=response.status_code
        ) from exc
