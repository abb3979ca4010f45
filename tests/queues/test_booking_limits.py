"""Scalping guards on online booking (issue 11 item 8): limits per client address, per
phone and per NIK hash, the booking form's proof of work, and refusals that say why.
Real Postgres and Redis (the cache holds the per-client counts)."""

import pytest
from django.test import Client

from queues.models import Ticket
from tests import factories
from tests.pow import solved

pytestmark = pytest.mark.django_db

TOMORROW = "2026-11-25"


def nik(serial: int) -> str:
    return f"357401410190{serial:04d}"


def phone(serial: int) -> str:
    return f"08123456{serial:04d}"


def body(service, serial: int, **overrides):
    return {
        "service": service.pk,
        "date": TOMORROW,
        "slot_start": "09:00" if serial % 2 else "09:30",
        "nik": nik(serial),
        "phone": phone(serial),
        "name": "Warga",
        "priority": "regular",
        **overrides,
    }


@pytest.fixture
def service(clock, hours, agency_a):
    return factories.ServiceFactory(agency=agency_a, prefix="A", slot_capacity=50)


@pytest.fixture
def service2(agency_a):
    return factories.ServiceFactory(agency=agency_a, prefix="B", slot_capacity=50)


@pytest.fixture
def service3(agency_a):
    return factories.ServiceFactory(agency=agency_a, prefix="C", slot_capacity=50)


def post(api, service, serial, **kw):
    extra = kw.pop("meta", {})
    return api.post("/api/v1/bookings/", body(service, serial, **kw), format="json", **extra)


# --- per client address ------------------------------------------------------------


def test_one_client_is_capped_per_day_with_a_clear_429(api, service, settings):
    settings.BOOKING_LIMIT_PER_CLIENT_DAY = 3
    made = [post(api, service, n).status_code for n in range(1, 4)]

    refused = post(api, service, 4)
    english = post(api, service, 5, meta={"HTTP_ACCEPT_LANGUAGE": "en"})
    other_client = post(api, service, 6, meta={"REMOTE_ADDR": "10.20.30.40"})

    assert made == [201, 201, 201]
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_bookings_client"
    assert "paling banyak 3" in refused.json()["detail"]
    assert english.status_code == 429 and "at most 3" in english.json()["detail"]
    assert other_client.status_code == 201
    assert Ticket.objects.count() == 4


def test_rotating_forwarded_for_does_not_reset_the_client_cap(api, service, settings):
    """The scalper's trick: a new X-Forwarded-For on every request (0 trusted hops)."""
    settings.BOOKING_LIMIT_PER_CLIENT_DAY = 3
    codes = [
        post(api, service, n, meta={"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"}).status_code
        for n in range(1, 8)
    ]

    assert codes == [201, 201, 201, 429, 429, 429, 429]


def test_behind_one_trusted_proxy_the_real_clients_are_told_apart(api, service, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.BOOKING_LIMIT_PER_CLIENT_DAY = 2
    nginx = {"REMOTE_ADDR": "172.18.0.5"}

    def via_proxy(serial, client, forged=""):
        # nginx appends the address it saw to whatever the client sent.
        header = f"{forged}, {client}" if forged else client
        return post(api, service, serial, meta={**nginx, "HTTP_X_FORWARDED_FOR": header})

    first = [via_proxy(n, "198.51.100.7", forged=f"1.1.1.{n}").status_code for n in (1, 2, 3)]
    second = [via_proxy(n, "198.51.100.8").status_code for n in (4, 5)]

    assert first == [201, 201, 429]
    assert second == [201, 201]


# --- per phone and per NIK ----------------------------------------------------------


def test_one_phone_is_capped_per_service_day(api, service, settings):
    settings.BOOKING_LIMIT_PER_PHONE_DAY = 2
    shared = phone(99)
    codes = [post(api, service, n, phone=shared).status_code for n in (1, 2)]

    refused = post(api, service, 3, phone=shared)
    other_day = post(api, service, 4, phone=shared, date="2026-11-26")

    assert codes == [201, 201]
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_bookings_phone"
    assert "Nomor HP ini" in refused.json()["detail"]
    assert other_day.status_code == 201


def test_a_cancelled_booking_frees_its_phone_place(api, service, settings):
    settings.BOOKING_LIMIT_PER_PHONE_DAY = 1
    shared = phone(99)
    first = post(api, service, 1, phone=shared).json()
    api.post(f"/api/v1/tickets/{first['token']}/cancel/")

    assert post(api, service, 2, phone=shared).status_code == 201


def test_one_nik_is_capped_per_day_across_services(api, service, service2, service3, settings):
    settings.BOOKING_LIMIT_PER_NIK_DAY = 2
    same = nik(7)
    codes = [post(api, s, n, nik=same).status_code for n, s in ((1, service), (2, service2))]

    refused = post(api, service3, 3, nik=same)

    assert codes == [201, 201]
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": refused.json()["detail"],
        "code": "too_many_bookings_nik",
    }
    assert "NIK ini" in refused.json()["detail"]


def test_staff_booking_for_residents_is_not_capped(api_as, officer_a, service, settings):
    settings.BOOKING_LIMIT_PER_CLIENT_DAY = 1
    settings.BOOKING_LIMIT_PER_PHONE_DAY = 1
    api = api_as(officer_a)

    codes = [post(api, service, n, phone=phone(1)).status_code for n in (1, 2, 3)]

    assert codes == [201, 201, 201]
    assert set(Ticket.objects.values_list("channel", flat=True)) == {"assisted"}


def test_the_scalping_run_of_the_issue_is_stopped_early(api, service):
    """Made-up valid NIKs and phones from one client, default limits: 30 at most."""
    codes = [post(api, service, n).status_code for n in range(1, 41)]

    assert codes.count(201) == 30
    assert set(codes[30:]) == {429}


# --- the booking form's proof of work ------------------------------------------------


def form(serial: int, **extra) -> dict:
    return {
        "date": TOMORROW,
        "slot": "10:00",
        "nik": nik(serial),
        "phone": phone(serial),
        "priority": "regular",
        **extra,
    }


def test_a_script_without_proof_of_work_is_refused_on_the_form(service):
    client = Client()
    page = client.get(f"/book/{service.pk}/")
    assert b"<altcha-widget" in page.content and b"challengejson=" in page.content

    missing = client.post(f"/book/{service.pk}/", form(1))
    forged = client.post(f"/book/{service.pk}/", form(2, altcha="eyJmb28iOiAxfQ=="))

    for response in (missing, forged):
        assert response.status_code == 400
        assert "Pemeriksaan keamanan otomatis belum selesai" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_solved_challenge_books_once(service):
    client = Client()
    payload = solved()

    first = client.post(f"/book/{service.pk}/", form(1, altcha=payload))
    replayed = client.post(f"/book/{service.pk}/", form(2, altcha=payload))

    assert first.status_code == 303
    assert replayed.status_code == 400
    assert Ticket.objects.count() == 1


def test_the_form_refusal_of_a_limit_is_shown_on_its_field(service, settings):
    settings.BOOKING_LIMIT_PER_PHONE_DAY = 1
    client = Client()
    client.post(f"/book/{service.pk}/", form(1, phone=phone(5), altcha=solved()))

    refused = client.post(f"/book/{service.pk}/", form(2, phone=phone(5), altcha=solved()))

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Nomor HP ini sudah dipakai untuk 1 pendaftaran" in page
    assert 'href="#field-phone"' in page


def test_the_api_needs_no_proof_of_work(api, service):
    assert post(api, service, 1).status_code == 201


def test_staff_assisting_at_a_desk_skip_the_proof_of_work(client, officer_a, service):
    client.force_login(officer_a)

    response = client.post(f"/book/{service.pk}/", form(1))

    assert response.status_code == 303
    assert b"<altcha-widget" not in client.get(f"/book/{service.pk}/").content
