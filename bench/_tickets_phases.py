"""bench/tickets.py's phases: N clients loop over a step for a fixed time; each request
is timed per endpoint, and /proc tells the CPU each side used meanwhile."""

import argparse
import asyncio
import itertools
import os
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bench._tickets_clients import HttpxHttp, RawHttp
from bench._tickets_setup import DB_NAME

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy_ticks() -> int:
    """CPU ticks the whole machine spent busy so far (all but idle and iowait)."""
    with open("/proc/stat") as f:
        values = [int(x) for x in f.readline().split()[1:9]]
    return sum(values) - values[3] - values[4]


def processes() -> Iterator[tuple[int, bytes, list[bytes]]]:
    """Every process: its pid, its command name and the fields of /proc/<pid>/stat after
    the name (rest[1] the parent; rest[11:15] CPU ticks, its own then reaped children's)."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        close = stat.rfind(b")")
        yield int(name), stat[stat.find(b"(") + 1 : close], stat[close + 2 :].split()


def is_bench_backend(pid: int) -> bool:
    """A PostgreSQL backend of the bench database (its command line names it)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return DB_NAME.encode() in f.read()
    except OSError:
        return False


def cpu_snapshot(server_pid: int) -> dict[str, Any]:
    """CPU ticks so far: the whole machine (busy), and per process: gunicorn (master +
    workers), our PostgreSQL backends (those of mpp_bench), and this client."""
    out: dict[str, Any] = {"at": time.perf_counter(), "busy": machine_busy_ticks()}
    out.update(server={}, db={}, client={})
    me = os.getpid()
    for pid, command, rest in processes():
        ppid, ticks = int(rest[1]), int(rest[11]) + int(rest[12])
        if pid == server_pid or ppid == server_pid:
            out["server"][pid] = ticks
        elif pid == me:
            out["client"][pid] = ticks
        elif command == b"postgres" and is_bench_backend(pid):
            out["db"][pid] = ticks
    return out


def cpu_cores(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """Cores used on average between two snapshots, per kind; `other` is everyone else.
    A process that exits in between is lost (counted as other); a new one counts whole."""
    seconds = after["at"] - before["at"]
    cores = {"busy": (after["busy"] - before["busy"]) / CLOCK_TICKS / seconds}
    for kind in ("server", "db", "client"):
        ticks = sum(t - before[kind].get(pid, 0) for pid, t in after[kind].items())
        cores[kind] = ticks / CLOCK_TICKS / seconds
    cores["other"] = max(0.0, cores["busy"] - cores["server"] - cores["db"] - cores["client"])
    return cores


@dataclass
class Metric:
    name: str
    clients: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: Counter = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered) + 0.5) - 1))] * 1000

    def merge(self, other: "Metric") -> None:
        self.clients = other.clients
        self.latencies += other.latencies
        self.errors += other.errors
        self.statuses.update(other.statuses)
        self.samples = (self.samples + other.samples)[:3]
        self.seconds += other.seconds


class Phase:
    """Counts only requests that start after the warm-up and end before the end."""

    def __init__(self, http: "RawHttp | HttpxHttp", warmup: float, duration: float) -> None:
        self.http = http
        now = time.perf_counter()
        self.start = now + warmup
        self.end = self.start + duration
        self.duration = duration
        self.metrics: dict[str, Metric] = {}

    @property
    def running(self) -> bool:
        return time.perf_counter() < self.end

    async def timed(
        self,
        name: str,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: Any = None,
        expect: int = 200,
    ) -> tuple[int, bytes]:
        t0 = time.perf_counter()
        try:
            status, data = await asyncio.wait_for(self.http.request(method, path, token, body), 30)
        except (OSError, TimeoutError, ValueError) as exc:
            status, data = 0, repr(exc).encode()
        t1 = time.perf_counter()
        if self.start <= t0 and t1 <= self.end:
            metric = self.metrics.setdefault(name, Metric(name, seconds=self.duration))
            metric.statuses[status] += 1
            if status == expect:
                metric.latencies.append(t1 - t0)
            else:
                metric.errors += 1
                if len(metric.samples) < 3:
                    metric.samples.append(f"{status} {data[:200]!r}")
        return status, data


Step = Callable[[Phase, int, int], Awaitable[None]]


async def run_phase(
    http: "RawHttp | HttpxHttp",
    args: argparse.Namespace,
    server_pid: int,
    clients: int,
    step: Step,
    duration: float,
) -> tuple[dict[str, Metric], dict[str, float]]:
    """`clients` loops calling step(phase, client, iteration) until the phase ends."""
    phase = Phase(http, args.warmup, duration)

    async def snapshot_at(moment: float) -> dict[str, Any]:
        await asyncio.sleep(max(0.0, moment - time.perf_counter()))
        return cpu_snapshot(server_pid)

    async def loop(client: int) -> None:
        for n in itertools.count():
            if not phase.running:
                return
            await step(phase, client, n)

    first = asyncio.create_task(snapshot_at(phase.start))
    last = asyncio.create_task(snapshot_at(phase.end))
    await asyncio.gather(*(loop(i) for i in range(clients)))
    for metric in phase.metrics.values():
        metric.clients = clients
    return phase.metrics, cpu_cores(await first, await last)


@dataclass
class Results:
    metrics: dict[str, Metric] = field(default_factory=dict)
    cpu: dict[str, list[dict[str, float]]] = field(default_factory=dict)
    primary: dict[str, str] = field(default_factory=dict)  # phase label -> its main metric
    notes: list[str] = field(default_factory=list)
    # Each round's rate of each metric, in round order: the host's speed drifts over a
    # run, so a round's ratio (phases a minute apart) is steadier than the merged one.
    rounds: dict[str, list[float]] = field(default_factory=dict)

    def add(self, label: str, metrics: dict[str, Metric], cpu: dict[str, float]) -> None:
        if metrics:
            self.primary.setdefault(label, next(iter(metrics)))
        for name, metric in metrics.items():
            self.rounds.setdefault(name, []).append(metric.rate)
            if name in self.metrics:
                self.metrics[name].merge(metric)
            else:
                self.metrics[name] = metric
        self.cpu.setdefault(label, []).append(cpu)
