"""The IKM arithmetic (PermenPANRB 14/2017) against sheets computed by hand."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from complaints.ikm import (
    ELEMENTS,
    THREE_PLACES,
    TWO_PLACES,
    category_for,
    ikm_from_scores,
    ikm_from_sums,
    round_half_up,
)
from tests.complaints.survey_support import scores


@pytest.fixture(autouse=True)
def indonesian():
    # Labels are translated when computed; pages tested before may leave English active.
    with translation.override("id"):
        yield


# Sheet 1: four respondents.
#            u1 u2 u3 u4 u5 u6 u7 u8 u9
# R1          4  4  3  4  3  3  4  2  3
# R2          3  3  3  4  3  3  3  2  3
# R3          3  4  2  4  3  4  4  1  3
# R4          4  3  3  4  4  3  4  3  2
# sum        14 14 11 16 13 13 15  8 11   (total 115)
# NRR       3.5 3.5 2.75 4 3.25 3.25 3.75 2 2.75
# IKM = (sum of NRR) / 9 = 28.75 / 9 = 3.19444...   -> 3.194
# index = IKM x 25 = 79.8611...                      -> 79.86 -> B (Baik)
# (with the sheets' 0.111 weights it would be 28.75 x 0.111 x 25 = 79.78: wrong.)
SHEET_1 = [
    scores(4, 4, 3, 4, 3, 3, 4, 2, 3),
    scores(3, 3, 3, 4, 3, 3, 3, 2, 3),
    scores(3, 4, 2, 4, 3, 4, 4, 1, 3),
    scores(4, 3, 3, 4, 4, 3, 4, 3, 2),
]


def test_sheet_1_element_by_element():
    result = ikm_from_scores(SHEET_1)

    assert result.respondents == 4
    expected = ["3.500", "3.500", "2.750", "4.000", "3.250", "3.250", "3.750", "2.000", "2.750"]
    assert result.elements == {e: Decimal(v) for e, v in zip(ELEMENTS, expected, strict=True)}
    assert result.exact_ikm == Fraction(115, 36)
    assert result.ikm == Decimal("3.194")
    assert result.index == Decimal("79.86")
    assert (result.category, result.category_label) == ("B", "Baik")


def test_weights_are_exactly_one_ninth_not_0_111():
    perfect = ikm_from_scores([scores(4, 4, 4, 4, 4, 4, 4, 4, 4)] * 3)
    worst = ikm_from_scores([scores(1, 1, 1, 1, 1, 1, 1, 1, 1)])

    assert (perfect.ikm, perfect.index, perfect.category) == (
        Decimal("4.000"),
        Decimal("100.00"),
        "A",
    )
    assert (worst.ikm, worst.index, worst.category) == (Decimal("1.000"), Decimal("25.00"), "D")
    assert worst.category_label == "Tidak Baik"


def test_sums_and_scores_agree():
    sums = {e: sum(row[e] for row in SHEET_1) for e in ELEMENTS}

    assert ikm_from_sums(sums=sums, respondents=4) == ikm_from_scores(SHEET_1)


def _sums(total: int, respondents: int) -> dict[str, int]:
    """Spread a total of scores over the 9 elements (each between n and 4n)."""
    base, extra = divmod(total, 9)
    sums = {e: base + (1 if i < extra else 0) for i, e in enumerate(ELEMENTS)}
    assert all(respondents <= s <= 4 * respondents for s in sums.values())
    return sums


# Each row: respondents n, total of all scores S; index = 25 S / (9 n), worked by hand.
BOUNDARIES = [
    # 25 x 116 / 45 = 64.444...          -> 64.44 -> D
    (5, 116, "64.44", "D", "Tidak Baik"),
    # 25 x 889 / 342 = 64.98538...       -> 64.99 -> D (the top of D)
    (38, 889, "64.99", "D", "Tidak Baik"),
    # 25 x 117 / 45 = 65 exactly         -> 65.00 -> C (the bottom of C)
    (5, 117, "65.00", "C", "Kurang Baik"),
    # 25 x 717 / 234 = 76.60256...       -> 76.60 -> C (the top of C)
    (26, 717, "76.60", "C", "Kurang Baik"),
    # 25 x 524 / 171 = 76.60818...       -> 76.61 -> B (the bottom of B)
    (19, 524, "76.61", "B", "Baik"),
    # 25 x 604 / 171 = 88.30409...       -> 88.30 -> B (the top of B)
    (19, 604, "88.30", "B", "Baik"),
    # 25 x 763 / 216 = 88.31018...       -> 88.31 -> A (the bottom of A)
    (24, 763, "88.31", "A", "Sangat Baik"),
    # 25 x 158949 / 45000 = 88.305 exactly: half-up -> 88.31 -> A
    (5000, 158949, "88.31", "A", "Sangat Baik"),
    # 25 x 158948 / 45000 = 88.30444...  -> 88.30 -> B
    (5000, 158948, "88.30", "B", "Baik"),
    # 25 x 116991 / 45000 = 64.995 exactly: half-up -> 65.00 -> C
    (5000, 116991, "65.00", "C", "Kurang Baik"),
]


@pytest.mark.parametrize(("respondents", "total", "index", "letter", "label"), BOUNDARIES)
def test_category_boundaries(respondents, total, index, letter, label):
    result = ikm_from_sums(sums=_sums(total, respondents), respondents=respondents)

    assert result.exact_ikm * 25 == Fraction(25 * total, 9 * respondents)
    assert result.index == Decimal(index)
    assert (result.category, result.category_label) == (letter, label)


@pytest.mark.parametrize(
    ("index", "letter"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_category_of_a_rounded_index(index, letter):
    assert category_for(Decimal(index))[0] == letter


def test_rounding_is_half_up_not_bankers():
    assert round_half_up(Fraction(88305, 1000), TWO_PLACES) == Decimal("88.31")
    assert round_half_up(Fraction(88315, 1000), TWO_PLACES) == Decimal("88.32")
    assert round_half_up(Fraction(2, 3), THREE_PLACES) == Decimal("0.667")
    assert round_half_up(Fraction(1, 3), THREE_PLACES) == Decimal("0.333")
    assert round_half_up(Fraction(5, 2000), TWO_PLACES) == Decimal("0.00")
    assert round_half_up(Fraction(5, 1000), TWO_PLACES) == Decimal("0.01")


def test_zero_respondents_is_an_empty_result_not_a_crash():
    result = ikm_from_sums(sums={}, respondents=0)

    assert result.empty
    assert result.respondents == 0
    assert result.elements == dict.fromkeys(ELEMENTS)
    assert (result.ikm, result.index, result.category, result.category_label) == (
        None,
        None,
        None,
        "",
    )
    assert ikm_from_scores([]) == result


@pytest.mark.parametrize("bad", [0, 5, -1, True, 2.5, "3", None])
def test_scores_outside_1_to_4_are_refused(bad):
    row = scores(4, 4, 4, 4, 4, 4, 4, 4, 4)
    row["u5"] = bad

    with pytest.raises(ValueError, match="u5"):
        ikm_from_scores([row])


def test_sums_that_no_1_to_4_scores_could_make_are_refused():
    with pytest.raises(ValueError, match="u1"):
        ikm_from_sums(sums=dict.fromkeys(ELEMENTS, 50), respondents=2)
    with pytest.raises(ValueError):
        ikm_from_sums(sums=dict.fromkeys(ELEMENTS, 4), respondents=-1)


def test_the_label_follows_the_language():
    with translation.override("en"):
        result = ikm_from_scores(SHEET_1)

    assert result.category_label == "Good"


def test_per_agency_split_is_not_a_mean_of_means():
    # Agency A: 3 respondents all 4 -> IKM 4; agency B: 1 respondent all 1 -> IKM 1.
    # Whole mall: 4 respondents, sum per element 13 -> NRR 3.25 -> IKM 3.25 -> index 81.25 (B),
    # not the mean of the agencies' IKM (2.5 -> 62.50, D).
    agency_a = [scores(4, 4, 4, 4, 4, 4, 4, 4, 4)] * 3
    agency_b = [scores(1, 1, 1, 1, 1, 1, 1, 1, 1)]

    whole = ikm_from_scores(agency_a + agency_b)

    assert ikm_from_scores(agency_a).index == Decimal("100.00")
    assert ikm_from_scores(agency_b).index == Decimal("25.00")
    assert (whole.ikm, whole.index, whole.category) == (Decimal("3.250"), Decimal("81.25"), "B")
