"""Finding a resident's ticket from what they scan or type, without handing tickets out.

A ticket's token (in the QR on the ticket, the booking confirmation and the ticket
page) is its secret: a scan names the ticket on its own. The short code ("A-007")
is public: it is called aloud and shown on the lobby screen, and numbers run 1, 2,
3... So a typed code also needs the last four digits of the booking's NIK, and
wrong tries are counted per ticket (then its typed code is refused for the day)
and per client address per hour. Walk-in tickets have no NIK: their printed QR is
the way in.
"""

import re

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mpp.lib import limits
from mpp.lib.client_ip import client_key
from mpp.lib.errors import ApplicationError, NotAllowed, NotFound, TooManyRequests
from queues import selectors
from queues.models import Ticket

_TOKEN_IN_URL = re.compile(r"/t/([A-Za-z0-9_-]{8,32})/?")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,32}")
# "A-007", "a 007", "A007"; a prefix with digits ("T1-004") needs its hyphen.
_CODE = re.compile(r"([A-Za-z][A-Za-z0-9]{0,3})\s*[- ]\s*(\d{1,4})|([A-Za-z]{1,4})(\d{1,4})")
_LAST4 = re.compile(r"[0-9]{4}")
HOUR = 60 * 60
DAY = 24 * HOUR


class CodeNotRecognised(NotFound):
    message = _("Kode tidak dikenali. Periksa kode antrean Anda (contoh: A-007).")


class CodeNeedsSecret(ApplicationError):
    code = "nik_last4_required"
    message = _(
        "Untuk kode antrean yang diketik, masukkan juga 4 digit terakhir NIK yang dipakai "
        "saat mendaftar. Atau pindai kode QR pada tiket Anda."
    )


class CodeNeedsQr(ApplicationError):
    code = "qr_required"
    message = _(
        "Tiket ini tidak terdaftar dengan NIK: pindai kode QR pada tiket cetak Anda, "
        "atau minta bantuan petugas."
    )


class CodeSecretWrong(NotAllowed):
    code = "nik_last4_mismatch"
    message = _("Kode antrean dan 4 digit terakhir NIK tidak cocok.")


class CodeLookupLimited(TooManyRequests):
    code = "too_many_attempts"
    message = _(
        "Terlalu banyak percobaan yang salah. Pindai kode QR pada tiket Anda atau minta "
        "bantuan petugas informasi."
    )


def _by_token(token: str) -> Ticket | None:
    try:
        return selectors.ticket_get(token=token)
    except Ticket.DoesNotExist:
        return None


def _by_code(value: str) -> tuple[bool, Ticket | None]:
    """(whether `value` is a short code, today's ticket with that code)."""
    match = _CODE.fullmatch(value)
    if not match:
        return False, None
    prefix, number = (match[1], match[2]) if match[1] else (match[3], match[4])
    ticket = (
        Ticket.objects.select_related("service__agency")
        .filter(prefix=prefix.upper(), number=int(number), date=timezone.localdate())
        .first()
    )
    return True, ticket


def find_ticket_by_secret(value: str) -> Ticket | None:
    """The ticket a scan names by its token (its page URL, or the bare token)."""
    value = (value or "").strip()[:500]
    match = _TOKEN_IN_URL.search(value)
    if match:
        return _by_token(match[1])
    if _TOKEN.fullmatch(value) and not _CODE.fullmatch(value):
        return _by_token(value)
    return None


def _failure(ticket: Ticket | None, client_key: str) -> None:
    day = timezone.localdate().isoformat()
    if ticket is not None:
        limits.count(f"lookup:fail:ticket:{ticket.pk}:{day}", window_seconds=DAY)
    if client_key:
        limits.count(f"lookup:fail:client:{client_key}:{_hour()}", window_seconds=HOUR)


def _hour() -> str:
    return timezone.now().strftime("%Y%m%d%H")


def _ensure_client_allowed(client_key: str) -> None:
    limit = settings.CODE_LOOKUP_FAILURES_PER_CLIENT_HOUR
    if client_key and limits.current(f"lookup:fail:client:{client_key}:{_hour()}") >= limit:
        raise CodeLookupLimited()


def ticket_lookup(*, value: str, nik_last4: str = "", client_key: str = "") -> Ticket:
    """The ticket `value` names (a scanned URL or token, or a typed code with the NIK's
    last four digits), or raise why not. Wrong tries count against the client and the
    ticket; `client_key` "" skips the client's count."""
    value = (value or "").strip()[:500]
    _ensure_client_allowed(client_key)
    by_secret = find_ticket_by_secret(value)
    if by_secret is not None:
        return by_secret
    is_code, ticket = _by_code(value)
    if not is_code:
        _failure(None, client_key)
        raise CodeNotRecognised()
    if ticket is not None and not ticket.nik_last4:
        raise CodeNeedsQr()
    last4 = (nik_last4 or "").strip()
    if not _LAST4.fullmatch(last4):
        raise CodeNeedsSecret()
    day = timezone.localdate().isoformat()
    if ticket is not None and limits.current(f"lookup:fail:ticket:{ticket.pk}:{day}") >= (
        settings.CODE_LOOKUP_FAILURES_PER_TICKET
    ):
        raise CodeLookupLimited()
    if ticket is None or ticket.nik_last4 != last4:
        # One answer whether the code exists or not: the reply tells nothing to a guesser.
        _failure(ticket, client_key)
        raise CodeSecretWrong()
    return ticket


def ticket_lookup_typed(request: HttpRequest, value: str) -> Ticket:
    """`ticket_lookup()` of what a resident scanned or typed into a form, with the NIK's
    last four digits they typed (`nik4`); wrong tries count against their address."""
    nik_last4 = request.POST.get("nik4", "")[:8]
    return ticket_lookup(value=value, nik_last4=nik_last4, client_key=client_key(request))


# --- the kiosk's check-in code ---------------------------------------------------
# The kiosk shows a rotating signed code as a QR; a phone that scans it proves it is on
# site (queues/views.py: phone_checkin).

# Signed with this salt, valid this long.
CHECKIN_SALT = "kiosk-checkin"
CHECKIN_MAX_AGE = 90


def kiosk_checkin_code(kiosk_id: int) -> str:
    """A fresh signed value naming this kiosk; valid CHECKIN_MAX_AGE seconds."""
    return signing.TimestampSigner(salt=CHECKIN_SALT).sign(f"kiosk:{kiosk_id}")


def kiosk_checkin_kiosk_id(value: str) -> int | None:
    """The kiosk a check-in code names, or None when it is forged, malformed or too old."""
    if not isinstance(value, str) or len(value) > 200:
        return None
    try:
        payload = signing.TimestampSigner(salt=CHECKIN_SALT).unsign(value, max_age=CHECKIN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    kind, _sep, number = payload.partition(":")
    if kind != "kiosk" or not number.isdigit():
        return None
    return int(number)


def kiosk_checkin_code_valid(value: str) -> bool:
    """Whether `value` is a kiosk's check-in code shown in the last 90 seconds."""
    return kiosk_checkin_kiosk_id(value) is not None
