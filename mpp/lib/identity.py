"""Identity data (UU 27/2022): NIK and phone validation, and the keyed NIK hash.

The queue keeps the least personal data that works: a keyed hash of the NIK
(for the anti-calo rule) and its last four digits (for staff to verify).
"""

import datetime as dt
import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# ASCII digits only: str.isdigit() would accept full-width and other scripts.
_NIK_RE = re.compile(r"[0-9]{16}")
_PHONE_RE = re.compile(r"(?:\+62|62|0)(8[1-9][0-9]{6,10})")


def validate_nik(value: str) -> str:
    """Return the NIK if it is well formed, else raise ValidationError.

    16 digits: province (11-94), regency, district, birth date DDMMYY (women
    add 40 to the day), serial from 0001. The NIK has no checksum.
    """
    nik = value.strip() if isinstance(value, str) else ""
    if not _NIK_RE.fullmatch(nik):
        raise ValidationError(_("NIK harus terdiri dari 16 angka."), code="nik_format")
    if not 11 <= int(nik[0:2]) <= 94:
        raise ValidationError(_("Kode provinsi pada NIK tidak valid."), code="nik_province")
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    try:
        # The two-digit year is ambiguous; 2000 is a leap year, so 29 Feb passes
        # whenever some century makes it valid.
        dt.date(2000 + year, month, day)
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NIK tidak valid."), code="nik_birth_date"
        ) from None
    if nik[12:16] == "0000":
        raise ValidationError(_("Nomor urut pada NIK tidak valid."), code="nik_serial")
    return nik


def nik_birth_date(nik: str, *, today: dt.date) -> dt.date:
    """The birth date a validated NIK carries (digits 7-12, DDMMYY; women add 40 to DD).

    The year has two digits: one later than `today`'s last two digits can only be
    19xx; otherwise 20xx is taken (a NIK cannot tell 1925 from 2025, and reading
    the recent century never grants a priority the holder may not have).
    """
    day, month, two_digit_year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    century = 1900 if two_digit_year > today.year % 100 else 2000
    try:
        return dt.date(century + two_digit_year, month, day)
    except ValueError:
        # A NIK that skipped validate_nik, or 29 Feb of a 19xx year that was no leap year.
        raise ValidationError(
            _("Tanggal lahir pada NIK tidak valid."), code="nik_birth_date"
        ) from None


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years on `day` (someone born on 29 Feb turns a year older on 1 Mar)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def normalize_phone(value: str) -> str:
    """Return the phone as +628..., or raise ValidationError."""
    phone = re.sub(r"[\s\-.()]", "", value) if isinstance(value, str) else ""
    match = _PHONE_RE.fullmatch(phone)
    if not match:
        raise ValidationError(_("Nomor HP tidak valid. Contoh: 081234567890."), code="phone_format")
    return "+62" + match.group(1)


CONTACT_INVALID = _(
    "Isi nomor HP (contoh: 081234567890) atau alamat email (contoh: nama@contoh.id)."
)


def normalize_contact(value: str) -> str:
    """A way to reach a resident: a phone as +628..., an e-mail address as typed, or ""
    when left empty; anything else ("abc") raises ValidationError."""
    contact = value.strip() if isinstance(value, str) else ""
    if not contact:
        return ""
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            raise ValidationError(CONTACT_INVALID, code="contact_format") from None
        return contact
    try:
        return normalize_phone(contact)
    except ValidationError:
        raise ValidationError(CONTACT_INVALID, code="contact_format") from None


def nik_hash(nik: str) -> str:
    """Keyed hash (HMAC-SHA256 with NIK_HASH_KEY) of a validated NIK."""
    key = settings.NIK_HASH_KEY.encode()
    return hmac.new(key, nik.encode(), hashlib.sha256).hexdigest()
