"""Report routes under /api/v1/; wired into mpp/urls.py."""

from django.urls import path

from reports.api import monev, views

urlpatterns = [
    path(
        "reports/attendance/",
        views.AttendanceReportView.as_view(),
        name="report-attendance",
    ),
    path("reports/monev/", monev.MonevReportView.as_view(), name="report-monev"),
    path(
        "reports/performance/",
        views.PerformanceReportView.as_view(),
        name="report-performance",
    ),
]
