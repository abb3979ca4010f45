from django.urls import path

from counters.api import views

urlpatterns = [
    path("devices/heartbeat/", views.DeviceHeartbeatView.as_view(), name="device-heartbeat"),
]
