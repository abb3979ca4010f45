from django.urls import path

from agencies.api import views

urlpatterns = [
    path("agencies/", views.AgencyListView.as_view(), name="agency-list"),
    path("services/", views.ServiceListView.as_view(), name="service-list"),
    path("services/<int:pk>/", views.ServiceDetailView.as_view(), name="service-detail"),
    path(
        "services/<int:pk>/availability/",
        views.ServiceAvailabilityView.as_view(),
        name="service-availability",
    ),
]
