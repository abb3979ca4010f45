"""The Redis cache fails soft (mpp/lib/cache.py): an unreachable Redis is a miss, not a 500.

Real sockets, no mocks: a port nobody listens on stands for Redis down, and the suite's
Redis for Redis up.
"""

import os
import threading
import time

import redis
from django.conf import settings

from mpp.lib import cache as cache_module
from mpp.lib.cache import FailSoftRedisCache
from tests.browser.conftest import _free_port


def test_redis_down_reads_miss_and_writes_do_nothing():
    down = FailSoftRedisCache(f"redis://127.0.0.1:{_free_port()}/0", {})
    started = time.monotonic()
    assert down.get("line-pace:1", "default") == "default"
    assert down.set("line-pace:1", (3.0, 2)) is None
    assert down.add("lock", 1) is False  # a lock that cannot be taken is not taken
    assert down.incr("throttle") == 0
    assert down.get_many(["a", "b"]) == {}
    assert down.has_key("a") is False
    assert time.monotonic() - started < 1.0


def test_after_a_failure_redis_is_left_alone_for_a_moment(monkeypatch):
    down = FailSoftRedisCache(f"redis://127.0.0.1:{_free_port()}/0", {})
    down.get("x")
    tries = []
    monkeypatch.setattr(
        cache_module.RedisCache, "get", lambda *args, **kwargs: tries.append(args) or "hit"
    )
    assert down.get("x", "miss") == "miss"
    assert tries == []
    down._down_until = 0.0  # the breaker's moment is over: Redis is tried again
    assert down.get("x", "miss") == "hit"


def test_the_moment_is_shared_by_every_instance_of_the_cache(monkeypatch):
    """Django builds an instance per socket and per request: none of them waits for
    the refused connection again once one has seen Redis down."""
    url = f"redis://127.0.0.1:{_free_port()}/0"
    FailSoftRedisCache(url, {}).get("x")
    tries = []
    monkeypatch.setattr(
        cache_module.RedisCache, "get", lambda *args, **kwargs: tries.append(args) or "hit"
    )
    assert FailSoftRedisCache(url, {}).get("x", "miss") == "miss"
    assert tries == []


def test_redis_up_is_an_ordinary_cache():
    up = FailSoftRedisCache(settings.REDIS_URL, {"KEY_PREFIX": f"failsoft-{time.time_ns()}"})
    assert up.add("lock", 1, 30) is True
    assert up.add("lock", 1, 30) is False
    assert up.incr("lock") == 2
    up.set("pace", (3.0, 2), 30)
    assert up.get("pace") == (3.0, 2)
    up.delete_many(["lock", "pace"])


def test_each_run_has_a_redis_namespace_of_its_own(redis_namespace):
    from django.core.cache import cache

    assert str(os.getpid()) in redis_namespace
    assert redis_namespace == settings.CHANNEL_PREFIX
    assert settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] == redis_namespace
    assert cache.make_key("pace").startswith(f"{redis_namespace}:cache:")


def test_clear_leaves_another_runs_keys_and_the_broker_alone():
    from django.core.cache import cache

    other_run = FailSoftRedisCache(
        settings.REDIS_URL, {"KEY_PREFIX": f"other-{time.time_ns()}:cache"}
    )
    raw = redis.Redis.from_url(settings.REDIS_URL)
    queue = f"celery-{time.time_ns()}"  # what a broker's queue is: a plain list
    raw.rpush(queue, "task")
    seq = f"{settings.CHANNEL_PREFIX}:seq:display"
    raw.set(seq, 41)
    other_run.set("pace", "theirs", 30)
    cache.set("pace", "ours", 30)
    try:
        assert cache.clear() is True
        assert cache.get("pace") is None
        assert other_run.get("pace") == "theirs"
        assert raw.lrange(queue, 0, -1) == [b"task"]
        assert raw.get(seq) == b"41"
    finally:
        other_run.delete("pace")
        raw.delete(queue, seq)


def test_clear_takes_its_prefix_literally():
    base = f"glob-{time.time_ns()}"
    star = FailSoftRedisCache(settings.REDIS_URL, {"KEY_PREFIX": f"{base}*"})
    plain = FailSoftRedisCache(settings.REDIS_URL, {"KEY_PREFIX": f"{base}x"})
    star.set("k", 1, 30)
    plain.set("k", 2, 30)
    try:
        star.clear()
        assert star.get("k") is None
        assert plain.get("k") == 2
    finally:
        plain.delete("k")


def test_instances_share_one_connection_pool():
    """Django builds a cache instance per thread and per async context (each websocket
    consumer, each ASGI request): they must not each open a Redis connection. 30
    instances, each used in turn from a thread of its own, as 30 sockets' snapshots are."""
    from tests.test_outages import PrivateRedis

    server = PrivateRedis()
    server.start()
    try:
        options = {"KEY_PREFIX": "pool"}
        instances = [FailSoftRedisCache(server.url, dict(options)) for _ in range(30)]
        for cache in instances:
            thread = threading.Thread(target=cache.set, args=("k", 1, 30))
            thread.start()
            thread.join()
        assert all(c.get("k") == 1 for c in instances)
        clients = server.client().client_list()
        # the pool's one, the one that waited for the server to start, the one listing
        assert len(clients) <= 3, len(clients)
    finally:
        server.stop()


def test_operations_reuse_one_redis_client(monkeypatch):
    """Django's client built a `redis.Redis` (and its ~170 response callbacks) for every
    read and write: three per call-next. One per connection pool serves them all."""
    made: list[int] = []
    real_init = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        made.append(1)
        real_init(self, *args, **kwargs)

    up = FailSoftRedisCache(settings.REDIS_URL, {"KEY_PREFIX": f"reuse-{time.time_ns()}"})
    up.set("warm", 1, 30)
    monkeypatch.setattr(redis.Redis, "__init__", counted)
    for n in range(20):
        up.set(f"k{n}", n, 30)
        assert up.get(f"k{n}") == n
    up.set_many({"a": 1, "b": 2}, 30)
    assert up.get_many(["a", "b"]) == {"a": 1, "b": 2}
    up.delete_many(["warm", "a", "b", *(f"k{n}" for n in range(20))])
    assert made == []
