"""Document endpoints (API.md "Documents"): staff open one at finish and move it on;
anyone with the code follows it and takes a number in the pickup line."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from documents import selectors, services
from documents.api import serializers
from documents.errors import DocumentNotFound
from documents.models import Document
from mpp.lib.schema import ErrorSerializer
from queues.api.serializers import TicketSerializer
from queues.errors import TicketNotFound
from queues.models import Ticket
from queues.selectors import ticket_get


def _ticket(token: str) -> Ticket:
    try:
        return ticket_get(token=token)
    except Ticket.DoesNotExist:
        raise TicketNotFound() from None


def _public(code: str) -> Document:
    try:
        return selectors.document_get(code=code)
    except Document.DoesNotExist:
        raise DocumentNotFound() from None


class TicketDocumentView(APIView):
    """POST (staff of the ticket's agency): open the visit's document. GET (whoever holds
    the ticket's token): the document, for the ticket page."""

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "POST" else []

    @extend_schema(responses={200: serializers.DocumentSerializer, 404: ErrorSerializer})
    def get(self, request: Request, token: str) -> Response:
        try:
            document = selectors.document_of_ticket(ticket_id=_ticket(token).pk)
        except Document.DoesNotExist:
            raise DocumentNotFound() from None
        return Response(serializers.DocumentSerializer(document).data)

    @extend_schema(
        request=serializers.DocumentOpenInputSerializer,
        responses={
            201: serializers.StaffDocumentSerializer,
            409: OpenApiResponse(
                ErrorSerializer, description="ticket_not_finished or document_exists"
            ),
        },
    )
    def post(self, request: Request, token: str) -> Response:
        data = serializers.DocumentOpenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_open(
            ticket=_ticket(token),
            expected_ready=data.validated_data["expected_ready"],
            note=data.validated_data["note"],
            actor=request.user,
        )
        document = selectors.document_of_ticket(ticket_id=document.ticket_id)
        return Response(
            serializers.StaffDocumentSerializer(document).data, status=status.HTTP_201_CREATED
        )


class StaffDocumentStatusView(APIView):
    """Staff of the document's agency move it on: ready, collected, cancelled."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=serializers.DocumentStatusInputSerializer,
        responses={
            200: serializers.StaffDocumentSerializer,
            404: ErrorSerializer,
            409: OpenApiResponse(ErrorSerializer, description="invalid_document_status"),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        data = serializers.DocumentStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            document = selectors.document_get_for_user(user=request.user, code=code)
        except Document.DoesNotExist:
            raise DocumentNotFound() from None
        services.document_set_status(
            document=document,
            status=data.validated_data["status"],
            note=data.validated_data["note"],
            actor=request.user,
        )
        document = selectors.document_get_for_user(user=request.user, code=code)
        return Response(serializers.StaffDocumentSerializer(document).data)


class DocumentDetailView(APIView):
    """Anyone with the code: the document's status and timeline (lacak berkas)."""

    @extend_schema(responses={200: serializers.DocumentSerializer, 404: ErrorSerializer})
    def get(self, request: Request, code: str) -> Response:
        return Response(serializers.DocumentSerializer(_public(code)).data)


class DocumentPickupView(APIView):
    """Anyone with the code of a ready document: a number in the agency's pickup line
    (the same one again while it waits)."""

    @extend_schema(
        request=None,
        responses={
            201: TicketSerializer,
            409: OpenApiResponse(ErrorSerializer, description="document_not_ready"),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        actor = request.user if request.user.is_authenticated else None
        ticket = services.document_pickup(document=_public(code), actor=actor)
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)
