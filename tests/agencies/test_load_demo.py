"""`load_demo` builds the whole demo mall, and running it twice changes nothing."""

import io
import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from agencies.models import Agency, Booth, Closure, OpeningHours, Service, User
from agencies.services import closures_seed
from counters.models import Counter, CounterSession, Device

# Each test loads the demo mall: 1-3 s apiece (`make test-fast` leaves them out).
pytestmark = pytest.mark.slow


@pytest.fixture
def demo(db, clock):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _snapshot():
    return {
        "agencies": list(Agency.objects.order_by("code").values()),
        "services": list(Service.objects.order_by("prefix").values()),
        "booths": list(Booth.objects.order_by("label").values()),
        "counters": list(Counter.objects.order_by("number").values()),
        "counter_services": sorted(
            Counter.services.through.objects.values_list("counter_id", "service_id")
        ),
        "users": list(User.objects.order_by("username").values_list("username", "password")),
        "hours": list(OpeningHours.objects.values()),
        "closures": list(Closure.objects.values()),
        "devices": list(Device.objects.order_by("pk").values_list("kind", "label", "token")),
    }


def test_demo_has_22_agencies_of_every_kind(demo):
    assert Agency.objects.count() == 22
    assert set(Agency.objects.values_list("kind", flat=True)) == set(Agency.Kind.values)


def test_demo_services_fill_all_14_components(demo):
    services = list(Service.objects.all())
    assert 140 <= len(services) <= 160
    for service in services:
        for component in Service.STANDARD_COMPONENTS:
            assert getattr(service, component), f"{service} lacks {component}"


def test_demo_prefixes_are_unique_and_valid(demo):
    prefixes = list(Service.objects.values_list("prefix", flat=True))
    assert len(prefixes) == len(set(prefixes))
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]{0,3}", p) for p in prefixes)


def test_demo_booths_counters_and_services_are_wired(demo):
    for agency in Agency.objects.all():
        booths = list(agency.booths.all())
        assert booths, agency
        for booth in booths:
            assert 1 <= booth.counters.count() <= 4, booth
    unserved = Service.objects.filter(counters__isnull=True)
    assert not unserved.exists(), list(unserved)
    numbers = list(Counter.objects.values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_demo_accounts(demo):
    for agency in Agency.objects.all():
        officer = User.objects.get(username=f"officer-{agency.code}")
        supervisor = User.objects.get(username=f"supervisor-{agency.code}")
        assert (officer.role, officer.agency_id) == ("officer", agency.pk)
        assert (supervisor.role, supervisor.agency_id) == ("supervisor", agency.pk)
    manager = User.objects.get(username="manager")
    assert manager.role == "manager" and manager.is_superuser
    assert User.objects.get(username="kiosk").role == "kiosk"
    assert manager.check_password("mpp-demo")


def test_demo_registers_a_tv_and_a_kiosk_and_prints_their_setup_urls(db, clock):
    out = io.StringIO()
    call_command("load_demo", stdout=out)

    devices = {d.kind: d for d in Device.objects.filter(active=True)}
    assert set(devices) == {"display", "kiosk"}
    assert f"/display/?device={devices['display'].token}" in out.getvalue()
    assert f"/kiosk/?device={devices['kiosk'].token}" in out.getvalue()


def test_demo_password_option(db, clock):
    call_command("load_demo", "--password", "rahasia-123", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.get(username="kiosk").check_password("rahasia-123")


def test_demo_opening_hours_are_kota_probolinggo(demo):
    hours = {h.weekday: (h.opens_at.hour, h.closes_at.hour) for h in OpeningHours.objects.all()}
    assert hours == {0: (8, 14), 1: (8, 14), 2: (8, 14), 3: (8, 14), 4: (8, 11)}


def test_demo_closures_include_independence_day(demo):
    closure = Closure.objects.get(date="2026-08-17")
    assert closure.closed and closure.source == Closure.Source.HOLIDAY
    assert Closure.objects.filter(source=Closure.Source.GOVERNMENT).exists()


def test_load_demo_twice_changes_nothing(demo):
    before = _snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == before


def test_closures_seed_keeps_admin_edits(db):
    Closure.objects.create(date="2026-08-17", reason="Buka khusus", closed=False)
    created = closures_seed(years=[2026])
    kept = Closure.objects.get(date="2026-08-17")
    assert (kept.reason, kept.closed) == ("Buka khusus", False)
    assert created == Closure.objects.count() - 1
    assert closures_seed(years=[2026]) == 0


def test_demo_all_hours_opens_every_day_for_trying_the_queue(db, clock):
    call_command("load_demo", "--all-hours", stdout=open("/dev/null", "w"))  # noqa: SIM115

    hours = list(OpeningHours.objects.values_list("weekday", "opens_at", "closes_at"))
    assert [h[0] for h in hours] == list(range(7))
    assert all((h[1].hour, h[2].hour, h[2].minute) == (0, 23, 59) for h in hours)


def _counters_in_api_order(client) -> dict[str, list[int]]:
    """Agency code -> its counters' ids, in the order GET /api/v1/agencies/ lists them."""
    answer = client.get("/api/v1/agencies/")
    assert answer.status_code == 200
    agencies = answer.json()
    agencies = agencies["results"] if isinstance(agencies, dict) else agencies
    return {
        agency["code"]: [c["id"] for booth in agency["booths"] for c in booth["counters"]]
        for agency in agencies
    }


def test_demo_staffs_every_counter_at_once(demo):
    staffing = _counters_in_api_order(APIClient())
    assert sum(len(ids) for ids in staffing.values()) == Counter.objects.count()
    assert any(len(ids) > 1 for ids in staffing.values())
    opened = []
    for code, counter_ids in staffing.items():
        agency = Agency.objects.get(code=code)
        for k, counter_id in enumerate(counter_ids, start=1):
            username = f"officer-{code}" if k == 1 else f"officer-{code}-{k}"
            officer = User.objects.get(username=username)
            assert (officer.role, officer.agency_id) == ("officer", agency.pk), username
            assert officer.check_password("mpp-demo")
            client = APIClient()
            client.force_authenticate(officer)
            answer = client.post(f"/api/v1/counters/{counter_id}/open/", format="json")
            assert answer.status_code == 200, (username, answer.content)
            assert answer.json()["officer"] == username
            opened.append(counter_id)
    # Every counter open at the same time, each by its own officer.
    live = CounterSession.objects.filter(closed_at__isnull=True)
    assert sorted(live.values_list("counter_id", flat=True)) == sorted(opened)
    assert live.values("officer").distinct().count() == len(opened)


def test_demo_has_no_officer_beyond_the_counters(demo):
    officers = set(User.objects.filter(role="officer").values_list("username", flat=True))
    assert len(officers) == Counter.objects.filter(is_active=True).count()


def test_second_load_demo_creates_no_account(demo):
    before = User.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.count() == before
