"""Booth alerts API (API.md "Monitoring")."""

import datetime as dt

import pytest

from agencies.models import User
from monitoring.models import BoothAlert
from monitoring.services import booth_scan
from tests import factories
from tests.conftest import TUESDAY_9AM

pytestmark = pytest.mark.usefixtures("clock", "hours")

LIST = "/api/v1/booth-alerts/"


def ack(alert_id) -> str:
    return f"/api/v1/booth-alerts/{alert_id}/acknowledge/"


@pytest.fixture
def alerts(counter_a, counter_b):
    """An open empty alert on each booth, and a closed one on booth A from earlier."""
    BoothAlert.objects.create(
        booth=counter_a.booth,
        kind=BoothAlert.Kind.UNATTENDED,
        reason="no_call",
        opened_at=TUESDAY_9AM - dt.timedelta(minutes=50),
        closed_at=TUESDAY_9AM - dt.timedelta(minutes=40),
    )
    booth_scan(at=TUESDAY_9AM)
    return {
        "a": BoothAlert.objects.get(booth=counter_a.booth, closed_at__isnull=True),
        "b": BoothAlert.objects.get(booth=counter_b.booth),
        "a_closed": BoothAlert.objects.get(booth=counter_a.booth, closed_at__isnull=False),
    }


# --- list ----------------------------------------------------------------------------------


def test_manager_lists_every_alert_newest_first(api_as, manager, alerts):
    response = api_as(manager).get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert [a["id"] for a in body][-1] == alerts["a_closed"].pk
    assert {a["id"] for a in body} == {alerts["a"].pk, alerts["b"].pk, alerts["a_closed"].pk}
    first = next(a for a in body if a["id"] == alerts["a"].pk)
    assert {"id", "booth", "kind", "opened_at", "closed_at", "acknowledged_by", "note"} <= set(
        first
    )
    assert first["booth"] == alerts["a"].booth_id
    assert first["kind"] == "empty"
    assert first["opened_at"] == "2026-11-24T09:00:00+07:00"
    assert first["closed_at"] is None
    assert first["acknowledged_by"] is None
    assert first["booth_label"] == "Gerai Dukcapil"
    assert first["reason"] == "no_counter_open"


@pytest.mark.parametrize(("status", "expected"), [("open", {"a", "b"}), ("closed", {"a_closed"})])
def test_status_filter(api_as, manager, alerts, status, expected):
    body = api_as(manager).get(LIST, {"status": status}).json()

    assert {a["id"] for a in body} == {alerts[k].pk for k in expected}


def test_supervisor_lists_only_own_agency(api_as, supervisor_a, supervisor_b, alerts):
    mine = api_as(supervisor_a).get(LIST).json()
    theirs = api_as(supervisor_b).get(LIST, {"status": "open"}).json()

    assert {a["id"] for a in mine} == {alerts["a"].pk, alerts["a_closed"].pk}
    assert [a["id"] for a in theirs] == [alerts["b"].pk]


def test_officers_kiosks_and_residents_are_refused(api, api_as, officer_a, kiosk, alerts):
    resident = factories.UserFactory(role=User.Role.RESIDENT, agency=None)
    for user in (officer_a, kiosk, resident):
        response = api_as(user).get(LIST)
        assert response.status_code == 403, user.username
        assert response.json()["code"] == "permission_denied"
    assert api.get(LIST).status_code == 401


@pytest.mark.parametrize("status", ["all", "OPEN", "1", "x" * 5000])
def test_bad_status_is_a_field_error(api_as, manager, status):
    response = api_as(manager).get(LIST, {"status": status})

    assert response.status_code == 400
    assert "status" in response.json()


def test_refusal_in_english(api_as, officer_a):
    response = api_as(officer_a).get(LIST, HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["detail"] == (
        "Only MPP managers and agency supervisors may monitor booths."
    )


def test_list_takes_a_fixed_number_of_queries(api_as, manager, django_assert_max_num_queries):
    for n in range(6):
        booth = factories.BoothFactory()
        factories.CounterFactory(booth=booth, number=40 + n)
    booth_scan(at=TUESDAY_9AM)

    with django_assert_max_num_queries(3):
        assert len(api_as(manager).get(LIST).json()) == 6


# --- acknowledge ---------------------------------------------------------------------------


def test_supervisor_acknowledges_own_alert_with_a_note(api_as, supervisor_a, alerts):
    response = api_as(supervisor_a).post(
        ack(alerts["a"].pk), {"note": "  Petugas sakit, diganti  "}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["acknowledged_by"] == "supervisor-a"
    assert body["note"] == "Petugas sakit, diganti"
    assert body["acknowledged_at"] == "2026-11-24T09:00:00+07:00"
    alert = BoothAlert.objects.get(pk=alerts["a"].pk)
    assert alert.acknowledged_by == supervisor_a
    assert alert.closed_at is None  # acknowledging is not closing: the scan closes it


def test_acknowledging_twice_is_a_conflict(api_as, manager, supervisor_a, alerts):
    assert api_as(manager).post(ack(alerts["a"].pk), {"note": "Ok"}).status_code == 200

    response = api_as(supervisor_a).post(ack(alerts["a"].pk), {"note": "Lagi"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "alert_already_acknowledged"
    assert BoothAlert.objects.get(pk=alerts["a"].pk).note == "Ok"


def test_a_closed_alert_may_be_acknowledged(api_as, manager, alerts):
    response = api_as(manager).post(ack(alerts["a_closed"].pk), {"note": "Dicek"})

    assert response.status_code == 200
    assert response.json()["closed_at"] is not None


def test_other_agencys_supervisor_gets_404(api_as, supervisor_a, supervisor_b, alerts):
    response = api_as(supervisor_b).post(ack(alerts["a"].pk), {"note": "Bukan milik saya"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert BoothAlert.objects.get(pk=alerts["a"].pk).acknowledged_by is None


def test_officers_and_kiosks_may_not_acknowledge(api, api_as, officer_a, kiosk, alerts):
    for user in (officer_a, kiosk):
        assert api_as(user).post(ack(alerts["a"].pk), {"note": "x"}).status_code == 403
    assert api.post(ack(alerts["a"].pk), {"note": "x"}).status_code == 401
    assert BoothAlert.objects.get(pk=alerts["a"].pk).acknowledged_by is None


@pytest.mark.parametrize("alert_id", ["999999", "2147483648", "99999999999999999999"])
def test_unknown_alert_is_404(api_as, manager, alert_id):
    response = api_as(manager).post(ack(alert_id), {"note": "x"}, format="json")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "note"),
        ({"note": ""}, "note"),
        ({"note": "   "}, "note"),
        ({"note": ["a"]}, "note"),
        ({"note": {"a": 1}}, "note"),
        ({"note": "x" * 1001}, "note"),
    ],
)
def test_bad_note_is_a_field_error(api_as, manager, alerts, body, field):
    response = api_as(manager).post(ack(alerts["a"].pk), body, format="json")

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("raw", ["{", "[1, 2]", "null", '"note"', "[" * 10000])
def test_malformed_json_is_400(api_as, manager, alerts, raw):
    response = api_as(manager).post(ack(alerts["a"].pk), raw, content_type="application/json")

    assert response.status_code == 400
    assert response.json()


def test_note_error_in_english(api_as, manager, alerts):
    response = api_as(manager).post(ack(alerts["a"].pk), {}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.json() == {"note": ["This field is required."]}


# Device heartbeats: tests/counters/test_devices.py


@pytest.mark.django_db(transaction=True)
def test_two_people_acknowledging_at_once_one_wins(hours, counter_a, manager, supervisor_a):
    import threading

    from django.db import connection

    from monitoring.errors import AlertAlreadyAcknowledged
    from monitoring.services import booth_alert_acknowledge

    booth_scan(at=TUESDAY_9AM)
    alert = BoothAlert.objects.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def acknowledge(user, note):
        try:
            barrier.wait()
            booth_alert_acknowledge(alert=alert, user=user, note=note)
            outcomes.append(("ok", note))
        except AlertAlreadyAcknowledged:
            outcomes.append(("refused", note))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=acknowledge, args=(manager, "pengelola")),
        threading.Thread(target=acknowledge, args=(supervisor_a, "supervisor")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    winner = next(note for kind, note in outcomes if kind == "ok")
    assert BoothAlert.objects.get().note == winner
