"""Report routes under /api/v1/; wired into mpp/urls.py."""

from django.urls import path

from reports.api import views

urlpatterns = [
    path(
        "reports/attendance/",
        views.AttendanceReportView.as_view(),
        name="report-attendance",
    ),
    path(
        "reports/performance/",
        views.PerformanceReportView.as_view(),
        name="report-performance",
    ),
]
