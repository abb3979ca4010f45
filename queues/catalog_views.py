"""Public pages of the catalog: the home page with search, and a service's page.

They show the lines as they are now (waiting, the wait, a planned closure), so they sit
here, above the catalog (agencies), the closures and the lines they read."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from agencies.models import Booth, Service
from agencies.selectors import agency_catalog, service_search
from closures.selectors import line_closed_text, service_closed_until
from queues.selectors import agency_waiting_counts, line_waiting_codes, service_pace

COMPONENTS = Service.STANDARD_COMPONENTS
SEARCH_LIMIT = 20


def home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = service_search(query=query, limit=SEARCH_LIMIT) if query else []
    if results:
        booths: dict[int, list[Booth]] = {}
        for booth in Booth.objects.filter(agency__in={s.agency_id for s in results}):
            booths.setdefault(booth.agency_id, []).append(booth)
        for service in results:
            service.booth_list = booths.get(service.agency_id, [])
    agencies = agency_catalog()
    waiting = agency_waiting_counts()
    for agency in agencies:
        agency.waiting_now = waiting.get(agency.pk, 0)
    context = {"agencies": agencies, "query": query, "results": results}
    return render(request, "agencies/home.html", context)


def _component_value(service: Service, name: str) -> object:
    value = getattr(service, name)
    if name == "fee" and service.is_free:
        return None  # the template says "Gratis"
    return value


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = (
        Service.objects.select_related("agency")
        .prefetch_related("agency__booths")
        .filter(pk=pk, is_active=True)
        .first()
    )
    if service is None:
        raise Http404
    components = []
    for number, name in enumerate(COMPONENTS, start=1):
        label = str(Service._meta.get_field(name).verbose_name)
        label = label.split(". ", 1)[-1]
        value = _component_value(service, name)
        components.append(
            {
                "number": number,
                "name": name,
                "label": label[:1].upper() + label[1:],
                "value": value,
                "is_list": isinstance(value, list),
            }
        )
    waiting = len(line_waiting_codes(service_id=service.pk))
    mean_minutes, open_counters = service_pace(service=service)
    wait_minutes = round(waiting * mean_minutes / max(open_counters, 1))
    now = timezone.now()
    closed_until = service_closed_until(service=service, at=now)
    context = {
        "service": service,
        "agency": service.agency,
        "closed_text": line_closed_text(closed_until, at=now) if closed_until else "",
        "booths": list(service.agency.booths.all()),
        "components": components,
        "waiting": waiting,
        "wait_minutes": wait_minutes,
        "open_counters": open_counters,
    }
    return render(request, "agencies/service.html", context)
