"""Report routes under /api/v1/; wired into mpp/urls.py."""

from django.urls import path

from reports.api import monev, staffing_views, views

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
    path(
        "reports/staffing/",
        staffing_views.StaffingReportView.as_view(),
        name="report-staffing",
    ),
    path(
        "reports/service-levels/",
        staffing_views.ServiceLevelReportView.as_view(),
        name="report-service-levels",
    ),
]
