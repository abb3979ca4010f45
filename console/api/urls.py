from django.urls import path

from console.api import views

urlpatterns = [
    path("counters/<int:pk>/", views.CounterDetailView.as_view(), name="counter-detail"),
    path("counters/<int:pk>/open/", views.CounterOpenView.as_view(), name="counter-open"),
    path("counters/<int:pk>/close/", views.CounterCloseView.as_view(), name="counter-close"),
    path("counters/<int:pk>/pause/", views.CounterPauseView.as_view(), name="counter-pause"),
    path("counters/<int:pk>/resume/", views.CounterResumeView.as_view(), name="counter-resume"),
    path("counters/<int:pk>/queue/", views.CounterQueueView.as_view(), name="counter-queue"),
    path(
        "counters/<int:pk>/call-next/",
        views.CounterCallNextView.as_view(),
        name="counter-call-next",
    ),
    path("counters/<int:pk>/call/", views.CounterCallView.as_view(), name="counter-call"),
    path("counters/<int:pk>/recall/", views.CounterRecallView.as_view(), name="counter-recall"),
    path("tickets/<str:token>/start/", views.TicketStartView.as_view(), name="ticket-start"),
    path("tickets/<str:token>/finish/", views.TicketFinishView.as_view(), name="ticket-finish"),
    path("tickets/<str:token>/no-show/", views.TicketNoShowView.as_view(), name="ticket-no-show"),
    path(
        "tickets/<str:token>/transfer/", views.TicketTransferView.as_view(), name="ticket-transfer"
    ),
]
