"""The app's URLs plus `/bench/ping/`: the most trivial DRF view (default auth,
permission and anonymous throttle classes, constant body), a rate baseline."""

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mpp.urls import urlpatterns as app_urlpatterns


class PingView(APIView):
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})


urlpatterns = [*app_urlpatterns, path("bench/ping/", PingView.as_view(), name="bench-ping")]
