"""Counter (loket) endpoints for officers of the counter's agency and managers."""

from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import authentication, exceptions, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from counters import selectors, services
from counters.api.serializers import (
    CounterStateSerializer,
    HeartbeatInputSerializer,
)
from counters.devices import device_from_authorization, device_heartbeat
from counters.models import Counter
from mpp.lib.api import IsCounterStaff
from queues import selectors as queue_selectors
from queues import services as queue_services
from queues.api.serializers import PauseInputSerializer, StaffTicketSerializer, TokenInputSerializer
from queues.api.views import _public_ticket


class _CounterView(APIView):
    permission_classes = [IsCounterStaff]

    def counter(self, request: Request, pk: int) -> Counter:
        try:
            return selectors.counter_get_for_user(user=request.user, counter_id=pk)
        except Counter.DoesNotExist:
            raise Http404 from None

    def state(self, counter: Counter) -> Response:
        return Response(CounterStateSerializer(counter).data)


class CounterDetailView(_CounterView):
    @extend_schema(responses=CounterStateSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return self.state(self.counter(request, pk))


class CounterOpenView(_CounterView):
    @extend_schema(request=None, responses=CounterStateSerializer)
    def post(self, request: Request, pk: int) -> Response:
        counter = self.counter(request, pk)
        services.counter_open(counter=counter, officer=request.user)
        return self.state(counter)


class CounterCloseView(_CounterView):
    @extend_schema(request=None, responses=CounterStateSerializer)
    def post(self, request: Request, pk: int) -> Response:
        counter = self.counter(request, pk)
        services.counter_close(counter=counter, actor=request.user)
        return self.state(counter)


class CounterPauseView(_CounterView):
    @extend_schema(request=PauseInputSerializer, responses=CounterStateSerializer)
    def post(self, request: Request, pk: int) -> Response:
        counter = self.counter(request, pk)
        data = PauseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.counter_pause(
            counter=counter, actor=request.user, reason=data.validated_data["reason"]
        )
        return self.state(counter)


class CounterResumeView(_CounterView):
    @extend_schema(request=None, responses=CounterStateSerializer)
    def post(self, request: Request, pk: int) -> Response:
        counter = self.counter(request, pk)
        services.counter_resume(counter=counter, actor=request.user)
        return self.state(counter)


class CounterQueueView(_CounterView):
    @extend_schema(responses=StaffTicketSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        tickets = list(queue_selectors.counter_queue(counter=self.counter(request, pk)))
        # Positions by the list's own order: one query for the whole queue.
        per_service: dict[int, int] = {}
        positions = {}
        for ticket in tickets:
            ahead = per_service.get(ticket.service_id, 0)
            per_service[ticket.service_id] = ahead + 1
            positions[ticket.pk] = queue_selectors.Position(ahead + 1, ahead, None)
        context = {"positions": positions}
        return Response(StaffTicketSerializer(tickets, many=True, context=context).data)


class CounterCallNextView(_CounterView):
    @extend_schema(
        request=None,
        responses={200: StaffTicketSerializer, 204: OpenApiResponse(description="Nobody waits")},
    )
    def post(self, request: Request, pk: int) -> Response:
        counter = self.counter(request, pk)
        ticket = queue_services.ticket_call_next(counter=counter, actor=request.user)
        if ticket is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(StaffTicketSerializer(ticket).data)


class CounterCallView(_CounterView):
    """Call one waiting ticket out of order."""

    @extend_schema(request=TokenInputSerializer, responses=StaffTicketSerializer)
    def post(self, request: Request, pk: int) -> Response:
        counter = self.counter(request, pk)
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = _public_ticket(data.validated_data["token"])
        ticket = queue_services.ticket_call(counter=counter, ticket=ticket, actor=request.user)
        return Response(StaffTicketSerializer(ticket).data)


class CounterRecallView(_CounterView):
    @extend_schema(request=None, responses=StaffTicketSerializer)
    def post(self, request: Request, pk: int) -> Response:
        counter = self.counter(request, pk)
        ticket = queue_services.ticket_recall(counter=counter, actor=request.user)
        return Response(StaffTicketSerializer(ticket).data)


class DeviceTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Device <token>`: a registered, active display or kiosk (request.auth)."""

    def authenticate(self, request: Request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Device "):
            return None
        device = device_from_authorization(header)
        if device is None:
            raise exceptions.AuthenticationFailed(_("Token perangkat tidak dikenal atau dicabut."))
        # No staff account behind it: the request stays anonymous (throttled as such).
        return (AnonymousUser(), device)

    def authenticate_header(self, request: Request) -> str:
        return "Device"


class IsRegisteredDevice(permissions.BasePermission):
    message = _("Detak perangkat memerlukan token perangkat (Authorization: Device <token>).")

    def has_permission(self, request: Request, view: object) -> bool:
        return request.auth is not None and hasattr(request.auth, "kind")


class DeviceHeartbeatView(APIView):
    """A lobby display or kiosk says it is alive (every 30 s), with its own device token
    (counters.devices). Nothing but a cache key is written; the body may name the device
    and the page it shows (for the dashboard)."""

    authentication_classes = [DeviceTokenAuthentication]
    permission_classes = [IsRegisteredDevice]

    @extend_schema(
        request=HeartbeatInputSerializer, responses={204: OpenApiResponse(description="Noted")}
    )
    def post(self, request: Request) -> Response:
        data = HeartbeatInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A kiosk is also signed in with its own account (its session cookie; DRF has
        # replaced request.user by the device's anonymous user), which names it.
        user = get_user(request._request)
        account = (user.get_full_name() or user.username)[:60] if user.is_authenticated else ""
        device_heartbeat(
            device=request.auth,
            at=timezone.now(),
            account=account,
            address=BaseThrottle().get_ident(request)[:45],
            **data.validated_data,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
