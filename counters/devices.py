"""Heartbeats of lobby displays and kiosks, kept in the cache (no database write per beat).

Each device sends `POST /api/v1/devices/heartbeat/ {kind, device, label}` every 30 s.
A small registry (one cache key) lists the devices ever seen in the last day; each
device's last beat is a key of its own. The dashboard lists devices silent for over
`MPP_DEVICE_SILENT_SECONDS` (2 minutes).
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

KINDS = ("display", "kiosk")
REGISTRY_KEY = "devices:registry"
# How long a device stays listed after its last beat (a TV switched off for the night
# is silent; one unplugged for good drops off the next day).
FORGET_AFTER = int(dt.timedelta(days=1).total_seconds())
MAX_DEVICES = 300


def silent_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.MPP_DEVICE_SILENT_SECONDS)


def _seen_key(key: str) -> str:
    return f"devices:seen:{key}"


def device_heartbeat(*, kind: str, device: str, label: str = "", at: dt.datetime) -> None:
    """Note that `device` is alive at `at`; registers it on its first beat."""
    key = f"{kind}:{device}"
    cache.set(_seen_key(key), at.timestamp(), timeout=FORGET_AFTER)
    registry: dict[str, dict[str, Any]] = cache.get(REGISTRY_KEY) or {}
    entry = registry.get(key)
    if entry is not None and entry.get("label") == label:
        return
    if entry is None and len(registry) >= MAX_DEVICES:
        registry = _forget_stale(registry)
        if len(registry) >= MAX_DEVICES:
            return  # a flood of made-up ids must not push real devices out
    registry[key] = {"kind": kind, "device": device, "label": label}
    cache.set(REGISTRY_KEY, registry, timeout=None)


def _forget_stale(registry: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    seen = cache.get_many([_seen_key(k) for k in registry])
    return {k: v for k, v in registry.items() if _seen_key(k) in seen}


def devices_silent(*, at: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Registered devices whose last beat is older than the silence limit, most silent first."""
    at = at or timezone.now()
    registry: dict[str, dict[str, Any]] = cache.get(REGISTRY_KEY) or {}
    seen = cache.get_many([_seen_key(k) for k in registry])
    limit = silent_after().total_seconds()
    silent = []
    for key, entry in registry.items():
        last = seen.get(_seen_key(key))
        if last is None:
            continue  # forgotten: silent for over a day
        if at.timestamp() - last > limit:
            last_seen = dt.datetime.fromtimestamp(last, tz=dt.UTC)
            silent.append(
                {
                    **entry,
                    "last_seen": timezone.localtime(last_seen).isoformat(),
                    "silent_minutes": int((at.timestamp() - last) // 60),
                }
            )
    return sorted(silent, key=lambda d: d["last_seen"])
