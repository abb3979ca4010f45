"""What a resident's WhatsApp reply does (perintah balasan): BATAL cancels their active
ticket, POSISI answers its place and estimate, TUNDA moves it back once by up to
POSTPONE_PLACES places, BERHENTI withdraws consent; anything else gets a short help.

Each received message is handled once (by its Cloud API id, in the transaction that
acts on it); the reply is queued after commit (messaging.tasks.send_reply), in the
resident's language: the one they chose when opting in; before any opt-in, English when
they wrote an English word (CANCEL, POSITION, DELAY, STOP), else Indonesian.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from messaging import selectors as messaging_selectors
from messaging import services as messaging_services
from messaging.models import OptIn
from mpp.lib.errors import ApplicationError
from mpp.lib.identity import normalize_phone
from mpp.lib.tasks import enqueue_on_commit
from queues import selectors, services
from queues.models import Ticket

WORDS = {
    "BATAL": ("cancel", "id"),
    "CANCEL": ("cancel", "en"),
    "POSISI": ("position", "id"),
    "POSITION": ("position", "en"),
    "STATUS": ("position", ""),
    "TUNDA": ("postpone", "id"),
    "DELAY": ("postpone", "en"),
    "BERHENTI": ("stop", "id"),
    "STOP": ("stop", "en"),
}


def command_of(text: str) -> tuple[str, str]:
    """(command, language of the word) of a reply: its first word, any case."""
    words = text.strip().upper().split()
    return WORDS.get(words[0].strip(".!"), ("help", "")) if words else ("help", "")


def message_receive(*, wamid: str, wa_id: str, text: str, at: dt.datetime) -> str | None:
    """Handle one text a resident sent; the reply queued, or None if handled before."""
    try:
        phone = normalize_phone("+" + wa_id.lstrip("+"))
    except ValidationError:
        phone = "+" + wa_id.lstrip("+")  # not an Indonesian mobile: no ticket, only help
    with transaction.atomic():
        inbound = messaging_services.inbound_claim(wamid=wamid, phone=phone, at=at)
        if inbound is None:
            return None
        command, word_language = command_of(text)
        language = _language(phone) or word_language or "id"
        with translation.override(language):
            reply = _run(command, phone=phone, language=language, at=at)
        inbound.command, inbound.reply, inbound.language = command, reply, language
        inbound.save(update_fields=["command", "reply", "language"])
        enqueue_on_commit("messaging.tasks.send_reply", inbound.pk)
    return reply


def _language(phone: str) -> str:
    """The language chosen when opting in ("" before any opt-in)."""
    opt_in = messaging_selectors.opt_in_get(phone=phone)
    return opt_in.language if opt_in else ""


def _run(command: str, *, phone: str, language: str, at: dt.datetime) -> str:
    if command == "stop":
        messaging_services.opt_in_withdraw(phone=phone)
        return _("Anda tidak akan menerima pesan WhatsApp dari Antrean MPP lagi.")
    if messaging_selectors.opt_in_get(phone=phone) is None:
        # Writing to us is consent to be answered and told (the first message).
        messaging_services.opt_in_record(
            phone=phone, source=OptIn.Source.INBOUND, language=language
        )
    if command == "help":
        return help_text()
    ticket = selectors.ticket_active_for_phone(phone=phone, at=at)
    if ticket is None:
        return _("Tidak ada tiket aktif untuk nomor WhatsApp ini.")
    try:
        return ACTIONS[command](ticket)
    except ApplicationError as refusal:
        return f"{ticket.code}: {refusal.detail}"


def help_text() -> str:
    return _(
        "Antrean MPP. Balas POSISI untuk melihat urutan dan perkiraan waktu tunggu, "
        "TUNDA untuk memundurkan giliran hingga %(places)s tempat (sekali), "
        "BATAL untuk membatalkan tiket, BERHENTI untuk berhenti menerima pesan."
    ) % {"places": services.POSTPONE_PLACES}


def _cancel(ticket: Ticket) -> str:
    services.ticket_cancel(ticket=ticket)
    return _("Tiket %(code)s (%(service)s) sudah dibatalkan. Terima kasih.") % {
        "code": ticket.code,
        "service": ticket.service.name,
    }


def _position(ticket: Ticket) -> str:
    facts = {"code": ticket.code, "service": ticket.service.name}
    if ticket.status == Ticket.Status.BOOKED:
        slot = timezone.localtime(ticket.slot_start) if ticket.slot_start else None
        return _(
            "Nomor %(code)s (%(service)s) terdaftar pada %(date)s pukul %(time)s WIB. "
            "Lakukan check-in di anjungan saat tiba."
        ) % {**facts, "date": ticket.date.strftime("%d-%m-%Y"), "time": _hhmm(slot)}
    if ticket.status in Ticket.AT_COUNTER_STATUSES:
        counter = ticket.counter.number if ticket.counter else "-"
        return _("Nomor %(code)s sedang dipanggil atau dilayani di loket %(counter)s.") % {
            **facts,
            "counter": counter,
        }
    place = selectors.ticket_position(ticket=ticket)
    return _(
        "Nomor %(code)s (%(service)s): urutan ke-%(position)s, %(ahead)s orang di depan Anda, "
        "perkiraan %(minutes)s menit lagi."
    ) % {
        **facts,
        "position": place.position,
        "ahead": place.people_ahead,
        "minutes": place.estimated_wait_minutes,
    }


def _postpone(ticket: Ticket) -> str:
    before = selectors.ticket_position(ticket=ticket).position
    ticket = services.ticket_postpone(ticket=ticket)
    after = selectors.ticket_position(ticket=ticket)
    return _(
        "Giliran %(code)s dimundurkan %(places)s tempat: sekarang urutan ke-%(position)s, "
        "perkiraan %(minutes)s menit lagi. Penundaan hanya dapat dilakukan sekali."
    ) % {
        "code": ticket.code,
        "places": (after.position or 0) - (before or 0),
        "position": after.position,
        "minutes": after.estimated_wait_minutes,
    }


def _hhmm(value: dt.datetime | None) -> str:
    return time_format(value, "H:i") if value else "-"


ACTIONS = {"cancel": _cancel, "position": _position, "postpone": _postpone}
