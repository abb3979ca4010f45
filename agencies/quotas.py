"""Fair quotas (kuota adil): how a line's daily quota splits between online bookings and
walk-ins on one day, and when the unused online places go to walk-ins.

Pure arithmetic on counts the caller read: the issuing services (queues/services/base.py,
under the line's number lock), the availability API, the booking calendar and the kiosk
all ask the same `day_quota()`, so what a page shows is what the service enforces.

- no daily quota: no limit at all;
- a quota without an online share: one pool for bookings and walk-ins (as before);
- an online share p%: bookings may take floor(quota x p / 100) places, walk-ins the rest;
- with a release time as well: from that time on the day itself, walk-ins may take every
  place still free (the unused online ones included) and bookings for that day stop.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from agencies.models import Service


@dataclass(frozen=True)
class DayQuota:
    daily: int | None
    # Places bookings may take; None without an online share (one pool).
    online: int | None
    booked: int
    walk_ins: int
    release_at: dt.datetime | None
    released: bool

    @property
    def left(self) -> int | None:
        if self.daily is None:
            return None
        return max(0, self.daily - self.booked - self.walk_ins)

    @property
    def online_left(self) -> int | None:
        """Places a booking can still take (0 once released); None: no limit."""
        if self.left is None:
            return None
        if self.released:
            return 0
        if self.online is None:
            return self.left
        return min(self.left, max(0, self.online - self.booked))

    @property
    def walk_in_left(self) -> int | None:
        """Places a walk-in can still take; None: no limit."""
        if self.left is None:
            return None
        if self.online is None or self.released:
            return self.left
        return min(self.left, max(0, self.daily - self.online - self.walk_ins))  # type: ignore[operator]


def release_at(*, service: Service, day: dt.date) -> dt.datetime | None:
    """When the unused online places of `day` go to walk-ins; None if they never do."""
    if service.daily_quota is None or service.online_quota_percent is None:
        return None
    if service.online_release_time is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, service.online_release_time))


def day_quota(
    *, service: Service, day: dt.date, booked: int, walk_ins: int, now: dt.datetime
) -> DayQuota:
    """The quota of `service` on `day` as of `now`, from its booked and walk-in counts."""
    online = None
    if service.daily_quota is not None and service.online_quota_percent is not None:
        online = service.daily_quota * service.online_quota_percent // 100
    releases = release_at(service=service, day=day)
    return DayQuota(
        daily=service.daily_quota,
        online=online,
        booked=booked,
        walk_ins=walk_ins,
        release_at=releases,
        released=releases is not None and now >= releases,
    )
