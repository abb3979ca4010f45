"""Heartbeats of lobby displays and kiosks, kept in the cache (no database write per beat).

Only devices the admin registered (counters.models.Device) can beat: each sends
`POST /api/v1/devices/heartbeat/ {name, page}` every 30 s with `Authorization: Device
<token>`, the token it was given once in its setup URL (`/display/?device=<token>`). A page
without a valid token does not beat, so made-up devices never reach the dashboard and
nobody can keep a dead TV "alive". Each device's last beat is a cache key of its own; the
dashboard lists active devices silent for over `MPP_DEVICE_SILENT_SECONDS` (2 minutes),
each told apart by what is known of it: its admin name (or one given once with
`?device_name=`), the kiosk account it is signed in with, the agency or floor a lobby
screen shows, its network address and the end of its id.
"""

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from agencies.models import Agency
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


def device_heartbeat(
    *,
    device: Device,
    at: dt.datetime,
    name: str = "",
    page: str = "",
    account: str = "",
    address: str = "",
) -> None:
    """Note that `device` is alive at `at`, with what the beat said of it."""
    beat = {"at": at.timestamp(), "name": name, "page": page}
    beat |= {"account": account, "address": address}
    cache.set(_seen_key(device.pk), beat, timeout=FORGET_AFTER)


def device_last_seen(*, device: Device) -> float | None:
    beat = cache.get(_seen_key(device.pk))
    return beat["at"] if beat else None


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
        entry["agency_name"] = names.get(agency_id, "") if agency_id else ""
        entry["floor"] = floor
        entry["short_id"] = entry["device"][-4:]
    return silent


def devices_silent(*, at: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Active devices whose last beat is older than the silence limit, most silent first,
    each with what a manager needs to tell it from the others. A device that never beat
    (set up but not yet plugged in) or was silent for over a day is not listed."""
    at = at or timezone.now()
    devices = list(Device.objects.filter(active=True).order_by("pk"))
    seen = cache.get_many([_seen_key(d.pk) for d in devices])
    limit = silent_after().total_seconds()
    silent = []
    for device in devices:
        beat = seen.get(_seen_key(device.pk))
        if not isinstance(beat, dict) or at.timestamp() - beat["at"] <= limit:
            continue
        last_seen = dt.datetime.fromtimestamp(beat["at"], tz=dt.UTC)
        silent.append(
            {
                "kind": device.kind,
                "device": str(device.pk),
                "label": device.label,
                # A name given on the device itself wins; the admin's name is the fallback.
                "name": beat.get("name") or device.label,
                "page": beat.get("page", ""),
                "account": beat.get("account", ""),
                "address": beat.get("address", ""),
                "last_seen": timezone.localtime(last_seen).isoformat(),
                "silent_minutes": int((at.timestamp() - beat["at"]) // 60),
            }
        )
    return _described(sorted(silent, key=lambda d: d["last_seen"]))
