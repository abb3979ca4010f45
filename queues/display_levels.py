"""The lobby TV's service level (tingkat layanan di layar antrean): today's share of
applicants called within target, for the TV's agency (`?agency=<id>`) or the whole mall.

No personal data: counts and a colour. The page renders it, then
static/queues/service_level.js asks `/display/service-level/` again every 30 s and a few
seconds after each call.
"""

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from queues.service_levels import within_target
from queues.snapshots import DisplayFilter


def level_labels() -> dict[str, str]:
    return {
        "green": _("Baik"),
        "amber": _("Perlu perhatian"),
        "red": _("Di bawah target"),
        "none": _("Belum ada data"),
    }


def display_service_level(*, agency_id: int | None) -> dict:
    """The share for one agency, or for the whole mall without one."""
    today = timezone.localdate()
    levels = within_target(date_from=today, date_to=today, agency_id=agency_id)
    data = levels.total.data()
    return {**data, "label": level_labels()[data["level"]]}


@require_safe
@never_cache
def service_level(request: HttpRequest) -> JsonResponse:
    where = DisplayFilter.from_query(request.META.get("QUERY_STRING", ""))
    # The TV's own language (its page's `lang`), not the browser's Accept-Language.
    language = request.GET.get("lang", "")
    with translation.override(language if language in dict(settings.LANGUAGES) else None):
        return JsonResponse(display_service_level(agency_id=where.agency_id))
