"""The officer console (/counter/).

Server-rendered, made live by `static/counters/console.js` over the counter
endpoints of the JSON API (session auth and the CSRF token) and the counter's
live stream (`/ws/counters/<id>/`). Everything the script says in words comes
from here, in the page's language, through `json_script`.

- `/counter/` picks one of the user's counters (officers: their agency's,
  managers: all);
- `/counter/?counter=<id>` is the console of that counter;
- `/counter/?counter=<id>&part=counts` answers today's counts as JSON, so the
  script can refresh them without a route of its own.

Only officers and managers (and admins) get in; anyone else gets a 403 page
that says why. The console is the one page that shows the last 4 digits of a
NIK (`nik_last4`), for the officer to check the applicant.
"""

from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agencies.models import User
from agencies.selectors import service_list
from closures.selectors import (
    closure_notices_for_counter,
    services_closed_until,
    until_text,
)
from console.api.serializers import CounterStateSerializer
from counters.models import Counter, CounterPause, CounterSession
from counters.selectors import counter_get_for_user, counters_for_user
from mpp.lib.errors import NotAllowed
from mpp.lib.pages import role_refused
from queues.api.serializers import StaffTicketSerializer
from queues.models import Ticket
from queues.selectors import (
    counter_current_ticket,
    counter_queue,
    counter_today_counts,
    queue_positions,
)

# Presets offered when pausing (the officer may also type a reason).
PAUSE_REASONS = [gettext_noop("Istirahat"), gettext_noop("Salat"), gettext_noop("Rapat")]


# --- who may use the console ------------------------------------------------


def _may_use_console(user: User) -> bool:
    return user.is_manager or (user.role == User.Role.OFFICER and user.agency_id is not None)


def _refuse(request: HttpRequest, *, status: int, title: str, message: str) -> HttpResponse:
    context = {"title": title, "message": message, "status": status}
    return render(request, "counters/refused.html", context, status=status)


def _forbidden_role(request: HttpRequest) -> HttpResponse:
    message = _(
        "Halaman loket hanya untuk petugas loket dan pengelola MPP. "
        "Akun Anda (%(role)s) tidak dapat membuka loket."
    )
    return role_refused(request, template="counters/refused.html", message=message)


def _counter_from_query(request: HttpRequest, raw: str) -> Counter | HttpResponse:
    """The counter of `?counter=<id>`, or the refusal page (404 or 403) to answer."""
    not_found = _refuse(
        request,
        status=404,
        title=_("Loket tidak ditemukan"),
        message=_("Loket dengan nomor id itu tidak ada atau tidak aktif. Pilih loket dari daftar."),
    )
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        return not_found
    try:
        counter = counter_get_for_user(user=request.user, counter_id=int(raw))
    except Counter.DoesNotExist:
        return not_found
    except NotAllowed:
        return _refuse(
            request,
            status=403,
            title=_("Bukan loket Anda"),
            message=_(
                "Loket ini milik instansi lain. Petugas hanya dapat membuka loket instansinya "
                "sendiri."
            ),
        )
    if not counter.is_active:
        return not_found
    return counter


# --- today's counts ---------------------------------------------------------


def _number_text(counter: Counter) -> str:
    """ "Loket 3" beside the label, unless the label already says just that."""
    text = _("Loket %(number)s") % {"number": counter.number}
    return "" if text.casefold() == counter.label.strip().casefold() else text


# --- the picker ---------------------------------------------------------------


def _picker_groups(user: User) -> list[dict[str, Any]]:
    """The user's counters grouped by agency, each with its state (one query)."""
    open_sessions = CounterSession.objects.filter(counter=OuterRef("pk"), closed_at__isnull=True)
    open_pauses = CounterPause.objects.filter(
        session__counter=OuterRef("pk"), session__closed_at__isnull=True, ended_at__isnull=True
    )
    counters = (
        counters_for_user(user=user)
        .annotate(is_open=Exists(open_sessions), is_paused=Exists(open_pauses))
        .order_by("booth__agency__order", "booth__agency__name", "number")
    )
    officers = dict(
        CounterSession.objects.filter(
            closed_at__isnull=True, counter__in=[c.pk for c in counters]
        ).values_list("counter_id", "officer__username")
    )
    groups: OrderedDict[int, dict[str, Any]] = OrderedDict()
    for counter in counters:
        agency = counter.booth.agency
        group = groups.setdefault(agency.pk, {"agency": agency, "counters": []})
        if counter.is_paused:
            state, label = "paused", _("Istirahat")
        elif counter.is_open:
            state, label = "open", pgettext("keadaan loket", "Buka")
        else:
            state, label = "closed", pgettext("keadaan loket", "Tutup")
        group["counters"].append(
            {
                "counter": counter,
                "number_text": _number_text(counter),
                "state": state,
                "state_label": label,
                "officer": officers.get(counter.pk),
                "mine": officers.get(counter.pk) == user.get_username(),
            }
        )
    return list(groups.values())


# --- the console --------------------------------------------------------------


def _service_groups(*, first_agency_id: int) -> list[dict[str, Any]]:
    """Every active service of every agency (what GET /api/v1/services/ lists),
    grouped by agency, the counter's own agency first: for transfers (another
    stage, another agency) and assisted tickets. Each carries `closed_text`, empty
    unless a planned closure shuts the line now."""
    groups: OrderedDict[int, dict[str, Any]] = OrderedDict()
    now = timezone.now()
    closed = services_closed_until(at=now)
    for service in service_list():
        until = closed.get(service.pk)
        # A line under a planned closure takes no ticket or transfer: shown, marked, disabled.
        service.closed_text = (
            _("ditutup sementara sampai %(until)s") % {"until": until_text(until, at=now)}
            if until
            else ""
        )
        group = groups.setdefault(
            service.agency_id, {"agency": service.agency.name, "services": []}
        )
        group["services"].append(service)
    own = groups.pop(first_agency_id, None)
    return ([own] if own else []) + list(groups.values())


def _console_texts() -> dict[str, Any]:
    return {
        "state": {
            "closed": pgettext("keadaan loket", "Tutup"),
            "open": pgettext("keadaan loket", "Buka"),
            "paused": _("Istirahat"),
        },
        "status": {value: str(label) for value, label in Ticket.Status.choices},
        "priority": {value: str(label) for value, label in Ticket.Priority.choices},
        "channel": {value: str(label) for value, label in Ticket.Channel.choices},
        "online": _("Terhubung langsung"),
        "offline": _("Terputus, mencoba lagi…"),
        "connecting": _("Menghubungkan…"),
        "noTicket": _("Belum ada tiket dipanggil."),
        "noneWaiting": _("Tidak ada yang menunggu."),
        "noQueue": _("Tidak ada antrean."),
        "call": _("Panggil"),
        "callThis": _("Panggil {code}"),
        "called": _("{code} dipanggil."),
        "recalled": _("{code} dipanggil ulang."),
        "started": _("{code} mulai dilayani."),
        "finished": _("{code} selesai dilayani."),
        "journeyNext": _("{code}: tahap ini selesai; lanjut ke antrean {service} (paket layanan)."),
        "noShow": _("{code} dicatat tidak hadir."),
        "transferred": _("{code} dialihkan ke {service}."),
        "opened": _("Loket dibuka."),
        "paused": _("Loket istirahat: {reason}."),
        "resumed": _("Layanan dilanjutkan."),
        "closed": _("Loket ditutup."),
        "closeConfirm": _("Tutup loket ini? Kehadiran Anda di loket ini berakhir."),
        "issued": _("Tiket {code} diterbitkan."),
        "officer": _("Petugas: {name}"),
        "otherOfficer": _("Loket ini sedang dibuka oleh {name}."),
        "noOfficer": _("Belum ada petugas."),
        "nikNone": _("tidak ada"),
        "minutesAgo": _("{n} mnt"),
        "served": _("Dilayani {n} mnt / target {target} mnt"),
        "servedNoTarget": _("Dilayani {n} mnt"),
        "justNow": _("baru saja"),
        "reasonRequired": _("Pilih atau tulis alasan istirahat."),
        "serviceRequired": _("Pilih layanan tujuan."),
        "noMatch": _("Tidak ada layanan yang cocok."),
        "networkError": _("Tidak dapat menghubungi server. Periksa koneksi lalu coba lagi."),
        "serverError": _("Terjadi kesalahan di server (HTTP {status}). Coba lagi."),
        "sessionExpired": _("Sesi Anda berakhir. Silakan masuk kembali."),
        "fields": {
            "service": _("Layanan"),
            "priority": _("Prioritas"),
            "reason": _("Alasan"),
            "token": _("Tiket"),
        },
    }


def _document_config() -> dict[str, Any]:
    """What static/counters/console_documents.js needs: a document opened after finish
    (berkas, documents/), and a document's next status by its code."""
    return {
        "openUrl": "/api/v1/tickets/{token}/document/",
        "statusUrl": "/api/v1/staff/documents/{code}/status/",
        "today": timezone.localdate().isoformat(),
        "texts": {
            "offer": _("{code} selesai. Dokumennya diserahkan kemudian?"),
            "opened": _("Berkas dibuka untuk {ticket}. Kode berkas: {code}"),
            "moved": _("Berkas {code}: {status}."),
            "codeRequired": _("Ketik kode berkas."),
            "fields": {
                "expected_ready": _("Perkiraan selesai"),
                "note": _("Catatan"),
                "status": _("Status"),
            },
        },
    }


def _console_context(request: HttpRequest, counter: Counter) -> dict[str, Any]:
    state = CounterStateSerializer(counter).data
    tickets = list(counter_queue(counter=counter))
    context = {"positions": queue_positions(tickets)}
    queue = StaffTicketSerializer(tickets, many=True, context=context).data
    services = list(counter.services.filter(is_active=True).values_list("pk", flat=True))
    counts = counter_today_counts(counter=counter)
    service_groups = _service_groups(first_agency_id=counter.booth.agency_id)
    config = {
        "counter": counter.pk,
        "ws": f"/ws/counters/{counter.pk}/",
        "api": f"/api/v1/counters/{counter.pk}/",
        "ticketApi": "/api/v1/tickets/",
        "issueUrl": "/api/v1/kiosk/tickets/",
        "countsUrl": f"{request.path}?counter={counter.pk}&part=counts",
        "ticketPage": "/t/{token}/",
        # Read at render time: logging in rotates the token.
        "csrfToken": get_token(request),
        "user": request.user.get_username(),
        "zone": settings.TIME_ZONE,
        "state": state,
        "queue": queue,
        "counts": counts,
        # Standar Pelayanan's expected minutes per service: the served time's target.
        "serviceMinutes": {
            service.pk: service.expected_service_minutes
            for group in service_groups
            for service in group["services"]
        },
        "texts": _console_texts(),
        "documents": _document_config(),
    }
    return {
        "counter": counter,
        "number_text": _number_text(counter),
        "agency": counter.booth.agency,
        "config": config,
        "state": state,
        "current": counter_current_ticket(counter=counter),
        "tickets": tickets,
        "counts": counts,
        "service_groups": service_groups,
        "closure_notices": closure_notices_for_counter(counter=counter, at=timezone.now()),
        "priorities": Ticket.Priority.choices,
        "pause_reasons": [_(reason) for reason in PAUSE_REASONS],
        "default_service": services[0] if services else None,
    }


@never_cache
@login_required
@require_safe
def console(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not _may_use_console(user):
        return _forbidden_role(request)
    raw = request.GET.get("counter")
    if not raw:
        return render(request, "counters/picker.html", {"groups": _picker_groups(user)})
    found = _counter_from_query(request, raw)
    if isinstance(found, HttpResponse):
        return found
    if request.GET.get("part") == "counts":
        return JsonResponse(counter_today_counts(counter=found))
    return render(request, "counters/console.html", _console_context(request, found))
