"""bench/realtime.py's report: one column per round, then the targets (met / missed)."""

import argparse

from bench._realtime_rounds import Round
from bench._realtime_sockets import pct

# Targets (with 500 sockets).
DISPLAY_P50_MS = 10.0
DISPLAY_P99_MS = 100.0
DISPLAY_OVER_CALL_P99_MS = 20.0
GROUP_SEND_RATIO = 2.0
# Issue 14: 20 + 1,980 sockets at 10 calls/s, in both modes; 20 + 9,980 sockets.
MALL_SOCKETS = 2000
MALL_DISPLAY_P99_MS = 100.0
MALL_TICKET_P99_MS = 250.0
PROVINCE_SOCKETS = 10000
PROVINCE_DISPLAY_P99_MS = 500.0
MODES = {"split": "gunicorn HTTP + uvicorn websockets", "asgi": "uvicorn HTTP and websockets"}


def verdict(ok: bool) -> str:
    return "target met" if ok else "target missed"


def fmt_pair(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{pct(values, 0.5):.1f} / {pct(values, 0.99):.1f}"


def cpu_per_call(r: Round, kind: str) -> float:
    return r.cpu.get(kind, 0.0) * r.seconds * 1000 / max(len(r.calls), 1)


def print_watchers(args: argparse.Namespace, rounds: list[Round]) -> None:
    """Cost of one call at the fewest vs the most watchers of a line (issue 14: flat)."""
    # The production split only: under "asgi" the publishing and relaying share uvicorn.
    calling = [r for r in rounds if not r.diag and r.mode == "split" and r.publish_lag.get("send")]
    if len(calling) < 2:
        return
    few, many = min(calling, key=lambda r: r.tickets), max(calling, key=lambda r: r.tickets)
    if few.tickets == many.tickets:
        return
    per_line = f"{few.tickets / args.lines:,.0f} vs {many.tickets / args.lines:,.0f}"
    lag = [pct(r.publish_lag["send"], 0.5) for r in (few, many)]
    cpu = [cpu_per_call(r, "gunicorn") for r in (few, many)]
    relay = [cpu_per_call(r, "uvicorn") for r in (few, many)]
    ratio = cpu[1] / cpu[0] if cpu[0] else float("nan")
    # The publishing process's CPU per call (request, transaction, build, encode, PUBLISH);
    # the relay (uvicorn: one frame per watching socket) grows with the watchers by nature.
    print(
        f"  one call's publish cost, {per_line} watchers a line: gunicorn CPU per call "
        f"{cpu[0]:.1f} vs {cpu[1]:.1f} ms ({ratio:.2f}x; commit -> publish p50 {lag[0]:.1f} vs "
        f"{lag[1]:.1f} ms): flat (<= 1.5x) {verdict(ratio <= 1.5)}; relay (uvicorn CPU per "
        f"call, one frame a socket) {relay[0]:.1f} vs {relay[1]:.1f} ms"
    )


def print_report(
    args: argparse.Namespace,
    rounds: list[Round],
    idle_rtt: list[float],
    group_send: dict[tuple[str, int], list[float]],
    espeak: list[float],
) -> None:
    print()
    print(
        f"Results: {args.calls} calls a round ({args.diag_calls} in the diagnostic round) at "
        f"{args.rate:g}/s over HTTP from {args.counters} counters; ms"
    )
    names = [r.label for r in rounds]
    width = max(24, *(len(n) + 2 for n in names))
    label_width = 50
    header = f"{'':<{label_width}}" + "".join(f"{n:>{width}}" for n in names)
    print(header)
    print("-" * len(header))

    def row(label: str, values: list[str]) -> None:
        print(f"{label:<{label_width}}" + "".join(f"{v:>{width}}" for v in values))

    row("sockets: display + ticket", [f"{r.displays} + {r.tickets:,}" for r in rounds])
    row("HTTP on", ["uvicorn" if r.mode == "asgi" else "gunicorn" for r in rounds])
    row(
        "uvicorn workers / client processes (tickets)",
        [f"{r.ws_workers} / {r.processes}" for r in rounds],
    )
    row(
        "connect time, s (failed)",
        [f"{r.connect_seconds:.1f} ({r.connect_failed})" for r in rounds],
    )
    row("call -> display p50 / p99 (from response)", [fmt_pair(r.display_latency) for r in rounds])
    row(
        "call -> display p50 / p99 (from request sent)",
        [fmt_pair(r.display_latency_sent) for r in rounds],
    )
    row(
        "  of it: response -> PUBLISH seen on Redis",
        [fmt_pair(r.publish_latency) for r in rounds],
    )
    row(
        "  of it: Redis -> display socket",
        [fmt_pair(r.relay_latency) for r in rounds],
    )
    row(
        "call -> own ticket.updated p50 / p99 (response)",
        [fmt_pair(r.ticket_latency) for r in rounds],
    )
    row("call-next HTTP p50 / p99", [fmt_pair(r.http) for r in rounds])
    for lane, what in (("send", "calls, tickets"), ("state", "lines, booths")):
        row(
            f"commit -> publish p50 / p99 ({what})",
            [fmt_pair(r.publish_lag.get(lane, [])) for r in rounds],
        )
    row("call-next errors", [str(r.errors) for r in rounds])
    row(
        "ticket.called expected / received (missing)",
        [f"{r.expected:,} / {r.received:,} ({r.expected - r.received})" for r in rounds],
    )
    row(
        "ticket.updated not received (built after no-show)",
        [f"{r.ticket_missing} ({r.ticket_stale})" for r in rounds],
    )
    row(
        "display seq gaps (sockets) / never / late",
        [
            f"{s['gaps']} ({s['sockets_with_gaps']}) / {s['never']} / {s['late']}"
            for s in (r.display_seqs for r in rounds)
        ],
    )
    row(
        "  late display events: ticket.called / line",
        [
            f"{r.late_kinds.get('ticket.called', 0)} / {r.late_kinds.get('line.updated', 0)}"
            for r in rounds
        ],
    )
    row(
        "ticket seq gaps (sockets) / never / late",
        [
            f"{s['gaps']} ({s['sockets_with_gaps']}) / {s['never']} / {s['late']}"
            for s in (r.ticket_seqs for r in rounds)
        ],
    )
    row(
        "messages: display / ticket sockets",
        [f"{r.display_messages:,} / {r.ticket_messages:,}" for r in rounds],
    )
    row("  of them line events to ticket sockets", [f"{r.line_messages:,}" for r in rounds])
    row(
        "Redis PUBLISH->receive p50 / p99 (during)",
        [
            fmt_pair(r.redis_rtt) + (f" ({r.redis_lost} lost)" if r.redis_lost else "")
            for r in rounds
        ],
    )
    row(
        "client loop lag p99: display / ticket process",
        [f"{pct(r.lag_main, 0.99):.1f} / {r.lag_child_p99:.1f}" for r in rounds],
    )
    for kind in ("gunicorn", "uvicorn", "postgres", "redis", "client", "other"):
        row(
            f"CPU cores during calls: {kind}",
            [f"{r.cpu.get(kind, 0.0):.2f}" for r in rounds],
        )
    row(
        "server CPU per call, ms: gunicorn / uvicorn",
        [f"{cpu_per_call(r, 'gunicorn'):.1f} / {cpu_per_call(r, 'uvicorn'):.1f}" for r in rounds],
    )
    row("calls took, s", [f"{r.seconds:.1f}" for r in rounds])
    print("-" * len(header))
    print(
        f"missing = not received {args.settle:g} s after the last call (lost, or still queued "
        "in a server); late = a seq that arrived after a later one (out of order); never = a "
        "skipped seq still missing at the end"
    )
    print(
        "PUBLISH seen on Redis: a raw redis-py subscriber on the display group's channel "
        "(publisher side vs websocket side)"
    )
    print("'no espeak-ng': the same, through a gunicorn without espeak-ng on its PATH (no audio)")
    busy = [r.label for r in rounds if r.cpu.get("other", 0.0) > 0.25]
    if busy:
        print(
            f"other processes took > 0.25 cores during: {', '.join(busy)} (CPU rows): "
            "latencies there are inflated by a shared machine"
        )
    if any(r.foreign for r in rounds):
        print(
            f"display events of other processes on the shared `display` group, left out: "
            f"{', '.join(str(r.foreign) for r in rounds)}"
        )
    if any(r.closed_early for r in rounds):
        print(f"sockets closed by the server: {', '.join(str(r.closed_early) for r in rounds)}")
    for r in rounds:
        if r.connect_errors:
            print(f"connect errors ({r.label}): {r.connect_errors}")
        errors = [c.error for c in r.calls if c.error][:3]
        if errors:
            print(f"call errors ({r.label}): {errors}")

    print()
    print(
        f"Redis PUBLISH->receive, idle, one subscriber (redis-py): p50 / p99 "
        f"{fmt_pair(idle_rtt)} ms ({len(idle_rtt)} samples)"
    )
    if espeak:
        print(
            f"espeak-ng, one announcement rendered (as queues.voice._render): p50 / p99 "
            f"{fmt_pair(espeak)} ms"
        )
    print()
    print(
        "channels-redis group_send, 50 sends a group, alternating between the groups; members "
        "held by 2 layer instances in another process:"
    )
    print(f"  {'layer':<26} {'10 members':>16} {'1,000 members':>16} {'ratio p50':>10}")
    for kind, name in (
        ("pubsub", "RedisPubSubChannelLayer"),
        ("core", "RedisChannelLayer"),
    ):
        small, large = group_send.get((kind, 10), []), group_send.get((kind, 1000), [])
        ratio = pct(large, 0.5) / pct(small, 0.5) if small and large else float("nan")
        print(
            f"  {name:<26} {fmt_pair(small):>16} {fmt_pair(large):>16} {ratio:>9.2f}x"
            "   (p50 / p99 ms)"
        )

    print()
    print("Targets:")
    first = next((r for r in rounds if r.tickets + r.displays <= 600 and not r.diag), rounds[0])
    p50, p99 = pct(first.display_latency, 0.5), pct(first.display_latency, 0.99)
    call_p99 = pct(first.http, 0.99)
    print(
        f"  display p50 {p50:.1f} ms <= {DISPLAY_P50_MS:g} ms with {first.displays + first.tickets}"
        f" sockets ({first.label}): {verdict(p50 <= DISPLAY_P50_MS)}"
    )
    print(
        f"  display p99 {p99:.1f} ms <= {DISPLAY_P99_MS:g} ms: {verdict(p99 <= DISPLAY_P99_MS)}; "
        f"<= call-next p99 + {DISPLAY_OVER_CALL_P99_MS:g} ms = "
        f"{call_p99 + DISPLAY_OVER_CALL_P99_MS:.1f} ms: "
        f"{verdict(p99 <= call_p99 + DISPLAY_OVER_CALL_P99_MS)}"
    )
    print_watchers(args, rounds)
    for r in rounds:
        lost = r.expected - r.received
        never = r.display_seqs.get("never", 0) + r.ticket_seqs.get("never", 0)
        print(
            f"  0 lost ({r.label}): ticket.called missing {lost}, ticket.updated missing "
            f"{r.ticket_missing}, seqs never received {never}: "
            f"{verdict(lost == 0 and r.ticket_missing == 0 and never == 0)}"
        )
    print_scale_targets(rounds)
    small, large = group_send.get(("pubsub", 10), []), group_send.get(("pubsub", 1000), [])
    if small and large:
        ratio = pct(large, 0.5) / pct(small, 0.5)
        print(
            f"  RedisPubSubChannelLayer group_send at 1,000 members {ratio:.2f}x of 10 "
            f"(<= {GROUP_SEND_RATIO:g}x): {verdict(ratio <= GROUP_SEND_RATIO)}"
        )
    small, large = group_send.get(("core", 10), []), group_send.get(("core", 1000), [])
    if small and large:
        ratio = pct(large, 0.5) / pct(small, 0.5)
        print(
            f"  RedisChannelLayer (default) for comparison: {ratio:.2f}x "
            f"(<= {GROUP_SEND_RATIO:g}x): {verdict(ratio <= GROUP_SEND_RATIO)}"
        )


def lost(r: Round) -> int:
    never = r.display_seqs.get("never", 0) + r.ticket_seqs.get("never", 0)
    return r.expected - r.received + r.ticket_missing + never


def print_scale_targets(rounds: list[Round]) -> None:
    """Issue 14: a big mall (20 + 1,980 sockets) in both modes, a province (20 + 9,980)."""
    for r in rounds:
        if r.diag:
            continue
        display, ticket = pct(r.display_latency, 0.99), pct(r.ticket_latency, 0.99)
        where = f"{r.displays} + {r.tickets:,} sockets, {MODES[r.mode]}"
        if r.displays + r.tickets == MALL_SOCKETS:
            ok = display <= MALL_DISPLAY_P99_MS and ticket <= MALL_TICKET_P99_MS and lost(r) == 0
            print(
                f"  {where}: display p99 {display:.1f} ms <= {MALL_DISPLAY_P99_MS:g} ms, own "
                f"ticket p99 {ticket:.1f} ms <= {MALL_TICKET_P99_MS:g} ms, lost {lost(r)} = 0: "
                f"{verdict(ok)}"
            )
        elif r.displays + r.tickets == PROVINCE_SOCKETS:
            ok = display <= PROVINCE_DISPLAY_P99_MS and lost(r) == 0
            print(
                f"  {where}: display p99 {display:.1f} ms <= {PROVINCE_DISPLAY_P99_MS:g} ms, "
                f"lost {lost(r)} = 0: {verdict(ok)}"
            )
