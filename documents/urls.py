"""Routes; wired into mpp/urls.py."""

from django.urls import path

from documents import kiosk_views, views

urlpatterns = [
    path("berkas/", views.document_lookup, name="document-lookup"),
    path("berkas/<str:code>/", views.document_track, name="document-track"),
    path("kiosk/pickup/", kiosk_views.kiosk_pickup, name="kiosk-pickup"),
]
