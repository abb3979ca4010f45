"""Heartbeats of lobby displays and kiosks, kept in the cache (no database write per beat).

Only devices the admin registered (counters.models.Device) can beat: each sends
`POST /api/v1/devices/heartbeat/` every 30 s with `Authorization: Device <token>`, the
token it was given once in its setup URL (`/display/?device=<token>`). A page without a
valid token does not beat, so made-up devices never reach the dashboard and nobody can
keep a dead TV "alive". Each device's last beat is a cache key of its own; the dashboard
lists active devices silent for over `MPP_DEVICE_SILENT_SECONDS` (2 minutes).
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from counters.models import Device

KINDS = ("display", "kiosk")
# How long a device stays listed after its last beat (a TV switched off for the night
# is silent; one unplugged for good drops off the next day).
FORGET_AFTER = int(dt.timedelta(days=1).total_seconds())
AUTH_SCHEME = "Device "  # Authorization: Device <token>


def silent_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.MPP_DEVICE_SILENT_SECONDS)


def _seen_key(device_id: int) -> str:
    return f"devices:seen:{device_id}"


def device_get_by_token(token: str) -> Device | None:
    """The active device holding this token, or None (unknown, revoked or malformed)."""
    if not token or len(token) > 64:
        return None
    return Device.objects.filter(token=token, active=True).first()


def device_from_authorization(header: str) -> Device | None:
    """`Authorization: Device <token>` -> its active device, or None."""
    if not header.startswith(AUTH_SCHEME):
        return None
    return device_get_by_token(header[len(AUTH_SCHEME) :].strip())


def device_heartbeat(*, device: Device, at: dt.datetime) -> None:
    """Note that `device` is alive at `at`."""
    cache.set(_seen_key(device.pk), at.timestamp(), timeout=FORGET_AFTER)


def device_last_seen(*, device: Device) -> float | None:
    return cache.get(_seen_key(device.pk))


def devices_silent(*, at: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Active devices whose last beat is older than the silence limit, most silent first.
    A device that never beat (set up but not yet plugged in) or was silent for over a
    day is not listed."""
    at = at or timezone.now()
    devices = list(Device.objects.filter(active=True).order_by("pk"))
    seen = cache.get_many([_seen_key(d.pk) for d in devices])
    limit = silent_after().total_seconds()
    silent = []
    for device in devices:
        last = seen.get(_seen_key(device.pk))
        if last is None or at.timestamp() - last <= limit:
            continue
        last_seen = dt.datetime.fromtimestamp(last, tz=dt.UTC)
        silent.append(
            {
                "kind": device.kind,
                "device": str(device.pk),
                "label": device.label,
                "last_seen": timezone.localtime(last_seen).isoformat(),
                "silent_minutes": int((at.timestamp() - last) // 60),
            }
        )
    return sorted(silent, key=lambda d: d["last_seen"])
