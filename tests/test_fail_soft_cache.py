"""The Redis cache fails soft (mpp/lib/cache.py): an unreachable Redis is a miss, not a 500.

Real sockets, no mocks: a port nobody listens on stands for Redis down, and the suite's
Redis for Redis up.
"""

import time

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


def test_redis_up_is_an_ordinary_cache():
    up = FailSoftRedisCache(settings.REDIS_URL, {"KEY_PREFIX": f"failsoft-{time.time_ns()}"})
    assert up.add("lock", 1, 30) is True
    assert up.add("lock", 1, 30) is False
    assert up.incr("lock") == 2
    up.set("pace", (3.0, 2), 30)
    assert up.get("pace") == (3.0, 2)
    up.delete_many(["lock", "pace"])
