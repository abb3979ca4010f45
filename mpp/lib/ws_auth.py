"""Who may open a websocket, before any consumer runs.

Browsers always send an Origin header, and channels' AllowedHostsOriginValidator refuses
a foreign one (cross-site websocket hijacking with the victim's session cookie). Native
clients (a mobile app, a TV box, another system) send no Origin: they are let in when
they carry a credential a browser page cannot forge:
- `Authorization: Token <key>`: a staff API token (as the REST API takes it); the socket
  then acts as that user, so the consumer's own role checks apply;
- `Authorization: Device <token>`: a registered lobby display or kiosk (counters.Device);
  the app that keeps devices hands its lookup in (`device_lookup`, wired in mpp/asgi.py).
Without an Origin and without a valid credential the handshake is still refused.
"""

from collections.abc import Callable
from typing import Any

from channels.db import database_sync_to_async
from channels.security.websocket import AllowedHostsOriginValidator


def _authorization(scope: dict[str, Any]) -> str:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return value.decode("latin-1").strip()
    return ""


def _has_origin(scope: dict[str, Any]) -> bool:
    return any(name == b"origin" for name, _ in scope.get("headers", []))


@database_sync_to_async
def _token_user(key: str) -> Any:
    from rest_framework.authtoken.models import Token

    token = Token.objects.select_related("user").filter(key=key).first()
    return token.user if token is not None and token.user.is_active else None


# `Authorization: Device <token>` -> the active device, or None.
DeviceLookup = Callable[[str], Any]


async def authenticate(scope: dict[str, Any], *, device_lookup: DeviceLookup) -> dict[str, Any]:
    """The scope entries a valid Authorization header gives: `token_user` or `device`."""
    header = _authorization(scope)
    if header.startswith("Token ") and 0 < len(header) - 6 <= 64:
        user = await _token_user(header[6:].strip())
        return {"token_user": user} if user is not None else {}
    if header.startswith("Device "):
        device = await database_sync_to_async(device_lookup)(header)
        return {"device": device} if device is not None else {}
    return {}


class OriginOrTokenValidator:
    """AllowedHostsOriginValidator, except that a client with no Origin header at all
    may connect with a valid staff or device token (see the module docstring)."""

    def __init__(self, application: Any, *, device_lookup: DeviceLookup) -> None:
        self.application = application
        self.device_lookup = device_lookup
        self.origin_validator = AllowedHostsOriginValidator(application)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        credentials = await authenticate(scope, device_lookup=self.device_lookup)
        scope = {**scope, **credentials}
        if not _has_origin(scope) and credentials:
            return await self.application(scope, receive, send)
        return await self.origin_validator(scope, receive, send)


class TokenUserMiddleware:
    """Inside the session auth stack: a token-authenticated socket acts as the token's
    user (the session, if any, is ignored)."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope.get("token_user") is not None:
            scope = {**scope, "user": scope["token_user"]}
        return await self.application(scope, receive, send)
