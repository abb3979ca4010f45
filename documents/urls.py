"""Routes; wired into mpp/urls.py."""

from django.urls import path

from documents import views

urlpatterns = [
    path("berkas/", views.document_lookup, name="document-lookup"),
    path("berkas/<str:code>/", views.document_track, name="document-track"),
]
