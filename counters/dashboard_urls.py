"""Routes; wired into mpp/urls.py."""

from django.urls import path

from counters import dashboard_views

urlpatterns = [path("dashboard/", dashboard_views.dashboard, name="dashboard")]
