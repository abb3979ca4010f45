"""DRF throttles keyed on the client address from mpp.lib.client_ip (trusted hops only).

DRF's own get_ident trusts the whole X-Forwarded-For header unless NUM_PROXIES is
set, so a client rotating the header got a fresh allowance on every request.
"""

from typing import Any

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from mpp.lib.client_ip import client_ip


class ClientIpMixin:
    def get_ident(self, request: Any) -> str:
        return client_ip(request)


class AnonThrottle(ClientIpMixin, AnonRateThrottle):
    """The default for anonymous API calls (rate "anon")."""


class LoginThrottle(ClientIpMixin, SimpleRateThrottle):
    """The token endpoint: password guesses per client address (rate "login")."""

    scope = "login"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class BookingThrottle(ClientIpMixin, SimpleRateThrottle):
    """Online bookings per client address, per hour and day (rates "booking_hour"/"_day")."""

    scope = "booking_hour"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.method != "POST":
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
