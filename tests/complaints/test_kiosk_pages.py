"""The complaint pages on the kiosk's account: kiosk pages (no site menu, no upload, no way
out), decided by the account rather than a query parameter a resident could drop."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Complaint, ComplaintAttachment

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FORM = {"category": "facilities", "description": "Kursi ruang tunggu rusak."}
HREF = re.compile(r'<a [^>]*href="([^"]*)"')
ACTION = re.compile(r'<form [^>]*action="([^"]*)"')


def _kiosk_links_only(html: str) -> None:
    for url in HREF.findall(html) + ACTION.findall(html):
        assert url.startswith(("/kiosk/", "/complaints/new/", "/complaints/ADU-")), url
    assert "/logout/" not in html and "/admin/" not in html and "/dashboard/" not in html
    assert 'type="file"' not in html


def test_kiosk_account_gets_the_kiosk_form_without_the_query_parameter(client, clock, kiosk):
    client.force_login(kiosk)

    html = client.get("/complaints/new/").content.decode()

    assert 'class="kiosk-root"' in html and 'id="c-kiosk"' in html
    assert 'name="description"' in html and 'name="contact"' in html
    assert 'data-keyboard="digits"' in html  # the phone field gets the keypad
    _kiosk_links_only(html)


def test_a_resident_still_gets_the_public_form_with_its_upload(client, clock):
    html = client.get("/complaints/new/").content.decode()

    assert 'type="file"' in html and 'name="attachments"' in html
    assert "kiosk-root" not in html


def test_kiosk_filing_ignores_a_smuggled_file_and_stays_in_the_kiosk(client, clock, kiosk):
    client.force_login(kiosk)
    upload = SimpleUploadedFile("foto.png", PNG, content_type="image/png")

    response = client.post("/complaints/new/", {**FORM, "attachments": upload})

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{complaint.code}/?baru=1&kiosk=1"
    assert complaint.channel == "kiosk"
    assert not ComplaintAttachment.objects.exists()
    # The confirmation, even opened without the parameter, is a kiosk page.
    page = client.get(f"/complaints/{complaint.code}/?baru=1").content.decode()
    assert complaint.code in page and 'id="complaint-done"' in page
    _kiosk_links_only(page)


def test_kiosk_form_errors_stay_on_the_kiosk_form(client, clock, kiosk):
    client.force_login(kiosk)

    response = client.post("/complaints/new/", {"category": "", "description": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert "has-error" in html
    _kiosk_links_only(html)


def test_kiosk_pages_follow_the_kiosk_language(client, clock, kiosk):
    client.force_login(kiosk)

    form = client.get("/complaints/new/?lang=en").content.decode()
    response = client.post("/complaints/new/?lang=en", FORM)
    done = client.get(response["Location"]).content.decode()

    assert '<html lang="en"' in form and "Send complaint" in form
    assert response["Location"].endswith("lang=en")
    assert '<html lang="en"' in done and 'href="/kiosk/?lang=en"' in done


def test_choosing_a_language_on_the_kiosk_home_carries_to_the_complaint(
    client, clock, kiosk, hours
):
    client.force_login(kiosk)

    client.get("/kiosk/?lang=en")
    html = client.get("/complaints/new/?kiosk=1").content.decode()

    assert '<html lang="en"' in html


def test_kiosk_refusal_page_offers_no_login_to_the_kiosk(client, kiosk, officer_a):
    client.force_login(kiosk)
    missing = client.get("/kiosk/?part=print&token=nope").content.decode()
    client.force_login(officer_a)
    refused = client.get("/kiosk/").content.decode()

    assert "/login/" not in missing and 'href="/kiosk/"' in missing
    assert "/login/" in refused  # another account is the way for a wrong login
