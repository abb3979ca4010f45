"""reports/erlang.py against Erlang C cases worked by hand and the textbook table."""

import math

import pytest

from reports import erlang


def test_two_erlangs_on_three_counters_worked_by_hand():
    # lambda = 12 per hour, mean service 10 min (mu = 6 per hour): a = 12 x 10 / 60 = 2.
    # Erlang B by the recurrence: B0 = 1, B1 = 2/(1+2) = 2/3,
    # B2 = 2(2/3) / (2 + 4/3) = 2/5, B3 = 2(2/5) / (3 + 4/5) = 4/19.
    # C = 3 B3 / (3 - 2 (1 - B3)) = (12/19) / (27/19) = 4/9 = 0.4444.
    assert erlang.erlang_b(2, 3) == pytest.approx(4 / 19)
    assert erlang.erlang_c(2, 3) == pytest.approx(4 / 9)
    # ASA = C x 10 min / (3 - 2) = 4.444 min.
    assert erlang.mean_wait_minutes(12, 10, 3) == pytest.approx(40 / 9)
    # P(wait <= 5 min) = 1 - (4/9) e^-(3-2)(5/10) = 1 - 0.4444 x 0.60653 = 0.73043.
    assert erlang.share_within(12, 10, 3, 5) == pytest.approx(0.73043, abs=1e-5)


def test_four_counters_meet_eighty_percent_within_five_minutes():
    # c = 4: B4 = 2 B3 / (4 + 2 B3) = (8/19) / (84/19) = 2/21;
    # C = 4 (2/21) / (4 - 2 (19/21)) = (8/21) / (46/21) = 4/23 = 0.17391.
    assert erlang.erlang_c(2, 4) == pytest.approx(4 / 23)
    # P(wait <= 5) = 1 - (4/23) e^-(4-2)(0.5) = 1 - 0.17391 x 0.36788 = 0.93602 >= 0.8,
    # while three counters give 0.73043 < 0.8: four are needed.
    assert erlang.share_within(12, 10, 4, 5) == pytest.approx(0.93602, abs=1e-5)
    assert erlang.counters_needed(12, 10, 5, 0.8) == 4
    # ASA with four: (4/23) x 10 / 2 = 0.8696 min.
    assert erlang.mean_wait_minutes(12, 10, 4) == pytest.approx(20 / 23)


def test_one_counter_is_the_m_m_1_queue():
    # With c = 1, C = rho: 4 per hour at 10 min, rho = 2/3; ASA = rho/(1-rho) x 10 = 20 min.
    assert erlang.erlang_c(4 * 10 / 60, 1) == pytest.approx(2 / 3)
    assert erlang.mean_wait_minutes(4, 10, 1) == pytest.approx(20)
    # P(wait <= 5) = 1 - (2/3) e^-(1/3)(1/2) = 1 - 0.66667 x 0.84648 = 0.43568: too few;
    # c = 2: B1 = 0.4, B2 = 0.26667/2.26667 = 0.11765, C = 0.23529/1.41176 = 1/6,
    # P = 1 - (1/6) e^-(4/3)(1/2) = 1 - 0.16667 x 0.51342 = 0.91443.
    assert erlang.share_within(4, 10, 1, 5) == pytest.approx(0.43568, abs=1e-5)
    assert erlang.share_within(4, 10, 2, 5) == pytest.approx(0.91443, abs=1e-5)
    assert erlang.counters_needed(4, 10, 5, 0.8) == 2


@pytest.mark.parametrize(
    ("counters", "waits", "within_20s", "asa_seconds"),
    [
        # The call-centre textbook case: 100 calls in 30 minutes, 3 minutes each
        # (a = 200/h x 3 min = 10 erlangs), target 80% answered within 20 seconds.
        # Pw from the Erlang C table; SL = 1 - Pw e^-(c-10)(20/180); ASA = Pw x 180 / (c-10).
        (11, 0.6821, 0.3896, 122.78),
        (12, 0.4494, 0.6402, 40.44),
        (13, 0.2853, 0.7956, 17.12),
        (14, 0.1741, 0.8884, 7.84),
    ],
)
def test_the_textbook_table_for_ten_erlangs(counters, waits, within_20s, asa_seconds):
    assert erlang.erlang_c(10, counters) == pytest.approx(waits, abs=5e-5)
    assert erlang.share_within(200, 3, counters, 20 / 60) == pytest.approx(within_20s, abs=5e-5)
    assert erlang.mean_wait_minutes(200, 3, counters) * 60 == pytest.approx(asa_seconds, abs=5e-3)


def test_the_textbook_case_needs_fourteen():
    assert erlang.counters_needed(200, 3, 20 / 60, 0.8) == 14


def test_the_recurrence_equals_the_factorial_formula():
    # C = (a^c/c!) (c/(c-a)) / (sum_{k<c} a^k/k! + (a^c/c!) (c/(c-a))), fine for small c.
    for load, counters in [(0.5, 1), (3.7, 5), (8, 12), (15.2, 20)]:
        top = load**counters / math.factorial(counters) * counters / (counters - load)
        below = sum(load**k / math.factorial(k) for k in range(counters)) + top
        assert erlang.erlang_c(load, counters) == pytest.approx(top / below, rel=1e-12)


def test_large_loads_stay_finite():
    # a^c / c! overflows a float from c = 171; the recurrence does not.
    waits = erlang.erlang_c(900, 950)
    assert 0 < waits < 1
    assert math.isfinite(waits)
    needed = erlang.counters_needed(5400, 10, 1, 0.8)  # 900 erlangs
    assert 900 < needed < 960
    assert erlang.share_within(5400, 10, needed, 1) >= 0.8
    assert erlang.share_within(5400, 10, needed - 1, 1) < 0.8


def test_no_arrivals_need_no_counter_and_overload_never_meets_the_target():
    assert erlang.counters_needed(0, 10, 5, 0.8) == 0
    assert erlang.erlang_c(0, 3) == 0
    assert erlang.erlang_c(3, 3) == 1  # a >= c: everyone waits, without end
    assert erlang.share_within(18, 10, 3, 5) == 0
    assert erlang.mean_wait_minutes(18, 10, 3) == math.inf
    assert erlang.counters_needed(18, 10, 5, 0.8) >= 4
