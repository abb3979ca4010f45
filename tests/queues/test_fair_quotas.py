"""Fair quotas (README "Fair quotas"): the online share of a line's daily quota, the walk-in
rest, and the release of unused online places to walk-ins at a set time.

The clock is frozen at Tuesday 2026-11-24 09:00 WIB; the mall opens 08:00-14:00.
Most tests use a quota of 10 with 60% online (6 online, 4 walk-in) released at 10:00.
"""

import datetime as dt

import pytest
from django.utils import timezone

from agencies.quotas import day_quota
from queues import errors
from queues.models import Ticket
from queues.services import ticket_book, ticket_cancel, ticket_issue
from tests.conftest import at

pytestmark = pytest.mark.usefixtures("clock", "hours")

TUESDAY = dt.date(2026, 11, 24)
WEDNESDAY = dt.date(2026, 11, 25)
SLOTS = [dt.time(9, 30), dt.time(10), dt.time(10, 30), dt.time(11), dt.time(11, 30), dt.time(12)]


def nik(serial: int) -> str:
    return f"357401450190{serial:04d}"


@pytest.fixture
def fair(service_a):
    service_a.daily_quota, service_a.online_quota_percent = 10, 60
    service_a.online_release_time = dt.time(10)
    service_a.save()
    return service_a


def book(service, serial: int, *, day=WEDNESDAY, slot=None) -> Ticket:
    slot = slot or SLOTS[serial % len(SLOTS)]
    return ticket_book(service=service, day=day, slot_start=slot, nik=nik(serial + 100))


# --- the arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quota", "percent", "booked", "walk_ins", "released", "online_left", "walk_in_left"),
    [
        (None, 60, 5, 5, False, None, None),  # no quota: no limit
        (10, None, 3, 4, False, 3, 3),  # one pool, as before fair quotas
        (10, 60, 0, 0, False, 6, 4),
        (10, 60, 6, 1, False, 0, 3),
        (10, 60, 2, 4, False, 4, 0),  # walk-ins used their share; online still has 4
        (10, 60, 2, 4, True, 0, 4),  # released: the 4 unused online places are walk-ins'
        (10, 0, 0, 9, False, 0, 1),  # walk-ins only
        (10, 100, 0, 0, False, 10, 0),  # online only until the release
        (7, 50, 0, 0, False, 3, 4),  # the online share rounds down
    ],
)
def test_day_quota_splits_the_daily_quota(
    service_a, quota, percent, booked, walk_ins, released, online_left, walk_in_left
):
    service_a.daily_quota, service_a.online_quota_percent = quota, percent
    service_a.online_release_time = dt.time(10)
    now = at(10, 0) if released else at(9, 59)

    got = day_quota(service=service_a, day=TUESDAY, booked=booked, walk_ins=walk_ins, now=now)

    assert (got.online_left, got.walk_in_left) == (online_left, walk_in_left)
    assert got.released is (released and quota is not None and percent is not None)


def test_release_is_on_the_day_itself_not_the_day_before(fair):
    late_on_monday = at(13, 0, day=23)
    quota = day_quota(service=fair, day=TUESDAY, booked=0, walk_ins=0, now=late_on_monday)
    assert not quota.released
    assert quota.release_at == at(10, 0)


# --- walk-ins ------------------------------------------------------------------------------


def test_walk_ins_take_only_their_share_before_the_release(fair):
    for _ in range(4):
        ticket_issue(service=fair)

    with pytest.raises(errors.WalkInQuotaFull) as refused:
        ticket_issue(service=fair)

    assert "10:00" in str(refused.value.detail)
    assert Ticket.objects.filter(service=fair).count() == 4


def test_after_the_release_walk_ins_take_the_unused_online_places(clock, fair):
    book(fair, 1, day=TUESDAY, slot=dt.time(11))
    book(fair, 2, day=TUESDAY, slot=dt.time(11, 30))
    for _ in range(4):
        ticket_issue(service=fair)
    clock.move_to(at(10, 0))

    more = [ticket_issue(service=fair) for _ in range(4)]

    assert [t.code for t in more] == ["A-007", "A-008", "A-009", "A-010"]
    with pytest.raises(errors.QuotaFull):
        ticket_issue(service=fair)


def test_without_a_release_time_the_online_places_stay_online(clock, fair):
    fair.online_release_time = None
    fair.save()
    for _ in range(4):
        ticket_issue(service=fair)
    clock.move_to(at(13, 0))

    with pytest.raises(errors.WalkInQuotaFull) as refused:
        ticket_issue(service=fair)
    assert "10:00" not in str(refused.value.detail)


def test_a_cancelled_walk_in_frees_its_place(fair):
    tickets = [ticket_issue(service=fair) for _ in range(4)]
    ticket_cancel(ticket=tickets[0])

    assert ticket_issue(service=fair).status == Ticket.Status.WAITING


def test_one_pool_without_an_online_share_as_before(service_a):
    service_a.daily_quota = 3
    service_a.save()
    book(service_a, 1, day=TUESDAY)
    ticket_issue(service=service_a)
    ticket_issue(service=service_a)

    with pytest.raises(errors.QuotaFull):
        ticket_issue(service=service_a)
    with pytest.raises(errors.QuotaFull):
        book(service_a, 2, day=TUESDAY, slot=dt.time(13))


# --- bookings ------------------------------------------------------------------------------


def test_bookings_take_only_the_online_share(fair):
    for serial in range(6):
        book(fair, serial)

    with pytest.raises(errors.OnlineQuotaFull):
        book(fair, 99, slot=dt.time(13))

    assert Ticket.objects.filter(date=WEDNESDAY).count() == 6


def test_walk_ins_do_not_eat_the_online_share(fair):
    for _ in range(4):
        ticket_issue(service=fair)

    booked = [book(fair, serial, day=TUESDAY, slot=SLOTS[serial]) for serial in range(6)]

    assert len(booked) == 6


def test_no_booking_for_the_day_after_its_release(clock, fair):
    clock.move_to(at(10, 0))

    with pytest.raises(errors.OnlineQuotaReleased) as refused:
        book(fair, 1, day=TUESDAY, slot=dt.time(12))

    assert "10:00" in str(refused.value.detail)
    assert book(fair, 2, day=WEDNESDAY).status == Ticket.Status.BOOKED


def test_booked_tickets_checked_in_still_count_online(fair):
    booked = [book(fair, serial, day=TUESDAY, slot=SLOTS[serial]) for serial in range(6)]
    assert booked[0].slot_start is not None

    with pytest.raises(errors.OnlineQuotaFull):
        book(fair, 50, day=TUESDAY, slot=dt.time(13))
    assert ticket_issue(service=fair).status == Ticket.Status.WAITING


# --- the API: 409 with a reason code, Indonesian and English --------------------------------


def _booking(service, serial, day="2026-11-25", slot="13:00"):
    return {
        "service": service.pk,
        "date": day,
        "slot_start": slot,
        "nik": nik(serial),
        "phone": "081234567890",
    }


@pytest.mark.parametrize(("language", "words"), [("id", "Kuota online"), ("en", "online quota")])
def test_api_refuses_a_booking_beyond_the_online_share(api, fair, language, words):
    for serial in range(6):
        book(fair, serial)

    response = api.post(
        "/api/v1/bookings/", _booking(fair, 77), format="json", HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "online_quota_full"
    assert words in body["detail"]


@pytest.mark.parametrize(
    ("language", "words"),
    [("id", "dibuka untuk warga yang datang langsung"), ("en", "open to walk-in")],
)
def test_api_refuses_a_booking_after_the_release(api, clock, fair, language, words):
    clock.move_to(at(10, 30))

    response = api.post(
        "/api/v1/bookings/",
        _booking(fair, 1, day="2026-11-24"),
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 409
    assert response.json()["code"] == "online_quota_released"
    assert words in response.json()["detail"]
    assert "10:00" in response.json()["detail"]


@pytest.mark.parametrize(("language", "words"), [("id", "datang langsung"), ("en", "walk-in")])
def test_api_refuses_a_walk_in_beyond_its_share(api_as, kiosk, fair, language, words):
    for _ in range(4):
        ticket_issue(service=fair)

    response = api_as(kiosk).post(
        "/api/v1/kiosk/tickets/", {"service": fair.pk}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 409
    assert response.json()["code"] == "walk_in_quota_full"
    assert words in response.json()["detail"]
    assert "10:00" in response.json()["detail"]


def test_availability_carries_the_days_quota(api, fair):
    book(fair, 1, day=TUESDAY, slot=dt.time(11))
    ticket_issue(service=fair)

    quota = api.get(f"/api/v1/services/{fair.pk}/availability/?date=2026-11-24").json()["quota"]

    assert quota == {
        "daily": 10,
        "online": 6,
        "booked": 1,
        "walk_ins": 1,
        "online_left": 5,
        "walk_in_left": 3,
        "release_at": "2026-11-24T10:00:00+07:00",
        "released": False,
    }


def test_availability_has_no_slot_left_once_released(api, clock, fair):
    clock.move_to(at(10, 5))

    body = api.get(f"/api/v1/services/{fair.pk}/availability/?date=2026-11-24").json()

    assert body["quota"]["released"] is True and body["quota"]["online_left"] == 0
    assert body["slots"] and all(slot["remaining"] == 0 for slot in body["slots"])


def test_service_detail_names_the_fair_quota(api, fair):
    body = api.get(f"/api/v1/services/{fair.pk}/").json()
    assert (body["online_quota_percent"], body["online_release_time"]) == (60, "10:00:00")


# --- the booking calendar and the kiosk -------------------------------------------------------


def test_booking_calendar_shows_online_places_and_the_release_time(client, fair):
    for serial in range(2):
        book(fair, serial)

    page = client.get(f"/book/{fair.pk}/").content.decode()

    assert "60% dari kuota harian (10) dapat dipesan online" in page
    assert "dibuka untuk datang langsung setelah 10:00" in page
    wednesday = page.split('data-date="2026-11-25"')[1].split("</li>")[0]
    assert "sisa 4 tempat online" in wednesday
    today = page.split('data-date="2026-11-24"')[1].split("</li>")[0]
    assert "sisa 6 tempat online" in today


def test_booking_calendar_closes_today_once_released(client, clock, fair):
    clock.move_to(at(10, 30))

    page = client.get(f"/book/{fair.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    today = page.split('data-date="2026-11-24"')[1].split("</li>")[0]
    assert "is-closed" in page.split('data-date="2026-11-24"')[0].rsplit("<li", 1)[1]
    assert "open to walk-ins since 10:00" in today


def test_kiosk_tiles_show_walk_in_places_left(client, kiosk, counter_a, fair):
    client.force_login(kiosk)
    for _ in range(3):
        ticket_issue(service=fair)

    config = client.get("/kiosk/").context["config"]

    tile = next(s for a in config["catalog"] for s in a["services"] if s["id"] == fair.pk)
    assert tile["places"] == 1 and tile["full"] is False
    assert tile["places_text"] == "Sisa 1 tempat hari ini; +6 tempat online dibuka pukul 10:00"


def test_kiosk_tile_is_full_until_the_release(client, clock, kiosk, counter_a, fair):
    client.force_login(kiosk)
    for _ in range(4):
        ticket_issue(service=fair)

    page = client.get("/kiosk/", HTTP_ACCEPT_LANGUAGE="en")
    tile = next(
        s for a in page.context["config"]["catalog"] for s in a["services"] if s["id"] == fair.pk
    )
    assert tile["full"] is True and tile["places"] == 0

    clock.move_to(at(10, 1))
    page = client.get("/kiosk/")
    tile = next(
        s for a in page.context["config"]["catalog"] for s in a["services"] if s["id"] == fair.pk
    )
    assert (tile["full"], tile["places"]) == (False, 6)
    assert timezone.localtime().hour == 10
