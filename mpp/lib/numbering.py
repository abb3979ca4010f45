"""How a live stream's events are numbered: an epoch and a seq per stream, kept in
Redis (every process behind one Redis numbers a stream alike) or, in the demo, in this
process. See mpp.lib.realtime for who sends and when, and README "Live events".
"""

import itertools
import json
import secrets
import threading
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from channels.layers import get_channel_layer
from django.conf import settings
from redis.exceptions import NoScriptError

Event = dict[str, Any]

# Streams of one ticket: their seq keys expire (the lobby's and lines' never do:
# a TV that slept over a weekend must not see numbering restart below its last seq).
SHORT_LIVED = "ticket."
SHORT_LIVED_SECONDS = 3 * 24 * 3600


class Position(NamedTuple):
    """Where a stream's numbering stands: its epoch and the last seq sent in it
    (None and 0 while the stream has no numbering: never sent, or Redis lost it)."""

    epoch: str | None
    seq: int


class RedisSequences:
    """One hash per stream, `e` (epoch) and `n` (last seq), written in one
    transaction: the two can only vanish together, so a seq counted again from 1
    always comes with a new epoch."""

    # Number an event and PUBLISH it in one step on the Redis server: the order in which
    # a stream's events reach its subscribers is the order of their seqs, however many
    # processes publish to it. (Numbered first and published after, a process that
    # stalled between the two sent seq 5 after another's seq 6, and a client that waits
    # 1 s for a missing seq re-snapshotted and never announced the calls in between.)
    # The message is what RedisPubSubChannelLayer.group_send would PUBLISH: msgpack of
    # {"type": "stream.event", "text": <the event's JSON>}, stream and seq last.
    PUBLISH_SCRIPT = """
    redis.call('HSETNX', KEYS[1], 'e', ARGV[1])
    local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
    local e = redis.call('HGET', KEYS[1], 'e')
    if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
    local text = ARGV[3] .. '"epoch": "' .. e .. '", "stream": ' .. ARGV[4]
        .. ', "seq": ' .. n .. '}'
    redis.call('PUBLISH', ARGV[5], cmsgpack.pack({type = 'stream.event', text = text}))
    return {e, n}
    """

    def __init__(self, url: str) -> None:
        import redis

        self.url = url
        self.client = redis.Redis.from_url(url, socket_timeout=2, decode_responses=True)
        self.script = self.client.register_script(self.PUBLISH_SCRIPT)

    def next(self, stream: str) -> Position:
        key = self.key(stream)
        pipe = self.client.pipeline(transaction=True)
        pipe.hsetnx(key, "e", new_epoch())
        pipe.hincrby(key, "n", 1)
        pipe.hget(key, "e")
        if stream.startswith(SHORT_LIVED):
            # One key per ticket: let them go a few days after the ticket's day.
            pipe.expire(key, SHORT_LIVED_SECONDS)
        _, seq, epoch = pipe.execute()[:3]
        return Position(epoch, int(seq))

    def publish(self, stream: str, event: Event, channel: str) -> Event:
        """`event` numbered and published to `channel` at once; returns it as sent."""
        epoch, seq = self.script(keys=[self.key(stream)], args=self._args(stream, event, channel))
        return {**event, "epoch": epoch, "stream": stream, "seq": int(seq)}

    def publish_many(self, streams: list[str], event: Event, channels: list[str]) -> list[Event]:
        """`publish` to each stream (a call goes to four lobby streams), in one round trip
        and one JSON encoding. A stream the server no longer has the script for (Redis
        restarted) is published by itself, which loads it."""
        head = _head(event)
        pipe = self.client.pipeline(transaction=False)
        for stream, channel in zip(streams, channels, strict=True):
            pipe.evalsha(self.script.sha, 1, self.key(stream), *self._args(stream, head, channel))
        sent = []
        for stream, channel, result in zip(
            streams, channels, pipe.execute(raise_on_error=False), strict=True
        ):
            if isinstance(result, NoScriptError):
                sent.append(self.publish(stream, event, channel))
            elif isinstance(result, Exception):
                raise result
            else:
                sent.append({**event, "epoch": result[0], "stream": stream, "seq": int(result[1])})
        return sent

    @staticmethod
    def _args(stream: str, event: Event | str, channel: str) -> list:
        ttl = SHORT_LIVED_SECONDS if stream.startswith(SHORT_LIVED) else 0
        head = event if isinstance(event, str) else _head(event)
        return [new_epoch(), ttl, head, json.dumps(stream), channel]

    def current(self, stream: str) -> Position:
        return self.current_many([stream])[0]

    def current_many(self, streams: list[str]) -> list[Position]:
        pipe = self.client.pipeline(transaction=False)
        for stream in streams:
            pipe.hmget(self.key(stream), ["e", "n"])
        return [
            Position(str(epoch) if epoch else None, int(seq or 0)) for epoch, seq in pipe.execute()
        ]

    @staticmethod
    def key(stream: str) -> str:
        # Not ":seq:", where plain INCR counters (no epoch) lived before.
        return f"{settings.CHANNEL_PREFIX}:stream:{stream}"


def _head(event: Event) -> str:
    """The event's JSON without its closing brace, for the script to add epoch, stream
    and seq (last: bench/realtime.py reads them off each message's tail)."""
    body = json.dumps(event)
    return body[:-1] + (", " if event else "")


class LocalSequences:
    """The demo's counters: they die with this process, so one epoch per process."""

    def __init__(self) -> None:
        self.epoch = new_epoch()
        self.counters: dict[str, itertools.count] = {}
        self.last: dict[str, int] = {}
        self.lock = threading.Lock()

    def next(self, stream: str) -> Position:
        with self.lock:
            value = next(self.counters.setdefault(stream, itertools.count(1)))
            self.last[stream] = value
            return Position(self.epoch, value)

    def current(self, stream: str) -> Position:
        return self.current_many([stream])[0]

    def current_many(self, streams: list[str]) -> list[Position]:
        return [Position(self.epoch, self.last.get(stream, 0)) for stream in streams]


def pubsub_channel(stream: str, numbering: "RedisSequences") -> str | None:
    """The Redis channel of `stream`'s group when the channel layer is channels_redis'
    pub/sub layer on the Redis that numbers the streams, with plain msgpack messages
    (no encryption, no random prefix): then a stream's events can be numbered and
    published in one step. None otherwise (another layer: number, then group_send)."""
    layer = get_channel_layer()
    if layer is None:
        return None
    # Worked out once per layer object (kept on it): this runs for every event sent.
    cached = vars(layer).get("_mpp_pubsub_prefix")
    if cached is None or cached[0] != numbering.url:
        cached = (numbering.url, _pubsub_prefix(layer, numbering.url))
        vars(layer)["_mpp_pubsub_prefix"] = cached
    prefix = cached[1]
    return None if prefix is None else f"{prefix}__group__{stream}"


def _pubsub_prefix(layer: Any, url: str) -> str | None:
    from channels_redis.pubsub import RedisPubSubChannelLayer

    if not isinstance(layer, RedisPubSubChannelLayer):
        return None
    serializer = layer._serializer
    if getattr(serializer, "crypter", None) or getattr(serializer, "random_prefix_length", 0):
        return None
    hosts = layer._kwargs.get("hosts") or []
    if len(hosts) != 1:
        return None
    address = hosts[0]["address"] if isinstance(hosts[0], dict) else hosts[0]
    if not isinstance(address, str) or _server(address) != _server(url):
        return None
    return str(layer._kwargs.get("prefix", "asgi"))


def _server(url: str) -> tuple[str | None, int | None]:
    parts = urlsplit(url)
    return parts.hostname, parts.port or 6379


def new_epoch() -> str:
    return secrets.token_hex(6)
