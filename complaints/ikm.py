"""The Indeks Kepuasan Masyarakat (IKM) of PermenPANRB 14/2017, as pure arithmetic.

- NRR (nilai rata-rata) of an element = sum of its scores / respondents;
- IKM = mean of the 9 NRR, each weighted exactly 1/9 (the regulation's sheets
  print 0.111, which would make a perfect survey 3.996, not 4);
- converted index (nilai interval konversi) = IKM x 25, from 25 to 100;
- category (mutu pelayanan) on the converted index:
  A Sangat Baik 88.31-100, B Baik 76.61-88.30, C Kurang Baik 65.00-76.60,
  D Tidak Baik 25.00-64.99.

Rounding (one rule, applied once): everything is computed as exact fractions;
the converted index is rounded half-up to 2 decimals, and the category is read
from that rounded index, as the published tables list it. So an exact 88.305
is published as 88.31 and is A; 88.30499... is 88.30 and is B; 64.995 is 65.00
and is C. The NRR and the IKM are reported rounded half-up to 3 decimals (for
display only: the index is never computed from a rounded IKM).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

ELEMENTS = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
SCORE_MIN, SCORE_MAX = 1, 4
INDEX_FACTOR = 25

TWO_PLACES = Decimal("0.01")
THREE_PLACES = Decimal("0.001")

# (lowest rounded index of the category, letter, label), best first.
CATEGORIES = (
    (Decimal("88.31"), "A", _("Sangat Baik")),
    (Decimal("76.61"), "B", _("Baik")),
    (Decimal("65.00"), "C", _("Kurang Baik")),
    (Decimal("25.00"), "D", _("Tidak Baik")),
)


def round_half_up(value: Fraction, places: Decimal) -> Decimal:
    """A non-negative exact fraction rounded half-up (not banker's rounding) to `places`.

    Integer arithmetic throughout, so a tie (88.305) is recognised exactly.
    """
    if value < 0:
        raise ValueError("only non-negative values are rounded here")
    exponent = -int(places.as_tuple().exponent)
    scale = 10**exponent
    scaled = value * scale
    units = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(units).scaleb(-exponent).quantize(places)


def category_for(index: Decimal) -> tuple[str, str]:
    """The letter and label of a converted index already rounded to 2 decimals."""
    for lowest, letter, label in CATEGORIES:
        if index >= lowest:
            return letter, str(label)
    return CATEGORIES[-1][1], str(CATEGORIES[-1][2])


@dataclass(frozen=True)
class IkmResult:
    """The IKM of a set of responses; every figure is None when nobody answered."""

    respondents: int
    elements: dict[str, Decimal | None] = field(default_factory=dict)
    ikm: Decimal | None = None
    index: Decimal | None = None
    category: str | None = None
    category_label: str = ""
    # Exact values, for tests and for anyone who wants to round differently.
    exact_elements: dict[str, Fraction] = field(default_factory=dict, repr=False)
    exact_ikm: Fraction | None = field(default=None, repr=False)

    @property
    def empty(self) -> bool:
        return self.respondents == 0


def ikm_from_sums(*, sums: Mapping[str, int | None], respondents: int) -> IkmResult:
    """The IKM from the per-element sums of scores of `respondents` responses."""
    if respondents < 0:
        raise ValueError("respondents must not be negative")
    if respondents == 0:
        return IkmResult(respondents=0, elements=dict.fromkeys(ELEMENTS))
    exact = {element: Fraction(int(sums[element] or 0), respondents) for element in ELEMENTS}
    for element, nrr in exact.items():
        if not SCORE_MIN <= nrr <= SCORE_MAX:
            raise ValueError(f"{element}: the mean score {nrr} is outside 1-4")
    exact_ikm = sum(exact.values(), Fraction(0)) / len(ELEMENTS)
    index = round_half_up(exact_ikm * INDEX_FACTOR, TWO_PLACES)
    letter, label = category_for(index)
    return IkmResult(
        respondents=respondents,
        elements={element: round_half_up(nrr, THREE_PLACES) for element, nrr in exact.items()},
        ikm=round_half_up(exact_ikm, THREE_PLACES),
        index=index,
        category=letter,
        category_label=label,
        exact_elements=exact,
        exact_ikm=exact_ikm,
    )


def ikm_from_scores(rows: Iterable[Mapping[str, int]]) -> IkmResult:
    """The IKM of individual responses, each a mapping u1..u9 -> score 1-4."""
    sums = dict.fromkeys(ELEMENTS, 0)
    count = 0
    for row in rows:
        for element in ELEMENTS:
            score = row[element]
            if isinstance(score, bool) or score not in range(SCORE_MIN, SCORE_MAX + 1):
                raise ValueError(f"{element}: {score!r} is not a score 1-4")
            sums[element] += score
        count += 1
    return ikm_from_sums(sums=sums, respondents=count)
