"""A WhatsApp Cloud API on loopback: a real HTTP server (a thread running http.server)
speaking the documented request and response formats, so the adapter's own HTTP code
(messaging/cloud_api.py) runs end to end in tests.

POST /<version>/<phone-number-id>/messages with `Authorization: Bearer <token>` and a
JSON body (`messaging_product: whatsapp`, `to`, `type`: template | text). It answers
200 `{"messaging_product", "contacts": [{"input", "wa_id"}], "messages": [{"id":
"wamid...."}]}`, or the documented errors `{"error": {"message", "type", "code",
"error_data": {"messaging_product", "details"}, "fbtrace_id"}}`:
- 401 code 190 for a wrong token;
- 400 code 131026 for a number in `undeliverable` (not on WhatsApp);
- 404 code 132001 for a template (name, language) not in `templates`;
- 400 code 132000 when its body parameters do not match the registered count;
- whatever is queued in `failures` (e.g. 429 code 130429, 500 code 131000), first.
"""

import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

VERSION = "v21.0"
PHONE_NUMBER_ID = "109876543210"
TOKEN = "test-access-token"

# (name, language) -> number of body parameters: the templates README asks to register.
REGISTERED = {
    (name, language): count
    for name, count in (
        ("mpp_booking_confirmed", 4),
        ("mpp_booking_reminder", 4),
        ("mpp_turn_near", 2),
        ("mpp_called", 2),
        ("mpp_document_ready", 2),
    )
    for language in ("id", "en")
}

RATE_LIMIT = (
    429,
    130429,
    "(#130429) Rate limit hit",
    "Cloud API message throughput has been reached.",
)
SERVER_ERROR = (500, 131000, "(#131000) Something went wrong", "Something went wrong.")


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class CloudApi:
    """What the server received and what it will answer; `url` is its base URL."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    templates: dict[tuple[str, str], int] = field(default_factory=lambda: dict(REGISTERED))
    undeliverable: set[str] = field(default_factory=set)
    failures: list[tuple[int, int, str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str, headers: dict[str, str], body: Any) -> tuple[int, dict]:
        with self.lock:
            self.received.append(Received(path, headers, body))
            if path != f"/{VERSION}/{PHONE_NUMBER_ID}/messages":
                return 404, _error(100, "Unsupported post request.", "Unknown path.", "")
            if headers.get("authorization") != f"Bearer {TOKEN}":
                return 401, _error(190, "Invalid OAuth access token.", "", "OAuthException")
            if self.failures:
                status, code, message, details = self.failures.pop(0)
                return status, _error(code, message, details)
        return self._message(body)

    def _message(self, body: Any) -> tuple[int, dict]:
        if not isinstance(body, dict) or body.get("messaging_product") != "whatsapp":
            return 400, _error(100, "(#100) Invalid parameter", "messaging_product is required")
        to = str(body.get("to", ""))
        if not to.isdigit():
            return 400, _error(100, "(#100) Invalid parameter", "to must be a phone number")
        if body.get("type") == "template":
            refusal = self._template(body.get("template") or {})
            if refusal:
                return refusal
        elif body.get("type") != "text" or not (body.get("text") or {}).get("body"):
            return 400, _error(100, "(#100) Invalid parameter", "text.body is required")
        if to in self.undeliverable:
            return 400, _error(
                131026,
                "Message undeliverable",
                "Unable to deliver message: the recipient is not a WhatsApp user.",
            )
        wamid = "wamid." + secrets.token_urlsafe(24)
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": wamid, "message_status": "accepted"}],
        }

    def _template(self, template: dict) -> tuple[int, dict] | None:
        key = (template.get("name"), (template.get("language") or {}).get("code"))
        if key not in self.templates:
            return 404, _error(
                132001,
                "(#132001) Template name does not exist in the translation",
                f"template name ({key[0]}) does not exist in {key[1]}",
            )
        components = template.get("components") or [{}]
        parameters = components[0].get("parameters") or []
        if len(parameters) != self.templates[key] or not all(
            p.get("type") == "text" and p.get("text") for p in parameters
        ):
            return 400, _error(
                132000, "(#132000) Number of parameters does not match the expected number"
            )
        return None

    def sent(self) -> list[dict[str, Any]]:
        """The bodies of the messages it accepted or refused, in order."""
        return [r.body for r in self.received]


def _error(code: int, message: str, details: str = "", kind: str = "OAuthException") -> dict:
    error: dict[str, Any] = {
        "message": message,
        "type": kind,
        "code": code,
        "fbtrace_id": "A" + secrets.token_hex(8),
    }
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    return {"error": error}


class _Handler(BaseHTTPRequestHandler):
    api: CloudApi

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, answer = self.server.api.answer(self.path, headers, body)  # type: ignore[attr-defined]
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet


@contextmanager
def running() -> Iterator[CloudApi]:
    """A server on a free loopback port for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    api = CloudApi(url=f"http://127.0.0.1:{server.server_address[1]}")
    server.api = api  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
