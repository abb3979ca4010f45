"""The WhatsApp webhook (whatsapp/views.py) in the Cloud API's own format: the
verify-token handshake, the signature check, delivery statuses, and residents' replies
BATAL / POSISI / TUNDA acting on their ticket through the queue's services. Replies
go out through the adapter to the Cloud API on loopback (tests/cloud_api.py)."""

import datetime as dt
import hashlib
import hmac
import json
import uuid

import pytest
from django.utils import timezone

from console.services import counter_open
from messaging import services as messaging
from messaging.models import InboundMessage, OptIn, OutboundMessage
from queues.models import Ticket, TicketEvent
from queues.selectors import line_waiting_codes
from queues.services import ticket_book, ticket_call_next, ticket_issue

URL = "/api/v1/notify/whatsapp/webhook/"
WA_ID = "6281234567890"
PHONE = "+6281234567890"
S = Ticket.Status

pytestmark = pytest.mark.usefixtures("clock", "hours", "cloud_api")


def _envelope(value: dict) -> dict:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100000000", "phone_number_id": "1098"},
        **value,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}],
    }


def text_message(text: str, *, wamid: str = "", wa_id: str = WA_ID, kind: str = "text") -> dict:
    message = {
        "from": wa_id,
        "id": wamid or f"wamid.{uuid.uuid4().hex}",
        "timestamp": str(int(timezone.now().timestamp())),
        "type": kind,
    }
    if kind == "text":
        message["text"] = {"body": text}
    else:
        message[kind] = {"id": "1234", "mime_type": "image/jpeg"}
    contacts = [{"profile": {"name": "Warga"}, "wa_id": wa_id}]
    return _envelope({"contacts": contacts, "messages": [message]})


def status_update(wamid: str, status: str, *, errors: list | None = None) -> dict:
    item = {
        "id": wamid,
        "status": status,
        "timestamp": str(int(timezone.now().timestamp())),
        "recipient_id": WA_ID,
    }
    if errors:
        item["errors"] = errors
    return _envelope({"statuses": [item]})


def sign(body: bytes, secret: str = "test-app-secret") -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST a signed payload as Meta does; what was queued on commit runs (eagerly)."""

    def send(payload: dict, *, signature: str | None = None, **headers):
        body = json.dumps(payload).encode()
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                URL,
                data=body,
                content_type="application/json",
                HTTP_X_HUB_SIGNATURE_256=sign(body) if signature is None else signature,
                **headers,
            )

    return send


@pytest.fixture
def say(post, cloud_api):
    """The resident writes `text`; the reply the Cloud API was asked to send."""

    def send(text: str, **kwargs) -> str:
        before = len(cloud_api.received)
        assert post(text_message(text, **kwargs)).status_code == 200
        # Templates may go too (TUNDA moves others near their turn): the reply is the text.
        replies = [r.body for r in cloud_api.received[before:] if r.body["type"] == "text"]
        assert len(replies) <= 1
        if not replies:
            return ""
        (reply,) = replies
        assert reply["to"] == kwargs.get("wa_id", WA_ID)
        return reply["text"]["body"]

    return send


def book(service) -> Ticket:
    """Tomorrow (Wednesday) at 10:00, with the resident's phone."""
    return ticket_book(
        service=service,
        day=dt.date(2026, 11, 25),
        slot_start=dt.time(10),
        nik="3574014501900001",
        phone=PHONE,
    )


@pytest.fixture
def issue(clock, service_a):
    """A walk-in ticket a second after the one before (queue times differ, as they do)."""

    def make(**fields) -> Ticket:
        clock.shift(dt.timedelta(seconds=1))
        return ticket_issue(service=service_a, **fields)

    return make


def line(service) -> list[str]:
    return line_waiting_codes(service_id=service.pk)


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


# --- the handshake and the signature ------------------------------------------------------


def test_verify_token_handshake_returns_the_challenge(client):
    answer = client.get(
        URL,
        {"hub.mode": "subscribe", "hub.verify_token": "test-verify-token", "hub.challenge": "1158"},
    )
    assert answer.status_code == 200 and answer.content == b"1158"


@pytest.mark.parametrize(
    "query",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": "test-verify-token", "hub.challenge": "1"},
        {"hub.challenge": "1"},
    ],
)
def test_handshake_refused_without_the_token(client, query):
    answer = client.get(URL, query)
    assert answer.status_code == 403
    assert answer.json()["code"] == "bad_verify_token"
    assert b"1" not in answer.content.split(b'"code"')[0][-3:]  # no challenge echoed


def test_handshake_refused_when_no_token_is_configured(client, settings):
    settings.WHATSAPP_VERIFY_TOKEN = ""
    query = {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
    answer = client.get(URL, query)
    assert answer.status_code == 403


@pytest.mark.parametrize(
    "signature", ["", "sha256=00", "sha1=abc", sign(b"another body"), "WRONG_SECRET"]
)
def test_a_bad_signature_is_refused_and_nothing_happens(post, service_a, signature):
    ticket = ticket_issue(service=service_a, phone=PHONE)
    payload = text_message("BATAL")
    if signature == "WRONG_SECRET":
        signature = sign(json.dumps(payload).encode(), secret="not-the-app-secret")
    answer = post(payload, signature=signature)
    assert answer.status_code == 403
    assert answer.json()["code"] == "bad_signature"
    assert "tidak sah" in answer.json()["detail"]
    assert fresh(ticket).status == S.WAITING
    assert not InboundMessage.objects.exists()


def test_a_bad_signature_is_refused_in_english(post):
    answer = post(text_message("BATAL"), signature="sha256=00", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Invalid signature."


def test_no_app_secret_configured_refuses_everything(post, settings):
    settings.WHATSAPP_APP_SECRET = ""
    assert post(text_message("POSISI"), signature=sign(b"x", secret="")).status_code == 403


def test_signed_but_unreadable_is_400(client):
    body = b"{not json"
    answer = client.post(
        URL, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(body)
    )
    assert answer.status_code == 400 and answer.json()["code"] == "invalid"


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405


# --- delivery statuses ----------------------------------------------------------------------


@pytest.fixture
def sent_message(cloud_api):
    messaging.opt_in_record(phone=PHONE, source=OptIn.Source.BOOKING)
    from mpp.lib import notify

    notify.send(
        phone=PHONE, text="x", kind="called", key="k1", params={"code": "A-001", "counter": "2"}
    )
    return OutboundMessage.objects.get()


def test_statuses_move_forward_only(post, sent_message):
    wamid = sent_message.wamid
    for status, expected in [
        ("sent", "sent"),
        ("read", "read"),
        ("delivered", "read"),  # late: read already
        ("sent", "read"),
    ]:
        assert post(status_update(wamid, status)).status_code == 200
        sent_message.refresh_from_db()
        assert sent_message.status == expected
    assert sent_message.status_at is not None


def test_a_failed_status_keeps_the_code(post, sent_message):
    errors = [{"code": 131026, "title": "Message undeliverable."}]
    post(status_update(sent_message.wamid, "sent"))
    post(status_update(sent_message.wamid, "failed", errors=errors))
    sent_message.refresh_from_db()
    assert (sent_message.status, sent_message.error_code) == ("failed", 131026)
    assert sent_message.error_title == "Message undeliverable."


def test_unknown_message_ids_and_statuses_are_ignored(post, sent_message):
    assert post(status_update("wamid.unknown", "read")).status_code == 200
    assert post(status_update(sent_message.wamid, "deleted")).status_code == 200
    sent_message.refresh_from_db()
    assert sent_message.status == "queued"


# --- residents' replies ---------------------------------------------------------------------


def test_posisi_answers_place_and_estimate(say, service_a):
    for _ in range(2):
        ticket_issue(service=service_a)
    mine = ticket_issue(service=service_a, phone=PHONE)
    reply = say("posisi")
    assert mine.code in reply and "urutan ke-3" in reply and "2 orang di depan" in reply
    assert "menit" in reply
    assert fresh(mine).status == S.WAITING


def test_posisi_for_a_booking_names_its_day_and_slot(say, service_a):
    booking = book(service_a)
    reply = say("POSISI")
    assert booking.code in reply and "25-11-2026" in reply and "10:00" in reply


def test_posisi_when_called_names_the_counter(say, service_a, counter_a, officer_a):
    ticket_issue(service=service_a, phone=PHONE)
    counter_open(counter=counter_a, officer=officer_a)
    ticket_call_next(counter=counter_a, actor=officer_a)
    assert f"loket {counter_a.number}" in say("POSISI")


def test_batal_cancels_the_active_ticket(say, service_a):
    ahead = ticket_issue(service=service_a)
    mine = ticket_issue(service=service_a, phone=PHONE)
    reply = say("Batal")
    assert mine.code in reply and "dibatalkan" in reply
    assert fresh(mine).status == S.CANCELLED
    assert line(service_a) == [ahead.code]
    assert TicketEvent.objects.filter(ticket=mine, kind="cancelled").count() == 1


def test_batal_cancels_a_booking(say, service_a):
    booking = book(service_a)
    say("BATAL")
    assert fresh(booking).status == S.CANCELLED


def test_batal_refused_once_called(say, service_a, counter_a, officer_a):
    mine = ticket_issue(service=service_a, phone=PHONE)
    counter_open(counter=counter_a, officer=officer_a)
    ticket_call_next(counter=counter_a, actor=officer_a)
    reply = say("BATAL")
    assert mine.code in reply and "Dipanggil" in reply
    assert fresh(mine).status == S.CALLED


def test_no_active_ticket(say, service_a):
    ticket_issue(service=service_a, phone="081299999999")  # someone else's
    assert "Tidak ada tiket aktif" in say("POSISI")


def test_tunda_moves_back_five_places_once(say, issue, service_a):
    before = [issue() for _ in range(2)]
    mine = issue(phone=PHONE)
    after = [issue() for _ in range(7)]
    reply = say("TUNDA")
    codes = [t.code for t in before] + [t.code for t in after[:5]] + [mine.code]
    codes += [t.code for t in after[5:]]
    assert line(service_a) == codes
    assert "5 tempat" in reply and "urutan ke-8" in reply
    ticket = fresh(mine)
    assert ticket.postponed_at is not None
    assert ticket.queued_at > fresh(after[4]).queued_at
    assert ticket.queued_at < fresh(after[5]).queued_at
    event = TicketEvent.objects.get(ticket=mine, kind="postponed")
    assert (event.from_status, event.to_status) == (S.WAITING, S.WAITING)

    reply = say("TUNDA")
    assert "sudah pernah" in reply
    assert line(service_a) == codes


def test_tunda_with_fewer_behind_moves_behind_the_last(say, issue, service_a):
    mine = issue(phone=PHONE)
    behind = [issue() for _ in range(2)]
    assert "2 tempat" in say("TUNDA")
    assert line(service_a) == [behind[0].code, behind[1].code, mine.code]


def test_tunda_last_in_line_is_refused_and_not_used_up(say, issue, service_a):
    issue()
    mine = issue(phone=PHONE)
    assert "Tidak ada antrean di belakang" in say("TUNDA")
    assert fresh(mine).postponed_at is None
    later = issue()
    assert "1 tempat" in say("TUNDA")
    assert line(service_a)[-2:] == [later.code, mine.code]


def test_tunda_keeps_priority_before_regular(say, issue, service_a):
    mine = issue(phone=PHONE, priority="elderly")
    elderly = issue(priority="elderly")
    regular = [issue() for _ in range(3)]
    assert "1 tempat" in say("TUNDA")
    assert line(service_a) == [elderly.code, mine.code, *[t.code for t in regular]]


def test_unknown_text_and_media_get_the_help(say, service_a):
    mine = ticket_issue(service=service_a, phone=PHONE)
    for reply in (say("halo, saya di mana?"), say("", kind="image")):
        assert "POSISI" in reply and "TUNDA" in reply and "BATAL" in reply
    assert fresh(mine).status == S.WAITING


def test_a_redelivered_message_is_handled_once(say, post, cloud_api, service_a):
    mine = ticket_issue(service=service_a, phone=PHONE)
    ticket_issue(service=service_a)
    payload = text_message("TUNDA", wamid="wamid.same")
    assert post(payload).status_code == 200
    sent = len(cloud_api.received)
    assert post(payload).status_code == 200  # Meta delivers it again
    assert len(cloud_api.received) == sent
    assert TicketEvent.objects.filter(ticket=mine, kind="postponed").count() == 1
    assert InboundMessage.objects.count() == 1


def test_the_first_message_opts_in_and_berhenti_opts_out(say, service_a):
    ticket_issue(service=service_a, phone=PHONE)
    say("POSISI")
    opt_in = OptIn.objects.get(phone=PHONE)
    assert (opt_in.source, opt_in.language) == ("inbound", "id")
    assert "tidak akan menerima" in say("BERHENTI")
    assert not OptIn.objects.exists()


def test_english_chosen_at_opt_in_gets_english_replies(say, service_a):
    messaging.opt_in_record(phone=PHONE, source=OptIn.Source.TICKET_PAGE, language="en")
    mine = ticket_issue(service=service_a, phone=PHONE)
    reply = say("POSISI")
    assert mine.code in reply and "position 1" in reply
    assert "Reply POSITION" in say("hello")


def test_an_english_word_gets_an_english_reply(say, service_a):
    mine = ticket_issue(service=service_a, phone=PHONE)
    assert "cancelled" in say("cancel")
    assert fresh(mine).status == S.CANCELLED


def test_the_reply_is_recorded_and_the_phone_forgotten(say, service_a):
    ticket_issue(service=service_a, phone=PHONE)
    say("POSISI")
    inbound = InboundMessage.objects.get()
    assert inbound.phone == "" and inbound.command == "position" and inbound.reply
    reply = OutboundMessage.objects.get(kind="reply")
    assert reply.wamid and reply.reference == f"reply:{inbound.wamid}"
    assert "81234567890" not in reply.phone_masked


def test_a_number_outside_indonesia_has_no_ticket(say, service_a):
    mine = ticket_issue(service=service_a, phone=PHONE)
    assert "Tidak ada tiket aktif" in say("BATAL", wa_id="14155550123")
    assert fresh(mine).status == S.WAITING
