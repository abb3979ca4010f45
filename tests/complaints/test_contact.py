"""A complaint's contact is an Indonesian mobile number (stored +62...) or an e-mail
address; anything else ("abc") is a clear field error, on the page and in the API."""

import json

import pytest
from django.core.exceptions import ValidationError

from complaints import errors, services
from complaints.models import Complaint
from mpp.lib.identity import normalize_contact

BODY = {"category": "waiting", "description": "Antrean terlalu lama."}
ID_MESSAGE = "Isi nomor HP (contoh: 081234567890) atau alamat email"
EN_MESSAGE = "Enter a mobile number (e.g. 081234567890) or an e-mail address"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812-9876-5432", "+6281298765432"),
        ("+62 812 9876 5432", "+6281298765432"),
        ("6281298765432", "+6281298765432"),
        (" warga@example.org ", "warga@example.org"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_valid_contacts_are_normalised(typed, stored):
    assert normalize_contact(typed) == stored


@pytest.mark.parametrize("typed", ["abc", "12345", "0212345678", "warga@", "@example.org", "a b@c"])
def test_other_contacts_are_refused(typed):
    with pytest.raises(ValidationError):
        normalize_contact(typed)


def test_the_service_refuses_a_bad_contact(clock, db):
    with pytest.raises(errors.ContactInvalid):
        services.complaint_file(category="other", description="Ada masalah.", contact="abc")
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(("language", "message"), [("id", ID_MESSAGE), ("en", EN_MESSAGE)])
def test_api_refuses_abc_at_the_contact_field(api, clock, db, language, message):
    response = api.post(
        "/api/v1/complaints/",
        json.dumps({**BODY, "contact": "abc"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["contact"]
    assert body["contact"][0].startswith(message)
    assert not Complaint.objects.exists()


def test_api_stores_a_phone_as_plus_62(api, clock, db):
    response = api.post(
        "/api/v1/complaints/",
        json.dumps({**BODY, "contact": "0812 9876 5432"}),
        content_type="application/json",
    )

    assert response.status_code == 201
    assert Complaint.objects.get().contact == "+6281298765432"


@pytest.mark.parametrize(("language", "message"), [("id", ID_MESSAGE), ("en", EN_MESSAGE)])
def test_form_shows_the_error_at_the_contact_field(client, clock, db, language, message):
    response = client.post(
        "/complaints/new/", {**BODY, "contact": "abc"}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="abc"' in html  # kept for correcting, not wiped
    assert not Complaint.objects.exists()


def test_form_accepts_an_email(client, clock, db):
    response = client.post("/complaints/new/", {**BODY, "contact": "warga@example.org"})

    assert response.status_code == 302
    assert Complaint.objects.get().contact == "warga@example.org"
