"""Counter (loket) endpoints of the officer's console, and the steps of the ticket at the
counter (start, finish, no-show, transfer), for officers of the counter's agency and
managers. Each calls one service of console/services.py."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.permissions import IsCounterStaff
from console import services
from console.api.serializers import CounterStateSerializer
from counters import selectors
from counters.models import Counter
from queues import selectors as queue_selectors
from queues.api.serializers import (
    PauseInputSerializer,
    StaffTicketSerializer,
    TokenInputSerializer,
    TransferInputSerializer,
)
from queues.api.views import _public_ticket
from queues.errors import TicketNotFound
from queues.models import Ticket


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
        context = {"positions": queue_selectors.queue_positions(tickets)}
        return Response(StaffTicketSerializer(tickets, many=True, context=context).data)


class CounterCallNextView(_CounterView):
    @extend_schema(
        request=None,
        responses={200: StaffTicketSerializer, 204: OpenApiResponse(description="Nobody waits")},
    )
    def post(self, request: Request, pk: int) -> Response:
        counter = self.counter(request, pk)
        ticket = services.counter_call_next(counter=counter, actor=request.user)
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
        ticket = services.counter_call(counter=counter, ticket=ticket, actor=request.user)
        return Response(StaffTicketSerializer(ticket).data)


class CounterRecallView(_CounterView):
    @extend_schema(request=None, responses=StaffTicketSerializer)
    def post(self, request: Request, pk: int) -> Response:
        counter = self.counter(request, pk)
        ticket = services.counter_recall(counter=counter, actor=request.user)
        return Response(StaffTicketSerializer(ticket).data)


class _StaffTicketAction(APIView):
    permission_classes = [IsCounterStaff]
    # Not `action`: drf-spectacular reads view.action as a viewset action name.
    perform = staticmethod(services.counter_start)

    def _ticket(self, request: Request, token: str) -> Ticket:
        try:
            return queue_selectors.ticket_get_for_staff(user=request.user, token=token)
        except Ticket.DoesNotExist:
            raise TicketNotFound() from None

    @extend_schema(request=None, responses=StaffTicketSerializer)
    def post(self, request: Request, token: str) -> Response:
        ticket = self.perform(ticket=self._ticket(request, token), actor=request.user)
        return Response(StaffTicketSerializer(ticket).data)


class TicketStartView(_StaffTicketAction):
    perform = staticmethod(services.counter_start)


class TicketFinishView(_StaffTicketAction):
    perform = staticmethod(services.counter_finish)


class TicketNoShowView(_StaffTicketAction):
    perform = staticmethod(services.counter_no_show)


class TicketTransferView(_StaffTicketAction):
    @extend_schema(
        request=TransferInputSerializer,
        responses={200: StaffTicketSerializer, 404: OpenApiResponse()},
    )
    def post(self, request: Request, token: str) -> Response:
        data = TransferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = services.counter_transfer(
            ticket=self._ticket(request, token),
            service=data.validated_data["service"],
            actor=request.user,
        )
        return Response(StaffTicketSerializer(ticket).data)
