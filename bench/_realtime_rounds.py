"""bench/realtime.py's rounds: fill the lines, connect the sockets, make the calls over
HTTP at the given rate, and gather what every socket received."""

import argparse
import asyncio
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import _tickets_clients as clients
from bench import _tickets_setup as base
from bench._realtime_probes import DisplayTap, RedisProbe, cpu_cores, cpu_snapshot
from bench._realtime_servers import Server, read_lags
from bench._realtime_sockets import (
    Display,
    TicketPool,
    connect_all,
    lag_ticker,
    merge_seqs,
    open_socket,
    pct,
)

# Frees a counter whose call-next failed after all (untimed, no events).
FREE_COUNTER_SQL = (
    "UPDATE queues_ticket SET status = 'no_show', finished_at = now() "
    "WHERE counter_id = %s AND status IN ('called', 'serving')"
)
# Every ticket token the rounds used: their seq keys are deleted at the end.
TOKENS_SEEN: set[str] = set()


@dataclass
class Call:
    counter: int
    sent: float
    answered: float = 0.0
    status: int = 0
    code: str | None = None
    token: str | None = None
    error: str = ""


@dataclass
class Round:
    label: str
    displays: int
    tickets: int
    # "split": HTTP on gunicorn, websockets on uvicorn (production); "asgi": uvicorn
    # serves both (the demo, API.md's single ASGI app)
    mode: str = "split"
    diag: bool = False  # a diagnostic round (no espeak-ng, relay fix), not a table row
    ws_workers: int = 2
    processes: int = 1  # client processes holding the ticket sockets
    calls: list[Call] = field(default_factory=list)
    display_latency: list[float] = field(default_factory=list)
    display_latency_sent: list[float] = field(default_factory=list)
    ticket_latency: list[float] = field(default_factory=list)
    publish_latency: list[float] = field(default_factory=list)
    relay_latency: list[float] = field(default_factory=list)
    ticket_missing: int = 0
    ticket_stale: int = 0
    expected: int = 0
    received: int = 0
    called_twice: int = 0
    late_kinds: dict[str, int] = field(default_factory=dict)
    display_seqs: dict[str, int] = field(default_factory=dict)
    ticket_seqs: dict[str, int] = field(default_factory=dict)
    display_messages: int = 0
    ticket_messages: int = 0
    line_messages: int = 0
    foreign: int = 0
    closed_early: int = 0
    redis_rtt: list[float] = field(default_factory=list)
    redis_lost: int = 0
    lag_main: list[float] = field(default_factory=list)
    lag_child_p99: float = float("nan")
    cpu: dict[str, float] = field(default_factory=dict)
    connect_seconds: float = 0.0
    connect_errors: list[str] = field(default_factory=list)
    connect_failed: int = 0
    seconds: float = 0.0
    # commit -> PUBLISH per publisher lane ("send": calls, tickets; "state": lines, booths)
    publish_lag: dict[str, list[float]] = field(default_factory=dict)

    @property
    def http(self) -> list[float]:
        return [c.answered - c.sent for c in self.calls if c.status == 200]

    @property
    def errors(self) -> int:
        return sum(1 for c in self.calls if c.status != 200)


async def drive_calls(
    http: clients.RawHttp, sql: clients.Sql, counters: list[dict], calls: int, rate: float
) -> list[Call]:
    """`calls` call-next requests at `rate`/s, round-robin over the counters (one
    coroutine each). Just before a counter calls again, its previous ticket is marked
    no-show by SQL (untimed, no events): not at once, since the publisher builds the
    ticket's `ticket.updated` from the database after the call and would read no_show."""
    t0 = time.perf_counter() + 0.1
    results: list[Call | None] = [None] * calls

    async def counter_loop(k: int) -> None:
        counter = counters[k]
        await sql.execute(k, FREE_COUNTER_SQL, counter["id"])  # the last round's ticket
        held: str | None = None
        for i in range(k, calls, len(counters)):
            delay = t0 + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if held is not None:
                await sql.execute(k, base.NO_SHOW_SQL, held)
                held = None
            call = Call(counter=counter["id"], sent=time.perf_counter())
            results[i] = call
            try:
                status, body = await asyncio.wait_for(
                    http.request(
                        "POST", f"/api/v1/counters/{counter['id']}/call-next/", counter["token"]
                    ),
                    30,
                )
            except (OSError, TimeoutError, ValueError) as exc:
                call.answered, call.error = time.perf_counter(), repr(exc)
                await sql.execute(k, FREE_COUNTER_SQL, counter["id"])
                continue
            call.answered, call.status = time.perf_counter(), status
            if status == 200:
                data = json.loads(body)
                call.code, call.token = data["code"], data["token"]
                held = call.token
            else:
                call.error = f"{status} {body[:200]!r}"
                await sql.execute(k, FREE_COUNTER_SQL, counter["id"])

    await asyncio.gather(*(counter_loop(k) for k in range(len(counters))))
    return [c for c in results if c is not None]


async def run_round(
    result: Round,
    args: argparse.Namespace,
    info: dict[str, Any],
    http_server: Server,
    ws_server: Server,
    children: TicketPool,
    probe: RedisProbe,
    tap: DisplayTap,
    sql: clients.Sql,
    roots: dict[int, str],
    calls: int,
) -> Round:
    """One round of `result.tickets` ticket sockets and `calls` calls; fills `result`."""
    tickets = result.tickets
    print(f"  {result.label}: filling lines ...", end=" ", flush=True)
    length = max(tickets, args.line_length)
    payload = json.dumps({"services": info["call_services"], "waiting": length})
    waiting = json.loads(
        await asyncio.to_thread(base.django_command, args, "-m", "bench._realtime", "fill", payload)
    )
    tokens = [t["token"] for t in waiting[:tickets]]
    TOKENS_SEEN.update(t["token"] for t in waiting)
    print(f"{len(waiting):,} waiting; connecting ...", end=" ", flush=True)

    origin = f"http://127.0.0.1:{ws_server.port}"

    async def make_display(i: int) -> Display:
        ws, snapshot = await open_socket(f"ws://127.0.0.1:{ws_server.port}/ws/display/", origin)
        return Display(ws, snapshot, info["agency"])

    began = time.perf_counter()
    (displays, display_errors, _), connected = await asyncio.gather(
        connect_all(make_display, args.displays),
        children.connect(ws_server.port, tokens),
    )
    result.processes = connected["processes"]
    result.connect_seconds = time.perf_counter() - began
    result.connect_errors = display_errors[:3] + connected["errors"]
    result.connect_failed = len(display_errors) + connected["failed"]
    print(
        f"{len(displays)} + {connected['connected']:,} sockets in {result.connect_seconds:.1f} s"
        f" ({result.connect_failed} failed); calling ...",
        end=" ",
        flush=True,
    )
    await asyncio.sleep(1.0)  # idle: the connect burst is over

    http = clients.RawHttp(http_server.port)
    await children.measure()
    stop = asyncio.Event()
    lag_task = asyncio.create_task(lag_ticker(result.lag_main, stop))
    probe.take()
    probe_task = asyncio.create_task(probe.run_until(stop, 0.05))
    cpu_before = cpu_snapshot(roots)
    lags = Path(http_server.env["MPP_PUBLISH_LAG_FILE"])
    _, lag_offset = read_lags(lags, lags.stat().st_size if lags.exists() else 0)
    began = time.perf_counter()
    result.calls = await drive_calls(http, sql, info["counters"], calls, args.rate)
    result.seconds = time.perf_counter() - began
    called = [c for c in result.calls if c.code]
    codes = {c.code for c in called}
    # Wait for the displays: every call heard, then quiet for 0.5 s (late line events).
    deadline = time.perf_counter() + args.settle
    while time.perf_counter() < deadline:
        complete = all(codes <= d.called.keys() for d in displays)
        quiet = time.perf_counter() - max((d.last_message for d in displays), default=0) > 0.5
        if complete and quiet:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(lag_task, probe_task)
    result.cpu = cpu_cores(cpu_before, cpu_snapshot(roots))
    result.publish_lag, _ = read_lags(lags, lag_offset)
    collected = await children.collect([c.token for c in called if c.token], args.settle)
    await asyncio.sleep(0.1)
    result.redis_rtt, sent = probe.take()
    result.redis_lost = sent - len(result.redis_rtt)

    for c in called:
        published = tap.seen.get(c.code)
        if published is not None:
            result.publish_latency.append(published - c.answered)
        for d in displays:
            at = d.called.get(c.code)
            if at is not None:
                result.display_latency.append(at - c.answered)
                result.display_latency_sent.append(at - c.sent)
                if published is not None:
                    result.relay_latency.append(at - published)
        at = collected["called_at"].get(c.token)
        if at is None:
            result.ticket_missing += 1
        else:
            result.ticket_latency.append(at - c.answered)
    result.expected = len(called) * len(displays)
    result.received = sum(len(codes & d.called.keys()) for d in displays)
    result.called_twice = sum(d.called_twice for d in displays)
    for d in displays:
        for kind, n in d.late_kinds.items():
            result.late_kinds[kind] = result.late_kinds.get(kind, 0) + n
    result.display_seqs = merge_seqs([d.seqs for d in displays])
    result.ticket_seqs = collected["seqs"]
    result.ticket_stale = collected["stale"]
    result.display_messages = sum(d.messages for d in displays)
    result.ticket_messages = collected["messages"]
    result.line_messages = collected["line_messages"]
    result.foreign = sum(d.foreign for d in displays)
    result.closed_early = collected["closed_early"] + sum(1 for d in displays if d.closed_early)
    result.lag_child_p99 = collected["lag_p99"]
    await asyncio.gather(*(d.ws.close() for d in displays), return_exceptions=True)
    for d in displays:
        d.reader.cancel()
    print(
        f"done: display p50 {pct(result.display_latency, 0.5):.1f} ms, "
        f"p99 {pct(result.display_latency, 0.99):.1f} ms, "
        f"{result.expected - result.received} missing",
        flush=True,
    )
    return result
