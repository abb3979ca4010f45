"""Routes of planned closures (penutupan terencana); wired into mpp/urls.py under /api/v1/."""

from django.urls import path

from closures.api import views

urlpatterns = [
    path(
        "closure-requests/",
        views.ClosureRequestListView.as_view(),
        name="closure-request-list",
    ),
    path(
        "closure-requests/<int:pk>/",
        views.ClosureRequestDetailView.as_view(),
        name="closure-request-detail",
    ),
    path(
        "closure-requests/<int:pk>/approve/",
        views.ClosureApproveView.as_view(),
        name="closure-request-approve",
    ),
    path(
        "closure-requests/<int:pk>/refuse/",
        views.ClosureRefuseView.as_view(),
        name="closure-request-refuse",
    ),
    path(
        "closure-requests/<int:pk>/cancel/",
        views.ClosureCancelView.as_view(),
        name="closure-request-cancel",
    ),
]
