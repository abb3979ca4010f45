"""Pages of planned closures (penutupan terencana); wired into mpp/urls.py."""

from django.urls import path

from closures import views

urlpatterns = [
    path("dashboard/closures/", views.closure_list, name="closure-list"),
    path("dashboard/closures/new/", views.closure_create, name="closure-create"),
    path(
        "dashboard/closures/<int:pk>/<slug:step>/",
        views.closure_step,
        name="closure-step",
    ),
]
