"""/dashboard/ (the manager's floor view) and the booth state on the officer console."""

import datetime as dt
import json

import pytest
from django.test import Client

from counters.models import CounterSession
from monitoring.models import BoothAlert
from monitoring.selectors import booth_states, figures_today, percentile
from monitoring.services import booth_scan
from queues.models import Ticket
from tests import factories
from tests.conftest import TUESDAY_9AM

pytestmark = pytest.mark.usefixtures("clock", "hours")

S = Ticket.Status


def client_for(user=None, language="id") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


@pytest.fixture
def floor(counter_a, counter_b):
    booth_scan(at=TUESDAY_9AM)  # nobody came: both booths empty
    return counter_a.booth, counter_b.booth


def test_anonymous_is_sent_to_login(db):
    response = client_for().get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_officers_and_kiosks_are_refused(officer_a, kiosk):
    for user in (officer_a, kiosk):
        response = client_for(user).get("/dashboard/")
        assert response.status_code == 403
        assert "Dasbor pemantauan hanya untuk pengelola MPP" in response.content.decode()
    assert client_for(officer_a).get("/dashboard/?part=summary").status_code == 403


def test_manager_sees_every_booth_coloured_by_state(manager, floor, counter_a2, officer_a):
    CounterSession.objects.create(counter=counter_a2, officer=officer_a, opened_at=TUESDAY_9AM)

    response = client_for(manager).get("/dashboard/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-booth-id="{floor[0].pk}" data-state="empty"' in page
    assert f'data-booth-id="{floor[1].pk}" data-state="empty"' in page
    assert "Semua gerai MPP" in page
    assert 'id="devices"' in page
    config = json.loads(_config(page))
    assert config["ws"] == "/ws/manager/"
    assert {b["id"] for b in config["snapshot"]["booths"]} == {floor[0].pk, floor[1].pk}
    assert len(config["snapshot"]["alerts"]) == 2


def _config(page: str) -> str:
    start = page.index('id="dashboard-config" type="application/json">') + len(
        'id="dashboard-config" type="application/json">'
    )
    return page[start : page.index("</script>", start)]


def test_supervisor_sees_only_own_agency(supervisor_a, supervisor_b, floor):
    page = client_for(supervisor_a).get("/dashboard/").content.decode()
    config = json.loads(_config(page))

    assert [b["id"] for b in config["snapshot"]["booths"]] == [floor[0].pk]
    assert [a["booth"] for a in config["snapshot"]["alerts"]] == [floor[0].pk]
    assert "Gerai Polres" not in page
    assert 'id="devices"' not in page  # the mall's devices are the manager's business
    summary = client_for(supervisor_b).get("/dashboard/?part=summary").json()
    assert [b["id"] for b in summary["booths"]] == [floor[1].pk]


def test_page_in_english(manager, floor):
    page = client_for(manager, "en").get("/dashboard/").content.decode()

    assert "Booth monitoring dashboard" in page
    assert "Empty" in page
    assert "Closed" in page  # the state, not the verb of the console's button


def test_alert_can_be_acknowledged_from_the_page_markup(manager, floor):
    page = client_for(manager).get("/dashboard/").content.decode()

    alert = BoothAlert.objects.filter(booth=floor[0]).get()
    assert f'<label for="note-{alert.pk}">Catatan tanggapan</label>' in page


# --- booth states --------------------------------------------------------------------------


def test_booth_states(db, counter_a, counter_a2, counter_b, officer_a, officer_b, service_a):
    booth_a, booth_b = counter_a.booth, counter_b.booth
    idle = factories.BoothFactory(label="Gerai Siaga")
    counter_idle = factories.CounterFactory(booth=idle, number=20)
    CounterSession.objects.create(counter=counter_a, officer=officer_a, opened_at=TUESDAY_9AM)
    CounterSession.objects.create(counter=counter_idle, officer=officer_b, opened_at=TUESDAY_9AM)
    factories.TicketFactory(service=service_a, status=S.SERVING, counter=counter_a)
    factories.TicketFactory(service=service_a, queued_at=TUESDAY_9AM - minutes(12))

    states = {b["label"]: b for b in booth_states(at=TUESDAY_9AM)}

    assert states["Gerai Dukcapil"]["state"] == "serving"
    assert states["Gerai Dukcapil"]["counters_open"] == 1
    assert states["Gerai Dukcapil"]["waiting"] == 1
    assert states["Gerai Dukcapil"]["oldest_queued_at"] == "2026-11-24T08:48:00+07:00"
    assert [c["state"] for c in states["Gerai Dukcapil"]["counters"]] == ["open", "closed"]
    assert states["Gerai Siaga"]["state"] == "idle"
    assert states["Gerai Polres"]["state"] == "closed"
    BoothAlert.objects.create(booth=booth_b, kind="empty", opened_at=TUESDAY_9AM)
    BoothAlert.objects.create(booth=booth_a, kind="unattended", opened_at=TUESDAY_9AM)
    states = {b["label"]: b["state"] for b in booth_states(at=TUESDAY_9AM)}
    assert states["Gerai Polres"] == "empty"
    assert states["Gerai Dukcapil"] == "unattended"


def test_booth_states_take_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    for n in range(8):
        booth = factories.BoothFactory()
        factories.CounterFactory(booth=booth, number=30 + 2 * n)
        factories.CounterFactory(booth=booth, number=31 + 2 * n)

    with django_assert_max_num_queries(12):
        assert len(booth_states(at=TUESDAY_9AM)) == 8


# --- today's figures, computed by hand ------------------------------------------------------


def test_figures_today(db, service_a, service_b, counter_a):
    start = TUESDAY_9AM - minutes(60)
    # Waits (queue to call), in minutes: 5, 15, 10, 30 -> mean 15, p90 (nearest rank) 30.
    for wait, status in ((5, S.DONE), (15, S.DONE), (10, S.NO_SHOW), (30, S.SERVING)):
        factories.TicketFactory(
            service=service_a,
            status=status,
            queued_at=start,
            called_at=start + minutes(wait),
            counter=counter_a,
        )
    factories.TicketFactory(service=service_a, queued_at=TUESDAY_9AM - minutes(20))
    factories.TicketFactory(service=service_b, queued_at=TUESDAY_9AM - minutes(3))
    factories.TicketFactory(service=service_b, status=S.BOOKED, queued_at=None)  # not arrived
    factories.TicketFactory(
        service=service_b, date=TUESDAY_9AM.date() - dt.timedelta(days=1), status=S.DONE
    )

    everyone = figures_today(agency_id=None, at=TUESDAY_9AM)
    agency_b_only = figures_today(agency_id=service_b.agency_id, at=TUESDAY_9AM)

    assert everyone == {
        "issued": 6,
        "served": 2,
        "no_show": 1,
        "waiting": 2,
        "mean_wait_minutes": 15.0,
        "p90_wait_minutes": 30.0,
    }
    assert agency_b_only == {
        "issued": 1,
        "served": 0,
        "no_show": 0,
        "waiting": 1,
        "mean_wait_minutes": None,
        "p90_wait_minutes": None,
    }


def test_waiting_per_agency_in_the_summary(manager, service_a, service_b):
    factories.TicketFactory(service=service_a, queued_at=TUESDAY_9AM - minutes(20))
    factories.TicketFactory(service=service_a, queued_at=TUESDAY_9AM - minutes(2))
    factories.TicketFactory(service=service_b, queued_at=TUESDAY_9AM - minutes(3))

    summary = client_for(manager).get("/dashboard/?part=summary").json()

    assert [
        (w["agency_name"], w["count"], w["longest_wait_minutes"]) for w in summary["waiting"]
    ] == [
        ("Dispendukcapil", 2, 20.0),
        ("Polres", 1, 3.0),
    ]


@pytest.mark.parametrize(
    ("values", "p90"),
    [
        ([], None),
        ([7], 7),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 10),
    ],
)
def test_percentile_nearest_rank(values, p90):
    assert percentile(values, 0.9) == p90


# --- the console shows the officer's booth ----------------------------------------------------


def test_console_shows_the_booths_state(officer_a, floor, counter_a):
    page = client_for(officer_a).get(f"/counter/?counter={counter_a.pk}").content.decode()

    assert 'id="booth-state" data-state="empty"' in page
    section = page.split('id="booth-state" ')[1].split("</section>")[0]
    kind = "<strong>Gerai kosong</strong> — Tidak ada loket yang dibuka"
    assert f'data-kind="empty">{kind}' in section
    assert "Pengelola MPP telah diberi tahu" in section
    assert "Gerai Polres" not in page


def test_console_booth_state_without_alerts(officer_a, counter_a):
    page = client_for(officer_a).get(f"/counter/?counter={counter_a.pk}").content.decode()

    assert 'id="booth-state" data-state="closed"' in page
    # The hint is kept (hidden, empty) for console.js to fill when an alert opens live.
    assert '<p class="hint" id="booth-state-hint" hidden></p>' in page
    section = page.split('id="booth-state" ')[1].split("</section>")[0]
    assert "Pengelola MPP telah diberi tahu" not in section
    assert 'id="booth-state-alerts"></ul>' in section
