"""NIK and phone validation and the keyed NIK hash (mpp/lib/identity.py)."""

import calendar
import datetime as dt
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from mpp.lib.identity import nik_hash, normalize_phone, validate_nik

# The phone rule as DOMAIN.md states it: an independent oracle for the validator.
PHONE_RULE = re.compile(r"(?:\+62|62|0)8[1-9][0-9]{6,10}")
VALID_NIK = "3574014501900001"  # Kota Probolinggo, a woman born 5 Jan 1990, serial 0001


def two_digits(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:02d}")


@st.composite
def valid_niks(draw: st.DrawFn) -> str:
    province = draw(two_digits(11, 94))
    regency, district = draw(two_digits(0, 99)), draw(two_digits(0, 99))
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
    day = born.day + draw(st.sampled_from([0, 40]))  # women add 40 to the day
    serial = draw(st.integers(1, 9999))
    return f"{province}{regency}{district}{day:02d}{born:%m%y}{serial:04d}"


def nik_with(*, province="35", day="05", month="01", year="90", serial="0001") -> str:
    return f"{province}7401{day}{month}{year}{serial}"


def nik_oracle(nik: str) -> bool:
    """DOMAIN.md's NIK rule, written independently of the validator."""
    if len(nik) != 16 or any(c not in "0123456789" for c in nik):
        return False
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    day = day - 40 if day > 40 else day
    if not 1 <= month <= 12:
        return False
    # Some century (19yy or 20yy) must make the date real.
    longest = max(calendar.monthrange(century + year, month)[1] for century in (1900, 2000))
    return 11 <= int(nik[:2]) <= 94 and 1 <= day <= longest and nik[12:] != "0000"


# --- NIK: accepted ---


@given(valid_niks())
def test_generated_valid_nik_is_accepted(nik):
    assert validate_nik(nik) == nik


def test_nik_surrounding_spaces_are_trimmed():
    assert validate_nik(f"  {VALID_NIK} ") == VALID_NIK


@pytest.mark.parametrize("province", ["11", "35", "94"])
def test_nik_province_bounds_accepted(province):
    assert validate_nik(nik_with(province=province))


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("29", "02", "00"),  # 2000 is a leap year
        ("29", "02", "04"),
        ("69", "02", "96"),  # a woman born 29 Feb 1996
        ("31", "12", "99"),
        ("71", "01", "85"),  # a woman born 31 Jan
        ("41", "01", "01"),
        ("30", "04", "10"),
    ],
)
def test_nik_edge_birth_dates_accepted(day, month, year):
    assert validate_nik(nik_with(day=day, month=month, year=year))


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_nik_validator_agrees_with_the_rule(nik):
    try:
        validate_nik(nik)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    assert accepted == nik_oracle(nik)


# --- NIK: refused ---


@pytest.mark.parametrize(
    "value",
    [
        "",
        VALID_NIK[:15],
        VALID_NIK + "1",
        "35740145019O0001",  # letter O for zero
        "3574-0145-0190-0001",
        "3574 0145 0190 0001",
        "３５７４０１４５０１９０００００１",  # full-width digits  # noqa: RUF001
        "٣٥٧٤٠١٤٥٠١٩٠٠٠٠١",  # Arabic-Indic digits
        "۳۵۷۴۰۱۴۵۰۱۹۰۰۰۰۱",  # extended Arabic-Indic (Persian) digits
        "३५७४०१४५०१९००००१",  # Devanagari digits
        "+357401450190001",
    ],
)
def test_nik_wrong_format_refused(value):
    with pytest.raises(ValidationError) as info:
        validate_nik(value)
    assert info.value.code == "nik_format"


@pytest.mark.parametrize("value", [None, 3574014501900001, b"3574014501900001"])
def test_nik_non_string_refused(value):
    with pytest.raises(ValidationError):
        validate_nik(value)


@given(
    st.text(min_size=16, max_size=16).filter(
        lambda s: any(c not in "0123456789" for c in s.strip())
    )
)
def test_nik_with_any_non_ascii_digit_refused(value):
    with pytest.raises(ValidationError):
        validate_nik(value)


@given(st.text(alphabet="0123456789").filter(lambda s: len(s) != 16))
def test_nik_of_wrong_length_refused(value):
    with pytest.raises(ValidationError):
        validate_nik(value)


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("00", "01", "90"),
        ("32", "01", "90"),
        ("40", "01", "90"),  # 40 - 0 = day 40, 40 - 40 = day 0: neither exists
        ("72", "01", "90"),  # a woman's day 32
        ("05", "13", "90"),
        ("05", "00", "90"),
        ("31", "02", "90"),
        ("30", "02", "00"),
        ("70", "02", "00"),  # a woman's 30 Feb
        ("29", "02", "01"),  # 1901 and 2001 are not leap years
        ("69", "02", "95"),
        ("31", "04", "90"),
        ("31", "11", "90"),
    ],
)
def test_nik_impossible_birth_date_refused(day, month, year):
    with pytest.raises(ValidationError) as info:
        validate_nik(nik_with(day=day, month=month, year=year))
    assert info.value.code == "nik_birth_date"


@given(st.sampled_from([*range(0, 11), *range(95, 100)]))
def test_nik_invalid_province_refused(province):
    with pytest.raises(ValidationError) as info:
        validate_nik(nik_with(province=f"{province:02d}"))
    assert info.value.code == "nik_province"


def test_nik_serial_0000_refused():
    with pytest.raises(ValidationError) as info:
        validate_nik(nik_with(serial="0000"))
    assert info.value.code == "nik_serial"


# --- Phone ---


@st.composite
def valid_phones(draw: st.DrawFn) -> tuple[str, str]:
    """(as typed, expected normalised) for a number matching the rule."""
    lead = draw(st.sampled_from(["+62", "62", "0"]))
    operator = draw(st.integers(1, 9))
    rest = draw(st.text(alphabet="0123456789", min_size=6, max_size=10))
    return f"{lead}8{operator}{rest}", f"+628{operator}{rest}"


@given(valid_phones())
def test_valid_phone_is_normalised(phone):
    typed, expected = phone
    assert normalize_phone(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("081234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+6281234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 789", "+628123456789"),
        ("0812.3456.78", "+62812345678"),
        ("(0812) 345678", "+62812345678"),
        ("081234567", "+6281234567"),  # the shortest: 8, operator, 6 digits
        ("0812345678901", "+62812345678901"),  # the longest: 10 digits after the operator
    ],
)
def test_phone_examples_normalised(typed, expected):
    assert normalize_phone(typed) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "0812",
        "08123456",  # 5 digits after the operator
        "0801234567",  # operator digit 0
        "+62215551234",  # a Jakarta landline
        "0215551234",
        "62215551234",
        "+6208123456789",
        "0812abc45678",
        "08123456789012",  # 11 digits after the operator
        "+628123456789012",
        "81234567890",  # no country or trunk prefix
        "+6681234567890",  # Thailand
        "00812345678",
        "０８１２３４５６７８９０",  # full-width digits  # noqa: RUF001
        "٠٨١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic digits
    ],
)
def test_invalid_phone_refused(value):
    with pytest.raises(ValidationError) as info:
        normalize_phone(value)
    assert info.value.code == "phone_format"


@pytest.mark.parametrize("value", [None, 81234567890])
def test_phone_non_string_refused(value):
    with pytest.raises(ValidationError):
        normalize_phone(value)


@given(st.text(alphabet="0123456789+", max_size=20))
def test_phone_validator_agrees_with_the_rule(value):
    try:
        normalized = normalize_phone(value)
    except ValidationError:
        assert not PHONE_RULE.fullmatch(value)
    else:
        assert PHONE_RULE.fullmatch(value)
        assert normalized == "+628" + value.split("8", 1)[1]


# --- Keyed NIK hash ---


def test_nik_hash_is_stable_and_hides_the_nik():
    digest = nik_hash(VALID_NIK)
    assert digest == nik_hash(VALID_NIK)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert VALID_NIK not in digest


@given(valid_niks(), valid_niks())
def test_nik_hash_differs_per_nik(first, second):
    assert (nik_hash(first) == nik_hash(second)) == (first == second)


def test_nik_hash_depends_on_the_key(settings):
    settings.NIK_HASH_KEY = "key-one"
    with_first_key = nik_hash(VALID_NIK)
    settings.NIK_HASH_KEY = "key-two"
    with_second_key = nik_hash(VALID_NIK)
    assert with_first_key != with_second_key
    settings.NIK_HASH_KEY = "key-one"
    assert nik_hash(VALID_NIK) == with_first_key


def test_nik_hash_is_not_a_plain_digest(settings):
    settings.NIK_HASH_KEY = "key-one"
    assert nik_hash(VALID_NIK) != hashlib.sha256(VALID_NIK.encode()).hexdigest()
