"""Ticket endpoints: public (booking, ticket, cancel), kiosk, and staff actions."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import User
from mpp.lib.api import IsCounterStaff, IsKioskOrStaff
from mpp.lib.client_ip import client_key
from queues import selectors, services
from queues.api import serializers
from queues.errors import TicketNotFound
from queues.models import Ticket


def _public_ticket(token: str) -> Ticket:
    try:
        return selectors.ticket_get(token=token)
    except Ticket.DoesNotExist:
        raise TicketNotFound() from None


def _ticket_response(ticket: Ticket, code: int = status.HTTP_200_OK) -> Response:
    return Response(serializers.TicketSerializer(ticket).data, status=code)


class BookingView(APIView):
    """Book a numbered slot online; staff booking for a resident makes it `assisted`.

    Apps call this without the booking form's proof of work: residents' bookings are
    limited per client address, phone and NIK instead (queues/booking_limits.py), and
    a refusal is a 429 `{"detail", "code"}`."""

    @extend_schema(
        request=serializers.BookingInputSerializer,
        responses={
            201: serializers.TicketSerializer,
            429: OpenApiResponse(
                description="A booking limit was reached: code too_many_bookings_client, "
                "too_many_bookings_phone or too_many_bookings_nik (or DRF's throttled)."
            ),
        },
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
        ticket = services.ticket_book(
            service=values["service"],
            day=values["date"],
            slot_start=values["slot_start"],
            nik=values["nik"],
            phone=values["phone"],
            name=values["name"],
            priority=values["priority"],
            channel=Ticket.Channel.ASSISTED if staff else Ticket.Channel.ONLINE,
            actor=request.user if staff else None,
            client_key="" if staff else client_key(request),
        )
        return _ticket_response(ticket, status.HTTP_201_CREATED)


class TicketDetailView(APIView):
    @extend_schema(responses=serializers.TicketSerializer)
    def get(self, request: Request, token: str) -> Response:
        return _ticket_response(_public_ticket(token))


class TicketCancelView(APIView):
    @extend_schema(request=None, responses=serializers.TicketSerializer)
    def post(self, request: Request, token: str) -> Response:
        actor = request.user if request.user.is_authenticated else None
        return _ticket_response(services.ticket_cancel(ticket=_public_ticket(token), actor=actor))


class KioskTicketView(APIView):
    """A walk-in ticket from the kiosk (or `assisted` when staff issue it)."""

    permission_classes = [IsKioskOrStaff]

    @extend_schema(
        request=serializers.KioskTicketInputSerializer,
        responses={201: serializers.TicketSerializer},
    )
    def post(self, request: Request) -> Response:
        data = serializers.KioskTicketInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kiosk = request.user.role == User.Role.KIOSK
        ticket = services.ticket_issue(
            service=data.validated_data["service"],
            priority=data.validated_data["priority"],
            channel=Ticket.Channel.KIOSK if kiosk else Ticket.Channel.ASSISTED,
            actor=request.user,
        )
        return _ticket_response(ticket, status.HTTP_201_CREATED)


class CheckInView(APIView):
    permission_classes = [IsKioskOrStaff]

    @extend_schema(request=serializers.TokenInputSerializer, responses=serializers.TicketSerializer)
    def post(self, request: Request) -> Response:
        data = serializers.TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = _public_ticket(data.validated_data["token"])
        return _ticket_response(services.ticket_check_in(ticket=ticket, actor=request.user))


class _StaffTicketAction(APIView):
    permission_classes = [IsCounterStaff]
    # Not `action`: drf-spectacular reads view.action as a viewset action name.
    perform = staticmethod(services.ticket_start)

    def _ticket(self, request: Request, token: str) -> Ticket:
        try:
            return selectors.ticket_get_for_staff(user=request.user, token=token)
        except Ticket.DoesNotExist:
            raise TicketNotFound() from None

    @extend_schema(request=None, responses=serializers.StaffTicketSerializer)
    def post(self, request: Request, token: str) -> Response:
        ticket = self.perform(ticket=self._ticket(request, token), actor=request.user)
        return Response(serializers.StaffTicketSerializer(ticket).data)


class TicketStartView(_StaffTicketAction):
    perform = staticmethod(services.ticket_start)


class TicketFinishView(_StaffTicketAction):
    perform = staticmethod(services.ticket_finish)


class TicketNoShowView(_StaffTicketAction):
    perform = staticmethod(services.ticket_no_show)


class TicketTransferView(_StaffTicketAction):
    @extend_schema(
        request=serializers.TransferInputSerializer,
        responses={200: serializers.StaffTicketSerializer, 404: OpenApiResponse()},
    )
    def post(self, request: Request, token: str) -> Response:
        data = serializers.TransferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = services.ticket_transfer(
            ticket=self._ticket(request, token),
            service=data.validated_data["service"],
            actor=request.user,
        )
        return Response(serializers.StaffTicketSerializer(ticket).data)
