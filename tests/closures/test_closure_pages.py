"""Closure pages: the console's "Ajukan penutupan" panel (and its form posting), and
/dashboard/closures/ (managers decide; officers and supervisors read their agency's)."""

import datetime as dt

import pytest

from agencies.models import User
from closures.models import ClosureRequest
from closures.services import closure_approve, closure_request
from tests import factories
from tests.conftest import at
from tests.pow import solved

pytestmark = pytest.mark.usefixtures("clock", "hours")

LIST = "/dashboard/closures/"
NEW = "/dashboard/closures/new/"


@pytest.fixture
def client_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def closure_a(counter_a, officer_a):
    return closure_request(
        actor=officer_a, counter=counter_a, reason="Perbaikan printer", ends_at=at(11)
    )


@pytest.fixture
def closure_b(counter_b, officer_b):
    return closure_request(
        actor=officer_b, counter=counter_b, reason="Rapat Polres", ends_at=at(12)
    )


def console(client, counter):
    return client.get(f"/counter/?counter={counter.pk}")


def form(target_counter, **changes) -> dict:
    counter = target_counter
    data = {
        "target": f"counter:{counter.pk}",
        "reason": "Printer rusak",
        "starts_at": "2026-11-24T09:00",
        "ends_at": "2026-11-24T11:30",
        "next": f"/counter/?counter={counter.pk}#closure",
    }
    return {**data, **changes}


# --- the console panel ---------------------------------------------------------------


def test_console_shows_the_closure_form(client_as, officer_a, counter_a):
    html = console(client_as(officer_a), counter_a).content.decode()

    assert 'id="closure-title">Ajukan penutupan' in html
    assert f'action="{NEW}"' in html
    assert f'name="target" value="counter:{counter_a.pk}" checked' in html
    assert f'name="target" value="booth:{counter_a.booth_id}">' in html
    assert 'name="starts_at" value="2026-11-24T09:00"' in html
    assert 'name="ends_at" value="2026-11-24T14:00" required' in html  # today's closing time
    assert "Tidak ada penutupan yang diajukan atau berlaku." in html


def test_console_form_posts_a_request(client_as, officer_a, counter_a):
    client = client_as(officer_a)

    response = client.post(NEW, form(counter_a))

    assert response.status_code == 302
    assert response["Location"] == f"/counter/?counter={counter_a.pk}#closure"
    closure = ClosureRequest.objects.get()
    assert (closure.counter, closure.requested_by, closure.status) == (
        counter_a,
        officer_a,
        "pending",
    )
    assert (closure.starts_at, closure.ends_at) == (at(9), at(11, 30))
    html = client.get(response["Location"]).content.decode()
    assert "terkirim ke pengelola MPP" in html
    assert "24-11-2026 09:00-11:30 WIB" in html and "Printer rusak" in html


def test_console_form_closes_the_whole_booth(client_as, officer_a, counter_a):
    client_as(officer_a).post(
        NEW, form(counter_a, target=f"booth:{counter_a.booth_id}", starts_at="")
    )

    closure = ClosureRequest.objects.get()
    assert (closure.booth, closure.counter, closure.starts_at) == (counter_a.booth, None, at(9))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": ""}, "Sampai: Bidang ini harus diisi."),
        ({"ends_at": "besok"}, "Sampai:"),
        ({"reason": ""}, "Alasan:"),
        ({"target": "mall:1"}, "Yang ditutup:"),
        ({"target": "counter:x"}, "Yang ditutup:"),
        ({"target": "counter:99999999999"}, "Yang ditutup:"),
        ({"target": "booth:999999"}, "tidak ditemukan"),
        ({"ends_at": "2026-11-24T08:00"}, "waktu yang sudah lewat"),
        ({"ends_at": "2026-12-30T08:00"}, "paling lama 14 hari"),
        ({"target": "counter:999999"}, "tidak ditemukan"),
    ],
)
def test_console_form_errors_are_told(client_as, officer_a, counter_a, changes, message):
    client = client_as(officer_a)

    response = client.post(NEW, form(counter_a, **changes), follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClosureRequest.objects.exists()


def test_an_officer_of_another_agency_cannot_post_for_my_counter(client_as, officer_b, counter_a):
    response = client_as(officer_b).post(NEW, form(counter_a, next=LIST), follow=True)

    assert "Anda tidak berwenang" in response.content.decode()
    assert not ClosureRequest.objects.exists()


def test_kiosk_and_anonymous_cannot_post(client, client_as, kiosk, counter_a):
    assert client.post(NEW, form(counter_a))["Location"].startswith("/login/")
    assert client_as(kiosk).post(NEW, form(counter_a)).status_code == 403
    assert not ClosureRequest.objects.exists()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "evil"]
)
def test_next_must_be_our_own_page(client_as, officer_a, counter_a, target):
    response = client_as(officer_a).post(NEW, form(counter_a, next=target))

    assert response["Location"] == LIST


def test_console_lists_the_booths_closures_and_cancels_mine(
    client_as, officer_a, counter_a, closure_a, manager
):
    client = client_as(officer_a)
    html = console(client, counter_a).content.decode()
    assert "Perbaikan printer" in html and "Diajukan" in html
    assert f"/dashboard/closures/{closure_a.pk}/cancel/" in html

    response = client.post(
        f"/dashboard/closures/{closure_a.pk}/cancel/",
        {"next": f"/counter/?counter={counter_a.pk}#closure"},
        follow=True,
    )

    assert "dibatalkan" in response.content.decode()
    assert ClosureRequest.objects.get().status == "cancelled"


def test_console_shows_a_closure_in_force(client_as, officer_a, counter_a, closure_a, manager):
    closure_approve(closure=closure_a, actor=manager)

    html = console(client_as(officer_a), counter_a).content.decode()

    assert "Sedang berlaku" in html


def test_a_colleague_sees_but_cannot_cancel(client_as, officer_a2, counter_a, closure_a):
    html = console(client_as(officer_a2), counter_a).content.decode()

    assert "Perbaikan printer" in html
    assert f"/dashboard/closures/{closure_a.pk}/cancel/" not in html


def test_console_panel_in_english(client_as, officer_a, counter_a):
    client = client_as(officer_a)
    html = client.get(
        f"/counter/?counter={counter_a.pk}", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "Request a closure" in html


# --- /dashboard/closures/ ---------------------------------------------------------------


def test_manager_sees_every_request_with_decision_buttons(client_as, manager, closure_a, closure_b):
    html = client_as(manager).get(LIST).content.decode()

    assert "Perbaikan printer" in html and "Rapat Polres" in html
    assert f"/dashboard/closures/{closure_a.pk}/approve/" in html
    assert f"/dashboard/closures/{closure_b.pk}/refuse/" in html


def test_supervisor_reads_only_their_agencys(client_as, supervisor_a, closure_a, closure_b):
    response = client_as(supervisor_a).get(LIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Perbaikan printer" in html
    assert "Rapat Polres" not in html
    assert "/approve/" not in html and "/refuse/" not in html


def test_officer_of_another_agency_does_not_see_mine(client_as, officer_b, closure_a, closure_b):
    html = client_as(officer_b).get(LIST).content.decode()

    assert "Rapat Polres" in html and "Perbaikan printer" not in html


@pytest.mark.parametrize("persona", ["kiosk", "resident"])
def test_other_roles_are_refused(client_as, request, persona, db):
    if persona == "resident":
        user = factories.UserFactory(username="warga", role=User.Role.RESIDENT, agency=None)
    else:
        user = request.getfixturevalue(persona)

    assert client_as(user).get(LIST).status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get(LIST)["Location"].startswith("/login/?next=/dashboard/closures/")


def test_manager_approves_from_the_page(client_as, manager, closure_a):
    client = client_as(manager)

    response = client.post(
        f"/dashboard/closures/{closure_a.pk}/approve/", {"note": "Silakan"}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == LIST
    assert "disetujui" in html
    closure_a.refresh_from_db()
    assert (closure_a.status, closure_a.decision_note) == ("approved", "Silakan")
    assert "Sedang berlaku" in html
    # The step log shows who did what and when.
    assert "24-11-2026 09:00</time> · Diajukan · officer-a" in html
    assert "24-11-2026 09:00</time> · Disetujui · manager · “Silakan”" in html


def test_refusing_without_a_note_is_told(client_as, manager, closure_a):
    client = client_as(manager)

    response = client.post(f"/dashboard/closures/{closure_a.pk}/refuse/", {"note": ""}, follow=True)

    assert "Tuliskan alasan penolakan" in response.content.decode()
    assert ClosureRequest.objects.get().status == "pending"
    client.post(f"/dashboard/closures/{closure_a.pk}/refuse/", {"note": "Antrean ramai"})
    assert ClosureRequest.objects.get().status == "refused"


def test_supervisor_cannot_decide_from_the_page(client_as, supervisor_a, closure_a):
    response = client_as(supervisor_a).post(
        f"/dashboard/closures/{closure_a.pk}/approve/", follow=True
    )

    assert "Anda tidak berwenang" in response.content.decode()
    assert ClosureRequest.objects.get().status == "pending"


@pytest.mark.parametrize("step", ["approve", "refuse", "cancel"])
def test_another_agency_gets_404(client_as, officer_b, supervisor_b, closure_a, step):
    for user in (officer_b, supervisor_b):
        response = client_as(user).post(f"/dashboard/closures/{closure_a.pk}/{step}/")
        assert response.status_code == 404
    assert ClosureRequest.objects.get().status == "pending"


@pytest.mark.parametrize("path", ["999999/approve/", f"{2**70}/approve/", "1/explode/"])
def test_unknown_requests_and_steps_are_404(client_as, manager, closure_a, path):
    assert client_as(manager).post(f"/dashboard/closures/{path}").status_code == 404


def test_the_list_is_a_get_only_page(client_as, manager):
    assert client_as(manager).post(LIST).status_code == 405
    assert client_as(manager).get(NEW).status_code == 405


def test_the_list_in_english(client_as, manager, closure_a):
    html = client_as(manager).get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Planned closures" in html
    assert "Awaiting a decision" in html


def test_the_list_takes_a_fixed_number_of_queries(
    client_as, manager, counter_a, officer_a, closure_a, django_assert_max_num_queries
):
    client = client_as(manager)
    for hour in (11, 12, 13):
        closure_request(
            actor=officer_a, counter=counter_a, reason="x", starts_at=at(hour), ends_at=at(hour, 30)
        )
    with django_assert_max_num_queries(14):
        assert client.get(LIST).status_code == 200


def test_a_refused_form_shows_its_values_again(client_as, officer_a, counter_a):
    client = client_as(officer_a)
    body = form(
        counter_a,
        target=f"booth:{counter_a.booth_id}",
        reason="Genset mati",
        ends_at="2026-11-24T08:30",
    )

    html = client.post(NEW, body, follow=True).content.decode()

    assert "waktu yang sudah lewat" in html
    assert 'value="Genset mati"' in html
    assert 'name="ends_at" value="2026-11-24T08:30"' in html
    assert f'value="booth:{counter_a.booth_id}" checked' in html
    # Shown once: the next visit starts afresh.
    assert 'value="Genset mati"' not in console(client, counter_a).content.decode()


# --- requesting from /dashboard/closures/ (supervisors have no console) ------------------


def test_supervisor_requests_a_booth_closure_from_the_list(
    client_as, supervisor_a, booth_a, counter_a, booth_b
):
    client = client_as(supervisor_a)
    html = client.get(LIST).content.decode()
    assert f'<option value="booth:{booth_a.pk}">' in html
    assert f'<option value="counter:{counter_a.pk}">' in html
    assert f"booth:{booth_b.pk}" not in html  # another agency's booth is not offered

    response = client.post(
        NEW,
        {
            "target": f"booth:{booth_a.pk}",
            "reason": "Rapat koordinasi",
            "starts_at": "2026-11-25T08:00",
            "ends_at": "2026-11-25T10:00",
            "next": LIST,
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == LIST
    assert "terkirim ke pengelola MPP" in response.content.decode()
    closure = ClosureRequest.objects.get()
    assert (closure.booth, closure.counter, closure.starts_at) == (booth_a, None, at(8, 0, day=25))


def test_supervisor_cannot_close_another_agencys_booth(client_as, supervisor_a, booth_b):
    response = client_as(supervisor_a).post(
        NEW,
        {"target": f"booth:{booth_b.pk}", "reason": "x", "ends_at": "2026-11-24T11:00"},
        follow=True,
    )

    assert "Anda tidak berwenang" in response.content.decode()
    assert not ClosureRequest.objects.exists()


def test_managers_may_pick_any_booth(client_as, manager, booth_a, booth_b):
    html = client_as(manager).get(LIST).content.decode()

    assert f"booth:{booth_a.pk}" in html and f"booth:{booth_b.pk}" in html
    assert "Gerai Polres · Polres" in html


def test_manager_sees_which_lines_would_stop_and_bookings_made(
    client_as, manager, service_a, service_a2, booth_a, counter_a, counter_a2, supervisor_a
):
    from queues.services import ticket_book

    ticket_book(service=service_a, day=at(9).date(), slot_start=dt.time(10), nik="3574014101900001")
    ticket_book(service=service_a, day=at(9).date(), slot_start=dt.time(13), nik="3574014101900002")
    closure_request(actor=supervisor_a, counter=counter_a, reason="Satu loket", ends_at=at(11))
    closure_request(
        actor=supervisor_a,
        booth=booth_a,
        reason="Seluruh gerai",
        starts_at=at(9, 30),
        ends_at=at(12),
    )

    one, whole = ClosureRequest.objects.order_by("id")

    html = client_as(manager).get(LIST).content.decode()

    def card(closure) -> str:
        return html.split(f'id="closure-{closure.pk}"')[1].split("</li>")[0]

    assert "Semua layanannya tetap dilayani loket lain." in card(one)
    assert "pendaftaran online" not in card(one)
    assert "KTP-el baru (A)" in card(whole) and "Kartu Keluarga (B)" in card(whole)
    # 10:00 is inside 09:30-12:00, 13:00 is not.
    assert "1 pendaftaran online sudah ada pada waktu itu" in card(whole)


# --- what residents see -------------------------------------------------------------------


def test_the_booking_page_tells_a_resident_the_line_is_closed(
    client, service_a, booth_a, counter_a, supervisor_a, manager
):
    from queues.models import Ticket

    closure = closure_request(
        actor=supervisor_a,
        booth=booth_a,
        reason="Rapat",
        starts_at=at(9),
        ends_at=at(12, 0, day=25),
    )
    closure_approve(closure=closure, actor=manager)
    payload = {
        "date": "2026-11-25",
        "slot": "10:00",
        "nik": "3574014101900001",
        "phone": "081234567890",
        "name": "Siti",
        "priority": "regular",
        "altcha": solved(),  # the form's proof of work, as the widget sends it
    }

    html = client.post(f"/book/{service_a.pk}/", payload).content.decode()

    assert "ditutup sementara (penutupan terencana) sampai pukul 12:00 WIB" in html
    assert not Ticket.objects.exists()
