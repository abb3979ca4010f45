"""complaint_file, complaint_respond, the escalation and the SP4N-LAPOR! record."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Closure
from complaints import errors, selectors, services, tasks
from complaints.models import Complaint, ComplaintResponse
from tests import factories
from tests.complaints.conftest import REPORTER_NAME, REPORTER_PHONE_STORED
from tests.conftest import WIB

pytestmark = pytest.mark.django_db

Status = Complaint.Status
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=WIB)


def file(**kwargs) -> Complaint:
    kwargs.setdefault("category", Complaint.Category.OTHER)
    kwargs.setdefault("description", "Ada masalah.")
    return services.complaint_file(**kwargs)


# --- due dates in working days ---------------------------------------------------


def test_five_working_days_skip_the_weekend(clock, agency_a):
    # Filed Tue 24 Nov: Wed, Thu, Fri, (weekend), Mon, Tue 1 Dec.
    complaint = file(agency=agency_a)

    assert complaint.due_at == end_of(dt.date(2026, 12, 1))


def test_a_holiday_moves_the_deadline_one_working_day(clock, agency_a):
    Closure.objects.create(date=dt.date(2026, 11, 26), reason="Libur daerah")

    complaint = file(agency=agency_a)

    assert complaint.due_at == end_of(dt.date(2026, 12, 2))


def test_a_holiday_the_admin_opened_counts_as_a_working_day(clock, agency_a):
    Closure.objects.create(date=dt.date(2026, 11, 26), reason="Libur dibuka", closed=False)

    assert file(agency=agency_a).due_at == end_of(dt.date(2026, 12, 1))


def test_weekend_and_holiday_together(clock, agency_a):
    agency_a.complaint_days = 1
    agency_a.save()
    Closure.objects.create(date=dt.date(2026, 11, 30), reason="Cuti bersama")
    clock.move_to(dt.datetime(2026, 11, 27, 10, 0, tzinfo=WIB))  # Friday

    # Sat, Sun skipped, Mon 30 closed: Tuesday 1 Dec.
    assert file(agency=agency_a).due_at == end_of(dt.date(2026, 12, 1))


def test_filed_on_a_saturday_counts_from_monday(clock, agency_a):
    agency_a.complaint_days = 1
    agency_a.save()
    clock.move_to(dt.datetime(2026, 11, 28, 20, 0, tzinfo=WIB))

    assert file(agency=agency_a).due_at == end_of(dt.date(2026, 11, 30))


def test_the_deadline_is_configured_per_agency(clock, agency_a, agency_b):
    agency_a.complaint_days = 3
    agency_a.save()

    assert file(agency=agency_a).due_at == end_of(dt.date(2026, 11, 27))
    assert file(agency=agency_b).due_at == end_of(dt.date(2026, 12, 1))


def test_without_agency_the_mall_setting_applies(clock, settings, db):
    assert file().due_at == end_of(dt.date(2026, 12, 1))
    settings.COMPLAINT_SLA_DAYS = 2
    assert file().due_at == end_of(dt.date(2026, 11, 26))


def test_due_date_helper_across_a_year_end(db):
    Closure.objects.create(date=dt.date(2026, 12, 25), reason="Natal")
    Closure.objects.create(date=dt.date(2027, 1, 1), reason="Tahun Baru")

    day = selectors.working_days_after(start=dt.date(2026, 12, 24), days=5)

    # 28, 29, 30, 31 Dec, (1 Jan closed, weekend) 4 Jan.
    assert day == dt.date(2027, 1, 4)


# --- filing --------------------------------------------------------------------------


def test_ticket_token_fills_agency_and_service(clock, service_a):
    ticket = factories.TicketFactory(service=service_a)

    complaint = file(ticket_token=ticket.token)

    assert (complaint.ticket, complaint.service, complaint.agency) == (
        ticket,
        service_a,
        service_a.agency,
    )


def test_unknown_ticket_token_is_refused(clock, db):
    with pytest.raises(errors.TicketNotFound):
        file(ticket_token="no-such-token-at-all")
    assert not Complaint.objects.exists()


def test_service_of_another_agency_is_refused(clock, agency_a, service_b):
    with pytest.raises(errors.ServiceNotOfAgency):
        file(agency=agency_a, service=service_b)


def test_phone_contact_is_normalised_other_contact_kept(clock, db):
    assert file(contact="0812-9876-5432").contact == REPORTER_PHONE_STORED
    assert file(contact=" warga@example.org ").contact == "warga@example.org"


def test_new_complaint_is_received_with_a_code(complaint_a, service_a):
    assert complaint_a.status == Status.RECEIVED
    assert re.fullmatch(r"ADU(-[0-9A-HJKMNP-TV-Z]{5}){3}", complaint_a.code)
    assert complaint_a.agency == service_a.agency
    assert complaint_a.channel == Complaint.Channel.WEB


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp"), (PDF, "application/pdf")],
)
def test_attachments_of_each_allowed_type_are_stored(clock, db, content, content_type, settings):
    upload = SimpleUploadedFile("C:\\Users\\siti\\bukti.bin", content, "text/plain")

    complaint = file(attachments=[upload])

    attachment = complaint.attachments.get()
    assert attachment.content_type == content_type
    assert attachment.size == len(content)
    assert "siti" not in attachment.file.name  # stored under a name of our own
    assert attachment.file.name.startswith("complaints/2026/11/" + complaint.code)
    with attachment.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 not an image", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"GIF89a....", b""],
    ids=["exe", "svg", "gif", "empty"],
)
def test_attachment_is_checked_by_content_not_name(clock, db, content):
    upload = SimpleUploadedFile("foto.jpg", content, "image/jpeg")

    with pytest.raises(errors.AttachmentTypeNotAllowed):
        file(attachments=[upload])
    assert not Complaint.objects.exists()


def test_attachment_over_5_mb_is_refused(clock, db):
    upload = SimpleUploadedFile("besar.jpg", JPEG + b"\x00" * (5 * 1024 * 1024), "image/jpeg")

    with pytest.raises(errors.AttachmentTooLarge):
        file(attachments=[upload])


def test_attachment_of_exactly_5_mb_is_accepted(clock, db):
    content = JPEG + b"\x00" * (5 * 1024 * 1024 - len(JPEG))

    complaint = file(attachments=[SimpleUploadedFile("pas.jpg", content)])

    assert complaint.attachments.get().size == 5 * 1024 * 1024


def test_more_than_three_attachments_are_refused(clock, db):
    uploads = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(4)]

    with pytest.raises(errors.TooManyAttachments):
        file(attachments=uploads)


def test_rate_limit_per_client_per_hour(clock, db):
    for _ in range(services.RATE_LIMIT):
        file(client_key="ip:10.0.0.1")

    with pytest.raises(errors.TooManyComplaints):
        file(client_key="ip:10.0.0.1")
    file(client_key="ip:10.0.0.2")  # another client is not affected
    file(client_key="")  # staff and kiosk filings are not limited
    clock.shift(dt.timedelta(hours=1))
    file(client_key="ip:10.0.0.1")  # a new hour, a new allowance
    assert Complaint.objects.count() == services.RATE_LIMIT + 3


# --- the workflow ----------------------------------------------------------------------


def test_the_whole_workflow(complaint_a, supervisor_a):
    path = [Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED]
    for target in path:
        services.complaint_respond(complaint=complaint_a, author=supervisor_a, status=target)

    complaint_a.refresh_from_db()
    assert complaint_a.status == Status.CLOSED
    thread = list(complaint_a.responses.values_list("from_status", "to_status"))
    assert thread == [
        ("received", "verified"),
        ("verified", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "closed"),
    ]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ([], Status.IN_PROGRESS),
        ([], Status.RESOLVED),
        ([], Status.CLOSED),
        ([Status.VERIFIED], Status.RECEIVED),
        ([Status.VERIFIED, Status.IN_PROGRESS], Status.CLOSED),
        ([Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED], Status.REJECTED),
        ([Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED], Status.VERIFIED),
    ],
)
def test_invalid_transitions_are_refused(complaint_a, supervisor_a, start, target):
    for status in start:
        services.complaint_respond(complaint=complaint_a, author=supervisor_a, status=status)
    before = ComplaintResponse.objects.count()

    with pytest.raises(errors.InvalidTransition):
        services.complaint_respond(
            complaint=complaint_a, author=supervisor_a, status=target, reason="alasan"
        )

    assert ComplaintResponse.objects.count() == before
    complaint_a.refresh_from_db()
    assert complaint_a.status == (start[-1] if start else Status.RECEIVED)


@pytest.mark.parametrize("start", [[], [Status.VERIFIED], [Status.VERIFIED, Status.IN_PROGRESS]])
def test_rejected_with_a_reason_from_any_open_state(complaint_a, supervisor_a, start):
    for status in start:
        services.complaint_respond(complaint=complaint_a, author=supervisor_a, status=status)

    services.complaint_respond(
        complaint=complaint_a,
        author=supervisor_a,
        status=Status.REJECTED,
        reason="Bukan wewenang MPP.",
    )

    complaint_a.refresh_from_db()
    assert (complaint_a.status, complaint_a.rejection_reason) == (
        Status.REJECTED,
        "Bukan wewenang MPP.",
    )


def test_rejection_without_a_reason_is_refused(complaint_a, supervisor_a):
    with pytest.raises(errors.RejectionReasonRequired):
        services.complaint_respond(complaint=complaint_a, author=supervisor_a, status="rejected")
    complaint_a.refresh_from_db()
    assert complaint_a.status == Status.RECEIVED


def test_rejection_message_serves_as_the_reason(complaint_a, supervisor_a):
    services.complaint_respond(
        complaint=complaint_a, author=supervisor_a, status="rejected", message="Laporan ganda."
    )
    complaint_a.refresh_from_db()
    assert complaint_a.rejection_reason == "Laporan ganda."


def test_empty_response_is_refused(complaint_a, supervisor_a):
    with pytest.raises(errors.EmptyResponse):
        services.complaint_respond(complaint=complaint_a, author=supervisor_a, message="  ")
    with pytest.raises(errors.EmptyResponse):
        services.complaint_respond(complaint=complaint_a, author=supervisor_a, status="received")


def test_same_status_with_a_message_is_just_a_reply(complaint_a, supervisor_a):
    response = services.complaint_respond(
        complaint=complaint_a, author=supervisor_a, status="received", message="Kami terima."
    )
    assert (response.from_status, response.to_status) == ("", "")


# --- telling the resident ------------------------------------------------------------


def test_public_reply_is_sent_to_the_reporter_phone(
    complaint_a, supervisor_a, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_respond(
            complaint=complaint_a,
            author=supervisor_a,
            message="Sudah ditindaklanjuti.",
            public=True,
        )

    assert len(outbox) == 1
    assert outbox[0].phone == REPORTER_PHONE_STORED
    assert complaint_a.code in outbox[0].text
    assert REPORTER_NAME not in outbox[0].text
    assert outbox[0].kind == "complaint_reply"


def test_internal_reply_is_not_sent(
    complaint_a, supervisor_a, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.complaint_respond(complaint=complaint_a, author=supervisor_a, message="Catatan.")
    assert outbox == []
    assert callbacks == []


def test_no_message_without_a_phone(
    clock, supervisor_a, agency_a, outbox, django_capture_on_commit_callbacks
):
    for contact in ("", "warga@example.org"):
        complaint = file(agency=agency_a, contact=contact)
        with django_capture_on_commit_callbacks(execute=True):
            services.complaint_respond(
                complaint=complaint, author=supervisor_a, message="Balasan.", public=True
            )
    assert outbox == []


def test_the_reply_task_sends_once(
    complaint_a, supervisor_a, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = services.complaint_respond(
            complaint=complaint_a, author=supervisor_a, message="Balasan.", public=True
        )

    assert tasks.notify_complaint_reply(response.pk) is False  # already sent on commit
    assert len(outbox) == 1


# --- escalation with a frozen clock ------------------------------------------------------


def test_overdue_complaints_are_escalated_once(complaint_a, complaint_b, supervisor_a):
    # Deadline: end of Tue 1 Dec. One is resolved in time, one is not.
    for status in (Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED):
        services.complaint_respond(complaint=complaint_b, author=supervisor_a, status=status)

    with time_machine.travel(dt.datetime(2026, 12, 1, 23, 59, tzinfo=WIB), tick=False):
        assert tasks.escalate_overdue() == 0
    with time_machine.travel(dt.datetime(2026, 12, 2, 0, 0, 1, tzinfo=WIB), tick=False):
        assert tasks.escalate_overdue() == 1
        assert tasks.escalate_overdue() == 0  # idempotent

    complaint_a.refresh_from_db()
    complaint_b.refresh_from_db()
    assert complaint_a.escalated_at == dt.datetime(2026, 12, 2, 0, 0, 1, tzinfo=WIB)
    assert complaint_b.escalated_at is None
    note = complaint_a.responses.get()
    assert note.public is False and "eskalasi" in note.message


def test_escalated_complaints_are_listed_for_the_manager(complaint_a, manager):
    at = dt.datetime(2026, 12, 3, 9, 0, tzinfo=WIB)
    services.complaints_escalate_overdue(at=at)

    escalated = selectors.complaint_list(user=manager, escalated=True, at=at)
    assert list(escalated) == [complaint_a]
    assert list(selectors.complaint_list(user=manager, overdue=True, at=at)) == [complaint_a]
    assert selectors.sla_state(complaint_a, at=at) == "overdue"


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (dt.datetime(2026, 11, 24, 9, 0, tzinfo=WIB), "on_time"),
        (dt.datetime(2026, 11, 30, 0, 0, tzinfo=WIB), "due_soon"),
        (dt.datetime(2026, 12, 1, 23, 59, tzinfo=WIB), "due_soon"),
        (dt.datetime(2026, 12, 2, 0, 0, tzinfo=WIB), "overdue"),
    ],
)
def test_sla_badges(complaint_a, moment, state):
    assert selectors.sla_state(complaint_a, at=moment) == state


def test_handled_complaints_have_no_sla_badge(complaint_a, supervisor_a):
    services.complaint_respond(
        complaint=complaint_a, author=supervisor_a, status="rejected", reason="Ganda"
    )
    complaint_a.refresh_from_db()
    assert selectors.sla_state(complaint_a, at=dt.datetime(2027, 1, 1, tzinfo=WIB)) == ""


# --- scoping -------------------------------------------------------------------------------


def test_supervisor_sees_own_agency_manager_sees_all(
    complaint_a, complaint_b, complaint_mall, supervisor_a, manager, officer_a, kiosk
):
    assert list(selectors.complaints_for_user(user=supervisor_a)) == [complaint_a]
    assert set(selectors.complaints_for_user(user=manager)) == {
        complaint_a,
        complaint_b,
        complaint_mall,
    }
    assert not selectors.complaints_for_user(user=officer_a).exists()
    assert not selectors.complaints_for_user(user=kiosk).exists()


def test_forwarding_keeps_the_first_record(complaint_a, manager, supervisor_a):
    services.complaints_forward_to_lapor(complaints=[complaint_a], actor=manager)
    first = complaint_a.lapor_forwarded_at
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=WIB), tick=False):
        services.complaints_forward_to_lapor(complaints=[complaint_a], actor=supervisor_a)

    complaint_a.refresh_from_db()
    assert (complaint_a.lapor_forwarded_at, complaint_a.lapor_forwarded_by) == (first, manager)
    assert complaint_a.responses.filter(public=False).count() == 2


# --- retention -------------------------------------------------------------------------------


def test_reporter_data_is_purged_a_year_after_handling(complaint_a, complaint_b, supervisor_a):
    services.complaint_respond(
        complaint=complaint_a, author=supervisor_a, status="rejected", reason="Ganda."
    )
    open_one = file(name="Budi", contact="081234567890")

    day_before = dt.datetime(2027, 11, 24, 8, 0, tzinfo=WIB)
    year_after = dt.datetime(2027, 11, 24, 9, 1, tzinfo=WIB)
    assert tasks.services.complaints_purge_reporter_data(at=day_before) == 0
    with time_machine.travel(year_after, tick=False):
        assert tasks.purge_reporter_data() == 1

    complaint_a.refresh_from_db()
    open_one.refresh_from_db()
    assert (complaint_a.name, complaint_a.contact) == ("", "")
    assert complaint_a.description and complaint_a.responses.exists()
    assert (open_one.name, open_one.contact) == ("Budi", "+6281234567890")


def test_retention_is_a_setting(complaint_a, supervisor_a, settings):
    settings.COMPLAINT_RETENTION_DAYS = 30
    services.complaint_respond(
        complaint=complaint_a, author=supervisor_a, status="rejected", reason="Ganda."
    )

    assert (
        services.complaints_purge_reporter_data(at=dt.datetime(2026, 12, 24, 9, 1, tzinfo=WIB)) == 1
    )


def test_stored_attachment_names_are_not_guessable_from_the_code(clock, db):
    complaint = file(
        attachments=[SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.png", PNG)]
    )

    names = [a.file.name for a in complaint.attachments.all()]
    assert len(set(names)) == 2
    assert all(len(name.rsplit("/", 1)[1]) >= len(complaint.code) + 1 + 16 + 4 for name in names)
