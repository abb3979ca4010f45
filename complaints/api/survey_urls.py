"""Routes of the survey API; wired into mpp/urls.py under /api/v1/."""

from django.urls import path

from complaints.api import survey

urlpatterns = [
    path("tickets/<str:token>/survey/", survey.TicketSurveyView.as_view(), name="ticket-survey"),
    path("reports/ikm/", survey.IkmReportView.as_view(), name="report-ikm"),
]
