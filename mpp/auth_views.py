"""The API token endpoint, throttled per client address (django-axes locks it as well)."""

from rest_framework.authtoken.views import ObtainAuthToken

from mpp.lib.throttling import LoginThrottle


class TokenView(ObtainAuthToken):
    """`POST /api/v1/auth/token/ {username, password}` -> `{"token": "..."}`.

    Each attempt hashes a password (slow by design): the throttle keeps one client
    from starving everyone else's requests, and django-axes locks out a username
    after AXES_FAILURE_LIMIT wrong passwords from one address."""

    throttle_classes = [LoginThrottle]
