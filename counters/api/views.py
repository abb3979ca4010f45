"""Device endpoints: a lobby display's or kiosk's heartbeat, with its device token; and
the agencies with their booths and counters. (The counter endpoints of the officer's
console: console/api/views.py.)"""

from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import authentication, exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from counters import selectors
from counters.api import serializers
from counters.api.serializers import HeartbeatInputSerializer
from counters.devices import device_from_authorization, device_heartbeat


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


class AgencyListView(generics.ListAPIView):
    serializer_class = serializers.AgencySerializer

    def get_queryset(self):
        return selectors.agency_list()
