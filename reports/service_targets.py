"""Target wait per service (target waktu tunggu) for the Monev report's "share within target".

Until a per-service target exists, every service takes the mall's MONEV_TARGET_WAIT_MINUTES
(default 30): an applicant was served within target when their first call came no later
than that after they joined the queue. The per-service target (issue 16, item 1) plugs in
through `target_wait_minutes()`, the only place that decides it.
"""

from collections.abc import Iterable

from django.conf import settings


def target_wait_minutes(service_ids: Iterable[int]) -> dict[int, float]:
    """The target wait of each service, in minutes."""
    default = float(settings.MONEV_TARGET_WAIT_MINUTES)
    return dict.fromkeys(service_ids, default)


def within_target(*, wait_minutes: float, target_minutes: float) -> bool:
    """Called within the target (a wait equal to it counts as within)."""
    return wait_minutes <= target_minutes
