"""Ambil berkas at the kiosk: `POST /kiosk/pickup/` with a typed document code takes the
number in the agency's pickup line (documents/kiosk_views.py), or says why not, in the
kiosk's language. Real PostgreSQL; the clock is Tuesday 2026-11-24 09:00 WIB."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from documents.models import Document
from documents.services import document_open, document_set_status
from queues.models import Ticket
from queues.services import ticket_issue
from tests.conftest import TUESDAY_9AM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "hours")]

FRIDAY = TUESDAY_9AM.date() + dt.timedelta(days=3)


@pytest.fixture
def document(served, officer_a):
    return document_open(ticket=served, expected_ready=FRIDAY, note="", actor=officer_a)


@pytest.fixture
def ready(document, officer_a, pickup_line):
    return document_set_status(document=document, status="ready", actor=officer_a)


@pytest.fixture
def kiosk_client(client, kiosk):
    client.force_login(kiosk)
    return client


def pickup(client, code, lang=None):
    data = {"code": code} if lang is None else {"code": code, "lang": lang}
    return client.post("/kiosk/pickup/", data)


def typed_sloppily(code: str) -> str:
    """As a resident types it: lower case, no dashes, O for 0 and l for 1."""
    return code.replace("-", "").lower().replace("0", "o").replace("1", "l")


def test_a_typed_code_takes_the_pickup_number_to_print(kiosk_client, ready, pickup_line):
    answer = pickup(kiosk_client, typed_sloppily(ready.code))

    assert answer.status_code == 200, answer.json()
    ticket = answer.json()["ticket"]
    assert ticket["code"] == "AMB-001" and ticket["status"] == "waiting"
    assert ticket["pickup"] is True
    assert ready.code in answer.json()["message"]
    assert answer["Content-Language"] == "id"
    ready.refresh_from_db()
    assert ready.pickup_ticket.token == ticket["token"]
    # The kiosk prints it on its usual page, which says it is a pickup number.
    printed = kiosk_client.get("/kiosk/", {"part": "print", "token": ticket["token"]})
    page = printed.content.decode()
    assert printed.status_code == 200 and "AMB-001" in page
    assert "Nomor pengambilan berkas" in page


def test_a_walk_in_ticket_prints_as_a_plain_queue_number(kiosk_client, counter_a, service_a):
    ticket = ticket_issue(service=service_a)
    page = kiosk_client.get("/kiosk/", {"part": "print", "token": ticket.token}).content.decode()
    assert "Nomor antrean" in page and "Nomor pengambilan berkas" not in page


def test_a_double_tap_issues_once(kiosk_client, ready, pickup_line):
    first = pickup(kiosk_client, ready.code)
    again = pickup(kiosk_client, ready.code.lower())

    assert again.status_code == 200
    assert again.json()["ticket"]["token"] == first.json()["ticket"]["token"]
    assert Ticket.objects.filter(service=pickup_line.service).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_taps_at_once_issue_one_number(kiosk, ready, pickup_line):
    barrier = threading.Barrier(2)

    def tap(_: int) -> str:
        client = Client()
        client.force_login(kiosk)
        barrier.wait()
        try:
            return pickup(client, ready.code).json()["ticket"]["token"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(tap, range(2))

    assert first == second
    assert Ticket.objects.filter(service=pickup_line.service).count() == 1


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("id", "Berkas tidak ditemukan. Periksa kembali kode berkas Anda."),
        ("en", "Document not found. Check your document code again."),
    ],
)
def test_an_unknown_code_is_refused(kiosk_client, ready, lang, expected):
    for typed in ("AAAA-BBBB-CCCC-DDDD", "not a code"):
        answer = pickup(kiosk_client, typed, lang)
        assert answer.status_code == 404
        assert answer.json() == {"detail": expected, "code": "not_found"}


def test_an_empty_code_is_asked_for(kiosk_client):
    answer = pickup(kiosk_client, "  ", "en")
    assert answer.status_code == 400 and answer.json()["code"] == "empty"
    assert "document code" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("id", "masih diproses; perkiraan siap 27 November 2026"), ("en", "27 November 2026")],
)
def test_a_document_still_processing_says_when_it_is_expected(
    kiosk_client, document, pickup_line, lang, words
):
    answer = pickup(kiosk_client, document.code, lang)

    assert answer.status_code == 409
    assert answer.json()["code"] == "document_not_ready"
    assert words in answer.json()["detail"]
    assert answer["Content-Language"] == lang
    assert not Ticket.objects.filter(service=pickup_line.service).exists()


def test_the_english_refusal_is_english(kiosk_client, document, pickup_line):
    detail = pickup(kiosk_client, document.code, "en").json()["detail"]
    assert detail.startswith("This document is still being processed")


@pytest.mark.parametrize(
    ("status", "lang", "expected"),
    [
        ("collected", "id", "Berkas ini sudah diambil pada 24 November 2026."),
        ("collected", "en", "This document was already collected on 24 November 2026."),
        ("cancelled", "id", "Berkas ini dibatalkan. Silakan tanyakan ke petugas informasi."),
        ("cancelled", "en", "This document was cancelled. Please ask the information desk."),
    ],
)
def test_a_collected_or_cancelled_document_is_refused(
    kiosk_client, ready, officer_a, pickup_line, status, lang, expected
):
    document_set_status(document=ready, status=status, actor=officer_a)

    answer = pickup(kiosk_client, ready.code, lang)

    assert answer.status_code == 409
    assert answer.json() == {"detail": expected, "code": "document_not_ready"}
    assert not Ticket.objects.filter(service=pickup_line.service).exists()


def test_the_language_cookie_of_the_kiosk_switch_is_followed(kiosk_client, document):
    kiosk_client.get("/kiosk/?lang=en")  # the kiosk's language switch sets the cookie
    answer = pickup(kiosk_client, document.code)
    assert answer["Content-Language"] == "en"
    assert answer.json()["detail"].startswith("This document")


def test_an_agency_without_a_pickup_line_says_so(kiosk_client, document, officer_a):
    document_set_status(document=document, status="ready", actor=officer_a)
    answer = pickup(kiosk_client, document.code)
    assert answer.status_code == 409 and answer.json()["code"] == "no_pickup_line"


def test_only_the_kiosk_account_may_take_a_number_here(client, officer_a, ready):
    assert pickup(client, ready.code).status_code == 302  # to the login page
    client.force_login(officer_a)
    assert pickup(client, ready.code).status_code == 403
    assert not Document.objects.get(pk=ready.pk).pickup_ticket


def test_get_is_refused(kiosk_client):
    assert kiosk_client.get("/kiosk/pickup/").status_code == 405
