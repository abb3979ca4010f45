"""What a request answers while PostgreSQL, Redis or the Celery broker is unreachable.

The API answers 503 `{"detail", "code": "unavailable"}` (API.md "Outages"), HTML pages a
friendly 503 page that reloads itself; never an HTML 500 with a traceback. Both carry
`Retry-After`. The page is rendered without a RequestContext: the site header would read
the session and the user from the database that is down.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
CODE = "unavailable"


def _outage_types() -> tuple[type[BaseException], ...]:
    from django.db import InterfaceError, OperationalError
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    # Django wraps psycopg2's errors (a refused connection, a server gone mid-query) in
    # its own OperationalError / InterfaceError.
    return (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError, BrokerError)


def is_outage(exc: BaseException | None) -> bool:
    """Whether `exc` (or what caused it) means a backing service is unreachable."""
    types = _outage_types()
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, types):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def message() -> str:
    return _("Layanan sedang tidak tersedia sementara. Silakan coba lagi beberapa saat lagi.")


def wants_json(request: HttpRequest) -> bool:
    """API paths, and fetches that ask for JSON and not HTML (the kiosk's own POSTs)."""
    if request.path.startswith("/api/"):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer for this request, in the language it asked for."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if wants_json(request):
            response: HttpResponse = JsonResponse({"detail": message(), "code": CODE}, status=503)
        else:
            html = render_to_string(
                "503.html",
                {
                    "LANGUAGE_CODE": language,
                    "message": message(),
                    "retry": RETRY_AFTER_SECONDS,
                    "MPP_NAME": settings.MPP_NAME,
                },
            )
            response = HttpResponse(html, status=503)
        response["Content-Language"] = language
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
