from django.urls import path

from queues.api import views

urlpatterns = [
    path("bookings/", views.BookingView.as_view(), name="booking-create"),
    path("kiosk/tickets/", views.KioskTicketView.as_view(), name="kiosk-ticket"),
    path("check-in/", views.CheckInView.as_view(), name="check-in"),
    path("tickets/<str:token>/", views.TicketDetailView.as_view(), name="ticket-detail"),
    path("tickets/<str:token>/cancel/", views.TicketCancelView.as_view(), name="ticket-cancel"),
    path("tickets/<str:token>/rejoin/", views.TicketRejoinView.as_view(), name="ticket-rejoin"),
    path("tickets/<str:token>/start/", views.TicketStartView.as_view(), name="ticket-start"),
    path("tickets/<str:token>/finish/", views.TicketFinishView.as_view(), name="ticket-finish"),
    path("tickets/<str:token>/no-show/", views.TicketNoShowView.as_view(), name="ticket-no-show"),
    path(
        "tickets/<str:token>/transfer/", views.TicketTransferView.as_view(), name="ticket-transfer"
    ),
]
