"""bench/realtime.py's probes: the raw Redis round trip, a raw subscriber on the display
group's channel (publisher side vs socket side), channels-redis `group_send` at 10 vs
1,000 members, espeak-ng's render time, and CPU per process kind from /proc."""

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from typing import Any

from bench._tickets_phases import is_bench_backend, machine_busy_ticks, processes

ESPEAK = "espeak-ng"


class RedisProbe:
    """PUBLISH -> receive round trip with redis-py: one subscriber, in this loop."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.channel = f"bench:rtt:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.samples: list[float] = []
        self.sent = 0

    async def start(self) -> None:
        import redis.asyncio as aioredis

        self.publisher = aioredis.Redis.from_url(self.url)
        self.subscriber = aioredis.Redis.from_url(self.url)
        self.pubsub = self.subscriber.pubsub(ignore_subscribe_messages=True)
        await self.pubsub.subscribe(self.channel)
        await self.pubsub.get_message(timeout=1)  # the subscribe confirmation
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.pubsub.listen():
            if message["type"] == "message":
                self.samples.append(time.perf_counter() - float(message["data"]))

    async def run(self, count: int, interval: float) -> None:
        for _ in range(count):
            await self.publisher.publish(self.channel, repr(time.perf_counter()))
            self.sent += 1
            await asyncio.sleep(interval)

    async def run_until(self, stop: asyncio.Event, interval: float) -> None:
        while not stop.is_set():
            await self.run(1, interval)

    def take(self) -> tuple[list[float], int]:
        samples, sent = self.samples, self.sent
        self.samples, self.sent = [], 0
        return samples, sent

    async def close(self) -> None:
        self.reader.cancel()
        await self.pubsub.aclose()
        await self.subscriber.aclose()
        await self.publisher.aclose()


class DisplayTap:
    """A raw subscriber on the `display` group's Redis channel: when each ticket.called
    left the publisher (splits call -> display into publisher and socket side)."""

    def __init__(self, url: str, agency: int, prefix: str) -> None:
        # RedisPubSubChannelLayer's name for the group: the app's CHANNEL_PREFIX first.
        self.channel = f"{prefix}__group__display"
        self.url = url
        self.agency = agency
        self.seen: dict[str, float] = {}

    async def start(self) -> None:
        import redis.asyncio as aioredis

        self.client = aioredis.Redis.from_url(self.url)
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        await self.pubsub.subscribe(self.channel)
        await self.pubsub.get_message(timeout=1)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        import msgpack

        async for message in self.pubsub.listen():
            if message["type"] != "message":
                continue
            now = time.perf_counter()
            try:
                event = json.loads(msgpack.unpackb(message["data"])["text"])
            except (ValueError, KeyError, TypeError):  # not an event of this app
                continue
            if event.get("type") == "ticket.called" and event["ticket"]["agency_id"] == self.agency:
                self.seen.setdefault(event["ticket"]["code"], now)

    async def close(self) -> None:
        self.reader.cancel()
        await self.pubsub.aclose()
        await self.client.aclose()


def layer_class(kind: str) -> type:
    from channels_redis.core import RedisChannelLayer
    from channels_redis.pubsub import RedisPubSubChannelLayer

    return RedisPubSubChannelLayer if kind == "pubsub" else RedisChannelLayer


async def group_members(payload: dict[str, Any]) -> list[Any]:
    """In the ticket-socket process: groups `display<size>` of `size` channels each, held
    by two receiving layer instances a group (as two uvicorn workers would hold them)."""
    cls = layer_class(payload["kind"])
    layers = []
    for size in payload["sizes"]:
        pair = [cls(hosts=[payload["url"]], prefix=payload["prefix"]) for _ in range(2)]
        layers += pair
        for i in range(size):
            receiver = pair[i % 2]
            await receiver.group_add(f"display{size}", await receiver.new_channel())
    return layers


async def release(layers: list[Any]) -> None:
    for layer in layers:
        with contextlib.suppress(Exception):  # cleanup only
            await layer.flush()  # RedisChannelLayer: deletes its own prefix's keys


async def group_send_times(
    url: str,
    kind: str,
    children: Any,
    sizes: tuple[int, ...] = (10, 1000),
    sends: int = 50,
) -> dict[int, list[float]]:
    """Seconds per group_send from this process to groups of `sizes` members held in the
    ticket-socket process (as the publisher and the uvicorn workers are apart), the sends
    alternating between the groups so other load on the machine hits each alike.
    `children`: the TicketPool (its first process holds the members)."""
    prefix = f"benchgs{uuid.uuid4().hex[:8]}"
    sender = layer_class(kind)(hosts=[url], prefix=prefix)
    message = {
        "type": "stream.event",
        "event": {
            "type": "ticket.called",
            "ticket": {
                "code": "C1-001",
                "service": "Layanan bench C1",
                "agency": "Dinas Bench",
                "counter": "Loket 1",
                "booth": "Gerai Bench",
                "floor": "1",
                "called_at": "2026-11-24T09:00:00+07:00",
            },
            "recall": False,
            "announcement": "Nomor antrean C satu nol nol satu, silakan menuju loket satu",
            "audio_url": "/voice/0123456789abcdef0123456789abcdef.wav",
            "stream": "display",
            "seq": 1,
        },
    }
    times: dict[int, list[float]] = {size: [] for size in sizes}
    await children.ask_first(
        "members", {"url": url, "kind": kind, "prefix": prefix, "sizes": sizes}
    )
    try:
        # Warm-up, then the measured sends: 55 a group, below RedisChannelLayer's capacity
        # of 100 messages a channel (beyond it group_send skips the channel).
        for n in range(5 + sends):
            for size in sizes:
                t = time.perf_counter()
                await sender.group_send(f"display{size}", message)
                if n >= 5:
                    times[size].append(time.perf_counter() - t)
                await asyncio.sleep(0.005)
        return times
    finally:
        await children.ask_first("release")
        await release([sender])


def espeak_times(count: int = 10) -> list[float]:
    """espeak-ng rendering one call announcement, as queues.voice._render runs it."""
    executable = shutil.which(ESPEAK)
    if executable is None:
        return []
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(count):
            text = f"Nomor antrean C satu nol {i} satu, silakan menuju loket {i + 1}"
            t = time.perf_counter()
            subprocess.run(
                [executable, "-v", "id", "-s", "140", "-w", f"{tmp}/{i}.wav", "--", text],
                check=True,
                capture_output=True,
                timeout=10,
            )
            times.append(time.perf_counter() - t)
    return times


# ------------------------------------------------------------------- CPU

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_snapshot(roots: dict[int, str]) -> dict[str, Any]:
    """CPU ticks (own + reaped children, e.g. espeak-ng) per kind: each server's process
    tree, PostgreSQL backends of the bench database, redis-server, this client."""
    busy = machine_busy_ticks()
    table = {
        pid: (int(rest[1]), comm, sum(int(x) for x in rest[11:15]))
        for pid, comm, rest in processes()
    }
    by_root = roots
    out: dict[str, Any] = {"at": time.perf_counter(), "busy": busy}
    out.update({kind: {} for kind in (*roots.values(), "postgres", "redis")})
    for pid, (_, comm, ticks) in table.items():
        kind = "redis" if comm.startswith(b"redis-server") else None
        walk, hops = pid, 0
        while kind is None and walk in table and hops < 20:
            if walk in by_root:
                kind = by_root[walk]
                break
            walk, hops = table[walk][0], hops + 1
        if kind is None and comm == b"postgres" and is_bench_backend(pid):
            kind = "postgres"
        if kind is not None:
            out[kind][pid] = ticks
    return out


def cpu_cores(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    seconds = after["at"] - before["at"]
    cores = {"busy": (after["busy"] - before["busy"]) / CLOCK_TICKS / seconds}
    for kind in after:
        if kind in ("at", "busy"):
            continue
        ticks = sum(t - before[kind].get(pid, 0) for pid, t in after[kind].items())
        cores[kind] = ticks / CLOCK_TICKS / seconds
    known = sum(v for k, v in cores.items() if k != "busy")
    cores["other"] = max(0.0, cores["busy"] - known)
    return cores
