"""Routes; wired into mpp/urls.py."""

from django.urls import path

from monitoring import closure_views, views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/closures/", closure_views.closure_list, name="closure-list"),
]
