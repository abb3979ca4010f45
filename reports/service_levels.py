"""Service levels for the reports (tingkat layanan): the share of applicants called within
their service's target wait over a period, per agency and per service.

The counting rule lives in queues/service_levels.py (the dashboard and the lobby TV read
it too); `within_target` here is the one the reports (the Monev report among them) call.
"""

import datetime as dt

from django.conf import settings

from agencies.models import Agency, Service
from queues import service_levels
from queues.service_levels import ServiceLevels


def within_target(
    *, date_from: dt.date, date_to: dt.date, agency_id: int | None = None
) -> ServiceLevels:
    """Stages called within target in the period: `.total`, `.agencies[id]` and
    `.services[id]` are `Share`s (`.within`, `.counted`, `.share`, `.data()`)."""
    return service_levels.within_target(date_from=date_from, date_to=date_to, agency_id=agency_id)


def thresholds() -> dict[str, int]:
    return {
        "green_percent": settings.SERVICE_LEVEL_GREEN_PERCENT,
        "amber_percent": settings.SERVICE_LEVEL_AMBER_PERCENT,
    }


def service_level_report(
    *, date_from: dt.date, date_to: dt.date, agency_id: int | None = None
) -> dict:
    """The period's shares: in total, per agency and per service (those with data)."""
    levels = within_target(date_from=date_from, date_to=date_to, agency_id=agency_id)
    agencies = Agency.objects.order_by("order", "name")
    services = Service.objects.select_related("agency").order_by(
        "agency__order", "agency__name", "name"
    )
    return {
        "date_from": date_from,
        "date_to": date_to,
        "agency": agency_id,
        "thresholds": thresholds(),
        "total": levels.total.data(),
        "agencies": [
            {"agency": a.pk, "agency_name": a.name, **levels.agencies[a.pk].data()}
            for a in agencies
            if a.pk in levels.agencies
        ],
        "services": [
            {
                "service": s.pk,
                "service_name": s.name,
                "agency": s.agency_id,
                "agency_name": s.agency.name,
                "target_wait_minutes": levels.targets[s.pk],
                **levels.services[s.pk].data(),
            }
            for s in services
            if s.pk in levels.services
        ],
    }
