"""Booth alert routes under /api/v1/; wired into mpp/urls.py."""

from django.urls import path

from monitoring.api import views

urlpatterns = [
    path("booth-alerts/", views.BoothAlertListView.as_view(), name="booth-alert-list"),
    path(
        "booth-alerts/<int:pk>/acknowledge/",
        views.BoothAlertAcknowledgeView.as_view(),
        name="booth-alert-acknowledge",
    ),
]
