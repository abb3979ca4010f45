from django.urls import path

from counters.api import views

urlpatterns = [
    path("agencies/", views.AgencyListView.as_view(), name="agency-list"),
    path("devices/heartbeat/", views.DeviceHeartbeatView.as_view(), name="device-heartbeat"),
]
