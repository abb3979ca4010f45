"""Routes; wired into mpp/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
