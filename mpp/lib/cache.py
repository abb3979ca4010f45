"""The Redis cache, failing soft: a Redis outage is a cache miss, never a 500.

Everything kept in the cache can be done without: line pace (recomputed), throttle and
rate-limit counters (the limit is not applied while Redis is down: a queue that keeps
issuing beats one that refuses everybody), device last-seen times. So while Redis is
unreachable reads return the default, writes do nothing, `add` says "not added" (a lock
that cannot be taken is not taken) and `incr` counts 0. After a failure the cache does
not try Redis again for BREAKER_SECONDS, so requests do not each wait for a refused
connection; /healthz still names the channel layer (same Redis) as down.

Every instance of a cache with the same servers and options shares one Redis client (one
connection pool) and one breaker per process. Django makes a cache instance per thread and per async
context: each websocket consumer, and each request under ASGI, got one, with a pool and
a connection of its own, closed only when the garbage collector found it: 10,000 ticket
pages held ~10,000 Redis connections (Redis refuses clients past `maxclients`, 10,000 by
default; measured with bench/realtime.py, README).

`clear()` deletes this cache's own keys (its KEY_PREFIX), not the whole Redis database:
the database also holds the Celery broker's queues, the channel layer's groups and the
live streams' seq counters, and other deployments or test runs may share it.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

BREAKER_SECONDS = 2.0
_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class _Server:
    """What every instance of one cache (same servers, same options) shares in a process:
    the Redis client with its connection pool, and the breaker's moment."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.down_until = 0.0
        self.lock = threading.Lock()


_servers: dict[str, _Server] = {}
_servers_lock = threading.Lock()


class _ReusedClients(RedisCacheClient):
    """Django's client makes a `redis.Redis` for every operation, on a pool it keeps; each
    builds its ~170 response callbacks (~0.3 ms of CPU: three a call-next, one per
    cache read). A `redis.Redis` over a pool is thread-safe, so one per pool serves all."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class PrefixedRedisCache(RedisCache):
    """Django's Redis cache whose clear() is scoped to KEY_PREFIX instead of FLUSHDB,
    on a Redis client shared by every instance of the same servers and options."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusedClients

    @cached_property
    def _server(self) -> _Server:
        key = repr((self._servers, sorted(self._options.items())))
        with _servers_lock:
            server = _servers.get(key)
            if server is None:
                server = _servers[key] = _Server(self._class(self._servers, **self._options))
        return server

    @property
    def _cache(self) -> Any:
        return self._server.client

    def clear(self) -> bool:
        client = self._cache.get_client(write=True)
        pattern = _glob_escape(self.key_prefix) + ":*"
        batch: list[bytes] = []
        for name in client.scan_iter(match=pattern, count=1000):
            batch.append(name)
            if len(batch) == 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
        return True


def _glob_escape(text: str) -> str:
    return "".join(f"\\{char}" if char in "\\*?[]" else char for char in text)


class FailSoftRedisCache(PrefixedRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = params.setdefault("OPTIONS", {})
        # Fail fast when Redis does not answer at all (a host gone, not just a refused port).
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        super().__init__(server, params)

    @property
    def _down_until(self) -> float:
        return self._server.down_until

    @_down_until.setter
    def _down_until(self, moment: float) -> None:
        self._server.down_until = moment

    def _call(self, name: str, fallback: Any, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except _DOWN as exc:
            with self._server.lock:
                if time.monotonic() >= self._down_until:
                    log.warning("cache unavailable (%s: %s); serving without it", name, exc)
                self._down_until = time.monotonic() + BREAKER_SECONDS
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", 0, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
