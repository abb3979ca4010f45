"""The catalog API: services and their Standar Pelayanan. The agencies with their booths
and counters are counters/api/views.py; a service's bookable slots queues/api/views.py."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from agencies import selectors
from agencies.api import serializers
from agencies.models import Service
from mpp.lib.api import AgencyQuery, parse_query


@extend_schema(
    parameters=[
        OpenApiParameter("agency", int, description="Agency id"),
        OpenApiParameter(
            "q", str, description="Search text, ranked best first as on the home page"
        ),
    ]
)
class ServiceListView(generics.ListAPIView):
    serializer_class = serializers.ServiceSerializer

    def get_queryset(self):
        query = parse_query(AgencyQuery, self.request)
        text = query.get("q", "").strip()
        if not text:
            return selectors.service_list(agency_id=query.get("agency"))
        # The portal's forgiving ranking (spellings, typos, filler words), best first.
        return selectors.service_find(query=text, agency_id=query.get("agency"))


class ServiceDetailView(generics.RetrieveAPIView):
    serializer_class = serializers.ServiceDetailSerializer
    queryset = Service.objects.filter(is_active=True).select_related("agency")
