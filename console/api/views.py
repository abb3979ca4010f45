"""Counter (loket) endpoints of the officer's console, for officers of the counter's agency
and managers."""

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
