"""Pages of planned closures (penutupan terencana); wired into mpp/urls.py."""

from django.urls import path

from counters import closure_views

urlpatterns = [
    path("dashboard/closures/", closure_views.closure_list, name="closure-list"),
    path("dashboard/closures/new/", closure_views.closure_create, name="closure-create"),
    path(
        "dashboard/closures/<int:pk>/<slug:step>/",
        closure_views.closure_step,
        name="closure-step",
    ),
]
