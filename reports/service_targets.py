"""Target wait per service (target waktu tunggu) for the Monev report's "share within target".

Each service's own target (`Service.target_wait_minutes`, else from its Standar
Pelayanan's duration, else SERVICE_LEVEL_DEFAULT_TARGET_MINUTES: README "Service levels"),
read once by `queues.service_levels.service_targets()`: an applicant was served within
target when their first call came no later than that after they joined the queue.
"""

from collections.abc import Iterable

from queues.service_levels import service_targets


def target_wait_minutes(service_ids: Iterable[int]) -> dict[int, float]:
    """The target wait of each service, in minutes. One query."""
    targets = service_targets()
    return {pk: float(targets[pk][1]) for pk in service_ids}


def within_target(*, wait_minutes: float, target_minutes: float) -> bool:
    """Called within the target (a wait equal to it counts as within)."""
    return wait_minutes <= target_minutes
