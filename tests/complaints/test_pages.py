"""Complaint pages: filing (web, from a ticket, kiosk), tracking, the staff inbox and case."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import services
from complaints.models import Complaint, ComplaintAttachment, ComplaintResponse
from tests import factories
from tests.complaints.conftest import (
    PUBLIC_REPLY,
    REPORTER_NAME,
    REPORTER_PHONE,
    REPORTER_PHONE_STORED,
)
from tests.conftest import WIB

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FORM = {"category": "staff", "description": "Petugas loket 2 membentak warga."}


def reporter_data_absent(content: bytes) -> None:
    for secret in (REPORTER_NAME, REPORTER_PHONE, REPORTER_PHONE_STORED, "Zulaikha", "98765432"):
        assert secret.encode() not in content, secret


# --- filing -------------------------------------------------------------------------------


def test_new_page_renders_the_form(client, clock, service_a):
    response = client.get("/complaints/new/")

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("category", "description", "agency", "service", "name", "contact", "attachments"):
        assert f'name="{name}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "KTP-el baru" in html  # services grouped under their agency
    assert '<label for="id_description">' in html


def test_filing_redirects_to_the_tracking_code(client, clock):
    response = client.post("/complaints/new/", {**FORM, "name": REPORTER_NAME})

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{complaint.code}/?baru=1"
    page = client.get(response["Location"])
    assert complaint.code in page.content.decode()
    assert "sudah kami terima" in page.content.decode()
    reporter_data_absent(page.content)
    assert complaint.channel == "web"


def test_ticket_prefills_the_complaint(client, clock, service_a):
    ticket = factories.TicketFactory(service=service_a, number=7)

    page = client.get(f"/complaints/new/?ticket={ticket.token}")
    html = page.content.decode()
    response = client.post(
        f"/complaints/new/?ticket={ticket.token}", {**FORM, "ticket": ticket.token}
    )

    assert "A-007" in html and "KTP-el baru" in html and "Dispendukcapil" in html
    assert f'value="{ticket.token}"' in html
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.ticket, complaint.service, complaint.agency) == (
        ticket,
        service_a,
        service_a.agency,
    )


def test_unknown_ticket_is_noted_and_filing_still_works(client, clock):
    page = client.get("/complaints/new/?ticket=tidak-ada-tiket")

    assert "Tiket antrean tidak ditemukan" in page.content.decode()
    assert client.post("/complaints/new/", FORM).status_code == 302


def test_errors_are_shown_inline(client, clock, agency_a, service_b):
    response = client.post(
        "/complaints/new/",
        {"category": "", "description": "", "agency": agency_a.pk, "service": service_b.pk},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_category_error"' in html
    assert 'id="id_description_error"' in html
    assert not Complaint.objects.exists()

    mismatch = client.post(
        "/complaints/new/", {**FORM, "agency": agency_a.pk, "service": service_b.pk}
    )
    assert mismatch.status_code == 400
    assert 'id="id_service_error"' in mismatch.content.decode()
    assert "bukan layanan dari instansi itu" in mismatch.content.decode()


def test_errors_in_english(client, clock):
    client.cookies["django_language"] = "en"
    response = client.post("/complaints/new/", {"category": "nope", "description": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_attachment_from_the_page(client, clock):
    upload = SimpleUploadedFile("bukti.png", PNG, "image/png")

    response = client.post("/complaints/new/", {**FORM, "attachments": [upload]})

    assert response.status_code == 302
    assert ComplaintAttachment.objects.get().content_type == "image/png"


def test_wrong_attachment_is_an_inline_error(client, clock):
    upload = SimpleUploadedFile("foto.png", b"<?php echo 1; ?>", "image/png")

    response = client.post("/complaints/new/", {**FORM, "attachments": [upload]})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_attachments_error"' in html
    assert "bukan foto" in html
    assert not Complaint.objects.exists()


def test_rate_limit_on_the_page(client, clock):
    for _ in range(services.RATE_LIMIT):
        assert client.post("/complaints/new/", FORM).status_code == 302

    response = client.post("/complaints/new/", FORM)

    assert response.status_code == 400
    assert "Terlalu banyak pengaduan" in response.content.decode()


def test_kiosk_variant_is_big_and_filed_as_kiosk(client, clock, kiosk):
    client.force_login(kiosk)

    page = client.get("/complaints/new/?kiosk=1")
    response = client.post("/complaints/new/?kiosk=1", FORM)

    assert 'id="c-kiosk"' in page.content.decode()
    assert response["Location"].endswith("?baru=1&kiosk=1")
    assert Complaint.objects.get().channel == "kiosk"


def test_officer_files_for_a_walk_in(client, clock, officer_a):
    client.force_login(officer_a)

    client.post("/complaints/new/", FORM)

    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.filed_by) == ("staff", officer_a)


def test_lookup_form(client, complaint_a):
    found = client.get(f"/complaints/track/?code={complaint_a.code.lower()}")
    missing = client.get("/complaints/track/?code=bukan")

    assert found.status_code == 302
    assert found["Location"] == f"/complaints/{complaint_a.code}/"
    assert missing.status_code == 404


# --- tracking -------------------------------------------------------------------------------


def test_tracking_page_shows_public_replies_only(client, complaint_a_answered):
    response = client.get(f"/complaints/{complaint_a_answered.code}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert PUBLIC_REPLY in html
    assert "CCTV" not in html
    assert "Diverifikasi" in html
    assert "Selasa, 1 Desember 2026" in html
    assert "supervisor-a" not in html
    reporter_data_absent(response.content)


def test_tracking_page_in_english(client, complaint_a):
    client.cookies["django_language"] = "en"
    html = client.get(f"/complaints/{complaint_a.code}/").content.decode()
    assert "Received" in html
    assert "Follow-up deadline" in html


def test_tracking_unknown_code_is_404(client, db):
    assert client.get("/complaints/ADU-00000000/").status_code == 404
    assert client.get("/complaints/%00%ff/").status_code == 404


def test_ticket_page_links_to_the_complaint_form(client, clock, service_a):
    ticket = factories.TicketFactory(service=service_a)

    html = client.get(f"/t/{ticket.token}/").content.decode()

    assert f'href="/complaints/new/?ticket={ticket.token}"' in html


# --- the staff inbox -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer_a", "kiosk"])
def test_inbox_refuses_officers_and_kiosks(client, request, complaint_a, persona):
    client.force_login(request.getfixturevalue(persona))

    for path in (
        "/dashboard/complaints/",
        f"/dashboard/complaints/{complaint_a.code}/",
        f"/dashboard/complaints/export/?codes={complaint_a.code}",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert complaint_a.description not in response.content.decode()
    assert (
        client.post(
            f"/dashboard/complaints/{complaint_a.code}/", {"message": "x", "public": "on"}
        ).status_code
        == 403
    )
    assert not ComplaintResponse.objects.exists()


def test_inbox_sends_anonymous_to_login(client, complaint_a):
    for path in ("/dashboard/complaints/", f"/dashboard/complaints/{complaint_a.code}/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_supervisor_of_another_agency_is_refused(client, complaint_a, supervisor_b):
    client.force_login(supervisor_b)

    inbox = client.get("/dashboard/complaints/")
    case = client.get(f"/dashboard/complaints/{complaint_a.code}/")
    post = client.post(f"/dashboard/complaints/{complaint_a.code}/", {"message": "x"})
    item = ComplaintAttachment.objects.create(
        complaint=complaint_a,
        file=SimpleUploadedFile("bukti.png", PNG),
        content_type="image/png",
        size=len(PNG),
        uploaded_at=complaint_a.created_at,
    )
    attachment = client.get(f"/dashboard/complaints/{complaint_a.code}/attachments/{item.pk}/")

    assert complaint_a.code not in inbox.content.decode()
    assert (case.status_code, post.status_code, attachment.status_code) == (404, 404, 404)
    assert not ComplaintResponse.objects.exists()


def test_inbox_lists_with_sla_badges(client, clock, complaint_a, complaint_b, manager):
    client.force_login(manager)
    late = services.complaint_file(category="other", description="Lama sekali.")
    Complaint.objects.filter(pk=late.pk).update(
        due_at=dt.datetime(2026, 11, 23, 23, 59, 59, tzinfo=WIB)
    )
    soon = services.complaint_file(category="other", description="Hampir.")
    Complaint.objects.filter(pk=soon.pk).update(
        due_at=dt.datetime(2026, 11, 25, 23, 59, 59, tzinfo=WIB)
    )

    html = client.get("/dashboard/complaints/").content.decode()

    assert all(c.code in html for c in (complaint_a, complaint_b, late, soon))
    assert html.count("Lewat batas waktu</span>") == 1
    assert html.count("Segera jatuh tempo</span>") == 1
    overdue_only = client.get("/dashboard/complaints/?sla=overdue").content.decode()
    assert late.code in overdue_only and complaint_a.code not in overdue_only


def test_inbox_filters_and_bad_filters(client, complaint_a, complaint_b, manager):
    client.force_login(manager)

    by_agency = client.get(f"/dashboard/complaints/?agency={complaint_b.agency_id}")
    by_text = client.get("/dashboard/complaints/?q=SKCK")
    bad = client.get("/dashboard/complaints/?status=x&agency=abc&q=" + "x" * 500)

    assert complaint_b.code in by_agency.content.decode()
    assert complaint_a.code not in by_agency.content.decode()
    assert complaint_b.code in by_text.content.decode()
    assert bad.status_code == 200  # a bad filter is ignored, not an error page


def test_supervisor_inbox_is_their_agency(
    client, complaint_a, complaint_b, complaint_mall, supervisor_a
):
    client.force_login(supervisor_a)

    html = client.get("/dashboard/complaints/").content.decode()

    assert complaint_a.code in html
    assert complaint_b.code not in html and complaint_mall.code not in html


def test_inbox_query_count_is_fixed(
    client, clock, manager, agency_a, django_assert_max_num_queries
):
    client.force_login(manager)
    for n in range(30):
        services.complaint_file(category="other", description=f"Aduan {n}", agency=agency_a)

    with django_assert_max_num_queries(12):
        assert client.get("/dashboard/complaints/").status_code == 200


# --- a case ------------------------------------------------------------------------------------


def test_case_page_shows_reporter_thread_and_attachments(client, clock, supervisor_a, service_a):
    complaint = services.complaint_file(
        category="waiting",
        description="Lama.",
        service=service_a,
        name=REPORTER_NAME,
        contact=REPORTER_PHONE,
        attachments=[SimpleUploadedFile("bukti.png", PNG)],
    )
    services.complaint_respond(complaint=complaint, author=supervisor_a, message="Internal.")
    client.force_login(supervisor_a)

    html = client.get(f"/dashboard/complaints/{complaint.code}/").content.decode()
    item = complaint.attachments.get()
    download = client.get(f"/dashboard/complaints/{complaint.code}/attachments/{item.pk}/")

    assert REPORTER_NAME in html and REPORTER_PHONE_STORED in html
    assert "Internal." in html
    assert f"/dashboard/complaints/{complaint.code}/attachments/{item.pk}/" in html
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG
    assert item.file.url not in html  # never the public media URL


def test_reply_and_status_change_through_the_page(
    client, complaint_a, supervisor_a, outbox, django_capture_on_commit_callbacks
):
    client.force_login(supervisor_a)
    path = f"/dashboard/complaints/{complaint_a.code}/"

    page = client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path, {"message": "Sudah kami tangani.", "public": "on", "status": "verified"}
        )

    assert '<option value="verified">' in page and '<option value="closed">' not in page
    assert response.status_code == 302
    complaint_a.refresh_from_db()
    assert complaint_a.status == "verified"
    assert [m.phone for m in outbox] == [REPORTER_PHONE_STORED]
    public = client.get(f"/complaints/{complaint_a.code}/").content.decode()
    assert "Sudah kami tangani." in public


def test_reply_form_errors_inline(client, complaint_a, supervisor_a):
    client.force_login(supervisor_a)
    path = f"/dashboard/complaints/{complaint_a.code}/"

    empty = client.post(path, {"message": ""})
    reject = client.post(path, {"status": "rejected"})
    invalid = client.post(path, {"message": "x", "status": "closed"})

    assert empty.status_code == 400 and 'id="reply-errors"' in empty.content.decode()
    assert reject.status_code == 400 and 'id="id_reason_error"' in reject.content.decode()
    assert invalid.status_code == 400 and 'id="id_status_error"' in invalid.content.decode()
    complaint_a.refresh_from_db()
    assert complaint_a.status == "received"
    assert not ComplaintResponse.objects.exists()


def test_lapor_reference_from_the_page(client, complaint_a, manager):
    client.force_login(manager)
    path = f"/dashboard/complaints/{complaint_a.code}/"

    response = client.post(path, {"action": "lapor", "reference": "LAP-77"})

    assert response.status_code == 302
    complaint_a.refresh_from_db()
    assert complaint_a.lapor_reference == "LAP-77"
    assert complaint_a.lapor_forwarded_by == manager


def test_export_button_hands_over_to_the_api(client, complaint_a, complaint_b, manager):
    client.force_login(manager)

    response = client.get(
        f"/dashboard/complaints/export/?codes={complaint_a.code}&codes={complaint_b.code}&format=csv"
    )
    download = client.get(response["Location"])

    assert response.status_code == 302
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert complaint_b.code in download.content.decode("utf-8-sig")
    complaint_a.refresh_from_db()
    assert complaint_a.lapor_forwarded_at is not None


def test_escalated_case_is_marked_in_the_inbox(client, complaint_a, manager):
    from complaints.tasks import escalate_overdue

    client.force_login(manager)
    with time_machine.travel(dt.datetime(2026, 12, 3, 8, 0, tzinfo=WIB), tick=False):
        escalate_overdue()
        html = client.get("/dashboard/complaints/?sla=escalated").content.decode()

    assert complaint_a.code in html
    assert "Dieskalasi</span>" in html
