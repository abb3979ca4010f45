"""Online booking pages (/book/<service id>/) and the calendar file of a booking.

The page shows a calendar of the booking window (closed days with their
reason), the chosen day's slots with the places left, and the form. Every
refusal of `ticket_book` is shown next to the field it concerns and listed in a
summary at the top. A successful booking redirects (post/redirect/get) to its
confirmation, /book/done/<ticket token>/ (code, slot, requirements, QR, .ics), so
a reload shows the same ticket instead of booking again.
"""

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agencies.models import Booth, Journey, Service, User
from agencies.selectors import DaySchedule, Slot, day_schedule, day_schedules
from closures.errors import ServiceClosedForNow
from closures.selectors import (
    LineClosures,
    line_closures,
    slots_closed_day_reason,
    slots_mark_closed,
)
from mpp.lib import pow
from mpp.lib.client_ip import client_key
from mpp.lib.errors import ApplicationError
from mpp.lib.identity import normalize_phone, validate_nik
from mpp.lib.qr import qr_svg
from queues import errors, services
from queues.journeys import journey_starting_at, journeys_starting_at
from queues.models import Ticket
from queues.selectors import counts_quota, service_days_counts, service_slots, ticket_get

# Which form field each refusal of ticket_book belongs next to (None: the whole form).
ERROR_FIELDS: dict[type[ApplicationError], str | None] = {
    errors.DuplicateBooking: "nik",
    errors.SlotFull: "slot",
    errors.InvalidSlot: "slot",
    errors.SlotPassed: "slot",
    errors.QuotaFull: "date",
    errors.OnlineQuotaFull: "date",
    errors.OnlineQuotaReleased: "date",
    errors.DayClosed: "date",
    errors.PastDate: "date",
    errors.BeyondBookingWindow: "date",
    errors.ElderlyPriorityTooYoung: "priority",
    errors.OnlineBookingDisabled: None,
    errors.ServiceUnavailable: None,
    ServiceClosedForNow: "slot",
    errors.TooManyBookingsForNik: "nik",
    errors.TooManyBookingsForPhone: "phone",
    errors.TooManyBookingsFromClient: None,
    errors.ProofOfWorkMissing: None,
}


class BookingForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    slot = forms.TimeField(
        label=_("Jam"),
        input_formats=["%H:%M"],
        error_messages={"required": _("Pilih salah satu jam.")},
    )
    nik = forms.CharField(
        label=_("NIK"),
        max_length=20,
        help_text=_("16 angka sesuai KTP-el/KK."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{16}"}
        ),
    )
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=20,
        help_text=_("Contoh: 081234567890."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "type": "tel"}),
    )
    name = forms.CharField(
        label=_("Nama"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    priority = forms.ChoiceField(
        label=_("Kelompok prioritas"),
        choices=Ticket.Priority.choices,
        initial=Ticket.Priority.REGULAR,
        help_text=_("Lansia, penyandang disabilitas, ibu hamil, atau membawa balita."),
    )
    whatsapp = forms.BooleanField(
        label=_("Kirim kabar antrean lewat WhatsApp ke nomor ini"),
        required=False,
        help_text=_(
            "Konfirmasi, pengingat, giliran dekat dan panggilan. Balas BATAL, POSISI atau TUNDA."
        ),
    )

    def clean_nik(self) -> str:
        return validate_nik(self.cleaned_data["nik"].replace(" ", ""))

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]  # required unless staff assist (see below)
        return normalize_phone(phone) if phone else ""


class AssistedBookingForm(BookingForm):
    """Staff book for a resident without a phone (channel `assisted`)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = False
        self.fields["phone"].help_text = _("Boleh kosong bila warga tidak memiliki HP.")


def _assisting(request: HttpRequest) -> bool:
    """Officers and managers booking on a resident's behalf (pendaftaran dibantu petugas)."""
    user = request.user
    return user.is_authenticated and (user.is_manager or user.role == User.Role.OFFICER)


def ticket_book_for(request: HttpRequest, values: Mapping[str, Any], *, assisted: bool) -> Ticket:
    """`ticket_book()` with a booking's checked fields (named as the API names them).
    Staff assisting a resident book on the assisted channel, as themselves and outside
    the limits; a resident books online, counted against their client address."""
    return services.ticket_book(
        service=values["service"],
        day=values["date"],
        slot_start=values["slot_start"],
        nik=values["nik"],
        phone=values["phone"],
        name=values["name"],
        priority=values["priority"],
        journey=values.get("journey"),
        channel=Ticket.Channel.ASSISTED if assisted else Ticket.Channel.ONLINE,
        actor=request.user if assisted else None,
        client_key="" if assisted else client_key(request),
        whatsapp_language=get_language() if values.get("whatsapp_opt_in") else None,
    )


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    open: bool
    reason: str
    remaining: int
    # Closed by a planned closure of the service, not by the mall's calendar.
    service_closed: bool = False

    @property
    def full(self) -> bool:
        return self.open and self.remaining == 0


def _bookable(slots: list[Slot], now: dt.datetime) -> list[Slot]:
    return [s for s in slots if s.end > now]


def _calendar(service: Service, now: dt.datetime, closures: LineClosures) -> list[CalendarDay]:
    """The booking window day by day, in a fixed number of queries however long it is
    (`closures`, the service's planned closures, are read once for the whole window)."""
    today = timezone.localdate(now)
    last = today + dt.timedelta(days=service.booking_window_days)
    counts = service_days_counts(service=service, first=today, last=last)
    days = []
    for schedule in day_schedules(first=today, last=last):
        day = schedule.date
        if not schedule.open:
            days.append(CalendarDay(day, False, schedule.reason, 0))
            continue
        day_counts = counts.get(day, (0, {}))
        slots = _bookable(service_slots(service=service, schedule=schedule, counts=day_counts), now)
        if not slots and day == today:
            continue  # today's booking hours are over
        slots = slots_mark_closed(slots, closures)
        closed_reason = slots_closed_day_reason(slots)
        quota = counts_quota(service=service, day=day, counts=day_counts, now=now)
        if quota.released and quota.release_at is not None:
            closed_reason = _release_text(quota.release_at, released=True)
        if closed_reason:
            days.append(CalendarDay(day, False, closed_reason, 0, service_closed=True))
            continue
        remaining = sum(s.remaining for s in slots)
        if quota.online_left is not None:
            # Slots each cap at the quota left: their sum would count those places twice.
            remaining = min(remaining, quota.online_left)
        days.append(CalendarDay(day, True, "", remaining))
    return days


def _release_text(at: dt.datetime, *, released: bool = False) -> str:
    """The booking calendar's word on fair quotas (agencies/quotas.py)."""
    hhmm = timezone.localtime(at).strftime("%H:%M")
    if released:
        return str(_("kuota online dibuka untuk datang langsung sejak %(time)s")) % {"time": hhmm}
    return str(
        _("Tempat online yang belum terpakai dibuka untuk datang langsung setelah %(time)s.")
    ) % {"time": hhmm}


def _quota_note(service: Service) -> str:
    """Above the calendar: how much of the daily quota is online, and when it opens to
    walk-ins."""
    if service.daily_quota is None or service.online_quota_percent is None:
        return ""
    note = str(
        _(
            "%(percent)s%% dari kuota harian (%(quota)s) dapat dipesan online; "
            "sisanya untuk warga yang datang langsung."
        )
    ) % {
        "percent": service.online_quota_percent,
        "quota": service.daily_quota,
    }
    if service.online_release_time is not None:
        at = timezone.make_aware(
            dt.datetime.combine(timezone.localdate(), service.online_release_time)
        )
        note = f"{note} {_release_text(at)}"
    return note


def _day_slots(
    service: Service, schedule: DaySchedule, now: dt.datetime, closures: LineClosures
) -> list[Slot]:
    slots = _bookable(service_slots(service=service, schedule=schedule), now)
    return slots_mark_closed(slots, closures)


def _chosen_day(request: HttpRequest, calendar: list[CalendarDay]) -> dt.date | None:
    raw = request.POST.get("date") if request.method == "POST" else request.GET.get("date")
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    free = next((d for d in calendar if d.open and d.remaining), None)
    return free.date if free else None


def booking_done(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation of a booking, keyed by its unguessable token (no personal data in
    the URL or the page); once checked in or cancelled, the live ticket page tells more."""
    try:
        ticket = ticket_get(token=token)
    except Ticket.DoesNotExist:
        raise Http404 from None
    if ticket.status != Ticket.Status.BOOKED or ticket.slot_start is None:
        return HttpResponseRedirect(reverse("ticket-page", args=[ticket.token]))
    ticket_url = request.build_absolute_uri(f"/t/{ticket.token}/")
    context = {
        "service": ticket.service,
        "ticket": ticket,
        "ticket_url": ticket_url,
        "qr_svg": qr_svg(ticket_url, border=4, title=str(_("Kode QR tiket"))),
        "booths": list(Booth.objects.filter(agency_id=ticket.service.agency_id)),
        "slot_start": timezone.localtime(ticket.slot_start),
        "slot_end": timezone.localtime(ticket.slot_end),
        # What ticket.js keeps in localStorage, so /checkin/ (the kiosk's QR) offers it.
        "remember": {
            "token": ticket.token,
            "code": ticket.code,
            "date": ticket.date.isoformat(),
            "service": ticket.service.name,
        },
    }
    return render(request, "queues/book_done.html", context)


def _redirect_to_confirmation(ticket: Ticket) -> HttpResponse:
    # 303 See Other: the browser fetches the confirmation with GET, so a reload re-reads it.
    response = HttpResponseRedirect(reverse("book-done", args=[ticket.token]))
    response.status_code = 303
    return response


def _error_summary(form: BookingForm) -> list[tuple[str, str]]:
    """(anchor, message) of every error in the order the fields appear on the page, for the
    summary at the top: the form sits below a long calendar."""
    items = [("", str(error)) for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            # "Nomor HP: Nomor HP tidak valid." says the field's name twice.
            named = str(error) if str(field.label) in str(error) else f"{field.label}: {error}"
            items.append((f"field-{field.name}", named))
    return items


def _day_refusal(service: Service, day: dt.date | None, now: dt.datetime) -> str:
    """Why `day` cannot be booked at all (past, beyond the window, today's hours over), so
    the page does not call it "Penuh"."""
    if day is None:
        return ""
    today = timezone.localdate(now)
    try:
        services.booking_day_check(service=service, day=day, today=today)
    except ApplicationError as exc:
        return exc.detail
    if day == today:
        schedule = day_schedule(day=day)
        if schedule.open and not _bookable(service_slots(service=service, schedule=schedule), now):
            return str(_("Jam layanan hari ini sudah lewat."))
    return ""


def _book(
    form: BookingForm, service: Service, request: HttpRequest, journey: Journey | None
) -> Ticket | None:
    data = form.cleaned_data
    values = {
        **data,
        "service": service,
        "journey": journey,
        "slot_start": data["slot"],
        "whatsapp_opt_in": data["whatsapp"],
    }
    try:
        return ticket_book_for(request, values, assisted=_assisting(request))
    except ValidationError as exc:  # the service validates NIK and phone again
        form.add_error("phone" if exc.code == "phone_format" else "nik", exc)
    except ApplicationError as exc:
        form.add_error(ERROR_FIELDS.get(type(exc)), exc.detail)
    return None


def _pow_required(request: HttpRequest) -> bool:
    """The proof of work guards residents' bookings; staff assisting at a desk skip it."""
    return settings.ALTCHA_REQUIRED and not _assisting(request)


def _pow_strings() -> str:
    """The widget's words in the page's language (it ships English only)."""
    return json.dumps(
        {
            "label": str(_("Pemeriksaan keamanan")),
            "verifying": str(_("Memeriksa…")),
            "verified": str(_("Pemeriksaan selesai")),
            "verificationRequired": str(_("Tunggu pemeriksaan keamanan selesai.")),
            "waitAlert": str(_("Memeriksa… mohon tunggu.")),
            "error": str(_("Pemeriksaan gagal. Muat ulang halaman.")),
            "expired": str(_("Pemeriksaan kedaluwarsa. Muat ulang halaman.")),
        }
    )


def _pow_passed(form: BookingForm, request: HttpRequest) -> bool:
    if not _pow_required(request) or pow.solution_valid(request.POST.get("altcha", "")):
        return True
    form.add_error(None, errors.ProofOfWorkMissing().detail)
    return False


def book(request: HttpRequest, pk: int) -> HttpResponse:
    service = Service.objects.select_related("agency").filter(pk=pk, is_active=True).first()
    if service is None:
        raise Http404
    form_class = AssistedBookingForm if _assisting(request) else BookingForm
    source = request.POST if request.method == "POST" else request.GET
    journey = journey_starting_at(service, source.get("journey"))
    if request.method == "POST" and service.online_booking:
        form = form_class(request.POST)
        if form.is_valid() and _pow_passed(form, request):
            ticket = _book(form, service, request, journey)
            if ticket is not None:
                return _redirect_to_confirmation(ticket)
    else:
        form = form_class()
    now = timezone.now()
    closures = line_closures(service=service, at=now) if service.online_booking else LineClosures()
    calendar = _calendar(service, now, closures) if service.online_booking else []
    chosen = _chosen_day(request, calendar)
    day_refusal = _day_refusal(service, chosen, now) if service.online_booking else ""
    schedule = day_schedule(day=chosen) if chosen else None
    slots = (
        _day_slots(service, schedule, now, closures)
        if schedule and schedule.open and not day_refusal
        else []
    )
    chosen_entry = next((d for d in calendar if d.date == chosen), None)
    next_free = None
    if chosen and (not slots or not any(s.remaining for s in slots)):
        next_free = next((d for d in calendar if d.date > chosen and d.remaining), None)
    if request.method != "POST" and chosen:
        form.initial["date"] = chosen.isoformat()
    chosen_slot = request.POST.get("slot", "") if request.method == "POST" else ""
    context = {
        "service": service,
        "form": form,
        "calendar": calendar,
        "quota_note": _quota_note(service) if service.online_booking else "",
        "journey": journey,
        "journeys_here": journeys_starting_at(service) if service.online_booking else [],
        "chosen": chosen,
        "chosen_entry": chosen_entry,
        "chosen_schedule": schedule,
        "slots": slots,
        "chosen_slot": chosen_slot,
        "next_free": next_free,
        "day_refusal": day_refusal,
        "error_summary": _error_summary(form) if form.is_bound else [],
        "assisted": _assisting(request),
        "pow_challenge": pow.challenge_json() if _pow_required(request) else "",
        "pow_strings": _pow_strings(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "queues/book.html", context, status=status)


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after one space (RFC 5545)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, chunk = [], b""
    for char in line:
        encoded = char.encode()
        if len(chunk) + len(encoded) > (75 if not parts else 74):
            parts.append(chunk.decode())
            chunk = b""
        chunk += encoded
    parts.append(chunk.decode())
    return "\r\n ".join(parts)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ticket_ics(request: HttpRequest, token: str) -> HttpResponse:
    try:
        ticket = ticket_get(token=token)
    except Ticket.DoesNotExist:
        raise Http404 from None
    if ticket.status != Ticket.Status.BOOKED or ticket.slot_start is None:
        raise Http404
    service = ticket.service
    booths = ", ".join(f"{b.label} ({_('lantai')} {b.floor})" for b in service.agency.booths.all())
    location = f"{settings.MPP_NAME}, {booths}" if booths else settings.MPP_NAME
    requirements = "\n".join(f"- {item}" for item in service.requirements)
    description = "\n".join(
        [
            f"{_('Nomor antrean')}: {ticket.code}",
            f"{_('Check-in di anjungan MPP dengan kode QR atau kode tiket.')}",
            f"{_('Yang perlu dibawa')}:",
            requirements,
            request.build_absolute_uri(f"/t/{ticket.token}/"),
        ]
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Antrean MPP//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{ticket.token}@{request.get_host().split(':')[0]}",
        f"DTSTAMP:{_utc(ticket.issued_at)}",
        f"DTSTART:{_utc(ticket.slot_start)}",
        f"DTEND:{_utc(ticket.slot_end or ticket.slot_start)}",
        f"SUMMARY:{_ics_text(f'{ticket.code} {service.name}')}",
        f"LOCATION:{_ics_text(location)}",
        f"DESCRIPTION:{_ics_text(description)}",
        f"URL:{request.build_absolute_uri(f'/t/{ticket.token}/')}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    body = "\r\n".join(_ics_fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="antrean-{ticket.code}.ics"'
    response["Cache-Control"] = "no-store"
    return response
