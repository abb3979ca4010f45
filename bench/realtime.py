"""Live-event benchmark: how fast and how completely a call reaches the websockets,
served as production serves them.

    .venv/bin/python bench/realtime.py [--calls 200] [--rate 10] [--sockets 480,1980]
        [--modes split,asgi] [--lines 4] [--line-length N] [--private-redis]
        [--relay-fix] [--help]

    # every README row: both modes, up to 20 + 9,980 sockets (about 15 minutes)
    .venv/bin/python bench/realtime.py --private-redis --diag-calls 0 \
        --sockets 480,1980,9980 --modes split,asgi

The code: this file (arguments, the plan of rounds, main), bench/_realtime_servers.py
(the servers), _realtime_sockets.py (display and ticket sockets, the ticket sockets'
child processes), _realtime_rounds.py (one round), _realtime_probes.py (Redis, CPU,
group_send, espeak-ng), _realtime_report.py (the table and the targets);
bench/_realtime.py fills the lines (Django side).

What it does (loopback only, bounded, stops by itself, about 3 minutes):
1. Drops and recreates the PostgreSQL database `mpp_bench`, migrates it and seeds
   the bench mall with `python -m bench._django seed` (open 00:00-23:59 every day,
   no issuing cutoff, `--lines` call lines, `--counters` counters serving all of
   them, one officer token each); bench/tickets.py's helpers do the work.
2. Starts the production layout: HTTP on gunicorn (sync workers, 2 x cores + 1 as
   `deploy/run web` starts it, `mpp.wsgi:application`), websockets on uvicorn
   (`mpp.asgi:application --workers 2`, as `deploy/run ws`), both on the Redis
   channel layer (REDIS_URL, db 1:
   RedisPubSubChannelLayer) with DEBUG=false and MEDIA_ROOT in a temporary
   directory, so every call renders its announcement with espeak-ng as the
   first call of a code does in production. A second gunicorn, identical except
   that espeak-ng is not on its PATH (the app then sends calls without audio),
   serves the diagnostic round only. uvicorn's permessage-deflate is on or off as
   deploy/run's `ws` has it (`--ws-deflate` to compare). Rounds of more than 5,000 sockets run on a
   uvicorn of `--big-ws-workers` (4) workers. `--modes asgi` rounds send the
   call-next requests to the uvicorn too: one ASGI server for HTTP and websockets,
   as the demo and API.md's single ASGI app serve them.
3. Rounds. Each tops the lines up (`python -m bench._realtime fill`) to N waiting
   tickets, connects `--displays` display sockets (/ws/display/) in this process
   and N ticket sockets (/ws/tickets/<token>/, the first N in call order) in child
   processes of up to 2,500 sockets each (so parsing their line updates does not
   delay the display timestamps; nofile is raised to the hard limit), then makes
   `--calls` call-next requests over HTTP at `--rate` calls/s, round-robin over the
   counters. Just before a counter calls again, its
   previous ticket is marked no-show by SQL (untimed, no events), so it may call.
   - N = 480 (20 + 480 = 500 sockets), N = 1,980 (2,000 sockets) by default,
     N = 9,980 (10,000 sockets) when asked, each in every `--modes` mode;
   - diagnostic: N = 480 again through the gunicorn without espeak-ng;
   - `--relay-fix` (diagnostic, off by default, about a minute more): N = 1,980 on a
     uvicorn serving bench/_asgi_relay.py, the app with stream events relayed
     without channels' per-message close_old_connections thread hop.
   Measured: call -> display latency (from the call-next response, and from the
   moment the request was sent, to each display socket receiving that call's
   `ticket.called`), split at the moment a raw redis-py subscriber on the display
   group's channel sees the PUBLISH (publisher side / websocket side); call ->
   ticket latency (the called ticket's own socket receiving its `ticket.updated`;
   its status is "called" unless the publisher built it after the SQL no-show);
   `ticket.called` expected vs received per display socket; seq gaps per socket
   and stream (as a client sees them: seq > last + 1), seqs that never arrived and
   seqs that arrived late (after a later one: a client has already asked for a
   snapshot and ignores them); call-next HTTP latency; Redis PUBLISH -> receive
   (redis-py, one subscriber, in this process, during the calls and idle); the
   client event loops' lag; CPU cores per process kind during the calls.
4. `group_send` time with 10 and with 1,000 group members (channel names added
   with group_add by two layer instances in the child process, as two uvicorn
   workers would hold them; sends alternate between the groups) for
   RedisPubSubChannelLayer and the default RedisChannelLayer; espeak-ng's render
   time for one announcement.
Every server it starts is stopped at the end whatever happens (SIGTERM to its
process group, SIGKILL after 15 s); the WAVs and this run's ticket seq keys are
deleted. This is a measurement, not a test: it prints "target met/missed" and never
fails on slowness. Redis pub/sub channels span every database of a Redis server, so
other processes publishing to `display` on the same Redis (test runs, dev servers)
reach the bench's displays: their events are counted and left out (the bench
agency's ids start at 900,000,001), but they still load the servers; with
`--private-redis` the bench starts a redis-server of its own on a loopback port.
"""

import argparse
import asyncio
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The imports below need ROOT on sys.path (`python bench/realtime.py`).
from bench import _tickets_clients as clients  # noqa: E402  (raw HTTP, SQL helpers)
from bench import _tickets_setup as base  # noqa: E402  (database, readiness)
from bench._realtime_probes import (  # noqa: E402
    DisplayTap,
    RedisProbe,
    espeak_times,
    group_send_times,
)
from bench._realtime_report import print_report  # noqa: E402
from bench._realtime_rounds import TOKENS_SEEN, Round, run_round  # noqa: E402
from bench._realtime_servers import (  # noqa: E402
    Server,
    app_env,
    gunicorn,
    production_deflate,
    raise_nofile,
    start_private_redis,
    uvicorn,
)
from bench._realtime_sockets import CLIENT_GC_THRESHOLDS, TicketPool  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--displays", type=int, default=20, help="display sockets (20)")
    parser.add_argument(
        "--sockets", default="480,1980", help="ticket sockets per round, comma-separated"
    )
    parser.add_argument("--calls", type=int, default=200, help="call-next requests a round (200)")
    parser.add_argument(
        "--diag-calls",
        type=int,
        default=100,
        help="calls of the diagnostic round without espeak-ng (100; 0 skips it)",
    )
    parser.add_argument(
        "--relay-fix",
        action="store_true",
        help="diagnostic: one more round of the largest size on a uvicorn serving "
        "bench._asgi_relay (stream events relayed without channels' per-message "
        "close_old_connections thread hop); about a minute more",
    )
    parser.add_argument(
        "--line-length",
        type=int,
        default=0,
        help="waiting tickets in all lines at each round's start (default: as many as "
        "ticket sockets); fix it to compare rounds by watchers alone",
    )
    parser.add_argument(
        "--ws-deflate",
        choices=("on", "off"),
        default=production_deflate(),
        help="uvicorn's permessage-deflate (default: as deploy/run's `ws` sets it, "
        f"{production_deflate()}); on, every frame is compressed once per socket",
    )
    parser.add_argument(
        "--ws-impl",
        default="auto",
        choices=("auto", "websockets", "websockets-sansio", "wsproto"),
        help="diagnostic: uvicorn's websocket implementation (--ws; auto: websockets)",
    )
    parser.add_argument("--rate", type=float, default=10.0, help="calls per second (10)")
    parser.add_argument("--counters", type=int, default=8, help="counters calling (8)")
    parser.add_argument("--lines", type=int, default=4, help="service lines (4)")
    parser.add_argument(
        "--workers", type=int, default=2, help="uvicorn workers (2, as deploy/run ws)"
    )
    parser.add_argument(
        "--web-workers",
        type=int,
        default=base.WEB_WORKERS,
        help="gunicorn workers (2 x cores + 1, as deploy/run web)",
    )
    parser.add_argument(
        "--big-ws-workers",
        type=int,
        default=4,
        help=f"uvicorn workers for rounds of more than {BIG:,} sockets (4)",
    )
    parser.add_argument(
        "--modes",
        default="split",
        help="comma-separated: split (HTTP on gunicorn, websockets on uvicorn: production), "
        "asgi (uvicorn serves both, as the demo and API.md's single ASGI app); every size "
        "runs in each mode (split)",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/1")
    parser.add_argument(
        "--private-redis",
        action="store_true",
        help="start a redis-server of its own on a free loopback port instead of --redis-url: "
        "pub/sub channels span every database of a Redis server, so other processes "
        "publishing to `display` on the shared one (test runs) load the displays too",
    )
    parser.add_argument(
        "--settle", type=float, default=5.0, help="max seconds to wait for late events (5)"
    )
    args = parser.parse_args()
    args.sockets = [int(n) for n in args.sockets.split(",")]
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not args.modes or set(args.modes) - {"split", "asgi"}:
        parser.error("--modes: split, asgi or both")
    if not (0 < args.calls <= 1000 and 0 < args.rate <= 200 and 0 < args.counters <= 50):
        parser.error("0 < calls <= 1000, 0 < rate <= 200, 0 < counters <= 50")
    if max(args.sockets) + args.displays > 10_000:
        parser.error("at most 10,000 sockets")
    return args


# -------------------------------------------------------------------- main

# Rounds of more sockets than this run on --big-ws-workers uvicorn workers.
BIG = 5000


# The bench agency and its lines get ids no other database on this machine hands out:
# Redis pub/sub channels span all Redis databases, so the `display` group also carries
# events of other processes (test runs, dev servers), told apart by agency id.
FIRST_ID = 900_000_001


def move_ids() -> None:
    """Restart the agency and service id sequences of the fresh database at FIRST_ID."""
    import psycopg2

    conn = psycopg2.connect(base.PG_DSN + f" dbname={base.DB_NAME}")
    conn.autocommit = True
    with conn.cursor() as cursor:
        for table in ("agencies_agency", "agencies_service"):
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,))
            sequence = cursor.fetchone()[0]
            cursor.execute(f"ALTER SEQUENCE {sequence} RESTART WITH {FIRST_ID}")
    conn.close()


def forget_seqs(url: str) -> None:
    """Delete the seq counters of this run's ticket streams (the app never expires them)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        keys = [f"mpp:stream:ticket.{token}" for token in TOKENS_SEEN]
        for i in range(0, len(keys), 1000):
            client.delete(*keys[i : i + 1000])
    except redis.RedisError:
        pass  # cleanup only
    finally:
        client.close()


async def measure(
    args: argparse.Namespace,
    info: dict[str, Any],
    servers: dict[str, Server],
    children: TicketPool,
) -> tuple[list[Round], list[float], dict[tuple[str, int], list[float]]]:
    roots = {server.process.pid: name.split("-")[0] for name, server in servers.items()}
    roots[os.getpid()] = "client"  # and the ticket-socket processes, its children
    sql = clients.Sql(len(info["counters"]))
    probe = RedisProbe(args.redis_url)
    await probe.start()
    prefix = servers["uvicorn"].env.get("CHANNEL_PREFIX", "mpp")  # mpp/settings.py's default
    tap = DisplayTap(args.redis_url, info["agency"], prefix)
    await tap.start()
    rounds: list[Round] = []
    try:
        # Every counter open (through the HTTP server, as a console would).
        http = clients.RawHttp(servers["gunicorn"].port)
        for counter in info["counters"]:
            status, body = await http.request(
                "POST", f"/api/v1/counters/{counter['id']}/open/", counter["token"]
            )
            if status != 200:
                raise SystemExit(f"counter open failed: {status} {body[:200]!r}")
        await probe.run(100, 0.01)
        idle_rtt, _ = probe.take()

        for r in plan(args):
            ws_name = "uvicorn-relayfix" if r.label.endswith("relay fix") else ws_server(args, r)
            if r.mode == "asgi":
                http_name = ws_name
            elif r.label.endswith("no espeak-ng"):
                http_name = "gunicorn-novoice"
            else:
                http_name = "gunicorn"
            calls = args.diag_calls if r.label.endswith("no espeak-ng") else args.calls
            rounds.append(
                await run_round(
                    r,
                    args,
                    info,
                    servers[http_name],
                    servers[ws_name],
                    children,
                    probe,
                    tap,
                    sql,
                    roots,
                    calls,
                )
            )
        for name, server in servers.items():
            if server.process.poll() is not None:
                print(f"warning: {name} exited during the run; see {server.log_path}")
    finally:
        await probe.close()
        await tap.close()
        sql.close()

    print("  group_send: ...", end=" ", flush=True)
    group_send: dict[tuple[str, int], list[float]] = {}
    for kind in ("pubsub", "core"):
        for members, times in (await group_send_times(args.redis_url, kind, children)).items():
            group_send[(kind, members)] = times
    print("done", flush=True)
    return rounds, idle_rtt, group_send


def ws_workers(args: argparse.Namespace, sockets: int) -> int:
    """uvicorn workers for a round of `sockets` sockets in all."""
    return args.big_ws_workers if sockets > BIG else args.workers


def ws_server(args: argparse.Namespace, r: Round) -> str:
    return "uvicorn" if r.ws_workers == args.workers else f"uvicorn-{r.ws_workers}"


def plan(args: argparse.Namespace) -> list[Round]:
    """The rounds, each size in each mode; the diagnostics as asked."""
    rounds = []
    for n in args.sockets:
        workers = ws_workers(args, args.displays + n)
        for mode in args.modes:
            label = f"{args.displays}+{n:,}" + (", uvicorn HTTP" if mode == "asgi" else " sockets")
            rounds.append(Round(label, args.displays, n, mode=mode, ws_workers=workers))
    if args.diag_calls:
        n = args.sockets[0]
        label = f"{args.displays}+{n:,}, no espeak-ng"
        rounds.insert(1, Round(label, args.displays, n, diag=True, ws_workers=args.workers))
    if args.relay_fix:
        n = max(args.sockets)
        label = f"{args.displays}+{n:,}, relay fix"
        workers = ws_workers(args, args.displays + n)
        rounds.append(Round(label, args.displays, n, diag=True, ws_workers=workers))
    return rounds


def main() -> None:
    args = parse_args()
    began = time.monotonic()
    raise_nofile()
    gc.set_threshold(*CLIENT_GC_THRESHOLDS)  # the display sockets' process, as the ticket ones
    print("Antrean MPP live-event benchmark")
    redis_server = start_private_redis(args) if args.private_redis else None
    try:
        run(args, began, redis_server)
    finally:
        if redis_server is not None:
            redis_server.stop()


def run(args: argparse.Namespace, began: float, redis_server: Server | None) -> None:
    version = base.recreate_database()
    base.django_command(args, "manage.py", "migrate", "--noinput")
    move_ids()
    options = {"lines": args.lines, "counters": args.counters, "queue_depth": 0, "depths": []}
    info = json.loads(base.django_command(args, "-m", "bench._django", "seed", json.dumps(options)))
    print(
        f"  database: PostgreSQL {version}, fresh `{base.DB_NAME}`, setup "
        f"{time.monotonic() - began:.1f} s"
    )

    logs = Path(tempfile.mkdtemp(prefix="mpp-bench-realtime-"))
    media = logs / "media"
    servers: dict[str, Server] = {}
    children: TicketPool | None = None
    try:
        servers["gunicorn"] = gunicorn(args, app_env(args, media), logs, "gunicorn")
        servers["gunicorn-novoice"] = gunicorn(
            args, app_env(args, media, voice=False), logs, "gunicorn-novoice"
        )
        servers["uvicorn"] = uvicorn(args, app_env(args, media), logs)
        for workers in sorted({r.ws_workers for r in plan(args)} - {args.workers}):
            name = f"uvicorn-{workers}"
            servers[name] = uvicorn(args, app_env(args, media), logs, name, workers=workers)
        if args.relay_fix:
            workers = ws_workers(args, args.displays + max(args.sockets))
            servers["uvicorn-relayfix"] = uvicorn(
                args,
                app_env(args, media),
                logs,
                "uvicorn-relayfix",
                "bench._asgi_relay:application",
                workers=workers,
            )
        for server in servers.values():
            server.wait_ready()
        children = TicketPool(max(args.sockets))
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"  HTTP:     gunicorn mpp.wsgi:application, {args.web_workers} sync workers, port "
            f"{servers['gunicorn'].port}"
        )
        for name, server in servers.items():
            if name.startswith("uvicorn"):
                count = name.partition("-")[2] if name != "uvicorn-relayfix" else "as its round"
                print(
                    f"  sockets:  {name}: uvicorn --workers {count or args.workers}, port "
                    f"{server.port}"
                )
        print(f"  uvicorn: permessage-deflate {args.ws_deflate}, --ws {args.ws_impl}")
        if redis_server is not None:
            print(
                f"  redis:    a redis-server of its own (--private-redis), port {redis_server.port}"
            )
        print(
            f"  layer:    RedisPubSubChannelLayer, REDIS_URL={args.redis_url}; "
            f"MEDIA_ROOT={media}; logs {logs}"
        )
        print(
            f"  machine:  {os.cpu_count()} cores, load average {load}; client on "
            "uvloop, websockets (permessage-deflate as browsers), loopback"
        )
        print()
        try:
            import uvloop

            loop_factory = uvloop.new_event_loop
        except ImportError:
            loop_factory = None
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            rounds, idle_rtt, group_send = runner.run(measure(args, info, servers, children))
    finally:
        if children is not None:
            children.stop()
        for server in servers.values():
            server.stop()
        shutil.rmtree(media, ignore_errors=True)  # a WAV per call, ~0.2 MB each
        forget_seqs(args.redis_url)
    espeak = espeak_times()
    print_report(args, rounds, idle_rtt, group_send, espeak)
    print()
    print(
        f"Total {time.monotonic() - began:.0f} s; database `{base.DB_NAME}` and server logs "
        f"({logs}) kept for inspection."
    )


if __name__ == "__main__":
    main()
