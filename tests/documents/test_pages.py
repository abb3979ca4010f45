"""The lacak berkas pages: look a document up by code, follow it, take a pickup number."""

import pytest

from documents.services import document_open, document_set_status
from tests.conftest import TUESDAY_9AM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "hours")]


@pytest.fixture
def document(served, officer_a):
    return document_open(
        ticket=served, expected_ready=TUESDAY_9AM.date(), note="Siti Aminah", actor=officer_a
    )


def test_the_home_page_links_to_lacak_berkas(client):
    assert 'href="/berkas/"' in client.get("/").content.decode()


def test_a_typed_code_opens_the_documents_page(client, document):
    typed = document.code.lower().replace("-", " ")
    answer = client.get("/berkas/", {"code": typed})
    assert answer.status_code == 302 and answer.url == f"/berkas/{document.code}/"


def test_an_unknown_code_is_told_on_the_form(client):
    answer = client.get("/berkas/", {"code": "AAAA-BBBB-CCCC-DDDD"}, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 404
    assert "Document code not found" in answer.content.decode()


def test_the_page_shows_status_and_no_personal_data(client, document):
    page = client.get(f"/berkas/{document.code}/").content.decode()
    assert "Diproses" in page and document.code in page
    assert "Siti" not in page and "081234567890" not in page
    assert 'id="b-pickup"' not in page


def test_a_ready_document_takes_a_pickup_number_from_the_page(
    client, document, officer_a, pickup_line
):
    document_set_status(document=document, status="ready", actor=officer_a)
    page = client.get(f"/berkas/{document.code}/").content.decode()
    assert 'id="b-pickup-button"' in page

    answer = client.post(f"/berkas/{document.code}/")

    document.refresh_from_db()
    assert answer.status_code == 302 and answer.url == f"/t/{document.pickup_ticket.token}/"
    again = client.get(f"/berkas/{document.code}/").content.decode()
    assert "AMB-001" in again and 'id="b-pickup-button"' not in again


def test_a_refusal_is_shown_on_the_page(client, document, officer_a):
    document_set_status(document=document, status="ready", actor=officer_a)
    answer = client.post(f"/berkas/{document.code}/")  # agency A has no pickup line
    assert answer.status_code == 409
    assert "belum membuka antrean pengambilan" in answer.content.decode()


def test_a_missing_document_page_is_404(client):
    assert client.get("/berkas/nope/").status_code == 404
