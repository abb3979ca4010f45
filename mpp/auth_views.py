"""The API token endpoint, throttled per client address and locked by django-axes; the
staff's own password change."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse
from django.urls import reverse_lazy
from rest_framework.authtoken.views import ObtainAuthToken

from mpp.lib.throttling import LoginThrottle


class TokenView(ObtainAuthToken):
    """`POST /api/v1/auth/token/ {username, password}` -> `{"token": "..."}`.

    Each attempt hashes a password (slow by design): the throttle keeps one client
    from starving everyone else's requests, and django-axes locks out a username
    after AXES_FAILURE_LIMIT wrong passwords from one address."""

    throttle_classes = [LoginThrottle]

    def get_serializer_context(self) -> dict[str, Any]:
        # authenticate() gets Django's request, not DRF's wrapper: django-axes marks a
        # locked-out attempt on it, and its middleware turns that into the 429 lockout.
        return {**super().get_serializer_context(), "request": self.request._request}


class PasswordChangeView(auth_views.PasswordChangeView):
    """/password/: a signed-in person picks a new password (Django's checks: the old one,
    twice the new one, the password validators). It ends a one-time password's duty."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("staff-home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        form.user.must_change_password = False  # saved with the new password
        return super().form_valid(form)
