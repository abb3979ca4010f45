from django.urls import path

from documents.api import views

urlpatterns = [
    path(
        "tickets/<str:token>/document/",
        views.TicketDocumentView.as_view(),
        name="ticket-document",
    ),
    path(
        "staff/documents/<str:code>/status/",
        views.StaffDocumentStatusView.as_view(),
        name="staff-document-status",
    ),
    path("documents/<str:code>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path(
        "documents/<str:code>/pickup/", views.DocumentPickupView.as_view(), name="document-pickup"
    ),
]
