"""The officer console (/counter/) and the login page (/login/): who gets in,
which counters they may pick, what the console shows, today's counts."""

import datetime as dt
import json
import re

import pytest
from django.test import Client

from console.services import counter_open
from queues.services import (
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_start,
    ticket_transfer,
)
from tests import factories
from tests.conftest import WIB

pytestmark = pytest.mark.django_db

NIK = "3574014101900123"


@pytest.fixture
def client_as():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


def config_of(response) -> dict:
    match = re.search(
        r'<script id="console-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "the console's config is on the page"
    return json.loads(match.group(1))


def serve_one(counter, officer, service, **issue):
    """issue -> call-next -> start -> finish, through the real services."""
    ticket_issue(service=service, **issue)
    ticket = ticket_call_next(counter=counter, actor=officer)
    ticket_start(ticket=ticket, actor=officer)
    return ticket_finish(ticket=ticket, actor=officer)


# --- login ------------------------------------------------------------------


def test_login_page_renders_a_labelled_form():
    response = Client().get("/login/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="username"' in page
    assert 'name="password"' in page
    assert 'autocomplete="current-password"' in page
    assert re.search(r'<label for="id_username">', page)
    assert re.search(r'<label for="id_password">', page)


def test_login_leads_to_the_console(officer_a):
    response = Client().post(
        "/login/", {"username": "officer-a", "password": "secret-pass"}, follow=True
    )

    assert response.redirect_chain == [("/staff/", 302), ("/counter/", 302)]
    assert response.status_code == 200


def test_a_wrong_password_is_said_on_the_page(officer_a):
    response = Client().post("/login/", {"username": "officer-a", "password": "wrong"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


# --- who gets in -------------------------------------------------------------


def test_anonymous_is_sent_to_login():
    response = Client().get("/counter/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/counter/")


@pytest.mark.parametrize("persona", ["kiosk", "supervisor_a"])
def test_other_roles_get_403_with_a_message(request, client_as, persona):
    user = request.getfixturevalue(persona)

    response = client_as(user).get("/counter/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "hanya untuk petugas loket dan pengelola MPP" in page
    assert 'role="alert"' in page


def test_other_roles_get_403_for_a_counter_too(client_as, kiosk, counter_a):
    response = client_as(kiosk).get(f"/counter/?counter={counter_a.pk}")

    assert response.status_code == 403


# --- the picker -------------------------------------------------------------


def test_officer_picks_only_among_their_agency_counters(
    client_as, officer_a, counter_a, counter_a2, counter_b
):
    response = client_as(officer_a).get("/counter/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="?counter={counter_a.pk}"' in page
    assert f'href="?counter={counter_a2.pk}"' in page
    assert f'href="?counter={counter_b.pk}"' not in page
    assert "Gerai Polres" not in page


def test_inactive_counters_are_not_offered(client_as, officer_a, counter_a, counter_a2):
    counter_a2.is_active = False
    counter_a2.save()

    page = client_as(officer_a).get("/counter/").content.decode()

    assert f'href="?counter={counter_a.pk}"' in page
    assert f'href="?counter={counter_a2.pk}"' not in page


@pytest.mark.usefixtures("clock", "hours")
def test_picker_shows_who_staffs_each_counter(
    client_as, officer_a, officer_a2, counter_a, counter_a2
):
    counter_open(counter=counter_a, officer=officer_a2)

    page = client_as(officer_a).get("/counter/").content.decode()

    assert "officer-a2" in page
    assert "state-open" in page


def test_manager_picks_among_all_counters(client_as, manager, counter_a, counter_b):
    page = client_as(manager).get("/counter/").content.decode()

    assert f'href="?counter={counter_a.pk}"' in page
    assert f'href="?counter={counter_b.pk}"' in page


def test_officer_of_an_agency_without_counters_is_told_so(client_as, officer_b):
    response = client_as(officer_b).get("/counter/")

    assert response.status_code == 200
    assert "Belum ada loket aktif" in response.content.decode()


# --- ?counter= you may not operate ------------------------------------------


def test_a_counter_of_another_agency_is_refused(client_as, officer_a, counter_a, counter_b):
    response = client_as(officer_a).get(f"/counter/?counter={counter_b.pk}")

    assert response.status_code == 403
    page = response.content.decode()
    assert "milik instansi lain" in page
    assert "console-config" not in page


@pytest.mark.parametrize(
    "value", ["999999", "abc", "-1", "1.5", "99999999999999999999", "%00", "١٢", " "]
)
def test_a_counter_that_does_not_exist_is_404_never_500(client_as, officer_a, counter_a, value):
    response = client_as(officer_a).get("/counter/", {"counter": value})

    assert response.status_code in (200, 404)  # blank means "no counter": the picker
    if value.strip():
        assert response.status_code == 404
        assert "Loket tidak ditemukan" in response.content.decode()


def test_an_inactive_counter_is_404(client_as, officer_a, counter_a):
    counter_a.is_active = False
    counter_a.save()

    response = client_as(officer_a).get(f"/counter/?counter={counter_a.pk}")

    assert response.status_code == 404


def test_the_console_is_read_only_over_http(client_as, officer_a, counter_a):
    response = client_as(officer_a).post(f"/counter/?counter={counter_a.pk}")

    assert response.status_code == 405


# --- the console --------------------------------------------------------------


def test_console_shows_the_counter_and_its_controls(client_as, officer_a, counter_a, service_b):
    response = client_as(officer_a).get(f"/counter/?counter={counter_a.pk}")

    assert response.status_code == 200
    page = response.content.decode()
    assert counter_a.label in page
    assert "Gerai Dukcapil" in page
    # The big buttons, each with its shortcut shown and announced.
    for action, label, key in [
        ("call-next", "Panggil berikutnya", "N"),
        ("recall", "Panggil ulang", "R"),
        ("start", "Mulai layani", "S"),
        ("finish", "Selesai", "F"),
        ("no-show", "Tidak hadir", "X"),
        ("transfer", "Alihkan", "T"),
        ("pause", "Istirahat", "P"),
    ]:
        button = re.search(rf'<button[^>]*data-action="{action}"[^>]*>(.*?)</button>', page, re.S)
        assert button, action
        assert label in button.group(1)
        assert f"<kbd>{key}</kbd>" in button.group(1)
        assert f'aria-keyshortcuts="{key}' in button.group(0)
    assert "<kbd>Spasi</kbd>" in page
    for action in ("open", "resume", "close"):
        assert f'data-action="{action}"' in page
    # Pause presets, the live client and the alert region.
    for reason in ("Istirahat", "Salat", "Rapat"):
        assert f'value="{reason}"' in page
    assert "js/live.js" in page
    assert "counters/console.js" in page
    assert 'id="console-error" role="alert"' in page
    assert 'id="live-badge"' in page


def test_transfer_offers_every_service_of_every_agency_grouped(
    client_as, officer_a, counter_a, service_a, service_b
):
    stage = factories.ServiceFactory(agency=service_a.agency, prefix="RK", name="Perekaman KTP-el")
    page = client_as(officer_a).get(f"/counter/?counter={counter_a.pk}").content.decode()

    transfer = re.search(r'<select id="transfer-service".*?</select>', page, re.S).group(0)
    assert '<optgroup label="Dispendukcapil">' in transfer
    assert '<optgroup label="Polres">' in transfer
    assert f'<option value="{service_b.pk}">SKCK (S)</option>' in transfer
    assert f'<option value="{stage.pk}">Perekaman KTP-el (RK)</option>' in transfer
    # The counter's own agency comes first.
    assert transfer.index("Dispendukcapil") < transfer.index("Polres")
    assert 'id="transfer-search"' in page


def test_assisted_ticket_form_defaults_to_the_counters_service(
    client_as, officer_a, counter_a, service_a
):
    page = client_as(officer_a).get(f"/counter/?counter={counter_a.pk}").content.decode()

    assist = re.search(r'<select id="assist-service".*?</select>', page, re.S).group(0)
    assert re.search(rf'<option value="{service_a.pk}" selected>', assist)
    assert '<select id="assist-priority"' in page
    assert 'value="elderly"' in page


def test_manager_may_open_any_counters_console(client_as, manager, counter_b):
    response = client_as(manager).get(f"/counter/?counter={counter_b.pk}")

    assert response.status_code == 200
    assert config_of(response)["counter"] == counter_b.pk


def test_config_gives_the_script_its_endpoints_and_words(client_as, officer_a, counter_a):
    config = config_of(client_as(officer_a).get(f"/counter/?counter={counter_a.pk}"))

    assert config["ws"] == f"/ws/counters/{counter_a.pk}/"
    assert config["api"] == f"/api/v1/counters/{counter_a.pk}/"
    assert config["csrfToken"]
    assert config["state"]["state"] == "closed"
    assert config["texts"]["noQueue"] == "Tidak ada antrean."
    assert config["texts"]["priority"]["elderly"] == "Lansia"


# --- the current ticket and the queue ---------------------------------------


@pytest.mark.usefixtures("clock", "hours")
def test_console_shows_the_waiting_line(client_as, officer_a, counter_a, service_a):
    ticket_issue(service=service_a)
    ticket_issue(service=service_a, priority="elderly")

    response = client_as(officer_a).get(f"/counter/?counter={counter_a.pk}")

    page = response.content.decode()
    body = re.search(r'<tbody id="queue-body">(.*?)</tbody>', page, re.S).group(1)
    # Priority first (call order), with its badge; waiting since 09:00.
    assert body.index("A-002") < body.index("A-001")
    assert '<span class="prio prio-elderly">Lansia</span>' in body
    assert "09:00" in body
    assert [t["code"] for t in config_of(response)["queue"]] == ["A-002", "A-001"]


@pytest.mark.usefixtures("clock", "hours")
def test_console_shows_the_current_ticket_with_the_nik_last4(
    client_as, officer_a, counter_a, service_a
):
    ticket_issue(service=service_a, nik=NIK, priority="pregnant", channel="assisted")
    counter_open(counter=counter_a, officer=officer_a)
    ticket_call_next(counter=counter_a, actor=officer_a)

    response = client_as(officer_a).get(f"/counter/?counter={counter_a.pk}")

    page = response.content.decode()
    assert '<p class="current-code" id="current-code">A-001</p>' in page
    assert "••••0123" in page
    assert "Ibu hamil" in page
    assert "Dibantu petugas" in page
    assert NIK not in page
    state = config_of(response)["state"]
    assert state["state"] == "open"
    assert state["current_ticket"]["nik_last4"] == "0123"


# --- today's counts -----------------------------------------------------------


@pytest.mark.usefixtures("clock", "hours")
def test_todays_counts_after_serving_one(client_as, officer_a, counter_a, service_a):
    counter_open(counter=counter_a, officer=officer_a)
    serve_one(counter_a, officer_a, service_a)
    ticket_issue(service=service_a)  # one still waits

    response = client_as(officer_a).get(f"/counter/?counter={counter_a.pk}")

    assert config_of(response)["counts"] == {
        "served": 1,
        "no_show": 0,
        "transferred": 0,
        "waiting": 1,
    }
    page = response.content.decode()
    assert '<dd data-count="served">1</dd>' in page
    assert '<dd data-count="waiting">1</dd>' in page


@pytest.mark.usefixtures("hours")
def test_todays_counts_cover_no_shows_and_transfers_of_today_only(
    clock, client_as, officer_a, counter_a, counter_a2, service_a, service_b
):
    counter_open(counter=counter_a, officer=officer_a)
    serve_one(counter_a, officer_a, service_a)  # yesterday, as far as the next day knows
    clock.move_to(dt.datetime(2026, 11, 25, 9, 0, tzinfo=WIB))
    serve_one(counter_a, officer_a, service_a)
    ticket_issue(service=service_a)
    ticket_no_show(ticket=ticket_call_next(counter=counter_a, actor=officer_a), actor=officer_a)
    ticket_issue(service=service_a)
    moved = ticket_call_next(counter=counter_a, actor=officer_a)
    ticket_transfer(ticket=moved, service=service_b, actor=officer_a)

    client = client_as(officer_a)
    response = client.get(f"/counter/?counter={counter_a.pk}&part=counts")

    assert response.status_code == 200
    assert response.json() == {"served": 1, "no_show": 1, "transferred": 1, "waiting": 0}
    # Another counter's day is its own.
    other = client.get(f"/counter/?counter={counter_a2.pk}&part=counts").json()
    assert other == {"served": 0, "no_show": 0, "transferred": 0, "waiting": 0}


def test_counts_of_another_agencys_counter_are_refused(client_as, officer_a, counter_b):
    response = client_as(officer_a).get(f"/counter/?counter={counter_b.pk}&part=counts")

    assert response.status_code == 403


# --- personal data -------------------------------------------------------------


@pytest.mark.usefixtures("clock", "hours")
def test_the_picker_carries_no_personal_data(client_as, officer_a, counter_a, service_a):
    ticket_issue(service=service_a, nik=NIK)

    page = client_as(officer_a).get("/counter/").content.decode()

    assert "0123" not in page


# --- banners and the served time ------------------------------------------------


def _closure(counter_a, officer_a, manager, *, starts, ends, counter=None, **fields):
    from closures.models import ClosureRequest

    defaults = {"status": ClosureRequest.Status.APPROVED, "reason": "Rapat koordinasi"}
    return ClosureRequest.objects.create(
        booth=counter_a.booth,
        counter=counter,
        starts_at=starts,
        ends_at=ends,
        requested_by=officer_a,
        requested_at=starts - dt.timedelta(days=1),
        decided_by=manager,
        **{**defaults, **fields},
    )


def _at(hour: int, minute: int = 0, day: int = 24) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=WIB)


def test_console_announces_todays_approved_closures_of_its_counter_or_booth(
    clock, client_as, officer_a, manager, counter_a, counter_a2
):
    _closure(counter_a, officer_a, manager, starts=_at(11), ends=_at(12), counter=counter_a)
    _closure(counter_a, officer_a, manager, starts=_at(8), ends=_at(10), reason="Listrik padam")
    # Not this counter's, not approved, over, or another day: none of these.
    _closure(counter_a, officer_a, manager, starts=_at(11), ends=_at(12), counter=counter_a2)
    _closure(counter_a, officer_a, manager, starts=_at(13), ends=_at(14), status="pending")
    _closure(counter_a, officer_a, manager, starts=_at(7), ends=_at(8, 30), reason="Sudah lewat")
    _closure(counter_a, officer_a, manager, starts=_at(9, day=25), ends=_at(10, day=25))

    page = client_as(officer_a).get(f"/counter/?counter={counter_a.pk}").content.decode()

    notice = re.search(r"<ul class=\"closure-notice\".*?</ul>", page, re.S)
    assert notice, "the closure banner is on the page"
    items = re.findall(r"<li>(.*?)</li>", notice.group(0), re.S)
    assert len(items) == 2
    assert "Sedang ditutup" in items[0] and "Listrik padam" in items[0]
    assert "Penutupan terencana" in items[1] and "11:00-12:00" in items[1]
    assert "Sudah lewat" not in page
    assert "13:00" not in notice.group(0)  # the pending one


def test_console_has_no_closure_banner_without_closures(client_as, officer_a, counter_a):
    page = client_as(officer_a).get(f"/counter/?counter={counter_a.pk}").content.decode()
    assert 'id="closure-notice"' not in page


def test_config_gives_the_expected_service_minutes(client_as, officer_a, counter_a, service_a):
    service_a.expected_service_minutes = 25
    service_a.save(update_fields=["expected_service_minutes"])

    config = config_of(client_as(officer_a).get(f"/counter/?counter={counter_a.pk}"))

    assert config["serviceMinutes"][str(service_a.pk)] == 25
    assert config["texts"]["served"] == "Dilayani {n} mnt / target {target} mnt"


def test_served_time_words_in_english(client_as, officer_a, counter_a):
    client = client_as(officer_a)
    response = client.get(f"/counter/?counter={counter_a.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert config_of(response)["texts"]["served"] == "Serving {n} min / target {target} min"
