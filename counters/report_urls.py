"""Report pages under /dashboard/reports/; wired into mpp/urls.py."""

from django.urls import path

from counters import report_views

urlpatterns = [
    path("dashboard/reports/", report_views.index, name="reports"),
    path(
        "dashboard/reports/attendance/",
        report_views.attendance,
        name="report-attendance-page",
    ),
    path(
        "dashboard/reports/performance/",
        report_views.performance,
        name="report-performance-page",
    ),
]
