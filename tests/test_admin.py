"""Django admin: every page renders for a superuser, and the read-only parts stay read-only."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import (
    Agency,
    Booth,
    Closure,
    Journey,
    JourneyStage,
    OpeningHours,
    Service,
    User,
)
from closures.models import ClosureRequest, ClosureRequestEvent
from complaints.models import Complaint, ComplaintAttachment, ComplaintResponse, SurveyResponse
from counters.models import Counter, CounterPause, CounterSession, Device
from messaging.models import InboundMessage, OptIn, OutboundMessage
from monitoring.models import BoothAlert
from mpp.models import PendingTask
from queues.models import (
    DailySequence,
    DisplayMessage,
    IdempotencyKey,
    LineVersion,
    Pronunciation,
    Ticket,
    TicketEvent,
)
from tests import factories
from tests.conftest import TUESDAY_9AM

OUR_APPS = (
    "mpp",
    "agencies",
    "counters",
    "closures",
    "queues",
    "complaints",
    "monitoring",
    "messaging",
)
MODELS = [
    Agency,
    Service,
    Booth,
    User,
    OpeningHours,
    Closure,
    Counter,
    CounterSession,
    CounterPause,
    Ticket,
    DailySequence,
    TicketEvent,
    Pronunciation,
    DisplayMessage,
    Complaint,
    ComplaintResponse,
    ComplaintAttachment,
    BoothAlert,
    ClosureRequest,
    ClosureRequestEvent,
    SurveyResponse,
    Device,
    IdempotencyKey,
    LineVersion,
    PendingTask,
    Journey,
    JourneyStage,
    OptIn,
    OutboundMessage,
    InboundMessage,
]
# Written only by services: the admin shows them and refuses to create them. Attendance,
# breaks, alert acknowledgements and closure decisions go through the services (issue 11).
VIEW_ONLY = {
    Ticket,
    DailySequence,
    TicketEvent,
    ClosureRequestEvent,
    CounterSession,
    CounterPause,
    BoothAlert,
    ClosureRequest,
    IdempotencyKey,
    LineVersion,
    PendingTask,
    OptIn,
    OutboundMessage,
    InboundMessage,
}
NIK_HASH = "f00d" * 16  # a recognisable stand-in for the keyed hash


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def ids(model) -> str:
    return model.__name__


@pytest.fixture
def objects(clock, hours, counter_a, counter_b, officer_a, service_a):
    """One row of every model, linked the way the services would link them."""
    now = TUESDAY_9AM
    officer_a.groups.add(Group.objects.create(name="Petugas loket"))
    session = CounterSession.objects.create(
        counter=counter_a, officer=officer_a, opened_at=now - dt.timedelta(hours=1)
    )
    pause = CounterPause.objects.create(
        session=session,
        reason="Istirahat salat",
        started_at=now - dt.timedelta(minutes=40),
        ended_at=now - dt.timedelta(minutes=20),
    )
    ticket = factories.TicketFactory(
        service=service_a,
        number=7,
        status=Ticket.Status.CALLED,
        counter=counter_a,
        issued_at=now - dt.timedelta(minutes=25),
        queued_at=now - dt.timedelta(minutes=25),
        called_at=now,
        nik_hash=NIK_HASH,
        nik_last4="0001",
        name="Siti Aminah",
        phone="081234567890",
    )
    event = TicketEvent.objects.create(
        ticket=ticket,
        kind=TicketEvent.Kind.CALLED,
        at=now,
        actor=officer_a,
        counter=counter_a,
        service=service_a,
        from_status=Ticket.Status.WAITING,
        to_status=Ticket.Status.CALLED,
    )
    complaint = Complaint.objects.create(
        category=Complaint.Category.WAITING,
        description="Antrean terlalu lama.",
        agency=service_a.agency,
        service=service_a,
        ticket=ticket,
        due_at=now + dt.timedelta(days=5),
    )
    closure = ClosureRequest.objects.create(
        booth=counter_a.booth,
        counter=counter_a,
        reason="Perbaikan jaringan",
        starts_at=now + dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2),
        requested_by=officer_a,
        requested_at=now,
    )
    journey = Journey.objects.create(code="pindah", name="Pindah domisili")
    JourneyStage.objects.create(journey=journey, position=1, service=service_a)
    JourneyStage.objects.create(journey=journey, position=2, service=counter_b.services.first())
    return {
        Agency: service_a.agency,
        Service: service_a,
        Booth: counter_a.booth,
        User: officer_a,
        OpeningHours: OpeningHours.objects.get(weekday=1),
        Closure: Closure.objects.create(
            date=dt.date(2026, 12, 25), reason="Hari Raya Natal", source=Closure.Source.HOLIDAY
        ),
        Counter: counter_a,
        CounterSession: session,
        CounterPause: pause,
        Ticket: ticket,
        DailySequence: DailySequence.objects.create(
            prefix=ticket.prefix, date=ticket.date, last_number=7
        ),
        TicketEvent: event,
        IdempotencyKey: IdempotencyKey.objects.create(
            endpoint=IdempotencyKey.Endpoint.KIOSK_TICKET,
            client="user:1",
            key="3f2b9c1e-kiosk",
            fingerprint="0" * 64,
            ticket=ticket,
            created_at=now,
        ),
        LineVersion: LineVersion.objects.create(service=service_a, version=3),
        OptIn: OptIn.objects.create(phone="+6281234567890", source="booking", opted_in_at=now),
        OutboundMessage: OutboundMessage.objects.create(
            reference="notify:called:x:", kind="called", phone_masked="*********7890"
        ),
        InboundMessage: InboundMessage.objects.create(
            wamid="wamid.x", command="position", reply="Nomor A-001", received_at=now
        ),
        PendingTask: PendingTask.objects.create(
            task="complaints.tasks.notify_complaint_reply", args=[1], last_error="OperationalError"
        ),
        Pronunciation: Pronunciation.objects.create(term="BPJS", spoken="be pe je es"),
        DisplayMessage: DisplayMessage.objects.create(text="Selamat datang di MPP"),
        Complaint: complaint,
        ComplaintResponse: ComplaintResponse.objects.create(
            complaint=complaint, author=officer_a, message="Sedang kami periksa.", at=now
        ),
        ComplaintAttachment: ComplaintAttachment.objects.create(
            complaint=complaint,
            file=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 test"),
            original_name="bukti.pdf",
            content_type="application/pdf",
            size=13,
            uploaded_at=now,
        ),
        BoothAlert: BoothAlert.objects.create(
            booth=counter_b.booth,
            kind=BoothAlert.Kind.EMPTY,
            reason="no_counter_open",
            opened_at=now - dt.timedelta(minutes=5),
        ),
        ClosureRequest: closure,
        ClosureRequestEvent: ClosureRequestEvent.objects.create(
            closure=closure,
            kind=ClosureRequestEvent.Kind.REQUESTED,
            at=now,
            actor=officer_a,
            note="Perbaikan jaringan",
        ),
        SurveyResponse: SurveyResponse.objects.create(
            ticket=ticket,
            agency=service_a.agency,
            service=service_a,
            officer=officer_a,
            created_at=now,
            comment="Pelayanan cepat",
            **dict.fromkeys(("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"), 4),
        ),
        Device: Device.objects.create(kind=Device.Kind.DISPLAY, label="TV lobi lantai 1"),
        Journey: journey,
        JourneyStage: journey.stages.first(),
    }


def test_every_model_of_our_apps_is_registered():
    ours = {m for label in OUR_APPS for m in apps.get_app_config(label).get_models()}
    assert ours == set(MODELS)
    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=ids)
def test_changelist_renders(admin_client, objects, model):
    response = admin_client.get(url(model, "changelist"))
    assert response.status_code == 200
    assert response.context_data["cl"].result_count >= 1


# Admin registration happens at django.setup(), before this module is collected.
SEARCHABLE = [m for m in MODELS if admin.site.get_model_admin(m).search_fields]
DATED = [m for m in MODELS if admin.site.get_model_admin(m).date_hierarchy]


@pytest.mark.parametrize("model", SEARCHABLE, ids=ids)
def test_changelist_search(admin_client, objects, model):
    response = admin_client.get(url(model, "changelist"), {"q": "x"})
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=ids)
def test_every_list_filter_choice(admin_client, objects, model):
    changelist = url(model, "changelist")
    cl = admin_client.get(changelist).context_data["cl"]
    choices = [c for spec in cl.filter_specs for c in spec.choices(cl)]
    assert len(cl.filter_specs) == len(admin.site.get_model_admin(model).list_filter)
    for choice in choices:
        response = admin_client.get(changelist + choice["query_string"])
        # An invalid lookup redirects to "?e=1" instead of failing loudly.
        assert response.status_code == 200, choice["query_string"]


@pytest.mark.parametrize("model", DATED, ids=ids)
def test_date_hierarchy_drilldown(admin_client, objects, model):
    field = admin.site.get_model_admin(model).date_hierarchy
    parts = {f"{field}__year": 2026, f"{field}__month": 11, f"{field}__day": 24}
    response = admin_client.get(url(model, "changelist"), parts)
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=ids)
def test_change_page_renders(admin_client, objects, model):
    response = admin_client.get(url(model, "change", objects[model].pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", sorted(set(MODELS) - VIEW_ONLY, key=ids), ids=ids)
def test_add_page_renders(admin_client, db, model):
    assert admin_client.get(url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", sorted(VIEW_ONLY, key=ids), ids=ids)
def test_service_written_models_refuse_add_change_delete(admin_client, objects, model):
    obj = objects[model]
    assert admin_client.get(url(model, "add")).status_code == 403
    assert admin_client.post(url(model, "add"), {}).status_code == 403
    assert admin_client.post(url(model, "change", obj.pk), {}).status_code == 403
    assert admin_client.get(url(model, "delete", obj.pk)).status_code == 403
    assert admin_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_ticket_event_admin_has_no_write_permission(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site.get_model_admin(TicketEvent)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_ticket_status_cannot_be_changed_through_admin(admin_client, objects):
    ticket = objects[Ticket]
    response = admin_client.post(
        url(Ticket, "change", ticket.pk), {"status": Ticket.Status.DONE, "counter": ""}
    )
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CALLED


def test_ticket_status_and_timestamps_are_declared_read_only():
    readonly = set(admin.site.get_model_admin(Ticket).readonly_fields)
    timestamps = {"issued_at", "queued_at", "checked_in_at", "called_at", "started_at"}
    assert {"status", "finished_at", "name", "phone", "nik_last4"} | timestamps <= readonly


def test_nik_hash_is_never_shown(admin_client, objects):
    ticket = objects[Ticket]
    for page in (url(Ticket, "changelist"), url(Ticket, "change", ticket.pk)):
        response = admin_client.get(page)
        assert NIK_HASH not in response.content.decode()
    assert "nik_hash" not in admin.site.get_model_admin(Ticket).list_display


def test_ticket_page_shows_its_timeline(admin_client, objects):
    response = admin_client.get(url(Ticket, "change", objects[Ticket].pk))
    content = response.content.decode()
    assert "Menunggu → Dipanggil" in content
    assert "events-TOTAL_FORMS" in content


@pytest.mark.parametrize("term", ["A-007", "a7", "A007"])
def test_ticket_search_by_code(admin_client, objects, term):
    response = admin_client.get(url(Ticket, "changelist"), {"q": term})
    assert list(response.context_data["cl"].result_list) == [objects[Ticket]]


def test_ticket_search_by_code_with_a_digit_in_the_prefix(admin_client, agency_a):
    service = factories.ServiceFactory(agency=agency_a, prefix="T1")
    ticket = factories.TicketFactory(service=service, number=2)
    for term in ("T1-002", "t12"):
        response = admin_client.get(url(Ticket, "changelist"), {"q": term})
        assert list(response.context_data["cl"].result_list) == [ticket]


def test_ticket_search_does_not_match_other_codes(admin_client, objects):
    response = admin_client.get(url(Ticket, "changelist"), {"q": "A-008"})
    assert list(response.context_data["cl"].result_list) == []


def test_service_form_groups_the_standar_pelayanan(admin_client, objects):
    content = admin_client.get(url(Service, "change", objects[Service].pk)).content.decode()
    assert "komponen penyampaian (1-6)" in content
    assert "komponen pengelolaan (7-14)" in content
    assert 'name="performance_evaluation"' in content


def test_closure_request_page_shows_its_steps(admin_client, objects):
    closure = objects[ClosureRequest]
    content = admin_client.get(url(ClosureRequest, "change", closure.pk)).content.decode()
    assert "events-TOTAL_FORMS" in content
    assert 'name="events-0-note"' not in content  # shown as text, not as an input


def test_booth_page_lists_its_counters_inline(admin_client, objects):
    content = admin_client.get(url(Booth, "change", objects[Booth].pk)).content.decode()
    assert "counters-TOTAL_FORMS" in content


def test_counter_page_shows_sessions_read_only(admin_client, objects):
    counter = objects[Counter]
    content = admin_client.get(url(Counter, "change", counter.pk)).content.decode()
    assert "sessions-TOTAL_FORMS" in content
    assert 'name="sessions-0-opened_at"' not in content  # shown as text, not as an input


def test_add_officer_with_role_and_agency(admin_client, agency_a):
    data = {
        "username": "petugas-baru",
        "usable_password": "true",
        "password1": "kata-sandi-panjang",
        "password2": "kata-sandi-panjang",
        "role": User.Role.OFFICER,
        "agency": agency_a.pk,
    }
    response = admin_client.post(url(User, "add"), data)
    assert response.status_code == 302
    user = User.objects.get(username="petugas-baru")
    assert (user.role, user.agency) == (User.Role.OFFICER, agency_a)


def test_officer_without_agency_is_refused(admin_client, db):
    data = {
        "username": "petugas-tanpa-instansi",
        "usable_password": "true",
        "password1": "kata-sandi-panjang",
        "password2": "kata-sandi-panjang",
        "role": User.Role.OFFICER,
        "agency": "",
    }
    response = admin_client.post(url(User, "add"), data)
    assert response.status_code == 200
    assert not User.objects.filter(username="petugas-tanpa-instansi").exists()


def test_user_list_filters_by_role_and_agency(admin_client, objects):
    specs = admin_client.get(url(User, "changelist")).context_data["cl"].filter_specs
    assert {"role", "agency"} <= {spec.field_path for spec in specs[:2]}


@pytest.mark.parametrize("model", [Ticket, TicketEvent, Counter, CounterSession], ids=ids)
def test_long_lists_make_a_fixed_number_of_queries(admin_client, objects, agency_b, model):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url(model, "changelist")).status_code == 200
        return len(queries)

    before = count()
    for number in (10, 11, 12):
        counter = factories.CounterFactory(booth__agency=agency_b, number=number)
        officer = factories.UserFactory(agency=agency_b)
        CounterSession.objects.create(counter=counter, officer=officer, opened_at=TUESDAY_9AM)
        ticket = factories.TicketFactory(service__agency=agency_b, counter=counter)
        TicketEvent.objects.create(
            ticket=ticket, kind="issued", at=TUESDAY_9AM, service=ticket.service, actor=officer
        )
    assert count() == before
