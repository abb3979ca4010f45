"""Routes; wired into mpp/urls.py."""

from django.urls import path

from complaints.api import views

urlpatterns = [
    path("complaints/", views.ComplaintCreateView.as_view(), name="complaint-create"),
    path("complaints/<str:code>/", views.ComplaintDetailView.as_view(), name="complaint-detail"),
    path("staff/complaints/", views.StaffComplaintListView.as_view(), name="staff-complaint-list"),
    path(
        "staff/complaints/export/",
        views.StaffComplaintExportView.as_view(),
        name="staff-complaint-export",
    ),
    path(
        "staff/complaints/<str:code>/",
        views.StaffComplaintDetailView.as_view(),
        name="staff-complaint-detail",
    ),
    path(
        "staff/complaints/<str:code>/respond/",
        views.StaffComplaintRespondView.as_view(),
        name="staff-complaint-respond",
    ),
    path(
        "staff/complaints/<str:code>/lapor/",
        views.StaffComplaintLaporView.as_view(),
        name="staff-complaint-lapor",
    ),
]
