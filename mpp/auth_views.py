"""The API token endpoint, throttled per client address and locked by django-axes."""

from typing import Any

from rest_framework.authtoken.views import ObtainAuthToken

from mpp.lib.throttling import LoginThrottle


class TokenView(ObtainAuthToken):
    """`POST /api/v1/auth/token/ {username, password}` -> `{"token": "..."}`.

    Each attempt hashes a password (slow by design): the throttle keeps one client
    from starving everyone else's requests, and django-axes locks out a username
    after AXES_FAILURE_LIMIT wrong passwords from one address."""

    throttle_classes = [LoginThrottle]

    def get_serializer_context(self) -> dict[str, Any]:
        # authenticate() gets Django's request, not DRF's wrapper: django-axes marks a
        # locked-out attempt on it, and its middleware turns that into the 429 lockout.
        return {**super().get_serializer_context(), "request": self.request._request}
