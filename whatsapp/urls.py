from django.urls import path

from whatsapp import views

urlpatterns = [
    path("notify/whatsapp/webhook/", views.webhook, name="whatsapp-webhook"),
]
