"""Routes of planned closures (penutupan terencana); wired into mpp/urls.py under /api/v1/."""

from django.urls import path

from counters.api import closures

urlpatterns = [
    path(
        "closure-requests/",
        closures.ClosureRequestListView.as_view(),
        name="closure-request-list",
    ),
    path(
        "closure-requests/<int:pk>/",
        closures.ClosureRequestDetailView.as_view(),
        name="closure-request-detail",
    ),
    path(
        "closure-requests/<int:pk>/approve/",
        closures.ClosureApproveView.as_view(),
        name="closure-request-approve",
    ),
    path(
        "closure-requests/<int:pk>/refuse/",
        closures.ClosureRefuseView.as_view(),
        name="closure-request-refuse",
    ),
    path(
        "closure-requests/<int:pk>/cancel/",
        closures.ClosureCancelView.as_view(),
        name="closure-request-cancel",
    ),
]
