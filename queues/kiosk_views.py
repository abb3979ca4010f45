"""The touch kiosk (/kiosk/): walk-in tickets, printing and check-in.

One route, several parts (no routes of its own in mpp/urls.py):
- `GET /kiosk/` the touch screen: most used services, search, agency -> service ->
  priority -> ticket, and
  check-in of an online booking; everything the script needs comes through a
  `json_script` config (agencies with the services that have a counter);
- `GET /kiosk/?part=print&token=<token>` the printable ticket (58/80 mm);
- `GET /kiosk/?part=qr` the rotating phone check-in code as JSON;
- `GET /kiosk/?part=search&q=<words>` ids of the services matching, best first;
- `GET /kiosk/?part=counts` how many wait in each line (the home screen refreshes);
- `POST /kiosk/pickup/` (documents/kiosk_views.py) takes a pickup number for a
  ready document (ambil berkas);
- `POST /kiosk/` with `action=checkin&value=<URL, token or code>` (a typed code
  with `nik4`, the NIK's last four digits) checks a booking in;
  `action=void&token=<token>` cancels a walk-in whose print failed.

Walk-in tickets are issued by the script through the JSON API
(`POST /api/v1/kiosk/tickets/`, session auth and the CSRF token).
Only the kiosk account and managers (for testing) get in; others get a 403.
"""

from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from csp.constants import SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods

from agencies.models import Booth, Service, User
from agencies.quotas import DayQuota
from agencies.selectors import DaySchedule, day_schedule, service_search
from closures.selectors import service_closed_until, services_closed_until, until_text
from mpp.lib.errors import ApplicationError
from mpp.lib.pages import role_refused
from mpp.lib.qr import qr_svg
from queues import selectors, services
from queues.journeys import journey_list
from queues.kiosk_icons import agency_icon, icon_sprite
from queues.kiosk_mode import kiosk_language
from queues.lookup import CHECKIN_MAX_AGE, kiosk_checkin_code, ticket_lookup_typed
from queues.models import Ticket

# The kiosk shows a new code this often, so a code on screen always has time left.
CHECKIN_ROTATE_SECONDS = 60
IDLE_SECONDS = 60
# How often the home screen refreshes its waiting counts; how many tiles "most used" has.
COUNTS_REFRESH_SECONDS = 30
POPULAR_TILES = 8
SEARCH_LIMIT = 12
PAPER_WIDTHS = ("58", "80")


# --- who may use the kiosk --------------------------------------------------


def _user(request: HttpRequest) -> User:
    """The signed-in user (every part sits behind login_required)."""
    return cast(User, request.user)


def _may_use_kiosk(user: User) -> bool:
    return user.role == User.Role.KIOSK or user.is_manager


def _forbidden(request: HttpRequest) -> HttpResponse:
    message = _(
        "Anjungan hanya untuk akun anjungan (kiosk) dan pengelola MPP. "
        "Akun Anda (%(role)s) tidak dapat membukanya."
    )
    return role_refused(request, template="queues/kiosk_refused.html", message=message)


# --- data for the screen ----------------------------------------------------


def _closed_text(until, now) -> str:
    return _("Ditutup sementara sampai %(until)s") % {"until": until_text(until, at=now)}


def _catalog(services: list[Service]) -> list[dict[str, Any]]:
    """Agencies with their services (`selectors.kiosk_services`: most used first), the
    busiest agency first. A service under a planned closure carries `closed` (shown
    disabled, with until when); every tile carries its group's icon and its waiting count."""
    now = timezone.now()
    closed = services_closed_until(at=now)
    quotas = selectors.services_quota(services=services, now=now)
    agencies: dict[int, dict[str, Any]] = {}
    for service in services:
        agency = agencies.setdefault(
            service.agency_id,
            {
                "id": service.agency_id,
                "code": service.agency.code,
                "name": service.agency.name,
                "icon": agency_icon(
                    code=service.agency.code, name=service.agency.name, kind=service.agency.kind
                ),
                "popularity": 0,
                "waiting": 0,
                "services": [],
            },
        )
        agency["popularity"] += service.popularity  # type: ignore[attr-defined]
        agency["waiting"] += service.waiting  # type: ignore[attr-defined]
        until = closed.get(service.pk)
        agency["services"].append(
            {
                "id": service.pk,
                "name": service.name,
                "prefix": service.prefix,
                "agency": service.agency_id,
                "icon": agency["icon"],
                "waiting": service.waiting,  # type: ignore[attr-defined]
                "closed": _closed_text(until, now) if until else "",
                **_places(quotas.get(service.pk)),
            }
        )
    return sorted(agencies.values(), key=lambda a: (-a["popularity"], a["name"].casefold()))


def _places(quota: DayQuota | None) -> dict[str, Any]:
    """A tile's walk-in places left today (README "Fair quotas"); {} without a quota.
    `full` tiles are shown but not tappable, saying when unused online places open."""
    if quota is None or quota.walk_in_left is None:
        return {}
    later = ""
    if not quota.released and quota.release_at is not None and quota.online_left:
        later = _("+%(n)s tempat online dibuka pukul %(time)s") % {
            "n": quota.online_left,
            "time": time_format(timezone.localtime(quota.release_at), "H:i"),
        }
    if quota.walk_in_left:
        text = _("Sisa %(n)s tempat hari ini") % {"n": quota.walk_in_left}
    else:
        text = _("Kuota datang langsung habis")
    return {
        "places": quota.walk_in_left,
        "full": not quota.walk_in_left,
        "places_text": f"{text}; {later}" if later else text,
    }


def _journeys(catalog: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Journeys (paket layanan) whose first line this kiosk issues for and that is open:
    one ticket for all their stages."""
    tiles = {s["id"]: s for agency in catalog for s in agency["services"]}
    journeys = []
    for journey in journey_list():
        stages = [stage.service for stage in journey.stages.all()]
        first = tiles.get(stages[0].pk)
        if first is None or first["closed"] or first.get("full"):
            continue
        journeys.append(
            {
                "id": journey.pk,
                "name": journey.name,
                "service": first["id"],
                "icon": first["icon"],
                "stages": " → ".join(f"{s.name} ({s.agency.code.upper()})" for s in stages),
                "places_text": first.get("places_text", ""),
            }
        )
    return journeys


def _popular(services: list[Service], catalog: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The services residents took most lately (none on a fresh install)."""
    by_id = {s["id"]: s for agency in catalog for s in agency["services"]}
    used = [s for s in services if s.popularity > 0][:POPULAR_TILES]  # type: ignore[attr-defined]
    names = {agency["id"]: agency["name"] for agency in catalog}
    return [{**by_id[s.pk], "agency_name": names[s.agency_id]} for s in used]


def _priorities() -> list[dict[str, str]]:
    return [{"value": value, "label": str(label)} for value, label in Ticket.Priority.choices]


def _resume_text(schedule: DaySchedule, now) -> str:
    if not schedule.open:
        return _("MPP tutup hari ini: %(reason)s. Silakan datang kembali pada hari layanan.") % {
            "reason": schedule.reason
        }
    resumes = schedule.resumes_at(now)
    if resumes is None:
        return _(
            "Pengambilan nomor antrean hari ini sudah ditutup. "
            "Silakan datang kembali pada hari layanan berikutnya."
        )
    local = timezone.localtime(resumes)
    if schedule.in_break(now):
        return _("Layanan sedang istirahat. Pengambilan nomor dibuka kembali pukul %s WIB.") % (
            time_format(local, "H:i")
        )
    return _("Pengambilan nomor antrean dibuka pukul %s WIB.") % time_format(local, "H:i")


def _texts() -> dict[str, str]:
    return {
        "issuing": _("Mengambil nomor antrean…"),
        "retrying": _("Sistem sedang sibuk, mencoba lagi… Mohon tunggu."),
        "printing": _("Mencetak tiket…"),
        "takeTicket": _("Silakan ambil tiket Anda."),
        "printFailed": _("Tiket gagal dicetak."),
        "voided": _("Nomor antrean dibatalkan. Silakan ambil nomor baru atau hubungi petugas."),
        "networkError": _("Koneksi terputus. Silakan coba lagi atau hubungi petugas."),
        "checkedIn": _("Check-in berhasil. Silakan menunggu panggilan."),
        "peopleAhead": _("Orang di depan Anda: {n}"),
        "checkinEmpty": _("Pindai kode QR atau ketik kode antrean Anda."),
        "waiting": _("{n} menunggu"),
        "searchNone": _(
            "Tidak ada layanan yang cocok. Coba kata lain, atau sentuh instansi di bawah."
        ),
        "askOfficer": _("Tunjukkan kode ini kepada petugas informasi bila tiket tidak keluar."),
        "pickupEmpty": _("Ketik kode berkas Anda (16 huruf dan angka)."),
    }


def _config(request: HttpRequest, issuing: bool, catalog: list[dict[str, Any]]) -> dict[str, Any]:
    paper = request.GET.get("paper", "80")
    return {
        "catalog": catalog,
        "priorities": _priorities(),
        "issuing": issuing,
        "issueUrl": "/api/v1/kiosk/tickets/",
        "kioskUrl": reverse("kiosk"),
        "pickupUrl": reverse("kiosk-pickup"),
        "csrfToken": get_token(request),
        "paper": paper if paper in PAPER_WIDTHS else "80",
        "idleSeconds": IDLE_SECONDS,
        "qrRotateSeconds": CHECKIN_ROTATE_SECONDS,
        "countsSeconds": COUNTS_REFRESH_SECONDS,
        "texts": _texts(),
    }


# --- the view ---------------------------------------------------------------


@login_required
@never_cache
@xframe_options_sameorigin  # the ticket prints from a same-origin iframe
@csp_replace({"frame-ancestors": [SELF]})  # and the CSP must let that iframe in too
@require_http_methods(["GET", "HEAD", "POST"])
def kiosk(request: HttpRequest) -> HttpResponse:
    return kiosk_answer(request, _kiosk_part)


def kiosk_answer(
    request: HttpRequest, answer: Callable[[HttpRequest], HttpResponse]
) -> HttpResponse:
    """Every kiosk route's frame (this one, the documents app's ambil berkas): the kiosk
    account or a manager only, in the kiosk's language (its switch, kept in a cookie)."""
    if not _may_use_kiosk(_user(request)):
        return _forbidden(request)
    language = kiosk_language(request)
    with translation.override(language):
        response = answer(request)
    response["Content-Language"] = language
    if request.GET.get("lang") == language:
        # The pages the kiosk opens next (a complaint, its confirmation) follow this choice.
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


def _kiosk_part(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _post(request)
    part = request.GET.get("part", "")
    if part == "print":
        return _print(request)
    if part == "qr":
        return _qr(request)
    if part == "search":
        return _search(request)
    if part == "counts":
        return JsonResponse({"waiting": selectors.services_waiting()})
    return _screen(request)


def _screen(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    schedule = day_schedule(day=timezone.localdate(now))
    issuing = schedule.issuing(now)
    services = selectors.kiosk_services()
    catalog = _catalog(services)
    config = _config(request, issuing, catalog)
    config["journeys"] = _journeys(catalog)
    context = {
        "journeys": config["journeys"],
        "config": config,
        "issuing": issuing,
        "closed_message": "" if issuing else _resume_text(schedule, now),
        "catalog": catalog,
        "popular": _popular(services, catalog),
        "icons": icon_sprite(),
        "paper": config["paper"],
        "languages": settings.LANGUAGES,
    }
    return render(request, "queues/kiosk.html", context)


def _search(request: HttpRequest) -> HttpResponse:
    """Services matching what a resident typed, best first: the portal's forgiving
    search (typos, "e-KTP", "akte"), kept to the lines this kiosk issues for."""
    query = request.GET.get("q", "")[:200]
    found = [s.pk for s in service_search(query=query, limit=SEARCH_LIMIT)] if query.strip() else []
    served = selectors.services_served(service_ids=found) if found else set()
    return JsonResponse({"services": [pk for pk in found if pk in served]})


def _booths(ticket: Ticket) -> str:
    labels = (
        Booth.objects.filter(counters__services=ticket.service_id, counters__is_active=True)
        .order_by("label")
        .values_list("label", flat=True)
        .distinct()
    )
    return ", ".join(labels)


def _ticket_or_none(token: str) -> Ticket | None:
    try:
        return selectors.ticket_get(token=token)
    except Ticket.DoesNotExist:
        return None


def _print(request: HttpRequest) -> HttpResponse:
    ticket = _ticket_or_none(request.GET.get("token", ""))
    if ticket is None:
        return render(
            request,
            "queues/kiosk_refused.html",
            {"title": _("Tiket tidak ditemukan"), "message": _("Tiket tidak ditemukan.")},
            status=404,
        )
    place = selectors.ticket_position(ticket=ticket)
    paper = request.GET.get("paper", "80")
    issued = timezone.localtime(ticket.checked_in_at or ticket.issued_at)
    url = request.build_absolute_uri(reverse("ticket-page", args=[ticket.token]))
    context = {
        "ticket": ticket,
        "paper": paper if paper in PAPER_WIDTHS else "80",
        "booth": _booths(ticket),
        "date": date_format(issued, "j F Y"),
        "time": time_format(issued, "H:i"),
        "people_ahead": place.people_ahead,
        "qr": qr_svg(url),
    }
    return render(request, "queues/kiosk_print.html", context)


def _qr(request: HttpRequest) -> HttpResponse:
    """The rotating check-in QR. It holds a URL so any phone camera app opens it:
    /checkin/?code=<signed value> finds the bookings kept on that phone."""
    value = kiosk_checkin_code(_user(request).pk)
    url = request.build_absolute_uri(reverse("phone-checkin")) + "?" + urlencode({"code": value})
    return JsonResponse(
        {
            "value": value,
            "url": url,
            "maxAge": CHECKIN_MAX_AGE,
            "rotateSeconds": CHECKIN_ROTATE_SECONDS,
            "svg": qr_svg(url),
        }
    )


def kiosk_error(message: str, code: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message, "code": code}, status=status)


def kiosk_ticket_json(ticket: Ticket) -> dict[str, Any]:
    place = selectors.ticket_position(ticket=ticket)
    return {
        "token": ticket.token,
        "code": ticket.code,
        "status": ticket.status,
        "channel": ticket.channel,
        "service_name": ticket.service.name,
        "people_ahead": place.people_ahead,
    }


def _post(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    if action == "checkin":
        return _check_in(request)
    if action == "void":
        return _void(request)
    return kiosk_error(_("Permintaan tidak dapat diproses."), "invalid")


def _check_in(request: HttpRequest) -> HttpResponse:
    value = request.POST.get("value", "")
    if not value.strip():
        return kiosk_error(_("Pindai kode QR atau ketik kode antrean Anda."), "empty")
    try:
        # A typed code needs the NIK's last four digits (queues/lookup.py).
        ticket = ticket_lookup_typed(request, value)
    except ApplicationError as exc:
        return kiosk_error(exc.detail, exc.code, exc.status_code)
    if ticket.status == Ticket.Status.WAITING and ticket.checked_in_at is not None:
        return kiosk_error(
            _("Nomor %(code)s sudah check-in dan sedang menunggu.") % {"code": ticket.code},
            "already_checked_in",
            409,
        )
    if ticket.status != Ticket.Status.BOOKED:
        return kiosk_error(
            _(
                "Nomor %(code)s bukan pendaftaran online yang menunggu check-in "
                "(status: %(status)s)."
            )
            % {"code": ticket.code, "status": ticket.get_status_display()},
            "not_booked",
            409,
        )
    try:
        ticket = services.ticket_check_in(ticket=ticket, actor=_user(request))
    except ApplicationError as exc:
        return kiosk_error(exc.detail, exc.code, exc.status_code)
    return JsonResponse({"ticket": kiosk_ticket_json(ticket), "message": checked_in_text(ticket)})


def checked_in_text(ticket: Ticket) -> str:
    """What a resident reads after check-in. A booking made before its slot was closed is
    still checked in (they came; the ticket keeps its place), but they are told the line
    is shut until when, rather than wait without knowing why."""
    now = timezone.now()
    until = service_closed_until(service=ticket.service, at=now)
    if until is None:
        return _texts()["checkedIn"]
    return _(
        "Check-in berhasil, tetapi layanan ini ditutup sementara sampai %(until)s. "
        "Nomor Anda dipanggil setelah layanan dibuka kembali; tanyakan petugas informasi "
        "bila perlu."
    ) % {"until": until_text(until, at=now)}


def _void(request: HttpRequest) -> HttpResponse:
    """Cancel a walk-in whose ticket never printed, so it does not wait in line unseen."""
    ticket = _ticket_or_none(request.POST.get("token", ""))
    if ticket is None:
        return kiosk_error(_("Tiket tidak ditemukan."), "not_found", 404)
    if ticket.channel != Ticket.Channel.KIOSK or ticket.date != timezone.localdate():
        return kiosk_error(
            _("Hanya tiket anjungan hari ini yang dapat dibatalkan di sini."), "not_kiosk", 409
        )
    try:
        ticket = services.ticket_cancel(ticket=ticket, actor=_user(request))
    except ApplicationError as exc:
        return kiosk_error(exc.detail, exc.code, exc.status_code)
    return JsonResponse({"ticket": kiosk_ticket_json(ticket), "message": _texts()["voided"]})
