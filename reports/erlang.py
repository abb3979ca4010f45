"""Erlang C (the M/M/c queue) for the staffing forecast: pure arithmetic, no Django.

Applicants arrive at `arrivals` per hour (Poisson), a counter serves one in
`service_minutes` on average (exponential), `counters` serve one line in call order.
With offered load a = arrivals x service time (in erlangs):
- Erlang B by its recurrence B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)): every step
  stays in [0, 1], so no factorial or power of a overflows however large c is;
- Erlang C, the chance an applicant must wait: C = c B / (c - a (1 - B)), for a < c
  (with a >= c the line grows without end: C = 1);
- P(wait <= t) = 1 - C exp(-(c - a) t / service time);
- ASA, the mean wait: C x service time / (c - a).
"""

import math


def erlang_b(load: float, counters: int) -> float:
    """Blocking probability of `counters` servers offered `load` erlangs."""
    blocking = 1.0
    for k in range(1, counters + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def erlang_c(load: float, counters: int) -> float:
    """Probability an arrival waits (Pw); 1 when the counters cannot keep up."""
    if load <= 0:
        return 0.0
    if counters <= load:
        return 1.0
    blocking = erlang_b(load, counters)
    return counters * blocking / (counters - load * (1 - blocking))


def _load(arrivals_per_hour: float, service_minutes: float) -> float:
    return arrivals_per_hour * service_minutes / 60


def mean_wait_minutes(arrivals_per_hour: float, service_minutes: float, counters: int) -> float:
    """ASA: the mean wait in minutes (infinite when the counters cannot keep up)."""
    load = _load(arrivals_per_hour, service_minutes)
    if load <= 0:
        return 0.0
    if counters <= load:
        return math.inf
    return erlang_c(load, counters) * service_minutes / (counters - load)


def share_within(
    arrivals_per_hour: float, service_minutes: float, counters: int, target_minutes: float
) -> float:
    """P(wait <= target): the share of applicants called within the target wait."""
    load = _load(arrivals_per_hour, service_minutes)
    if load <= 0:
        return 1.0
    if counters <= load:
        return 0.0
    waits = erlang_c(load, counters)
    return 1 - waits * math.exp(-(counters - load) * target_minutes / service_minutes)


def counters_needed(
    arrivals_per_hour: float, service_minutes: float, target_minutes: float, share: float
) -> int:
    """The fewest counters with P(wait <= target) >= share (0 when nobody comes)."""
    if arrivals_per_hour <= 0 or service_minutes <= 0:
        return 0
    load = _load(arrivals_per_hour, service_minutes)
    share = min(share, 0.999)  # 100% is never met exactly: the loop would not end
    counters = math.floor(load) + 1  # fewer cannot keep up
    # P(wait <= target) rises to 1 as counters are added: this ends.
    while share_within(arrivals_per_hour, service_minutes, counters, target_minutes) < share:
        counters += 1
    return counters
