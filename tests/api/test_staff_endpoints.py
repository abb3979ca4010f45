"""Staff endpoints: each agency's officers act on their own counters and tickets only,
other roles and anonymous clients are refused; token auth for API clients."""

from dataclasses import dataclass

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from console import services as counter_services
from counters.models import CounterSession
from queues import services as queue_services
from tests.api.tickets_support import (
    counter_url,
    walk_in,
    writes,
)

pytestmark = pytest.mark.django_db


# Staff endpoints: agency scoping -------------------------------------------------------


@dataclass(frozen=True)
class StaffAction:
    name: str
    method: str
    path: str  # {counter} or {token}
    state: str  # closed, open, paused, waiting, called, serving
    body: dict | None = None
    ok: int = 200


STAFF_ACTIONS = [
    StaffAction("detail", "get", "counters/{counter}/", "open"),
    StaffAction("open", "post", "counters/{counter}/open/", "closed"),
    StaffAction("close", "post", "counters/{counter}/close/", "open"),
    StaffAction("pause", "post", "counters/{counter}/pause/", "open", {"reason": "Rapat"}),
    StaffAction("resume", "post", "counters/{counter}/resume/", "paused"),
    StaffAction("queue", "get", "counters/{counter}/queue/", "waiting"),
    StaffAction("call-next", "post", "counters/{counter}/call-next/", "waiting"),
    StaffAction("call", "post", "counters/{counter}/call/", "waiting", {"token": "{token}"}),
    StaffAction("recall", "post", "counters/{counter}/recall/", "called"),
    StaffAction("start", "post", "tickets/{token}/start/", "called"),
    StaffAction("finish", "post", "tickets/{token}/finish/", "serving"),
    StaffAction("no-show", "post", "tickets/{token}/no-show/", "called"),
    StaffAction("transfer", "post", "tickets/{token}/transfer/", "called", {"service": "{other}"}),
]


def _prepare(action, *, officer, counter, service, other_service):
    """Put counter_a (of agency A) in the state the action needs; return path and body."""
    ticket = walk_in(service)
    if action.state != "closed":
        counter_services.counter_open(counter=counter, officer=officer)
    if action.state == "paused":
        counter_services.counter_pause(counter=counter, actor=officer, reason="Istirahat")
    if action.state in ("called", "serving"):
        ticket = queue_services.ticket_call_next(counter=counter, actor=officer)
    if action.state == "serving":
        ticket = queue_services.ticket_start(ticket=ticket, actor=officer)
    values = {"counter": counter.pk, "token": ticket.token, "other": other_service.pk}
    path = "/api/v1/" + action.path.format(**values)
    body = None
    if action.body:
        body = {k: v.format(**values) for k, v in action.body.items()}
        body = {k: int(v) if v.isdigit() else v for k, v in body.items()}
    return path, body, ticket


def _send(client, action, path, body):
    if action.method == "get":
        return client.get(path)
    return client.post(path, body, format="json")


@pytest.fixture
def staff_floor(mall, officer_a, counter_a, service_a, service_b, counter_b):
    return {
        "officer": officer_a,
        "counter": counter_a,
        "service": service_a,
        "other_service": service_b,
    }


@pytest.mark.parametrize("action", STAFF_ACTIONS, ids=lambda a: a.name)
def test_officer_of_another_agency_is_refused(api_as, staff_floor, officer_b, action):
    path, body, _ = _prepare(action, **staff_floor)
    before = writes()

    response = _send(api_as(officer_b), action, path, body)

    assert response.status_code == 403, response.content
    assert set(response.json()) == {"detail", "code"}
    assert writes() == before


@pytest.mark.parametrize("action", STAFF_ACTIONS, ids=lambda a: a.name)
@pytest.mark.parametrize("persona", ["supervisor_a", "kiosk"])
def test_staff_actions_refuse_other_roles(request, api_as, staff_floor, action, persona):
    path, body, _ = _prepare(action, **staff_floor)
    before = writes()

    response = _send(api_as(request.getfixturevalue(persona)), action, path, body)

    assert response.status_code == 403, response.content
    assert writes() == before


@pytest.mark.parametrize("action", STAFF_ACTIONS, ids=lambda a: a.name)
def test_staff_actions_need_a_login(api, staff_floor, action):
    path, body, _ = _prepare(action, **staff_floor)
    before = writes()

    response = _send(api, action, path, body)

    assert response.status_code in (401, 403)
    assert set(response.json()) == {"detail", "code"}
    assert writes() == before


EXPECTED_AFTER = {
    "detail": ("open", None),
    "open": ("open", None),
    "close": ("closed", None),
    "pause": ("paused", None),
    "resume": ("open", None),
    "queue": (None, "waiting"),
    "call-next": (None, "called"),
    "call": (None, "called"),
    "recall": (None, "called"),
    "start": (None, "serving"),
    "finish": (None, "done"),
    "no-show": (None, "no_show"),
    "transfer": (None, "waiting"),
}


@pytest.mark.parametrize("action", STAFF_ACTIONS, ids=lambda a: a.name)
def test_manager_may_act_on_any_agencys_counter(api_as, staff_floor, manager, action):
    path, body, ticket = _prepare(action, **staff_floor)

    response = _send(api_as(manager), action, path, body)

    assert response.status_code == action.ok, response.content
    counter_state, ticket_status = EXPECTED_AFTER[action.name]
    if counter_state is not None:
        assert response.json()["state"] == counter_state
    if ticket_status is not None:
        ticket.refresh_from_db()
        assert ticket.status == ticket_status
    if action.name == "open":
        assert CounterSession.objects.get(closed_at=None).officer == manager


@pytest.mark.parametrize("action", STAFF_ACTIONS, ids=lambda a: a.name)
def test_officer_may_act_on_own_agencys_counter(api_as, staff_floor, action):
    path, body, ticket = _prepare(action, **staff_floor)

    response = _send(api_as(staff_floor["officer"]), action, path, body)

    assert response.status_code == action.ok, response.content
    _, ticket_status = EXPECTED_AFTER[action.name]
    if ticket_status is not None:
        ticket.refresh_from_db()
        assert ticket.status == ticket_status


def test_counter_queue_of_another_agency_leaks_nothing(api_as, staff_floor, officer_b):
    walk_in(staff_floor["service"])

    response = api_as(officer_b).get(counter_url(staff_floor["counter"], "queue"))

    assert response.status_code == 403
    assert b"A-00" not in response.content


# Token auth ----------------------------------------------------------------------------


def test_token_auth_for_api_clients(mall, officer_a, counter_a):
    client = APIClient()

    response = client.post(
        "/api/v1/auth/token/", {"username": "officer-a", "password": "secret-pass"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["token"]
    assert body["token"] == Token.objects.get(user=officer_a).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    opened = client.post(counter_url(counter_a, "open"))
    assert opened.status_code == 200
    assert opened.json()["officer"] == "officer-a"


def test_token_auth_gives_the_same_token_twice(officer_a):
    client = APIClient()
    credentials = {"username": "officer-a", "password": "secret-pass"}

    first = client.post("/api/v1/auth/token/", credentials, format="json").json()
    second = client.post("/api/v1/auth/token/", credentials, format="json").json()

    assert first == second


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "officer-a", "password": "wrong-pass"},
        {"username": "nobody", "password": "secret-pass"},
        {"username": "officer-a"},
        {"username": "", "password": ""},
    ],
)
def test_token_auth_refuses_bad_credentials(officer_a, credentials):
    response = APIClient().post("/api/v1/auth/token/", credentials, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body and all(isinstance(v, list) for v in body.values())
    assert not Token.objects.exists()


def test_a_bad_token_is_refused(mall, counter_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.post(counter_url(counter_a, "open"))

    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}
    assert not CounterSession.objects.exists()
