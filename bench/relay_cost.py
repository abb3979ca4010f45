"""Relay cost: the websocket server's CPU per relayed event, by the sockets watching.

    .venv/bin/python bench/relay_cost.py [--cases 10:0,10:990,1000:0] [--seconds 10]
        [--app mpp.asgi:application] [--help]

Issue 14's "cost of one call flat in the number of watchers of its line", measured
where it is spent: one uvicorn process (`mpp.asgi:application`, as `deploy/run ws`
starts it: no permessage-deflate, one worker) on a redis-server of its own and a
throwaway SQLite database. Each case `R:O` connects R display sockets that receive
the events (`/ws/display/?agency=A`) and O that watch another stream
(`?agency=B`, the other lines' watchers), lets them idle for a while (heartbeats
only: their CPU per second is the baseline), then PUBLISHes events to A's group as
mpp/lib/realtime.py's script does (one msgpack message, the event's JSON text, a
~260-byte `line.changed`) at a fixed rate for `--seconds`, and waits until every
receiving socket got every event. The server's CPU is read from
/proc/<pid>/task/*/schedstat (nanoseconds on CPU, its own threads only), so other
processes on the box move it less than a wall clock (caches and frequency still do).

Printed per case: CPU per event (the baseline of the same seconds taken off), and
per event per receiving socket; and the idle CPU per second. A relay flat in the
watchers that do not receive shows the same CPU per event for 10:0 and 10:990; the
cost per receiving socket is 1000:0's per-socket figure.

Loopback only; bounded (about a minute a case); the servers stop at the end.
"""

import argparse
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import _realtime_servers as servers  # noqa: E402
from bench import tickets as base  # noqa: E402

PREFIX = "mpprelaybench"
RECEIVING, OTHER = 900_000_001, 900_000_002


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cases",
        default="10:0,10:990,1000:0",
        help="receiving:other socket counts, comma-separated (10:0,10:990,1000:0)",
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of events a case (10)")
    parser.add_argument(
        "--frames", type=int, default=10_000, help="frames a second to send in all (10,000)"
    )
    parser.add_argument("--app", default="mpp.asgi:application", help="the ASGI app")
    parser.add_argument(
        "--profile",
        default="",
        help="write cProfile stats of the server's loop thread during the last case's "
        "events to this file (bench/_relay_profile.py; slows the relay: CPU figures off)",
    )
    parser.add_argument("--idle", type=float, default=5.0, help="seconds of idle baseline (5)")
    args = parser.parse_args()
    args.cases = [tuple(int(n) for n in c.split(":")) for c in args.cases.split(",")]
    args.redis_url = ""
    args.ws_deflate = "off"
    args.ws_impl = "auto"
    args.workers = 1
    return args


def cpu_ns(pid: int) -> int:
    """Nanoseconds on CPU of every live thread of `pid`."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):  # the thread ended
            total += int((task / "schedstat").read_text().split()[0])
    return total


def user_sys(pid: int) -> tuple[int, int]:
    """Clock ticks in user and in kernel mode of `pid` (its ended threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return int(fields[11]), int(fields[12])


def event_text(seq: int) -> str:
    event = {
        "type": "line.changed",
        "service": RECEIVING,
        "version": seq,
        "left": ["A-017"],
        "joined": [{"code": "A-123", "key": [1, 1764800000123456, 123456]}],
        "mean_minutes": 6.5,
        "open_counters": 3,
        "epoch": "0123456789ab",
        "stream": f"display.agency.{RECEIVING}",
        "seq": seq,
    }
    return json.dumps(event)


class Sockets:
    """Display sockets; counts the relayed events each receives."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sockets: list = []
        self.tasks: list[asyncio.Task] = []
        self.received = 0

    async def open(self, agency: int, count: int) -> None:
        import websockets

        gate = asyncio.Semaphore(50)

        async def one() -> None:
            async with gate:
                ws = await websockets.connect(
                    f"ws://127.0.0.1:{self.port}/ws/display/?agency={agency}",
                    origin=f"http://127.0.0.1:{self.port}",
                    open_timeout=60,
                    compression=None,
                    max_queue=None,
                )
                first = json.loads(await ws.recv())
                assert first["type"] == "snapshot", first
                self.sockets.append(ws)
                self.tasks.append(asyncio.create_task(self.read(ws)))

        await asyncio.gather(*(one() for _ in range(count)))

    async def read(self, ws) -> None:
        import websockets

        try:
            async for text in ws:
                if text.startswith('{"type": "line.changed"'):
                    self.received += 1
        except websockets.ConnectionClosed:
            pass

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        self.sockets, self.tasks, self.received = [], [], 0


async def run_case(
    args: argparse.Namespace, pid: int, port: int, receiving: int, other: int
) -> dict[str, float]:
    import msgpack
    import redis.asyncio

    sockets = Sockets(port)
    try:
        began = time.monotonic()
        await sockets.open(RECEIVING, receiving)
        await sockets.open(OTHER, other)
        connect = time.monotonic() - began
        await asyncio.sleep(2.0)  # snapshots' threads settle
        t0, c0 = time.monotonic(), cpu_ns(pid)
        await asyncio.sleep(args.idle)
        idle_per_s = (cpu_ns(pid) - c0) / (time.monotonic() - t0)

        rate = max(1.0, min(200.0, args.frames / max(receiving, 1)))
        events = max(1, round(rate * args.seconds))
        channel = f"{PREFIX}__group__display.agency.{RECEIVING}"
        client = redis.asyncio.Redis.from_url(args.redis_url)
        if args.profile and (receiving, other) == args.cases[-1]:
            os.kill(pid, signal.SIGUSR1)
        t0, c0, us0 = time.monotonic(), cpu_ns(pid), user_sys(pid)
        for seq in range(1, events + 1):
            message = msgpack.packb({"type": "stream.event", "text": event_text(seq)})
            await client.publish(channel, message)
            await asyncio.sleep(max(0.0, t0 + seq / rate - time.monotonic()))
        deadline = time.monotonic() + 60
        while sockets.received < events * receiving and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        spent = cpu_ns(pid) - c0
        if args.profile and (receiving, other) == args.cases[-1]:
            os.kill(pid, signal.SIGUSR2)
        user, system = (b - a for a, b in zip(us0, user_sys(pid), strict=True))
        seconds = time.monotonic() - t0
        await client.aclose()
        relay = max(spent - idle_per_s * seconds, 0.0)
        return {
            "receiving": receiving,
            "other": other,
            "events": events,
            "rate": rate,
            "lost": events * receiving - sockets.received,
            "cpu_per_event_ms": relay / events / 1e6,
            "cpu_per_frame_us": relay / events / max(receiving, 1) / 1e3,
            "idle_cores": idle_per_s / 1e9,
            "connect_s": connect,
            "sys_share": system / max(user + system, 1),
        }
    finally:
        await sockets.close()
        await asyncio.sleep(1.0)


def main() -> None:
    args = parse_args()
    servers.raise_nofile()
    logs = Path(tempfile.mkdtemp(prefix="mpp-relay-cost-"))
    redis_server = servers.start_private_redis(args)
    server: servers.Server | None = None
    try:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="mpp.settings",
            DATABASE_URL=f"sqlite:///{logs / 'db.sqlite3'}",
            REDIS_URL=args.redis_url,
            CHANNEL_PREFIX=PREFIX,
            NIK_HASH_KEY=env.get("NIK_HASH_KEY", "bench-only-nik-hash-key"),
            DEBUG="false",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            PYTHONUNBUFFERED="1",
        )
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        if args.profile:
            env["MPP_RELAY_PROFILE"] = str(Path(args.profile).resolve())
            args.app = "bench._relay_profile:application"
        server = servers.uvicorn(args, env, logs, app=args.app, workers=1)
        base.wait_ready(server.process, server.port, server.log_path)
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"relay cost: {args.app} on uvicorn (1 worker, no deflate), commit {commit}")
        print(f"  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load}")
        print(
            "  receiving + other sockets | events (rate/s) | CPU per event | per event and "
            "receiving socket | idle CPU | kernel share | lost"
        )
        for receiving, other in args.cases:
            row = asyncio.run(run_case(args, server.process.pid, server.port, receiving, other))
            print(
                f"  {receiving:>5} + {other:<5} | {row['events']:>5} ({row['rate']:.0f}) | "
                f"{row['cpu_per_event_ms']:8.3f} ms | {row['cpu_per_frame_us']:7.1f} us | "
                f"{row['idle_cores'] * 100:5.1f}% of a core | {row['sys_share'] * 100:3.0f}% | "
                f"{row['lost']}",
                flush=True,
            )
    finally:
        if server is not None:
            server.stop()
        redis_server.stop()


if __name__ == "__main__":
    main()
