from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies import selectors
from agencies.api import serializers
from agencies.models import Service
from closures.selectors import line_closures, slots_closed_day_reason, slots_mark_closed
from mpp.lib.api import AgencyQuery, DateQuery, parse_query, today_or


class AgencyListView(generics.ListAPIView):
    serializer_class = serializers.AgencySerializer

    def get_queryset(self):
        return selectors.agency_list()


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


class ServiceAvailabilityView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("date", str, description="YYYY-MM-DD (default today)")],
        responses=serializers.AvailabilitySerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        service = get_object_or_404(Service, pk=pk, is_active=True)
        day = today_or(parse_query(DateQuery, request).get("date"))
        if day < timezone.localdate():
            # Nothing can be booked on a day gone by; "full" or "open" would mislead.
            data = {"date": day, "open": False, "reason": _("Tanggal sudah lewat."), "slots": []}
            return Response(serializers.AvailabilitySerializer(data).data)
        schedule = selectors.day_schedule(day=day)
        slots = selectors.service_slots(service=service, schedule=schedule)
        if not service.online_booking:
            slots = []
        if slots:
            slots = slots_mark_closed(slots, line_closures(service=service, at=slots[0].start))
        closed_reason = slots_closed_day_reason(slots)
        data = {
            "date": day,
            "open": schedule.open and not closed_reason,
            "reason": closed_reason or schedule.reason,
            "slots": slots,
            "quota": selectors.service_quota(service=service, day=day),
        }
        return Response(serializers.AvailabilitySerializer(data).data)
