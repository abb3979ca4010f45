"""Routes; wired into mpp/urls.py."""

from django.urls import path

from monitoring import views

urlpatterns = [path("dashboard/", views.dashboard, name="dashboard")]
