"""A one-time password is used once: until its owner picks their own, a signed-in page
request leads to /password/ (the API and sign-out still answer, as do the pages a
browser needs for that form)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a person who must change their password can still reach.
_OPEN_PREFIXES = ("/password/", "/logout/", "/login/", "/static/", "/api/", "/healthz", "/i18n/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect(reverse("password_change"))
        return self.get_response(request)
