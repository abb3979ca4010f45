"""The public catalog API: agencies, services, a service's Standar Pelayanan and
its booking availability (API.md "Catalog")."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency, Closure
from tests import factories

pytestmark = pytest.mark.django_db

AGENCY_FIELDS = {"id", "code", "name", "kind", "description", "booths", "service_count"}
BOOTH_FIELDS = {"id", "label", "floor", "counters"}
COUNTER_FIELDS = {"id", "label", "number", "services"}
# API.md "Catalog" plus the 14 Standar Pelayanan components (DOMAIN.md).
SERVICE_DETAIL_FIELDS = {
    "id",
    "agency",
    "code",
    "name",
    "prefix",
    "description",
    "requirements",
    "procedure",
    "duration",
    "fee",
    "legal_basis",
    "product",
    "online_booking",
    "daily_quota",
    "complaint_channel",
    "facilities",
    "staff_competence",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
    "agency_pledge",
}
WEDNESDAY = "2026-11-25"
FRIDAY = "2026-11-27"
SATURDAY = "2026-11-28"


def _by_id(items):
    return {item["id"]: item for item in items}


def _availability(api, service, day=None):
    query = f"?date={day}" if day else ""
    return api.get(f"/api/v1/services/{service.pk}/availability/{query}")


def _book(api, service, *, slot="09:00", nik="3574014101900001", day=WEDNESDAY):
    body = {
        "service": service.pk,
        "date": day,
        "slot_start": slot,
        "nik": nik,
        "phone": "0812345678",
    }
    response = api.post("/api/v1/bookings/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


# Agencies ------------------------------------------------------------------------------


def test_agency_list_nests_booths_counters_and_service_ids(
    api, agency_a, agency_b, counter_a, counter_b, service_a, service_a2, service_b
):
    response = api.get("/api/v1/agencies/")

    assert response.status_code == 200
    agencies = response.json()
    assert [a["code"] for a in agencies] == ["dukcapil", "polres"]
    for agency in agencies:
        assert set(agency) == AGENCY_FIELDS
        for booth in agency["booths"]:
            assert set(booth) == BOOTH_FIELDS
            for counter in booth["counters"]:
                assert set(counter) == COUNTER_FIELDS
    dukcapil, polres = agencies
    assert dukcapil["id"] == agency_a.pk
    assert dukcapil["kind"] == "local"
    assert polres["kind"] == "vertical"
    assert dukcapil["service_count"] == 2
    assert polres["service_count"] == 1
    [booth] = dukcapil["booths"]
    assert (booth["label"], booth["floor"]) == ("Gerai Dukcapil", "1")
    [counter] = booth["counters"]
    assert counter["id"] == counter_a.pk
    assert sorted(counter["services"]) == sorted([service_a.pk, service_a2.pk])
    assert polres["booths"][0]["counters"][0]["services"] == [service_b.pk]


def test_agency_list_leaves_out_inactive_counters(api, booth_a, counter_a):
    factories.CounterFactory(booth=booth_a, number=9, label="Loket lama", is_active=False)

    [agency] = api.get("/api/v1/agencies/").json()

    assert [c["id"] for c in agency["booths"][0]["counters"]] == [counter_a.pk]


def test_agency_without_booths_is_listed_with_empty_booths(api, agency_a):
    [agency] = api.get("/api/v1/agencies/").json()

    assert agency["booths"] == []
    assert agency["service_count"] == 0


@pytest.mark.parametrize("kind", [k.value for k in Agency.Kind])
def test_agency_kind_is_one_of_the_contract_values(api, kind):
    factories.AgencyFactory(kind=kind)

    [agency] = api.get("/api/v1/agencies/").json()

    assert agency["kind"] == kind
    assert agency["kind"] in {"local", "vertical", "bumn", "bumd", "private"}


def test_agency_service_count_matches_the_public_service_list(api, agency_a, service_a):
    factories.ServiceFactory(agency=agency_a, is_active=False)

    [agency] = api.get("/api/v1/agencies/").json()
    listed = api.get(f"/api/v1/services/?agency={agency_a.pk}").json()

    assert agency["service_count"] == len(listed) == 1


def _populate(n_agencies):
    for _ in range(n_agencies):
        agency = factories.AgencyFactory()
        services = factories.ServiceFactory.create_batch(3, agency=agency)
        for _ in range(2):
            booth = factories.BoothFactory(agency=agency)
            factories.CounterFactory.create_batch(2, booth=booth, services=services)


def _count_queries(api, path):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
    assert response.status_code == 200
    return len(queries), response.json()


def test_agency_list_makes_a_fixed_number_of_queries(api):
    _populate(2)
    small, agencies = _count_queries(api, "/api/v1/agencies/")
    assert len(agencies) == 2

    _populate(4)
    large, agencies = _count_queries(api, "/api/v1/agencies/")

    assert len(agencies) == 6
    assert sum(len(b["counters"]) for a in agencies for b in a["booths"]) == 24
    assert large == small
    assert small <= 5


def test_service_list_makes_a_fixed_number_of_queries(api):
    _populate(1)
    small, services = _count_queries(api, "/api/v1/services/")
    assert len(services) == 3

    _populate(5)
    large, services = _count_queries(api, "/api/v1/services/")

    assert len(services) == 18
    assert large == small


# Services ------------------------------------------------------------------------------


def test_service_list_shows_active_services_of_every_agency(api, service_a, service_a2, service_b):
    factories.ServiceFactory(agency=service_a.agency, is_active=False, name="Layanan lama")

    response = api.get("/api/v1/services/")

    assert response.status_code == 200
    services = _by_id(response.json())
    assert set(services) == {service_a.pk, service_a2.pk, service_b.pk}
    assert services[service_b.pk]["agency"] == service_b.agency_id
    assert services[service_a.pk]["prefix"] == "A"


def test_service_list_filters_by_agency(api, agency_a, service_a, service_a2, service_b):
    response = api.get(f"/api/v1/services/?agency={agency_a.pk}")

    assert response.status_code == 200
    assert {s["id"] for s in response.json()} == {service_a.pk, service_a2.pk}


def test_service_list_for_unknown_agency_is_empty(api, service_a):
    response = api.get("/api/v1/services/?agency=999999")

    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ktp", ["KTP-el baru"]),  # name, case-insensitive
        ("KELUARGA", ["Kartu Keluarga"]),
        ("polres", ["SKCK"]),  # agency name
        ("kartu keluarga", ["Kartu Keluarga"]),
        ("kartu ktp", ["KTP-el baru"]),  # forgiving, as the home page: the likelier one
        ("", ["KTP-el baru", "Kartu Keluarga", "SKCK"]),
        ("tidak-ada-yang-cocok", []),
    ],
)
def test_service_list_searches_by_text(api, service_a, service_a2, service_b, q, expected):
    response = api.get("/api/v1/services/", {"q": q})

    assert response.status_code == 200
    assert sorted(s["name"] for s in response.json()) == sorted(expected)


def test_service_list_searches_keywords_and_description(api, agency_a):
    factories.ServiceFactory(agency=agency_a, name="Akta", keywords="lahir kelahiran")
    factories.ServiceFactory(agency=agency_a, name="Surat", description="pindah domisili")

    by_keyword = api.get("/api/v1/services/?q=kelahiran").json()
    by_description = api.get("/api/v1/services/?q=domisili").json()

    assert [s["name"] for s in by_keyword] == ["Akta"]
    assert [s["name"] for s in by_description] == ["Surat"]


def test_service_list_combines_agency_and_text(api, agency_a, service_a, service_b):
    response = api.get(f"/api/v1/services/?agency={agency_a.pk}&q=skck")

    assert response.json() == []


@pytest.mark.parametrize("agency", ["abc", "1.5", "-1", "0", "99999999999999999999"])
def test_service_list_bad_agency_is_a_field_error(api, service_a, agency):
    response = api.get("/api/v1/services/", {"agency": agency})

    assert response.status_code == 400
    assert set(response.json()) == {"agency"}


def test_service_detail_has_every_standar_pelayanan_field(api, agency_a):
    agency_a.pledge = "Kami siap melayani."
    agency_a.save()
    service = factories.ServiceFactory(
        agency=agency_a,
        legal_basis="UU 24/2013",
        product="KTP-el",
        daily_quota=40,
        complaint_channel="SP4N-LAPOR!",
    )

    response = api.get(f"/api/v1/services/{service.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= SERVICE_DETAIL_FIELDS
    assert body["id"] == service.pk
    assert body["agency"] == agency_a.pk
    assert body["requirements"] == ["KTP-el asli", "Fotokopi KK"]
    assert body["procedure"] == ["Ambil antrean", "Serahkan berkas"]
    assert body["legal_basis"] == "UU 24/2013"
    assert body["daily_quota"] == 40
    assert body["online_booking"] is True
    assert body["agency_pledge"] == "Kami siap melayani."
    assert body["complaint_channel"] == "SP4N-LAPOR!"


def test_service_detail_without_quota_is_null(api, service_a):
    assert api.get(f"/api/v1/services/{service_a.pk}/").json()["daily_quota"] is None


@pytest.mark.parametrize("path", ["/api/v1/services/{}/", "/api/v1/services/{}/availability/"])
def test_inactive_service_is_not_found(api, agency_a, path):
    service = factories.ServiceFactory(agency=agency_a, is_active=False)

    response = api.get(path.format(service.pk))

    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found"}


@pytest.mark.parametrize("path", ["/api/v1/services/{}/", "/api/v1/services/{}/availability/"])
@pytest.mark.parametrize("pk", [999999, 99999999999999999999])
def test_unknown_service_is_a_json_404(api, path, pk):
    response = api.get(path.format(pk))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == "not_found"


# Availability --------------------------------------------------------------------------


def test_availability_lists_the_days_slots_with_offsets(api, clock, hours, service_a):
    response = _availability(api, service_a, WEDNESDAY)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"date", "open", "reason", "slots", "quota"}
    assert body["date"] == WEDNESDAY
    assert body["open"] is True
    # 08:00 to the 13:30 cutoff in 30-minute slots.
    assert len(body["slots"]) == 11
    first, last = body["slots"][0], body["slots"][-1]
    assert first == {
        "start": "2026-11-25T08:00:00+07:00",
        "end": "2026-11-25T08:30:00+07:00",
        "capacity": 5,
        "remaining": 5,
        "closed": False,
        "reason": "",
    }
    assert (last["start"], last["end"]) == (
        "2026-11-25T13:00:00+07:00",
        "2026-11-25T13:30:00+07:00",
    )
    for slot in body["slots"]:
        start = dt.datetime.fromisoformat(slot["start"])
        end = dt.datetime.fromisoformat(slot["end"])
        assert start.utcoffset() == dt.timedelta(hours=7)
        assert end - start == dt.timedelta(minutes=30)


def test_availability_follows_the_weekdays_hours(api, clock, hours, service_a):
    body = _availability(api, service_a, FRIDAY).json()

    assert body["open"] is True
    # Friday 08:00-11:00, cutoff 10:30.
    assert [s["start"][11:16] for s in body["slots"]] == [
        "08:00",
        "08:30",
        "09:00",
        "09:30",
        "10:00",
    ]


def test_availability_defaults_to_today(api, clock, hours, service_a):
    body = _availability(api, service_a).json()

    assert body["date"] == "2026-11-24"
    assert body["slots"][0]["start"] == "2026-11-24T08:00:00+07:00"


def test_availability_remaining_drops_after_a_booking(api, clock, hours, service_a):
    before = _availability(api, service_a, WEDNESDAY).json()["slots"]

    _book(api, service_a, slot="09:00")
    _book(api, service_a, slot="09:00", nik="3574014101900002")
    after = _availability(api, service_a, WEDNESDAY).json()["slots"]

    remaining = {s["start"][11:16]: s["remaining"] for s in after}
    assert remaining["09:00"] == before[2]["remaining"] - 2 == 3
    assert remaining["08:00"] == remaining["09:30"] == 5
    assert all(s["capacity"] == 5 for s in after)


def test_availability_gives_back_a_cancelled_booking(api, clock, hours, service_a):
    ticket = _book(api, service_a, slot="09:00")
    api.post(f"/api/v1/tickets/{ticket['token']}/cancel/")

    slots = _availability(api, service_a, WEDNESDAY).json()["slots"]

    assert slots[2]["remaining"] == 5


def test_availability_is_zero_everywhere_once_the_daily_quota_is_used(api, clock, hours, agency_a):
    service = factories.ServiceFactory(agency=agency_a, daily_quota=2)
    _book(api, service, slot="08:00")
    _book(api, service, slot="10:00", nik="3574014101900002")

    slots = _availability(api, service, WEDNESDAY).json()["slots"]

    assert {s["remaining"] for s in slots} == {0}


def test_availability_counts_another_days_bookings_separately(api, clock, hours, service_a):
    _book(api, service_a, slot="09:00", day="2026-11-26")

    slots = _availability(api, service_a, WEDNESDAY).json()["slots"]

    assert {s["remaining"] for s in slots} == {5}


def test_availability_on_a_weekend_is_closed_with_a_reason(api, clock, hours, service_a):
    response = _availability(api, service_a, SATURDAY)

    assert response.status_code == 200
    body = response.json()
    assert body["open"] is False
    assert body["reason"] == "MPP tutup pada hari Sabtu."
    assert body["slots"] == []


def test_availability_on_a_closure_is_closed_with_its_reason(api, clock, hours, service_a):
    Closure.objects.create(date=dt.date(2026, 11, 26), reason="Cuti bersama uji")

    body = _availability(api, service_a, "2026-11-26").json()

    assert body["open"] is False
    assert body["reason"] == "Cuti bersama uji"
    assert body["slots"] == []


def test_availability_on_a_reopened_holiday_is_open(api, clock, hours, service_a):
    Closure.objects.create(date=dt.date(2026, 11, 26), reason="Libur uji", closed=False)

    body = _availability(api, service_a, "2026-11-26").json()

    assert body["open"] is True
    assert len(body["slots"]) == 11


def test_availability_of_a_walk_in_only_service_has_no_slots(api, clock, hours, agency_a):
    service = factories.ServiceFactory(agency=agency_a, online_booking=False)

    body = _availability(api, service, WEDNESDAY).json()

    assert body["slots"] == []


@pytest.mark.parametrize(
    "day", ["2026-13-01", "2026-02-30", "abc", "25-11-2026", "2026-11-25T08:00", "%00"]
)
def test_availability_bad_date_is_a_field_error(api, clock, hours, service_a, day):
    response = api.get(f"/api/v1/services/{service_a.pk}/availability/?date={day}")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"date"}
    assert isinstance(body["date"], list)
    assert all(isinstance(message, str) for message in body["date"])
