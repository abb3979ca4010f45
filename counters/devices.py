"""Heartbeats of lobby displays and kiosks, kept in the cache (no database write per beat).

Each device sends `POST /api/v1/devices/heartbeat/ {kind, device, label, name, page}`
every 30 s. A small registry (one cache key) lists the devices ever seen in the last
day; each device's last beat is a key of its own. The dashboard lists devices silent
for over `MPP_DEVICE_SILENT_SECONDS` (2 minutes), each told apart by what is known of
it: the name it was given (`?device_name=` once in its address), the kiosk account it
is signed in with, the agency or floor a lobby screen shows, its network address and
the end of its id.
"""

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from agencies.models import Agency

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


def device_heartbeat(
    *,
    kind: str,
    device: str,
    label: str = "",
    name: str = "",
    page: str = "",
    account: str = "",
    address: str = "",
    at: dt.datetime,
) -> None:
    """Note that `device` is alive at `at`; registers it on its first beat (and again
    when what describes it changes)."""
    key = f"{kind}:{device}"
    cache.set(_seen_key(key), at.timestamp(), timeout=FORGET_AFTER)
    registry: dict[str, dict[str, Any]] = cache.get(REGISTRY_KEY) or {}
    entry = registry.get(key)
    described = {
        "kind": kind,
        "device": device,
        "label": label,
        "name": name,
        "page": page,
        "account": account,
        "address": address,
    }
    if entry == described:
        return
    if entry is None and len(registry) >= MAX_DEVICES:
        registry = _forget_stale(registry)
        if len(registry) >= MAX_DEVICES:
            return  # a flood of made-up ids must not push real devices out
    registry[key] = described
    cache.set(REGISTRY_KEY, registry, timeout=None)


def _forget_stale(registry: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    seen = cache.get_many([_seen_key(k) for k in registry])
    return {k: v for k, v in registry.items() if _seen_key(k) in seen}


def _screen_scope(page: str) -> tuple[int | None, str]:
    """The `?agency=<id>` and `?floor=<name>` a lobby screen was opened with."""
    query = parse_qs(urlsplit(page).query)
    agency = (query.get("agency") or [""])[0]
    floor = (query.get("floor") or [""])[0][:20]
    agency_id = int(agency) if agency.isascii() and agency.isdigit() and len(agency) < 10 else None
    return agency_id, floor


def _described(silent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds what tells two devices of a kind apart: agency and floor (lobby screens) and
    the end of the device id (always there, even for two unnamed kiosks on one network)."""
    scopes = [_screen_scope(d.get("page", "")) for d in silent]
    ids = {agency_id for agency_id, _floor in scopes if agency_id is not None}
    names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for entry, (agency_id, floor) in zip(silent, scopes, strict=True):
        for field in ("name", "page", "account", "address"):
            entry.setdefault(field, "")
        entry["agency_name"] = names.get(agency_id, "") if agency_id else ""
        entry["floor"] = floor
        entry["short_id"] = entry["device"][-4:]
    return silent


def devices_silent(*, at: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Registered devices whose last beat is older than the silence limit, most silent first,
    each with what a manager needs to tell it from the others."""
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
    return _described(sorted(silent, key=lambda d: d["last_seen"]))
