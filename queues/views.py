"""Pages of the live queue: the lobby display (layar antrean) and a resident's ticket.

Both are rendered on the server and made live by small scripts over
`static/js/live.js`. Everything a script shows in words comes from here, in
the page's language, through `json_script`. Neither page ever shows a name,
NIK or phone: the ticket page reads only public fields of the ticket.
"""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import dates, timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from agencies.models import Agency, Booth
from agencies.selectors import day_schedule
from closures.selectors import line_closed_text, line_closures
from messaging.models import OptIn
from messaging.selectors import opt_in_get
from mpp.lib.errors import ApplicationError
from mpp.lib.qr import qr_svg
from queues import selectors, services
from queues.display_levels import display_service_level
from queues.journeys import MISSED, NEXT, ticket_journey
from queues.lookup import kiosk_checkin_code_valid, ticket_lookup_typed
from queues.models import DisplayMessage, Ticket

# Calls listed under "Panggilan terakhir" on the lobby display.
RECENT_CALLS = 6
# Ticket pages warn the resident when this many (or fewer) are ahead.
SOON_AHEAD = 3
FLOOR_MAX = 30


# --- the lobby display ------------------------------------------------------


def _clock() -> dict[str, Any]:
    """What the display's clock needs: server time, the zone and localized names."""
    now = timezone.localtime()
    offset = now.utcoffset() or dt.timedelta(0)
    return {
        "serverTime": now.isoformat(),
        # Indonesia keeps no daylight saving time, so one offset holds all day.
        "utcOffsetMinutes": int(offset.total_seconds() // 60),
        "zone": now.tzname() or "",
        # JavaScript counts weekdays from Sunday (0); Django from Monday.
        "days": [str(dates.WEEKDAYS[(i + 6) % 7]) for i in range(7)],
        "months": [str(dates.MONTHS[i]) for i in range(1, 13)],
    }


def _display_filter(request: HttpRequest) -> tuple[int | None, str | None]:
    """`?agency=<id>` and `?floor=<name>`; a malformed value means no filter.

    The same reading as the socket's (queues.snapshots.DisplayFilter), so the
    page drops exactly the events the snapshot left out.
    """
    agency = request.GET.get("agency", "").strip()
    agency_id = int(agency) if agency.isascii() and agency.isdigit() and len(agency) < 10 else None
    floor = request.GET.get("floor", "").strip()
    valid_floor = 0 < len(floor) <= FLOOR_MAX and floor.isprintable()
    return agency_id or None, floor if valid_floor else None


def _display_scope(agency_name: str, floor: str | None) -> str:
    """Whose calls this screen shows: an agency, a floor, or (empty) the whole mall."""
    if agency_name:
        return agency_name
    if floor is not None:
        return _("Lantai %(floor)s") % {"floor": floor}
    return ""


def _display_texts() -> dict[str, str]:
    return {
        "noCalls": _("Belum ada panggilan."),
        "noneWaiting": _("Tidak ada yang menunggu."),
        "moreAgencies": _("+%(count)s instansi lain"),
        "goTo": _("Silakan menuju {counter}"),
        # The estimated wait of a newcomer to an agency's longest line.
        "aboutMinutes": _("± {n} mnt"),
    }


def _display_language(request: HttpRequest) -> str:
    """`?lang=`, else the language chosen on this browser, else the mall's (Indonesian).

    Not Accept-Language: a kiosk browser's own locale (often en-US) says
    nothing about the people reading the lobby screen.
    """
    languages = dict(settings.LANGUAGES)
    for choice in (request.GET.get("lang"), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
        if choice in languages:
            return choice
    return settings.LANGUAGE_CODE


@require_safe
@never_cache  # live pages: a reload must bring today's state, not a cached copy
def display(request: HttpRequest) -> HttpResponse:
    """Layar antrean: the lobby TV. Filters reach the server's snapshot and the script."""
    language = _display_language(request)
    with translation.override(language):
        response = _display(request)
    response["Content-Language"] = language
    return response


def _display(request: HttpRequest) -> HttpResponse:
    agency_id, floor = _display_filter(request)
    params = {"agency": agency_id, "floor": floor}
    query = urlencode({k: v for k, v in params.items() if v is not None})
    floor_agencies = None
    agencies = Agency.objects.all()
    if floor is not None:
        # Line events carry an agency, not a floor: the script keeps those on this floor.
        booths = Booth.objects.filter(floor=floor).values_list("agency_id", flat=True)
        floor_agencies = sorted(set(booths))
        agencies = agencies.filter(pk__in=floor_agencies)
    if agency_id is not None:
        agencies = agencies.filter(pk=agency_id)
    names = {str(pk): name for pk, name in agencies.values_list("pk", "name")}
    messages = list(
        DisplayMessage.objects.filter(is_active=True).values_list("text", flat=True)[:20]
    )
    config = {
        "ws": "/ws/display/" + (f"?{query}" if query else ""),
        "agency": agency_id,
        "floor": floor,
        "floorAgencies": floor_agencies,
        # Names for agencies a line event brings that the snapshot did not list.
        "agencyNames": names,
        "chime": static("sound/chime.wav"),
        "recentLimit": RECENT_CALLS,
        "texts": _display_texts(),
        **_clock(),
    }
    config["serviceLevelUrl"] = "/display/service-level/?" + urlencode(
        {**({"agency": agency_id} if agency_id else {}), "lang": translation.get_language()}
    )
    now = timezone.localtime()
    context = {
        "config": config,
        "service_level": display_service_level(agency_id=agency_id),
        "scope": _display_scope(names.get(str(agency_id), ""), floor),
        "messages": messages,
        "today": date_format(now, "l, j F Y"),
        "time": time_format(now, "H:i"),
        "zone": config["zone"],
    }
    return render(request, "queues/display.html", context)


# --- a resident's ticket ----------------------------------------------------


def _status_texts() -> dict[str, str]:
    """One sentence per status, under the status word: what it means for the resident."""
    return {
        "booked": _("Datang sesuai jadwal, lalu check-in di anjungan MPP."),
        "waiting": _("Halaman ini mengikuti antrean secara langsung."),
        "called": _("Silakan menuju {counter} ({booth})"),
        "serving": _("Anda sedang dilayani di {counter} ({booth})."),
        "done": _("Layanan Anda sudah selesai. Terima kasih telah datang."),
        "no_show": _(
            "Nomor Anda sudah dipanggil, tetapi Anda tidak datang ke loket. "
            "Silakan ambil nomor baru di anjungan."
        ),
        "cancelled": _("Nomor antrean ini sudah dibatalkan dan tidak berlaku lagi."),
        "expired": _(
            "Anda tidak check-in sampai batas waktunya, jadi nomor ini tidak berlaku lagi."
        ),
    }


def _ticket_texts() -> dict[str, Any]:
    return {
        "status": {value: str(label) for value, label in Ticket.Status.choices},
        "detail": _status_texts(),
        "minutes": _("± {n} menit"),
        "cancelConfirm": _(
            "Batalkan nomor antrean ini? Nomor yang dibatalkan tidak bisa dipakai lagi."
        ),
        "cancelFailed": _("Pembatalan gagal. Periksa koneksi lalu coba lagi."),
        "rejoinFailed": _("Gagal masuk kembali ke antrean. Periksa koneksi lalu coba lagi."),
        "documentPickup": _("Ambil berkas: ambil nomor antrean"),
        "documentTrack": _("Lacak berkas"),
        "soundOn": _("Suara aktif"),
        "soundOff": _("Aktifkan suara"),
        "soundBlocked": _("Ketuk untuk mengaktifkan suara"),
    }


def _counter_words(ticket: Ticket) -> dict[str, str]:
    counter = ticket.counter
    return {"counter": counter.label, "booth": counter.booth.label} if counter else {}


def _booking(ticket: Ticket) -> dict[str, str] | None:
    """Slot and check-in window of an online booking (shown while `booked`)."""
    if ticket.slot_start is None or ticket.slot_end is None:
        return None
    start, end = timezone.localtime(ticket.slot_start), timezone.localtime(ticket.slot_end)
    until = end + dt.timedelta(minutes=ticket.service.checkin_grace_minutes)
    opens = day_schedule(day=ticket.date).opens_at
    return {
        "day": date_format(start, "l, j F Y"),
        "start": time_format(start, "H:i"),
        "end": time_format(end, "H:i"),
        "opens": time_format(timezone.localtime(opens), "H:i") if opens else "",
        "until": time_format(timezone.localtime(until), "H:i"),
    }


def _closed_text(ticket: Ticket) -> str:
    """Whether a planned closure shuts the ticket's line now (waiting) or during its slot
    (booked, approved after booking): the resident is told, the ticket keeps its place."""
    if ticket.status not in (Ticket.Status.BOOKED, Ticket.Status.WAITING):
        return ""
    now = timezone.now()
    closures = line_closures(service=ticket.service, at=now)
    if ticket.status == Ticket.Status.BOOKED and ticket.slot_start and ticket.slot_end:
        start = max(ticket.slot_start, now)
        until = closures.closed_during(start, max(ticket.slot_end, start))
        return line_closed_text(until, at=ticket.slot_start) if until else ""
    until = closures.closed_until(now)
    return line_closed_text(until, at=now) if until else ""


def _ticket_context(request: HttpRequest, ticket: Ticket) -> dict[str, Any]:
    place = selectors.ticket_position(ticket=ticket)
    status = ticket.status
    words = _counter_words(ticket)
    detail = _status_texts()[status]
    booked = status == Ticket.Status.BOOKED
    config = {
        "ws": f"/ws/tickets/{ticket.token}/",
        "cancelUrl": f"/api/v1/tickets/{ticket.token}/cancel/",
        "rejoinUrl": f"/api/v1/tickets/{ticket.token}/rejoin/",
        "documentUrl": f"/api/v1/tickets/{ticket.token}/document/",
        "rejoinUntil": ticket.rejoin_until.isoformat() if ticket.rejoin_until else None,
        "now": timezone.now().isoformat(),
        "chime": static("sound/chime.wav"),
        "soonAhead": SOON_AHEAD,
        "code": ticket.code,
        "token": ticket.token,
        "date": ticket.date.isoformat(),
        "serviceName": ticket.service.name,
        "service": ticket.service_id,
        "agency": ticket.service.agency_id,
        "status": status,
        "counter": {"label": words["counter"], "booth": words["booth"]} if words else None,
        "position": place.position,
        "peopleAhead": place.people_ahead,
        "minutes": place.estimated_wait_minutes,
        "texts": _ticket_texts(),
    }
    return {
        "ticket": ticket,
        "config": config,
        "position": place,
        "soon": place.people_ahead is not None and place.people_ahead <= SOON_AHEAD,
        "minutes": _("± {n} menit").format(n=place.estimated_wait_minutes),
        "status_detail": detail.format(**words) if words or "{" not in detail else "",
        "called_line": _status_texts()["called"].format(**words) if words else "",
        "booking": _booking(ticket) if booked else None,
        "qr": qr_svg(request.build_absolute_uri(request.path)) if booked else "",
        "cancellable": status in (Ticket.Status.BOOKED, Ticket.Status.WAITING),
        "rejoin_left": _rejoin_left(ticket),
        "closed_text": _closed_text(ticket),
        "zone": timezone.localtime().tzname() or "",
        **_journey_context(ticket),
    }


def _journey_context(ticket: Ticket) -> dict[str, Any]:
    """A journey's stages and the next stop (templates/queues/ticket_journey.html)."""
    steps = ticket_journey(ticket)
    if not steps:
        return {}
    return {
        "journey_steps": steps,
        "journey_next": next((s for s in steps if s.status == NEXT), None),
        "journey_missed": any(s.status == MISSED for s in steps),
    }


def _rejoin_left(ticket: Ticket) -> str:
    """ "mm:ss" left to rejoin, as the page first shows it (its script counts down)."""
    if ticket.rejoin_until is None:
        return ""
    seconds = max(int((ticket.rejoin_until - timezone.now()).total_seconds()), 0)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _post_rejoin(ticket: Ticket) -> str:
    """The rejoin form for browsers without JavaScript: the refusal, or "" when done."""
    try:
        services.ticket_rejoin(ticket=ticket)
    except ApplicationError as exc:
        return str(exc.detail)
    return ""


def _ticket_or_404(token: str) -> Ticket:
    try:
        return selectors.ticket_get(token=token)
    except Ticket.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def ticket_page(request: HttpRequest, token: str) -> HttpResponse:
    """A resident's ticket. POST is the cancel form for browsers without JavaScript:
    the first asks to confirm, the second (`confirm`) cancels."""
    ticket = _ticket_or_404(token)
    error = rejoin_error = ""
    asking = False
    if request.method == "POST" and "whatsapp" in request.POST:
        # Asked on the page: news of this ticket by WhatsApp, on the phone it holds.
        services.ticket_whatsapp_opt_in(
            ticket=ticket, source=OptIn.Source.TICKET_PAGE, language=get_language()
        )
        return redirect("ticket-page", token=ticket.token)
    if request.method == "POST" and "rejoin" in request.POST:
        rejoin_error = _post_rejoin(ticket)
        if not rejoin_error:
            return redirect("ticket-page", token=ticket.token)
        ticket = _ticket_or_404(token)
    elif request.method == "POST":
        if "confirm" not in request.POST:
            asking = True
        else:
            try:
                services.ticket_cancel(ticket=ticket, actor=None)
            except ApplicationError as exc:
                error = exc.detail
            else:
                return redirect("ticket-page", token=ticket.token)
            ticket = _ticket_or_404(token)
    elif "checkin" in request.GET and ticket.status == Ticket.Status.BOOKED:
        checkin_error = _check_in_from_phone(ticket, request.GET["checkin"])
        if not checkin_error:
            return redirect("ticket-page", token=ticket.token)
        error = checkin_error
    context = _ticket_context(request, ticket)
    context.update(
        confirm_cancel=asking and context["cancellable"],
        cancel_error=error,
        rejoin_error=rejoin_error,
    )
    context.update(_whatsapp_context(ticket))
    return render(request, "queues/ticket.html", context)


def _whatsapp_context(ticket: Ticket) -> dict[str, bool]:
    """Whether the page offers WhatsApp news (the ticket has a phone, no consent yet) or
    says it is on. The phone itself is never shown on the page."""
    if not ticket.phone or ticket.status not in Ticket.ACTIVE_STATUSES:
        return {"whatsapp_offer": False, "whatsapp_on": False}
    on = opt_in_get(phone=ticket.phone) is not None
    return {"whatsapp_offer": not on, "whatsapp_on": on}


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def phone_checkin(request: HttpRequest) -> HttpResponse:
    """/checkin/?code=...: where a phone lands after scanning the kiosk's rotating QR.

    The page lists the bookings this phone has opened (kept in the browser by the ticket
    page) as one-tap check-in links; a resident whose ticket is not on this phone types
    the booking code and the NIK's last four digits instead (POST): the code alone is
    public (called aloud, on the lobby screen) and never names a ticket here."""
    code = (request.POST.get("code") or request.GET.get("code") or "")[:300]
    valid = kiosk_checkin_code_valid(code)
    error = "" if valid else _expired_kiosk_code()
    status = 200 if valid else 400
    typed = request.POST.get("ticket", "")[:300]
    if request.method == "POST" and valid:
        try:
            # A typed code needs the NIK's last four digits (queues/lookup.py).
            ticket = ticket_lookup_typed(request, typed)
        except ApplicationError as exc:
            error, status = exc.detail, exc.status_code
        else:
            error = _check_in_from_phone(ticket, code)
            if not error:
                return redirect("ticket-page", token=ticket.token)
            status = 400
    context = {"code": code, "valid": valid, "error": error, "typed": typed}
    return render(request, "queues/phone_checkin.html", context, status=status)


def _expired_kiosk_code() -> str:
    return str(
        _(
            "Kode QR anjungan sudah kedaluwarsa atau tidak sah. "
            "Pindai kode yang sedang tampil di anjungan."
        )
    )


def _check_in_from_phone(ticket: Ticket, value: str) -> str:
    """Check in with the QR the kiosk shows (it changes every 90 s: proof of being
    on site). Returns the refusal, or "" when the ticket now waits."""
    if not kiosk_checkin_code_valid(value[:300]):
        return _expired_kiosk_code()
    try:
        services.ticket_check_in(ticket=ticket, actor=None)
    except ApplicationError as exc:
        return exc.detail
    return ""
