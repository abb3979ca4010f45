"""Report routes under /api/v1/; wired into mpp/urls.py."""

from django.urls import path

from counters.api import reports

urlpatterns = [
    path(
        "reports/attendance/",
        reports.AttendanceReportView.as_view(),
        name="report-attendance",
    ),
    path(
        "reports/performance/",
        reports.PerformanceReportView.as_view(),
        name="report-performance",
    ),
]
