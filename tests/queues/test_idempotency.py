"""Idempotent issuing (API.md): the same `Idempotency-Key` returns the same ticket.

A kiosk whose answer was lost sends the request again with its key: it gets the ticket it
already has (200), never a second number, even when the retries race each other (real
threads against PostgreSQL, so the unique constraint and its waits are the real ones).
"""

import datetime as dt
import threading
import uuid

import pytest
from django.db import OperationalError, connection
from rest_framework.test import APIClient

from agencies.models import User
from queues.idempotency import KEY_TTL, idempotency_keys_purge
from queues.models import IdempotencyKey, Ticket
from tests import factories
from tests.conftest import TUESDAY_9AM

KIOSK_URL = "/api/v1/kiosk/tickets/"
BOOKING_URL = "/api/v1/bookings/"
TOMORROW = (TUESDAY_9AM + dt.timedelta(days=1)).date().isoformat()


def kiosk_post(client, service, key: str | None, priority: str = "regular"):
    headers = {} if key is None else {"Idempotency-Key": key}
    body = {"service": service.pk, "priority": priority}
    return client.post(KIOSK_URL, body, format="json", headers=headers)


def booking(service, serial: int = 1) -> dict:
    return {
        "service": service.pk,
        "date": TOMORROW,
        "slot_start": "09:00",
        "nik": f"357401410190{serial:04d}",
        "phone": "081234567890",
        "name": "Siti Aminah",
        "priority": "regular",
    }


@pytest.fixture
def kiosk_client(kiosk):
    client = APIClient()
    client.force_authenticate(user=kiosk)
    return client


@pytest.mark.usefixtures("clock", "hours")
class TestKioskTickets:
    def test_the_same_key_returns_the_same_ticket(self, kiosk_client, service_a):
        key = str(uuid.uuid4())
        first = kiosk_post(kiosk_client, service_a, key)
        again = kiosk_post(kiosk_client, service_a, key)
        assert first.status_code == 201, first.content
        assert again.status_code == 200, again.content
        assert again.json()["token"] == first.json()["token"]
        assert again.json()["code"] == first.json()["code"]
        assert Ticket.objects.count() == 1

    def test_without_a_key_each_post_is_a_new_ticket(self, kiosk_client, service_a):
        codes = [kiosk_post(kiosk_client, service_a, None).json()["code"] for _ in range(2)]
        assert codes[0] != codes[1]
        assert not IdempotencyKey.objects.exists()

    def test_another_key_is_another_ticket(self, kiosk_client, service_a):
        first = kiosk_post(kiosk_client, service_a, "a" * 100)
        second = kiosk_post(kiosk_client, service_a, "b" * 100)
        assert first.status_code == second.status_code == 201
        assert first.json()["token"] != second.json()["token"]

    def test_the_key_belongs_to_its_kiosk(self, kiosk_client, service_a):
        other = APIClient()
        other.force_authenticate(factories.UserFactory(role=User.Role.KIOSK, agency=None))
        mine = kiosk_post(kiosk_client, service_a, "kiosk-1-0001")
        theirs = kiosk_post(other, service_a, "kiosk-1-0001")
        assert mine.status_code == theirs.status_code == 201
        assert mine.json()["token"] != theirs.json()["token"]

    def test_the_same_key_for_another_request_is_refused(self, kiosk_client, service_a):
        key = str(uuid.uuid4())
        assert kiosk_post(kiosk_client, service_a, key).status_code == 201
        reused = kiosk_post(kiosk_client, service_a, key, priority="elderly")
        assert reused.status_code == 422
        assert reused.json()["code"] == "idempotency_key_reused"
        assert Ticket.objects.count() == 1

    @pytest.mark.parametrize("key", ["", "x" * 101, "with space", "kunci-é"])
    def test_a_malformed_key_is_a_clear_400(self, kiosk_client, service_a, key):
        response = kiosk_post(kiosk_client, service_a, key)
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_idempotency_key"
        assert "Idempotency-Key" in response.json()["detail"]
        assert not Ticket.objects.exists()

    def test_a_refused_request_does_not_use_up_the_key(self, kiosk_client, service_a, clock):
        key = str(uuid.uuid4())
        clock.move_to(TUESDAY_9AM.replace(hour=23))  # after hours: refused
        assert kiosk_post(kiosk_client, service_a, key).status_code == 400
        clock.move_to(TUESDAY_9AM)
        assert kiosk_post(kiosk_client, service_a, key).status_code == 201

    def test_a_key_counts_for_a_day_then_starts_afresh(self, kiosk_client, service_a, clock):
        key = str(uuid.uuid4())
        first = kiosk_post(kiosk_client, service_a, key).json()
        clock.move_to(TUESDAY_9AM + dt.timedelta(hours=23, minutes=59))
        # (23:59 is after hours: the replay still answers, it issues nothing)
        assert kiosk_post(kiosk_client, service_a, key).json()["token"] == first["token"]
        clock.move_to(TUESDAY_9AM + KEY_TTL + dt.timedelta(minutes=1))
        later = kiosk_post(kiosk_client, service_a, key)
        assert later.status_code == 201, later.content
        assert later.json()["token"] != first["token"]
        assert IdempotencyKey.objects.get().ticket.token == later.json()["token"]

    def test_old_keys_are_purged(self, kiosk_client, service_a, clock):
        kiosk_post(kiosk_client, service_a, "old")
        clock.move_to(TUESDAY_9AM + dt.timedelta(hours=2))
        kiosk_post(kiosk_client, service_a, "new")
        assert idempotency_keys_purge(at=TUESDAY_9AM + KEY_TTL + dt.timedelta(hours=1)) == 1
        assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
        assert Ticket.objects.count() == 2  # the tickets stay

    def test_a_committed_ticket_is_answered_even_if_its_place_cannot_be_read(
        self, kiosk_client, service_a, monkeypatch
    ):
        def database_gone(**kwargs):
            raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr("queues.selectors.ticket_position", database_gone)
        monkeypatch.setattr("queues.api.serializers.ticket_position", database_gone)
        response = kiosk_post(kiosk_client, service_a, str(uuid.uuid4()))
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["token"] == Ticket.objects.get().token
        assert body["code"] and body["position"] is None


@pytest.mark.usefixtures("clock", "hours")
class TestBookings:
    def test_a_retried_booking_returns_the_booking_not_a_duplicate_refusal(self, api, service_a):
        key = str(uuid.uuid4())
        headers = {"Idempotency-Key": key}
        first = api.post(BOOKING_URL, booking(service_a), format="json", headers=headers)
        again = api.post(BOOKING_URL, booking(service_a), format="json", headers=headers)
        assert first.status_code == 201, first.content
        assert again.status_code == 200, again.content
        assert again.json()["token"] == first.json()["token"]
        # Without the key the same request is the anti-calo refusal, as before.
        plain = api.post(BOOKING_URL, booking(service_a), format="json")
        assert plain.status_code == 409 and plain.json()["code"] == "duplicate_booking"
        assert Ticket.objects.count() == 1

    def test_someone_elses_booking_is_not_returned_for_a_guessed_key(self, api, service_a):
        headers = {"Idempotency-Key": "1"}
        mine = api.post(BOOKING_URL, booking(service_a, 1), format="json", headers=headers)
        theirs = api.post(BOOKING_URL, booking(service_a, 2), format="json", headers=headers)
        assert mine.status_code == 201
        assert theirs.status_code == 422
        assert theirs.json()["code"] == "idempotency_key_reused"
        assert mine.json()["token"] not in theirs.content.decode()

    def test_the_fingerprint_never_holds_the_nik(self, api, service_a):
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        api.post(BOOKING_URL, booking(service_a), format="json", headers=headers)
        row = IdempotencyKey.objects.get()
        assert row.endpoint == "booking" and row.client == "anonymous"
        assert "3574014101900001" not in str(row.__dict__)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("clock", "hours")
def test_concurrent_retries_with_one_key_give_one_ticket(service_a, kiosk):
    """Eight retries of one request released at once: one ticket, one 201, seven 200s."""
    count, key = 8, str(uuid.uuid4())
    start = threading.Barrier(count)
    answers: list = [None] * count
    failures: list[BaseException] = []

    def retry(index: int) -> None:
        client = APIClient()
        client.force_authenticate(user=kiosk)
        try:
            start.wait(timeout=30)
            answers[index] = kiosk_post(client, service_a, key)
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=retry, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] * (count - 1) + [201], [a.content for a in answers]
    assert len({answer.json()["token"] for answer in answers}) == 1
    assert Ticket.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
