"""The client's address, for every rate limit (DRF throttles, form limits, login lockout).

Behind a reverse proxy every request comes from the proxy's address, and the
X-Forwarded-For header is written partly by the client: a limit keyed on the
header's first entry can be dodged by rotating it. So exactly
`settings.TRUSTED_PROXY_HOPS` proxies are trusted: each appends the address it saw
to the header, and the entry that many places from the end is the client. With 0
hops (the demo, tests) the header is ignored and the socket peer is the client.
"""

from typing import Any

from django.conf import settings
from ipware import get_client_ip


def trusted_proxy_hops() -> int:
    return max(0, int(getattr(settings, "TRUSTED_PROXY_HOPS", 0)))


def client_ip(request: Any) -> str:
    """The client's IP address as a string ("" when even the peer is unknown)."""
    meta = request.META
    peer = str(meta.get("REMOTE_ADDR") or "")[:64]
    hops = trusted_proxy_hops()
    if hops == 0:
        return peer
    # ipware's "left-most" with proxy_count=k picks the entry k+1 places from the end of
    # X-Forwarded-For (entries the client forged sit to the left of it and are ignored).
    ip, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=hops - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    # Fewer entries than trusted hops: the request did not come through the proxies.
    return ip[:64] if ip else peer


def client_key(request: Any) -> str:
    """A cache key part naming the client ("ip:<address>")."""
    return "ip:" + client_ip(request)


def axes_client_ip(request: Any) -> str:
    """django-axes' AXES_CLIENT_IP_CALLABLE: the same address every other limit uses."""
    return client_ip(request)
