from django.urls import path

from queues.api import views

urlpatterns = [
    path(
        "services/<int:pk>/availability/",
        views.ServiceAvailabilityView.as_view(),
        name="service-availability",
    ),
    path("bookings/", views.BookingView.as_view(), name="booking-create"),
    path("kiosk/tickets/", views.KioskTicketView.as_view(), name="kiosk-ticket"),
    path("journeys/", views.JourneyListView.as_view(), name="journey-list"),
    path("check-in/", views.CheckInView.as_view(), name="check-in"),
    path("tickets/<str:token>/", views.TicketDetailView.as_view(), name="ticket-detail"),
    path("tickets/<str:token>/cancel/", views.TicketCancelView.as_view(), name="ticket-cancel"),
    path("tickets/<str:token>/rejoin/", views.TicketRejoinView.as_view(), name="ticket-rejoin"),
]
