"""Routes of the survey pages; wired into mpp/urls.py at the root."""

from django.urls import path

from complaints import survey_views

urlpatterns = [
    path("survey/<str:token>/", survey_views.survey_page, name="survey"),
    path("kiosk/survey/", survey_views.kiosk_survey, name="kiosk-survey"),
    path("dashboard/reports/ikm/", survey_views.ikm_report_page, name="ikm-report"),
]
