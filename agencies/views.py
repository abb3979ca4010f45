"""Public pages of the catalog."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencies.models import Agency, Service


def home(request: HttpRequest) -> HttpResponse:
    services = Service.objects.filter(is_active=True).order_by("name")
    agencies = Agency.objects.prefetch_related(
        "booths", Prefetch("services", queryset=services, to_attr="active_services")
    )
    return render(request, "agencies/home.html", {"agencies": agencies})


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from django.http import Http404

    raise Http404
