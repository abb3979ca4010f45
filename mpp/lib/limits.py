"""Counters in the cache (Redis in production) for limits that are not DRF throttles.

A counter lives in a fixed window (an hour, a day) named in its key, so it needs no
clean-up; `cache.incr` is atomic in Redis, so concurrent requests cannot both slip
under the limit.
"""

from django.core.cache import cache


def count(key: str, *, window_seconds: int) -> int:
    """Add one to the counter `key` and return its new value."""
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return 1


def current(key: str) -> int:
    """The counter's value without adding to it."""
    return int(cache.get(key) or 0)
