"""bench/day.py's report: requests and errors per endpoint, waits per agency, event lag
and seq gaps on every socket, the day's figures, and the checks."""

import argparse
import os
import time
from collections import Counter, defaultdict

from bench import _realtime_sockets as realtime_sockets
from bench._day_clients import CLOSES, HOLD, Clock, Stats
from bench._day_floor import PAGES, Day
from bench._realtime_servers import read_lags

LAG_TARGET_MS = 100.0
PUBLISH_TARGET_MS = 50.0


def report(day: Day, began: float, args: argparse.Namespace) -> None:
    pct = realtime_sockets.pct
    stats = day.stats
    print()
    print(f"Requests by endpoint ({sum(sum(c.values()) for c in stats.statuses.values()):,}):")
    print(f"  {'endpoint':<34} {'count':>6} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    for name in sorted(stats.statuses):
        lat = stats.latency[name]
        codes = ", ".join(f"{s}: {n}" for s, n in sorted(stats.statuses[name].items()))
        total = sum(stats.statuses[name].values())
        print(f"  {name:<34} {total:>6} {pct(lat, 0.5):>8.1f} {pct(lat, 0.99):>8.1f}  {codes}")
    errors = stats.errors()
    print(f"Errors by status code: {_errors_by_code(stats) or 'none'}")
    for (name, status), body in list(stats.samples.items())[:8]:
        print(f"  {status} {name}: {body}")

    print()
    print("Waits per agency (simulated minutes, ticket or check-in -> call; every leg):")
    waits: dict[str, list[float]] = defaultdict(list)
    for v in day.visitors:
        waits[v.agency].extend(v.waits)
    print(f"  {'agency':<14} {'calls':>6} {'p50':>6} {'p90':>6} {'max':>6}  service min")
    for agency in sorted(waits, key=lambda a: -len(waits[a])):
        w = sorted(waits[agency])
        p50, p90 = pct(w, 0.5) / 1000, pct(w, 0.9) / 1000
        top = w[-1] if w else float("nan")
        minutes = day.service_minutes.get(agency, 0)
        print(f"  {agency:<14} {len(w):>6} {p50:>6.1f} {p90:>6.1f} {top:>6.1f}  {minutes:.1f}")

    first = [c for c in day.calls if not c.recall]
    expected = Counter((c.code, c.recall) for c in day.calls)
    lag_sent, lag_answer, missed, extra = [], [], 0, 0
    missing: Counter = Counter()  # (code, recall) -> displays that missed it
    for seen in day.seen:
        order: dict[tuple[str, bool], int] = defaultdict(int)
        for call in day.calls:
            key = (call.code, call.recall)
            times = seen.get(key, [])
            k = order[key]
            order[key] += 1
            if k < len(times):
                lag_sent.append(times[k] - call.sent)
                lag_answer.append(times[k] - call.answered)
            else:
                missed += 1
                missing[key] += 1
        extra += sum(max(0, len(t) - expected[key]) for key, t in seen.items())
    by_code = {v.code: v.token for v in day.visitors if v.token}
    page_lag = [
        day.page_called[by_code[c.code]] - c.answered
        for c in first
        if by_code.get(c.code) in day.page_called
    ]
    print()
    print("Event lag:")
    print(
        f"  call-next response -> display ticket.called: p50 {pct(lag_answer, 0.5):.1f} ms, "
        f"p99 {pct(lag_answer, 0.99):.1f} ms ({len(lag_answer):,} deliveries)"
    )
    print(
        f"  call-next sent -> display:                   p50 {pct(lag_sent, 0.5):.1f} ms, "
        f"p99 {pct(lag_sent, 0.99):.1f} ms"
    )
    print(
        f"  last_called_at (server clock) -> display:    p50 {pct(day.called_at_lag, 0.5):.1f} ms,"
        f" p99 {pct(day.called_at_lag, 0.99):.1f} ms"
    )
    print(
        f"  call-next response -> own ticket page:       p50 {pct(page_lag, 0.5):.1f} ms, "
        f"p99 {pct(page_lag, 0.99):.1f} ms ({len(page_lag):,} pages)"
    )
    # Commit -> PUBLISH per publisher lane (mpp/lib/realtime.py): `send`, the events built
    # in their transaction (calls, tickets); `state`, the states read on their turn.
    publish, _ = read_lags(args.lag_file, 0)
    for lane, label in (("send", "events built in the transaction"), ("state", "states read")):
        seconds = publish.get(lane, [])
        print(
            f"  commit -> publish, {label + ':':<32} p50 {pct(seconds, 0.5):.1f} ms, "
            f"p99 {pct(seconds, 0.99):.1f} ms ({len(seconds):,})"
        )
    print(
        f"  client event loop lag: p50 {pct(day.loop_lag, 0.5):.1f} ms, "
        f"p99 {pct(day.loop_lag, 0.99):.1f} ms"
    )
    streams = [s for sock in [*day.displays, *day.pages] for s in sock.streams.values()]
    gaps = sum(s.gaps for s in streams)
    repeats = sum(s.repeats for s in streams)
    copies = sum(s.copies for s in streams)
    lost = sum(s.lost for s in streams)
    late = sum(s.late for s in streams)
    reordered = sum(s.reordered for s in streams)
    display_gaps = [sum(s.gaps for s in d.streams.values()) for d in day.displays]
    page_gaps = Counter(
        name.split(".")[0] for p in day.pages for name, s in p.streams.items() if s.gaps
    )
    print(
        f"  seq gaps: displays {display_gaps}, last seqs "
        f"{[max((s.last for s in d.streams.values()), default=0) for d in day.displays]}; "
        f"ticket pages with a gap, by stream kind: {dict(page_gaps) or 'none'}"
    )
    if missing:
        print(
            f"  calls some display missed (code, recall: displays): {dict(missing.most_common(8))}"
        )

    visitors = day.visitors
    kinds = Counter(v.kind for v in visitors)
    served = sum(1 for v in visitors if v.done.is_set())
    came = sum(1 for v in visitors if v.token and v.kind != "no-show")
    print()
    print(
        f"The day: {len(visitors):,} residents ({', '.join(f'{k} {n}' for k, n in kinds.items())}),"
        f" {sum(1 for v in visitors if v.priority != 'regular')} priority; "
        f"{len(day.counters)} counters; {len(first):,} calls, {day.recalls} recalls, "
        f"{day.transfers} transfers (KTP-el -> perekaman), {day.no_shows} no-shows at the "
        f"counter, {day.breaks} breaks; {len(day.pages):,} ticket pages opened (at most "
        f"{PAGES} at once), {len(day.displays)} displays"
    )
    print(
        f"  waiting at closing ({Clock.label(CLOSES)}): {day.waiting_at_close}; last call at "
        f"{Clock.label(day.last_served)}; counters closed by {Clock.label(day.closed_at)}"
    )

    gapless = all(sorted(n) == list(range(1, len(n) + 1)) for n in day.numbers.values())
    double = [t for t, n in day.calls_of.items() if n != day.stages[t]]
    checks = [
        ("0 errors", errors == 0, f"{errors} errors"),
        (
            "gap-free numbers per prefix",
            gapless,
            f"{len(day.numbers)} prefixes, {sum(len(n) for n in day.numbers.values()):,} numbers",
        ),
        ("no double calls", not double, f"{len(double)} tickets called more than their legs"),
        (
            "every call and recall seen once by every display",
            missed == 0 and extra == 0,
            f"{missed} missed, {extra} extra of {len(day.calls) * len(day.seen):,}",
        ),
        (
            "no seq gaps or repeats on any socket",
            gaps == 0 and repeats == 0,
            f"{gaps} gaps ({lost} events not in time: {late} later than {HOLD:g} s, "
            f"{lost - late} never), {repeats} repeats; "
            f"{reordered} reordered within {HOLD:g} s, {copies} new-epoch copies dropped",
        ),
        ("call -> display p99 <= 100 ms", pct(lag_answer, 0.99) <= LAG_TARGET_MS, ""),
        (
            "commit -> publish p99 <= 50 ms (events built in the transaction)",
            pct(publish.get("send", []), 0.99) <= PUBLISH_TARGET_MS,
            "",
        ),
        (
            "the whole day served",
            served == came,
            f"{served:,} of {came:,} who came; {came - served} left",
        ),
    ]
    print()
    for name, ok, detail in checks:
        print(f"  {'ok    ' if ok else 'FAILED'} {name}" + (f" ({detail})" if detail else ""))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print()
    print(f"Total {time.monotonic() - began:.0f} s; load average now {load}.")


def _errors_by_code(stats: Stats) -> str:
    codes: Counter = Counter()
    for counts in stats.statuses.values():
        for status, n in counts.items():
            if not 200 <= status < 300:
                codes[status] += n
    return ", ".join(f"{s}: {n}" for s, n in sorted(codes.items()))
