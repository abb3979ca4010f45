"""Form posts of planned closures (penutupan terencana); wired into mpp/urls.py. The list
page, /dashboard/closures/, is monitoring's (monitoring/closure_views.py)."""

from django.urls import path

from closures import views

urlpatterns = [
    path("dashboard/closures/new/", views.closure_create, name="closure-create"),
    path(
        "dashboard/closures/<int:pk>/<slug:step>/",
        views.closure_step,
        name="closure-step",
    ),
]
