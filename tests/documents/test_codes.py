"""Document codes: >= 64 random bits, grouped for typing, forgiving when typed."""

import math
import re
from collections import Counter

from documents import codes


def test_a_code_is_16_crockford_characters_in_four_groups():
    code = codes.new_code()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code), code


def test_a_code_carries_80_random_bits():
    assert codes.RANDOM_BYTES * 8 >= 64
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) == 80


def test_codes_spread_over_the_whole_alphabet_and_do_not_repeat():
    sample = [codes.new_code() for _ in range(5000)]
    assert len(set(sample)) == len(sample)
    tally = Counter(c for code in sample for c in code.replace("-", ""))
    assert set(tally) == set(codes.ALPHABET)
    # 80,000 characters over 32 symbols: ~2,500 each; a biased generator is far off.
    assert min(tally.values()) > 2200 and max(tally.values()) < 2800
    # The first character too (the top bits), not only the low ones.
    assert len({code[0] for code in sample}) == 32


def test_typing_is_forgiving():
    code = codes.new_code()
    assert codes.normalize_code(code.lower().replace("-", " ")) == code
    assert codes.normalize_code(code.replace("-", "")) == code
    assert codes.normalize_code("OI0L-1111-2222-3333") == "0101-1111-2222-3333"


def test_what_cannot_be_a_code_is_none():
    for typed in ["", "ABC", "U" * 16, "1234-5678-9ABC-DEF", None, 12, "A" * 200, "\x00" * 16]:
        assert codes.normalize_code(typed) is None
