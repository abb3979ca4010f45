"""Site-wide views: the health check, where staff land after login, the favicon and the
404 page."""

import functools
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from rest_framework.exceptions import NotFound

from mpp.lib import heartbeat, outage


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # any failure is the answer here
        return f"error: {type(exc).__name__}"


def _channel_layer() -> str:
    from channels.layers import get_channel_layer

    if get_channel_layer() is None:
        return "error: not configured"
    if not settings.REDIS_URL:
        return "ok"
    try:
        _redis(settings.REDIS_URL).ping()
        return "ok"
    except Exception as exc:
        return f"error: {type(exc).__name__}"


@functools.cache
def _redis(url: str):
    # One client (and connection pool) per process, not a new connection per probe.
    import redis

    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def healthz(request: HttpRequest) -> JsonResponse:
    """503 when this process cannot serve (database, channel layer). Celery's beat and
    worker are reported with their heartbeat's age but never make it 503: restarting or
    unrouting a web process (what probes do) would not bring a worker back."""
    parts = {"database": _database(), "channel_layer": _channel_layer()}
    healthy = all(value == "ok" for value in parts.values())
    body = {"status": "ok" if healthy else "error", **parts, "celery": heartbeat.report()}
    return JsonResponse(body, status=200 if healthy else 503)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """API clients get the API's error shape even for a URL that matches no route."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": str(NotFound.default_detail), "code": "not_found"}, status=404
        )
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an unreachable PostgreSQL or Redis is a 503 (JSON on the API, a page that
    reloads itself elsewhere), wherever it was raised (a middleware, a view, a template)."""
    if outage.is_outage(sys.exc_info()[1]):
        return outage.unavailable(request)
    if outage.wants_json(request):
        detail = _("Terjadi kesalahan pada server. Silakan coba lagi.")
        return JsonResponse({"detail": detail, "code": "server_error"}, status=500)
    return defaults.server_error(request)


# The page each role works on; anything else (a resident's account, say) goes home.
STAFF_HOME = {
    "officer": "counter-console",
    "kiosk": "kiosk",
    "supervisor": "dashboard",
    "manager": "dashboard",
    "admin": "dashboard",
}


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """/staff/: after login, officers go to their console, kiosks to the kiosk screen,
    supervisors and managers to the dashboard."""
    role = "admin" if request.user.is_superuser else getattr(request.user, "role", "")
    return redirect(STAFF_HOME.get(role, "home"))


@functools.cache
def _favicon() -> bytes:
    return (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico: browsers ask for it on every page that links no icon (the TV, the kiosk),
    so it is served here, not only under /static/."""
    return HttpResponse(_favicon(), content_type="image/x-icon")
