"""Pages of planned closures (penutupan terencana).

- `/dashboard/closures/` lists pending, approved and past requests (monitoring's
  closure_views.py: it shows the bookings a request would touch, read from the queue);
  its form lets anyone of them ask for a closure (supervisors have no console);
- `POST /dashboard/closures/new/` is where that form and the console's "Ajukan
  penutupan" panel (templates/counters/_closure_request.html) post;
- `POST /dashboard/closures/<id>/<approve|refuse|cancel>/` one step.

Plain HTML forms with the CSRF token: every POST calls the same service as the API
and redirects back (to `next` when it is one of our pages) with a message.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agencies.models import Booth, User
from agencies.selectors import day_schedule
from closures import errors, services
from closures.models import ClosureRequest
from closures.selectors import (
    STAFF_ROLES,
    closure_get_for_user,
    closure_target_text,
    period_text,
)
from counters.models import Counter
from mpp.lib.errors import ApplicationError


def may_see(user: User) -> bool:
    return user.is_manager or (user.role in STAFF_ROLES and user.agency_id is not None)


def forbidden(request: HttpRequest) -> HttpResponse:
    context = {
        "title": _("Akses ditolak"),
        "message": _(
            "Penutupan terencana hanya untuk petugas, supervisor instansi dan pengelola MPP."
        ),
        "status": 403,
    }
    return render(request, "counters/refused.html", context, status=403)


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(target if safe and target.startswith("/") else fallback)


# --- requesting (from the console, or from the list for supervisors) ----------------------


class ClosureRequestForm(forms.Form):
    """`target` is "counter:<id>" (one counter) or "booth:<id>" (the whole booth)."""

    target = forms.RegexField(
        label=gettext_lazy("Yang ditutup"), regex=r"^(counter|booth):[0-9]{1,9}$"
    )
    reason = forms.CharField(label=gettext_lazy("Alasan"), max_length=200)
    starts_at = forms.DateTimeField(label=gettext_lazy("Mulai"), required=False)
    ends_at = forms.DateTimeField(label=gettext_lazy("Sampai"))

    def target_object(self) -> dict[str, Counter | Booth] | None:
        """{"counter": ...} or {"booth": ...}, or None when no such (active) one exists."""
        kind, raw_id = self.cleaned_data["target"].split(":")
        if kind == "counter":
            counter = Counter.objects.select_related("booth").filter(pk=raw_id, is_active=True)
            found = counter.first()
            return {"counter": found} if found else None
        booth = Booth.objects.filter(pk=raw_id).first()
        return {"booth": booth} if booth else None


# The values a refused form carried, so the page shows them again (no JavaScript needed).
FORM_MEMORY_KEY = "closure_form"


def _remember(request: HttpRequest) -> None:
    fields = ("target", "reason", "starts_at", "ends_at")
    request.session[FORM_MEMORY_KEY] = {k: request.POST.get(k, "")[:200] for k in fields}


INPUT_FORMAT = "%Y-%m-%dT%H:%M"  # <input type="datetime-local">


def _default_end(now: dt.datetime) -> dt.datetime:
    """Today's closing time while the day lasts, else an hour from now."""
    closes_at = day_schedule(day=timezone.localdate(now)).closes_at
    if closes_at is not None and closes_at > now:
        return closes_at
    return now + dt.timedelta(hours=1)


def form_initial(request: HttpRequest, *, target: str = "") -> dict[str, str]:
    """What the request form shows: the values of a refused post (once), else from now
    until today's closing time."""
    now = timezone.now()
    initial = {
        "target": target,
        "reason": "",
        "starts_at": timezone.localtime(now).strftime(INPUT_FORMAT),
        "ends_at": timezone.localtime(_default_end(now)).strftime(INPUT_FORMAT),
    }
    remembered = request.session.pop(FORM_MEMORY_KEY, None)
    if isinstance(remembered, dict):
        initial.update({k: str(v) for k, v in remembered.items() if k in initial})
    return initial


def _form_errors(form: forms.Form) -> str:
    texts = []
    for name, field_errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        texts.extend(f"{label}: {error}" if label else str(error) for error in field_errors)
    return " ".join(texts)


def _refused(request: HttpRequest, message: str) -> HttpResponseRedirect:
    messages.error(request, message)
    _remember(request)
    return _back(request, reverse("closure-list"))


@login_required
@require_POST
def closure_create(request: HttpRequest) -> HttpResponse:
    if not may_see(request.user):
        return forbidden(request)
    form = ClosureRequestForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_errors(form))
    target = form.target_object()
    if target is None:
        return _refused(request, str(errors.ClosureNotFound.message))
    data = form.cleaned_data
    try:
        closure = services.closure_request(
            actor=request.user,
            reason=data["reason"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            **target,  # type: ignore[arg-type]
        )
    except ApplicationError as exc:
        return _refused(request, exc.detail)
    messages.success(
        request,
        _("Pengajuan penutupan %(target)s, %(period)s, terkirim ke pengelola MPP.")
        % {
            "target": closure_target_text(closure),
            "period": period_text(closure.starts_at, closure.ends_at),
        },
    )
    return _back(request, reverse("closure-list"))


# --- one step on a request ----------------------------------------------------------


STEP_DONE = {
    "approve": gettext_lazy("Penutupan %(target)s disetujui."),
    "refuse": gettext_lazy("Pengajuan penutupan %(target)s ditolak."),
    "cancel": gettext_lazy("Penutupan %(target)s dibatalkan."),
}


@login_required
@require_POST
def closure_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_DONE:
        raise Http404
    if not may_see(request.user):
        return forbidden(request)
    try:
        closure = closure_get_for_user(user=request.user, closure_id=pk)
    except ClosureRequest.DoesNotExist:
        raise Http404 from None
    note = request.POST.get("note", "")
    fallback = reverse("closure-list")
    service = {
        "approve": services.closure_approve,
        "refuse": services.closure_refuse,
        "cancel": services.closure_cancel,
    }[step]
    try:
        closure = service(closure=closure, actor=request.user, note=note)
    except ApplicationError as exc:
        messages.error(request, exc.detail)
        return _back(request, fallback)
    messages.success(request, STEP_DONE[step] % {"target": closure_target_text(closure)})
    return _back(request, fallback)
