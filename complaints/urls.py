"""Routes; wired into mpp/urls.py."""

from django.urls import path

from complaints import views

urlpatterns = [
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/track/", views.complaint_lookup, name="complaint-lookup"),
    path("complaints/<str:code>/", views.complaint_track, name="complaint-track"),
    path("dashboard/complaints/", views.inbox, name="complaint-inbox"),
    path("dashboard/complaints/export/", views.export, name="complaint-export"),
    path("dashboard/complaints/<str:code>/", views.case, name="complaint-case"),
    path(
        "dashboard/complaints/<str:code>/attachments/<int:pk>/",
        views.attachment,
        name="complaint-attachment",
    ),
]
