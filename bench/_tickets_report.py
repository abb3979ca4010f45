"""bench/tickets.py's report: rates and latencies per endpoint, their ratios to the
baselines, CPU per phase, the targets, and the queue-depth comparison."""

import argparse
import os
import statistics

from bench._tickets_phases import Metric, Results

TARGET_ISSUE = 0.50
TARGET_CALL = 0.40
TARGET_DEPTH = 1.5
CONTENDED_CORES = 0.25
HEALTHZ, PING, SVC = "GET /healthz", "GET /bench/ping/", "GET /api/v1/services/<id>/"


def verdict(ok: bool) -> str:
    return "target met" if ok else "target missed"


def round_ratios(results: Results, name: str, base: str) -> list[float]:
    """Each round's rate of `name` over that round's rate of `base`."""
    pairs = zip(results.rounds.get(name, []), results.rounds.get(base, []), strict=False)
    return [rate / base_rate for rate, base_rate in pairs if base_rate]


def print_report(results: Results, args: argparse.Namespace) -> None:
    metrics = results.metrics
    healthz = metrics.get(HEALTHZ)
    ping = metrics.get(PING)
    detail = metrics.get(SVC)

    def ratio(metric: Metric, base: Metric | None) -> str:
        return f"{metric.rate / base.rate:.2f}x" if base is not None and base.rate else "-"

    rounds = f", {args.rounds} rounds" if args.rounds > 1 else ""
    print()
    print(
        f"Results ({args.duration:g} s measured per phase after {args.warmup:g} s warm-up{rounds})"
    )
    header = (
        f"{'endpoint':<41} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6} {'/healthz':>8} {'/svc':>6} {'/ping':>6}"
    )
    print(header)
    print("-" * len(header))
    for m in metrics.values():
        if "@" in m.name:
            continue
        print(
            f"{m.name:<41} {m.clients:>7} {len(m.latencies):>8} {m.rate:>7,.0f} "
            f"{m.percentile(0.50):>7.1f} {m.percentile(0.99):>7.1f} {m.errors:>6} "
            f"{ratio(m, healthz):>8} {ratio(m, detail):>6} {ratio(m, ping):>6}"
        )
    print("-" * len(header))
    print("/healthz: plain Django view, SELECT 1 + a new Redis connection and PING")
    print("/svc: GET /api/v1/services/<id>/, a small DRF retrieve view (the issue's baseline)")
    print("/ping: GET /bench/ping/, a DRF APIView returning a constant (bench-only route)")
    print("call-next rows: one client per counter; each called ticket goes back to the end")
    print("of its line by SQL (untimed), so the queue depth stays constant.")

    # Per server CPU-second: robust to other processes taking CPU on a shared machine.
    per_cpu: dict[str, float] = {}
    cpu_rows = []
    for label, samples in results.cpu.items():
        mean = {k: sum(s[k] for s in samples) / len(samples) for k in samples[0]}
        metric = metrics.get(results.primary.get(label, ""))
        server = mean["server"] + mean["db"]
        if metric is not None and "@" not in metric.name and server > 0:
            per_cpu[metric.name] = metric.rate / server
        cpu_rows.append((label, mean, metric))

    def cpu_ratio(name: str, base: str) -> str:
        return (
            f"{per_cpu[name] / per_cpu[base]:.2f}x" if name in per_cpu and base in per_cpu else "-"
        )

    print()
    print(f"CPU during the measured seconds (cores of {os.cpu_count()}), and requests per")
    print("server CPU-second (gunicorn + its PostgreSQL backends), which other load affects less:")
    print(
        f"  {'phase':<36} {'gunicorn':>8} {'postgres':>8} {'client':>6} {'other':>6} "
        f"{'req/CPU-s':>9} {'/svc':>6} {'/ping':>6}"
    )
    busy_phases = []
    for label, mean, metric in cpu_rows:
        name = metric.name if metric is not None else ""
        rate = f"{per_cpu[name]:,.0f}" if name in per_cpu else "-"
        flag = " *" if mean["other"] > CONTENDED_CORES else ""
        if flag:
            busy_phases.append(label)
        print(
            f"  {label:<36} {mean['server']:>8.2f} {mean['db']:>8.2f} {mean['client']:>6.2f} "
            f"{mean['other']:>6.2f} {rate:>9} {cpu_ratio(name, SVC):>6} {cpu_ratio(name, PING):>6}"
            f"{flag}"
        )
    print("  other = every other process on the machine (Redis, anything else running)")
    if busy_phases:
        print(
            f"  * other processes took > {CONTENDED_CORES} cores: that phase's req/s is "
            "understated; compare req/CPU-s"
        )

    issue = metrics.get("POST kiosk/tickets/ (issue)")
    call = metrics.get("POST call-next/")
    print()
    print("Targets (rate relative to the trivial DRF endpoint GET /api/v1/services/<id>/):")
    for label, metric, target in (
        ("kiosk issue", issue, TARGET_ISSUE),
        ("call-next", call, TARGET_CALL),
    ):
        if metric is None or detail is None or not detail.rate:
            print(f"  {label}: not measured")
            continue
        value = metric.rate / detail.rate
        vs_ping = f"; vs /bench/ping/ {metric.rate / ping.rate:.2f}x" if ping and ping.rate else ""
        print(
            f"  {label:<12} {value:.2f}x (target >= {target:.2f}x): "
            f"{verdict(value >= target)}{vs_ping}"
        )
        each = round_ratios(results, metric.name, SVC)
        if len(each) > 1:
            middle = statistics.median(each)
            print(
                f"  {'':<12} per round: {', '.join(f'{r:.2f}x' for r in each)}; "
                f"median {middle:.2f}x: {verdict(middle >= target)}"
            )
        if metric.name in per_cpu and SVC in per_cpu:
            value = per_cpu[metric.name] / per_cpu[SVC]
            print(
                f"  {'':<12} {value:.2f}x per server CPU-second: {verdict(value >= target)}; "
                f"vs /bench/ping/ {cpu_ratio(metric.name, PING)}"
            )

    depth_rows = [
        m.name.split(" @ ", 1)[1] for m in metrics.values() if m.name.startswith("issue @")
    ]
    if depth_rows:
        print()
        block = args.depth_duration / max(1, 2 * len(args.depths) - 1)
        print(f"Queue depth (1 client, {block:g} s per block, issue then call-next; ms):")
        print(
            f"  {'line':<36} {'issue p50':>9} {'p90':>6} {'call-next p50':>13} {'p90':>6} "
            f"{'n':>4} {'CPU/cycle':>9} err"
        )
        for row in depth_rows:
            i = metrics.get(f"issue @ {row}")
            c = metrics.get(f"call-next @ {row}")
            if i is None or c is None:
                continue
            samples = results.cpu.get(f"depth: {row}", [])
            cycles = len(c.latencies) + c.errors
            cpu = "-"
            if samples and cycles:
                cores = samples[0]["server"] + samples[0]["db"]
                cpu = f"{cores * c.seconds / cycles * 1000:.1f}"
            print(
                f"  {row:<36} {i.percentile(0.5):>9.2f} {i.percentile(0.9):>6.2f} "
                f"{c.percentile(0.5):>13.2f} {c.percentile(0.9):>6.2f} {len(c.latencies):>4} "
                f"{cpu:>9} {i.errors + c.errors:>3}"
            )
        print(
            "  CPU/cycle: gunicorn + PostgreSQL CPU ms per issue + call-next pair (less "
            "sensitive to other load)"
        )
        low, high = min(args.depths), max(args.depths)
        for label in ("issue", "call-next"):
            a = metrics.get(f"{label} @ {low:,} waiting")
            b = metrics.get(f"{label} @ {high:,} waiting")
            if a is None or b is None or not a.latencies or not b.latencies:
                continue
            value = b.percentile(0.5) / a.percentile(0.5)
            print(
                f"  {label:<10} p50 at {high:,} / at {low:,} waiting: {value:.2f}x "
                f"(target <= {TARGET_DEPTH}x): {verdict(value <= TARGET_DEPTH)}"
            )
            beside = metrics.get(f"{label} @ {low:,} waiting, {high:,} elsewhere")
            if beside is not None and beside.latencies:
                value = beside.percentile(0.5) / a.percentile(0.5)
                print(
                    f"  {'':<10} p50 at {low:,} waiting beside a {high:,} line / alone: "
                    f"{value:.2f}x"
                )

    if results.notes:
        print()
        for note in results.notes[:1]:
            print(f"Note: {note}.")
    failed = [m for m in metrics.values() if m.errors]
    if failed:
        print()
        print("Errors (status: count; first bodies):")
        for m in failed:
            print(f"  {m.name}: {dict(m.statuses)}")
            for sample in m.samples:
                print(f"      {sample}")
