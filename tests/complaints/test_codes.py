"""Complaint codes are unguessable for a public lookup (>= 64 bits), short enough to read
aloud, forgiving to type, and the first release's 32-bit codes keep working."""

import math
import re

import pytest

from complaints.models import CODE_ALPHABET, Complaint, new_complaint_code
from complaints.selectors import normalize_code

CODE_RE = re.compile(r"ADU-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}")


def test_a_new_code_has_at_least_64_bits_and_reads_in_three_groups():
    codes = {new_complaint_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(CODE_RE.fullmatch(code) for code in codes)
    random_part = len(next(iter(codes)).replace("ADU-", "").replace("-", ""))
    assert random_part * math.log2(len(CODE_ALPHABET)) >= 64
    assert len(set(CODE_ALPHABET)) == 32 and not set("ILOU") & set(CODE_ALPHABET)
    # Every character of the alphabet turns up: no bias towards a few.
    assert set("".join(codes).replace("ADU", "").replace("-", "")) == set(CODE_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ADU-K7M3Q-9XP2H-DRT4V", "ADU-K7M3Q-9XP2H-DRT4V"),
        ("adu-k7m3q-9xp2h-drt4v", "ADU-K7M3Q-9XP2H-DRT4V"),
        (" adu k7m3q 9xp2h drt4v ", "ADU-K7M3Q-9XP2H-DRT4V"),
        ("ADUK7M3Q9XP2HDRT4V", "ADU-K7M3Q-9XP2H-DRT4V"),
        ("ADU-K7M3Q-9XP2H-DRT4O", "ADU-K7M3Q-9XP2H-DRT40"),  # O read as zero
        ("ADU-K7M3Q-9XP2H-DRTIL", "ADU-K7M3Q-9XP2H-DRT11"),  # I and L read as one
        ("ADU-1A2B3C4D", "ADU-1A2B3C4D"),  # first release
        ("adu-1a2b3c4d", "ADU-1A2B3C4D"),
        ("ADU 1A2B 3C4D", "ADU-1A2B3C4D"),
    ],
)
def test_codes_are_read_the_way_people_type_them(typed, code):
    assert normalize_code(typed) == code


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ADU-",
        "K7M3Q-9XP2H-DRT4V",
        "ADU-K7M3Q-9XP2H-DRT4",
        "ADU-K7M3Q-9XP2H-DRT4VV",
        "ADU-K7M3Q-9XP2H-DRT4U",
        "ADU-1A2B3C4",
        "ADU-" + "A" * 100,
        None,
        12345,
        "ADU-K7M3Q-9XP2H-DRT4V%00",
    ],
)
def test_anything_else_is_no_code(typed):
    assert normalize_code(typed) is None


def test_public_lookup_finds_new_and_first_release_codes(api, complaint_a):
    old = Complaint.objects.create(
        code="ADU-1A2B3C4D", category=Complaint.Category.WAITING, description="Lama."
    )
    for typed in (complaint_a.code, complaint_a.code.lower().replace("-", " ")):
        response = api.get(f"/api/v1/complaints/{typed}/")
        assert response.status_code == 200, typed
        assert response.json()["code"] == complaint_a.code
    assert api.get("/api/v1/complaints/adu-1a2b3c4d/").json()["code"] == old.code
    assert api.get("/api/v1/complaints/ADU-00000-00000-00000/").status_code == 404


def test_tracking_form_takes_a_code_typed_loosely(client, complaint_a):
    loose = complaint_a.code.lower().replace("-", " ")
    response = client.get("/complaints/track/", {"code": loose})
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{complaint_a.code}/"
    assert client.get(response["Location"]).status_code == 200
