"""Ticket endpoints: public (a service's bookable slots, booking, ticket, cancel) and
kiosk. (The staff's steps at the counter: console/api/views.py.)"""

import logging
from collections.abc import Callable

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.permissions import IsKioskOrStaff
from agencies.models import Service, User
from agencies.selectors import day_schedule
from closures.selectors import line_closures, slots_closed_day_reason, slots_mark_closed
from mpp.lib.api import DateQuery, parse_query, today_or
from mpp.lib.schema import ErrorSerializer
from queues import selectors, services
from queues.api import serializers
from queues.booking_views import ticket_book_for
from queues.errors import TicketNotFound
from queues.idempotency import HEADER, idempotency_scope, ticket_issue_once
from queues.journeys import journey_list
from queues.models import IdempotencyKey, Ticket
from queues.selectors import Position

log = logging.getLogger(__name__)

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    description="Same key within 24 h: the same ticket again (200), never a second one.",
)


def _public_ticket(token: str) -> Ticket:
    try:
        return selectors.ticket_get(token=token)
    except Ticket.DoesNotExist:
        raise TicketNotFound() from None


def _ticket_response(ticket: Ticket, code: int = status.HTTP_200_OK) -> Response:
    """The ticket as the public sees it. Called after a write has committed (issued,
    booked, checked in, cancelled): nothing here may turn that into an error (a kiosk
    would print nothing and the resident take another number), so when its place in
    line cannot be read now (the database or the cache just went away) the answer goes
    without it; the ticket page shows it live."""
    try:
        return Response(serializers.TicketSerializer(ticket).data, status=code)
    except Exception:
        log.exception("ticket %s: answering without its place in line", ticket.code)
    unknown = {"positions": {ticket.pk: Position(None, None, None)}}
    try:
        return Response(serializers.TicketSerializer(ticket, context=unknown).data, status=code)
    except Exception:
        log.exception("ticket %s: answering with its number only", ticket.code)
    fields = ("token", "code", "number", "service_id", "date", "channel", "priority", "status")
    data = {name.removesuffix("_id"): getattr(ticket, name) for name in fields}
    return Response({**data, "date": ticket.date.isoformat()}, status=code)


def _issue_once(
    request: Request, *, endpoint: str, values: dict, issue: Callable[[], Ticket]
) -> Response:
    """`issue()` once per Idempotency-Key: 201 for a new ticket, 200 for the one the key
    had already issued."""
    scope = idempotency_scope(
        endpoint=endpoint, user=request.user, key=request.headers.get(HEADER), values=values
    )
    ticket, created = ticket_issue_once(scope=scope, issue=issue)
    return _ticket_response(ticket, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class BookingView(APIView):
    """Book a numbered slot online; staff booking for a resident makes it `assisted`.

    Apps call this without the booking form's proof of work: residents' bookings are
    limited per client address, phone and NIK instead (queues/booking_limits.py), and
    a refusal is a 429 `{"detail", "code"}`."""

    @extend_schema(
        request=serializers.BookingInputSerializer,
        responses={
            201: serializers.TicketSerializer,
            200: serializers.TicketSerializer,
            429: OpenApiResponse(
                response=ErrorSerializer,
                description="A booking limit was reached: code too_many_bookings_client, "
                "too_many_bookings_phone or too_many_bookings_nik (or DRF's throttled).",
            ),
        },
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        staff = request.user.is_authenticated and request.user.role in IsKioskOrStaff.roles
        input_class = (
            serializers.AssistedBookingInputSerializer
            if staff
            else serializers.BookingInputSerializer
        )
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return _issue_once(
            request,
            endpoint=IdempotencyKey.Endpoint.BOOKING,
            values=values,
            issue=lambda: ticket_book_for(request, values, assisted=staff),
        )


class TicketDetailView(APIView):
    @extend_schema(responses=serializers.TicketSerializer)
    def get(self, request: Request, token: str) -> Response:
        return _ticket_response(_public_ticket(token))


class TicketCancelView(APIView):
    @extend_schema(request=None, responses=serializers.TicketSerializer)
    def post(self, request: Request, token: str) -> Response:
        actor = request.user if request.user.is_authenticated else None
        return _ticket_response(services.ticket_cancel(ticket=_public_ticket(token), actor=actor))


class TicketRejoinView(APIView):
    """A resident marked no-show puts the ticket back in line: once, within
    REJOIN_GRACE_MINUTES, behind those waiting (409 rejoin_closed / rejoin_used)."""

    @extend_schema(
        request=None,
        responses={
            200: serializers.TicketSerializer,
            409: OpenApiResponse(
                response=ErrorSerializer,
                description="rejoin_closed, rejoin_used or rejoin_not_missed.",
            ),
        },
    )
    def post(self, request: Request, token: str) -> Response:
        return _ticket_response(services.ticket_rejoin(ticket=_public_ticket(token)))


class KioskTicketView(APIView):
    """A walk-in ticket from the kiosk (or `assisted` when staff issue it)."""

    permission_classes = [IsKioskOrStaff]

    @extend_schema(
        request=serializers.KioskTicketInputSerializer,
        responses={201: serializers.TicketSerializer, 200: serializers.TicketSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        data = serializers.KioskTicketInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        kiosk = request.user.role == User.Role.KIOSK
        return _issue_once(
            request,
            endpoint=IdempotencyKey.Endpoint.KIOSK_TICKET,
            values=values,
            issue=lambda: services.ticket_issue(
                service=values["service"],
                priority=values["priority"],
                channel=Ticket.Channel.KIOSK if kiosk else Ticket.Channel.ASSISTED,
                actor=request.user,
                journey=values.get("journey"),
            ),
        )


class CheckInView(APIView):
    permission_classes = [IsKioskOrStaff]

    @extend_schema(request=serializers.TokenInputSerializer, responses=serializers.TicketSerializer)
    def post(self, request: Request) -> Response:
        data = serializers.TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = _public_ticket(data.validated_data["token"])
        return _ticket_response(services.ticket_check_in(ticket=ticket, actor=request.user))


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
        schedule = day_schedule(day=day)
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


class JourneyListView(APIView):
    """Journeys (paket layanan) a resident may book or take one ticket for."""

    @extend_schema(responses=serializers.JourneySerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(serializers.JourneySerializer(journey_list(), many=True).data)
