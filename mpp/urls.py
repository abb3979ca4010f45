from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from console import views as console_views
from mpp import metrics, views
from mpp.auth_views import PasswordChangeView, TokenView
from queues import booking_views, catalog_views, display_levels, kiosk_views, voice
from queues import views as queue_views

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include("agencies.api.urls")),
    path("", include("queues.api.urls")),
    path("", include("console.api.urls")),
    path("", include("counters.api.urls")),
    path("", include("monitoring.api.urls")),
    path("", include("reports.api.urls")),
    path("", include("closures.api.urls")),
    path("", include("complaints.api.urls")),
    path("", include("documents.api.urls")),
    path("", include("complaints.api.survey_urls")),
    path("", include("whatsapp.urls")),
]

urlpatterns = [
    path("", catalog_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("staff/", views.staff_home, name="staff-home"),
    path("counter/", console_views.console, name="counter-console"),
    path("display/", queue_views.display, name="display"),
    path("display/service-level/", display_levels.service_level, name="display-service-level"),
    path("services/<int:pk>/", catalog_views.service_detail, name="service-page"),
    path("book/<int:pk>/", booking_views.book, name="book"),
    path("book/done/<str:token>/", booking_views.booking_done, name="book-done"),
    path("kiosk/", kiosk_views.kiosk, name="kiosk"),
    path("checkin/", queue_views.phone_checkin, name="phone-checkin"),
    path("t/<str:token>/", queue_views.ticket_page, name="ticket-page"),
    path("t/<str:token>/calendar.ics", booking_views.ticket_ics, name="ticket-ics"),
    path("voice/<str:name>", voice.serve_audio, name="voice-audio"),
    path("", include("monitoring.urls")),
    path("", include("reports.urls")),
    path("", include("closures.urls")),
    path("", include("complaints.urls")),
    path("", include("documents.urls")),
    path("", include("complaints.survey_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script (CSP).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
]

handler404 = views.page_not_found
handler500 = views.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
