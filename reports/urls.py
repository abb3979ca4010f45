"""Report pages under /dashboard/reports/; wired into mpp/urls.py."""

from django.urls import path

from reports import monev_views, service_level_views, views

urlpatterns = [
    path("dashboard/reports/", views.index, name="reports"),
    path(
        "dashboard/reports/attendance/",
        views.attendance,
        name="report-attendance-page",
    ),
    path("dashboard/reports/monev/", monev_views.monev_page, name="report-monev-page"),
    path(
        "dashboard/reports/performance/",
        views.performance,
        name="report-performance-page",
    ),
    path(
        "dashboard/reports/service-levels/",
        service_level_views.service_levels,
        name="report-service-levels-page",
    ),
]
