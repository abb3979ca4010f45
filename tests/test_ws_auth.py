"""Websocket clients without an Origin header (native apps, TV boxes, other systems) may
connect with a staff API token or a device token; without one they are still refused,
and a browser's foreign Origin is refused whatever it carries (mpp/lib/ws_auth.py)."""

import pytest
from channels.db import database_sync_to_async
from rest_framework.authtoken.models import Token

from counters.models import Device
from tests.queues.test_consumers import (  # noqa: F401 - `live` is a fixture
    FOREIGN_ORIGIN,
    ORIGIN,
    Socket,
    live,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("live")]

db = database_sync_to_async
HOST = [(b"host", b"testserver")]


@db
def token_of(user) -> bytes:
    return Token.objects.get_or_create(user=user)[0].key.encode()


@db
def new_device(**fields) -> Device:
    return Device.objects.create(kind=Device.Kind.DISPLAY, label="TV lobi", **fields)


def auth(value: bytes) -> list[tuple[bytes, bytes]]:
    return [*HOST, (b"authorization", value)]


async def test_no_origin_and_no_token_is_refused_as_before(hours):
    assert await Socket("/ws/display/", headers=HOST).refusal() is None


async def test_a_device_token_opens_the_lobby_stream_without_origin(hours):
    tv = await new_device()
    socket = Socket("/ws/display/", headers=auth(b"Device " + tv.token.encode()))
    snapshot = await socket.open()
    assert snapshot["type"] == "snapshot"
    await socket.close()


@pytest.mark.parametrize("value", [b"Device nope", b"Token nope", b"Basic eDp5", b"Token "])
async def test_a_bad_credential_without_origin_is_refused(hours, value):
    assert await Socket("/ws/display/", headers=auth(value)).refusal() is None


async def test_a_revoked_device_is_refused(hours):
    tv = await new_device(active=False)
    socket = Socket("/ws/display/", headers=auth(b"Device " + tv.token.encode()))
    assert await socket.refusal() is None


async def test_a_staff_token_acts_as_its_user(counter_a, officer_a, officer_b, manager):
    socket = Socket(
        f"/ws/counters/{counter_a.pk}/", headers=auth(b"Token " + await token_of(officer_a))
    )
    snapshot = await socket.open()
    assert snapshot["counter"]["id"] == counter_a.pk
    await socket.close()
    # The consumer's own checks still apply to the token's user.
    outsider = Socket(
        f"/ws/counters/{counter_a.pk}/", headers=auth(b"Token " + await token_of(officer_b))
    )
    assert await outsider.refusal() == 4403
    # A device token is no staff account.
    tv = await new_device()
    device = Socket("/ws/manager/", headers=auth(b"Device " + tv.token.encode()))
    assert await device.refusal() == 4401
    manager_socket = Socket("/ws/manager/", headers=auth(b"Token " + await token_of(manager)))
    assert (await manager_socket.open())["type"] == "snapshot"
    await manager_socket.close()


async def test_an_inactive_users_token_is_refused(officer_a, counter_a):
    key = await token_of(officer_a)
    officer_a.is_active = False
    await db(officer_a.save)()
    socket = Socket(f"/ws/counters/{counter_a.pk}/", headers=auth(b"Token " + key))
    assert await socket.refusal() is None


async def test_a_foreign_origin_is_refused_even_with_a_token(counter_a, manager):
    headers = [*FOREIGN_ORIGIN, (b"authorization", b"Token " + await token_of(manager))]
    assert await Socket("/ws/manager/", headers=headers).refusal() is None


async def test_browsers_keep_working_with_their_origin(hours):
    socket = Socket("/ws/display/", headers=ORIGIN)
    assert (await socket.open())["type"] == "snapshot"
    await socket.close()
