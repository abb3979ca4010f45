"""Application errors: one base, a subclass per broken rule, one DRF handler.

Services raise these; the handler turns each into a 4xx
`{"detail": <translated message>, "code": <code>}`.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from mpp.lib import outage


class ApplicationError(Exception):
    code = "invalid"
    message: Any = _("Permintaan tidak dapat diproses.")
    status_code: int = status.HTTP_400_BAD_REQUEST

    def __init__(self, message: Any = None, **params: Any) -> None:
        self.params = params
        if message is not None:
            self.message = message
        super().__init__(str(self.message))

    @property
    def detail(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


class NotAllowed(ApplicationError):
    code = "forbidden"
    message = _("Anda tidak berwenang melakukan tindakan ini.")
    status_code = status.HTTP_403_FORBIDDEN


class Conflict(ApplicationError):
    """A rule about the current state was broken: 409."""

    status_code = status.HTTP_409_CONFLICT


class NotFound(ApplicationError):
    """What was asked for does not exist, or is not the caller's to see: 404."""

    code = "not_found"
    status_code = status.HTTP_404_NOT_FOUND


class TooManyRequests(ApplicationError):
    """A limit on what one client may try was reached: 429."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS


def constraint_name(exc: IntegrityError) -> str | None:
    """The name of the constraint PostgreSQL refused the row by (psycopg's diagnostics)."""
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


@contextmanager
def constraint_refusals(refusals: Mapping[str, type[ApplicationError]]) -> Iterator[None]:
    """Turn a row refused by one of these named constraints into its ApplicationError.

    Any other IntegrityError is a bug, not a refusal, and goes on as it was. It opens no
    savepoint: the refused statement has spoiled the transaction, which must roll back.
    """
    try:
        yield
    except IntegrityError as exc:
        refusal = refusals.get(constraint_name(exc) or "")
        if refusal is None:
            raise
        raise refusal() from None


def _error(detail: Any, code: str, status_code: int, headers: dict | None = None) -> Response:
    return Response({"detail": str(detail), "code": code}, status=status_code, headers=headers)


def _raised_in_parser(exc: Exception) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_globals.get("__name__") == "rest_framework.parsers":
            return True
        tb = tb.tb_next
    return False


def _is_null_body(detail: object) -> bool:
    errors = detail.get("non_field_errors") if isinstance(detail, dict) else None
    return isinstance(errors, list) and bool(errors) and getattr(errors[0], "code", "") == "null"


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, ApplicationError):
        return _error(exc.detail, exc.code, exc.status_code)
    if outage.is_outage(exc):
        # PostgreSQL, Redis or the broker is unreachable: "try again", not a 500.
        outage.log.warning("service unavailable: %r", exc)
        headers = {"Retry-After": str(outage.RETRY_AFTER_SECONDS)}
        return _error(outage.message(), outage.CODE, status.HTTP_503_SERVICE_UNAVAILABLE, headers)
    if isinstance(exc, RecursionError) and _raised_in_parser(exc):
        # json.loads gives up on deeply nested input with RecursionError, which DRF's
        # parser does not turn into a ParseError.
        exc = exceptions.ParseError()
    if isinstance(exc, exceptions.ParseError):
        # DRF's message carries the parser's English text; say it plainly instead.
        exc = exceptions.ParseError(_("Isi permintaan bukan JSON yang valid."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc.detail, dict | list):
        if _is_null_body(exc.detail):
            # DRF's "No data provided" is not marked for translation.
            response.data = {"detail": str(_("Data tidak dikirim.")), "code": "null"}
        return response  # field errors: {"field": ["message"]}
    code = exc.detail.code if isinstance(exc.detail, exceptions.ErrorDetail) else exc.default_code
    response.data = {"detail": str(exc.detail), "code": code}
    return response
