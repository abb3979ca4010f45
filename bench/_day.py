"""Django-side helper for bench/day.py, run in a subprocess (like bench/_django.py):

    python -m bench._day prepare '{}'   -> prints {"today": "YYYY-MM-DD", "open": bool}

After `load_demo --all-hours` (the demo mall, open 00:00-23:59), it fits the demo's
online booking to a day compressed into minutes: the whole simulated day falls in one
or two real slots, so every bookable service gets hour-long slots with room for the
whole day's bookings (1,000 a slot) and no daily quota. Nothing else changes.
"""

import json
import sys

from bench._django import _setup


def prepare() -> dict[str, object]:
    from django.utils import timezone

    from agencies.models import Service
    from agencies.selectors import day_schedule

    Service.objects.update(slot_minutes=60, slot_capacity=1000, daily_quota=None)
    today = timezone.localdate()
    schedule = day_schedule(day=today)
    return {"today": today.isoformat(), "open": schedule.open, "reason": schedule.reason}


def main() -> None:
    command = sys.argv[1]
    _setup()
    if command == "prepare":
        print(json.dumps(prepare()))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
