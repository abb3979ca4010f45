"""The WhatsApp adapter end to end over real HTTP: the queue's message tasks
(queues/tasks.py) -> mpp.lib.notify -> messaging.backend.WhatsAppBackend -> httpx ->
a Cloud API on loopback (tests/cloud_api.py) that answers as Meta documents, errors
included. Celery is eager here (its retries run inline, with the task's own retry
logic); tests/messaging/test_worker.py sends one through a real worker.
"""

import logging

import pytest

from console.services import counter_open
from messaging import cloud_api as adapter
from messaging import services
from messaging.models import OptIn, OutboundMessage
from mpp.lib import notify
from queues import tasks
from queues.services import ticket_call_next, ticket_issue
from tests import cloud_api as fake

PHONE = "081234567890"
NUMBER = "+6281234567890"
S = OutboundMessage.Status

pytestmark = pytest.mark.usefixtures("clock", "hours")


def opt_in(language="id", phone=NUMBER):
    return services.opt_in_record(phone=phone, source=OptIn.Source.BOOKING, language=language)


@pytest.fixture
def called(service_a, counter_a, officer_a):
    ticket_issue(service=service_a, phone=PHONE)
    counter_open(counter=counter_a, officer=officer_a)
    return ticket_call_next(counter=counter_a, actor=officer_a)


def test_called_goes_as_the_registered_template(cloud_api, called, counter_a):
    opt_in()
    assert tasks.notify_called(called.pk) is True
    (request,) = cloud_api.received
    assert request.path == f"/{fake.VERSION}/{fake.PHONE_NUMBER_ID}/messages"
    assert request.headers["authorization"] == f"Bearer {fake.TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert request.body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "type": "template",
        "template": {
            "name": "mpp_called",
            "language": {"code": "id"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": called.code},
                        {"type": "text", "text": str(counter_a.number)},
                    ],
                }
            ],
        },
    }
    record = OutboundMessage.objects.get()
    assert record.wamid.startswith("wamid.") and record.status == S.QUEUED
    assert (record.kind, record.template, record.attempts) == ("called", "mpp_called", 1)
    assert record.phone_masked.endswith("7890") and "81234567890" not in record.phone_masked
    assert record.error_code is None
    assert notify.outbox == []  # nothing went by the fallback


def test_every_resident_kind_fills_its_template(cloud_api, service_a):
    opt_in(language="en")
    booking = {"code": "A-001", "service": "KTP", "date": "25-11-2026", "time": "10:00"}
    for kind, params in {
        "booking_confirmed": booking,
        "reminder": booking,
        "turn_near": {"code": "A-001", "service": "KTP"},
        "called": {"code": "A-001", "counter": "3"},
        "document_ready": {"code": "BRK-7F3A", "service": "KTP"},
    }.items():
        notify.send(phone=NUMBER, text="x", kind=kind, params=params, key=f"k:{kind}")
    templates = [r.body["template"] for r in cloud_api.received]
    assert [(t["name"], t["language"]["code"]) for t in templates] == [
        ("mpp_booking_confirmed", "en"),
        ("mpp_booking_reminder", "en"),
        ("mpp_turn_near", "en"),
        ("mpp_called", "en"),
        ("mpp_document_ready", "en"),
    ]
    assert OutboundMessage.objects.exclude(wamid=None).count() == 5  # all accepted


def test_without_opt_in_nothing_goes_by_whatsapp(cloud_api, called):
    assert tasks.notify_called(called.pk) is True
    assert cloud_api.received == []
    assert not OutboundMessage.objects.exists()
    (message,) = notify.outbox  # the fallback (an SMS gateway in production)
    assert message.kind == "called" and message.phone == NUMBER


def test_staff_messages_go_by_the_fallback(cloud_api):
    opt_in()
    notify.send(phone=NUMBER, text="Gerai kosong", kind="booth_alert")
    assert cloud_api.received == []
    assert [m.kind for m in notify.outbox] == ["booth_alert"]


def run(task, *args):
    """As a worker runs it (Celery's retry logic included), inline: eager apply()."""
    return task.apply(args=args).get()


def test_rate_limit_is_retried_by_celery_with_backoff(cloud_api, called):
    opt_in()
    cloud_api.failures = [fake.RATE_LIMIT, fake.SERVER_ERROR]
    assert run(tasks.notify_called, called.pk) is True  # the retries ran inline
    assert len(cloud_api.received) == 3
    record = OutboundMessage.objects.get()
    assert record.attempts == 3 and record.wamid and record.error_code is None
    assert record.status == S.QUEUED


def test_rate_limit_to_the_end_fails_with_its_code(cloud_api, called, settings):
    opt_in()
    cloud_api.failures = [fake.RATE_LIMIT] * 10
    assert run(tasks.notify_called, called.pk) is True
    assert len(cloud_api.received) == settings.WHATSAPP_MAX_ATTEMPTS == 6
    record = OutboundMessage.objects.get()
    assert (record.status, record.error_code, record.wamid) == (S.FAILED, 130429, None)
    assert "throughput" in record.error_title


def test_invalid_number_fails_at_once_without_retry(cloud_api, called):
    opt_in()
    cloud_api.undeliverable = {"6281234567890"}
    assert tasks.notify_called(called.pk) is True
    assert len(cloud_api.received) == 1
    record = OutboundMessage.objects.get()
    assert (record.status, record.error_code, record.attempts) == (S.FAILED, 131026, 1)
    assert tasks.notify_called(called.pk) is False  # redelivered: not again
    assert len(cloud_api.received) == 1


def test_template_missing_fails_at_once_without_retry(cloud_api, called):
    opt_in()
    del cloud_api.templates[("mpp_called", "id")]
    tasks.notify_called(called.pk)
    assert len(cloud_api.received) == 1
    record = OutboundMessage.objects.get()
    assert (record.status, record.error_code) == (S.FAILED, 132001)
    assert "mpp_called" in record.error_title


def test_wrong_token_is_permanent(cloud_api, called, settings):
    opt_in()
    settings.WHATSAPP_ACCESS_TOKEN = "expired"
    tasks.notify_called(called.pk)
    assert OutboundMessage.objects.get().error_code == 190
    assert len(cloud_api.received) == 1


def test_api_unreachable_is_retryable(cloud_api, settings):
    opt_in()
    settings.WHATSAPP_BASE_URL = "http://127.0.0.1:9"  # discard port: refused
    called_a001 = {"code": "A-001", "counter": "1"}

    def send() -> bool:
        return notify.send_once(
            key="k:down", phone=NUMBER, text="x", kind="called", ttl=60, params=called_a001
        )

    with pytest.raises(adapter.CloudApiError) as raised:
        send()
    assert raised.value.retryable and raised.value.code == adapter.NETWORK
    record = OutboundMessage.objects.get()
    assert record.status == S.QUEUED and record.attempts == 1
    settings.WHATSAPP_BASE_URL = cloud_api.url
    assert send()
    record.refresh_from_db()
    assert record.wamid and record.attempts == 2


def test_one_reference_is_sent_once(cloud_api):
    opt_in()
    for _ in range(3):
        notify.send(
            phone=NUMBER,
            text="x",
            kind="called",
            key="same",
            params={"code": "A-001", "counter": "1"},
        )
    assert len(cloud_api.received) == 1
    assert OutboundMessage.objects.count() == 1


def test_the_phone_is_masked_in_logs(cloud_api, called, caplog):
    opt_in()
    cloud_api.undeliverable = {"6281234567890"}
    with caplog.at_level(logging.INFO):
        tasks.notify_called(called.pk)
    assert "7890" in caplog.text
    assert "81234567890" not in caplog.text


def test_empty_parameters_are_filled(cloud_api):
    opt_in()
    notify.send(
        phone=NUMBER,
        text="x",
        kind="reminder",
        key="r",
        params={"code": "A-001", "service": "KTP", "date": "25-11-2026", "time": ""},
    )
    body = cloud_api.received[0].body["template"]["components"][0]["parameters"]
    assert [p["text"] for p in body][-1] == "-"
    assert OutboundMessage.objects.get().wamid


def test_opt_in_renewed_keeps_one_row():
    opt_in()
    again = opt_in(language="en")
    assert OptIn.objects.count() == 1 and again.language == "en"
    assert services.opt_in_withdraw(phone=NUMBER) is True
    assert not OptIn.objects.exists()


def test_without_a_base_url_nothing_leaves_and_it_is_not_retried(cloud_api, settings, called):
    opt_in()
    settings.WHATSAPP_BASE_URL = ""  # the default: the code names no outside host
    assert run(tasks.notify_called, called.pk) is True
    assert cloud_api.received == []
    record = OutboundMessage.objects.get()
    assert (record.status, record.error_code, record.attempts) == (S.FAILED, 0, 1)
    assert "WHATSAPP_BASE_URL" in record.error_title
