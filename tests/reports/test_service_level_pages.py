"""Where the service level shows: the dashboard's summary and page, the lobby TV and its
endpoint, the report page and GET /api/v1/reports/service-levels/. One morning worked by
hand: agency A 3 of 4 called within its 15 min target (75%, amber), agency B 0 of 1."""

import pytest
from django.test import Client

from agencies.models import Service
from queues.models import Ticket, TicketEvent
from tests import factories
from tests.conftest import TUESDAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "hours")]


def client_for(user=None, language="id") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def morning(service_a, service_b):
    Service.objects.filter(pk=service_a.pk).update(target_wait_minutes=15)
    Service.objects.filter(pk=service_b.pk).update(target_wait_minutes=10)
    # A: waits of 5, 10, 15 (within) and 40 minutes (a miss); B: 30 minutes (a miss).
    for number, (service, wait) in enumerate(
        [(service_a, 5), (service_a, 10), (service_a, 15), (service_a, 40), (service_b, 30)], 1
    ):
        ticket = factories.TicketFactory(
            service=service, number=number, date=TUESDAY, status=Ticket.Status.DONE,
            queued_at=at(8), issued_at=at(8),
        )  # fmt: skip
        TicketEvent.objects.create(
            ticket=ticket, kind="called", at=at(8, wait), service=service, to_status="called"
        )


def test_the_dashboard_summary_carries_the_service_level(morning, manager, agency_a, agency_b):
    levels = client_for(manager).get("/dashboard/?part=summary").json()["service_levels"]
    assert levels["total"] == {
        "within_target": 3, "counted": 5, "share": 0.6, "percent": 60, "level": "red",
    }  # fmt: skip
    # Worst first.
    assert [(a["agency_name"], a["percent"], a["level"]) for a in levels["agencies"]] == [
        ("Polres", 0, "red"),
        ("Dispendukcapil", 75, "amber"),
    ]
    assert (levels["green_percent"], levels["amber_percent"]) == (90, 75)


def test_a_supervisor_sees_their_agency_only(morning, supervisor_a):
    levels = client_for(supervisor_a).get("/dashboard/?part=summary").json()["service_levels"]
    assert levels["total"]["percent"] == 75
    assert [a["agency_name"] for a in levels["agencies"]] == ["Dispendukcapil"]


def test_the_dashboard_page_shows_both_panels(morning, manager):
    html = client_for(manager).get("/dashboard/").content.decode()
    assert 'id="sl-total"' in html and 'data-level="red"' in html
    assert "60%" in html
    assert "3 dari 5 pemohon dipanggil dalam target waktu tunggu" in html
    # Tomorrow (Wednesday 25 Nov) is open: the staffing panel asks the API for it.
    assert "/api/v1/reports/staffing/?date=2026-11-25" in html


def test_the_dashboard_skips_closed_days_for_the_forecast(morning, manager, clock):
    clock.move_to(at(9, day=27))  # Friday: next open day is Monday 30 Nov
    html = client_for(manager).get("/dashboard/").content.decode()
    assert "/api/v1/reports/staffing/?date=2026-11-30" in html


def test_the_lobby_tv_shows_its_agency(morning, agency_a):
    html = Client().get(f"/display/?agency={agency_a.pk}").content.decode()
    assert 'id="d-sl"' in html and 'data-level="amber"' in html
    assert "75%" in html
    mall = Client().get("/display/").content.decode()
    assert 'data-level="red"' in mall and "60%" in mall


def test_the_tv_endpoint_has_counts_only(morning, agency_b):
    data = Client().get(f"/display/service-level/?agency={agency_b.pk}&lang=en").json()
    assert data == {
        "within_target": 0, "counted": 1, "share": 0.0, "percent": 0, "level": "red",
        "label": "Below target",
    }  # fmt: skip
    # A malformed filter is no filter, never an error.
    assert Client().get("/display/service-level/?agency=x").json()["percent"] == 60


def test_the_report_page(morning, manager):
    response = client_for(manager).get(
        "/dashboard/reports/service-levels/", {"date_from": "2026-11-24", "date_to": "2026-11-24"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="total-share" data-level="red">60,0%' in html
    assert "75,0%" in html and "service-level-chart" in html


def test_the_report_page_refuses_officers(officer_a):
    response = client_for(officer_a).get("/dashboard/reports/service-levels/")
    assert response.status_code == 403


def test_the_api(morning, api_as, manager, supervisor_b, agency_a, service_a):
    response = api_as(manager).get(
        "/api/v1/reports/service-levels/", {"date_from": "2026-11-24", "agency": agency_a.pk}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["total"]["percent"] == 75
    assert data["services"] == [
        {
            "within_target": 3, "counted": 4, "share": 0.75, "percent": 75, "level": "amber",
            "agency": agency_a.pk, "agency_name": "Dispendukcapil", "service": service_a.pk,
            "service_name": "KTP-el baru", "target_wait_minutes": 15,
        }
    ]  # fmt: skip
    refused = api_as(supervisor_b).get("/api/v1/reports/service-levels/", {"agency": agency_a.pk})
    assert refused.status_code == 403
