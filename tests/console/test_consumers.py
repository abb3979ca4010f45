"""Live sockets of staff: a counter's console and the manager's overview."""

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client

from console.services import counter_open
from mpp.lib.realtime import MANAGER
from queues.services import ticket_call_next, ticket_issue
from tests import factories
from tests.queues.test_consumers import (  # noqa: F401 - `live` is a fixture
    FOREIGN_ORIGIN,
    NIK,
    ORIGIN,
    Socket,
    assert_increasing,
    live,
    settle,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("live")]

db = database_sync_to_async


@db
def session_cookie(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return (b"cookie", f"{name}={client.cookies[name].value}".encode())


async def as_user(path: str, user=None, origin=ORIGIN) -> Socket:
    headers = list(origin)
    if user is not None:
        headers.append(await session_cookie(user))
    return Socket(path, headers=headers)


async def test_counter_socket_is_for_its_agency_and_managers(
    counter_a, officer_a, officer_b, supervisor_a, manager, kiosk
):
    path = f"/ws/counters/{counter_a.pk}/"
    assert await (await as_user(path)).refusal() == 4401
    for outsider in (officer_b, supervisor_a, kiosk):
        assert await (await as_user(path, outsider)).refusal() == 4403, outsider.username
    for insider in (officer_a, manager):
        socket = await as_user(path, insider)
        snapshot = await socket.open()
        assert snapshot["counter"]["id"] == counter_a.pk
        await socket.close()
    for missing in ("999999", "99999999999999999999"):
        assert await (await as_user(f"/ws/counters/{missing}/", manager)).refusal() == 4404
    assert await (await as_user("/ws/counters/abc/", manager)).refusal() == 4404


async def test_counter_socket_snapshot_then_events(
    clock, hours, counter_a, officer_a, service_a, service_a2
):
    await db(counter_open)(counter=counter_a, officer=officer_a)
    waiting = await db(ticket_issue)(service=service_a, nik=NIK)
    await settle()
    console = await as_user(f"/ws/counters/{counter_a.pk}/", officer_a)
    snapshot = await console.open()

    mine = f"counter.{counter_a.pk}"
    lines = {f"line.{service_a.pk}", f"line.{service_a2.pk}"}
    assert set(snapshot["seqs"]) == {mine, f"booth.{counter_a.booth_id}", *lines}
    counter = snapshot["counter"]
    assert (counter["state"], counter["officer"], counter["current_ticket"]) == (
        "open",
        "officer-a",
        None,
    )
    assert [t["code"] for t in snapshot["queue"]] == [waiting.code]
    assert snapshot["queue"][0]["nik_last4"] == NIK[-4:]  # staff check the applicant
    assert snapshot["queue"][0]["position"] == 1

    newcomer = await db(ticket_issue)(service=service_a2)
    line = await console.wait_for("line.changed", lambda m: m["joined"])
    assert [joined["code"] for joined in line["joined"]] == [newcomer.code]
    assert line["stream"] == f"line.{service_a2.pk}"
    await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    changed = await console.wait_for("counter.updated")
    assert (changed["stream"], changed["counter"]) == (mine, counter_a.pk)
    await settle()
    await console.drain()
    for stream in (mine, *lines):
        assert_increasing(console.seqs(stream), after=snapshot["seqs"][stream])

    await console.send({"type": "snapshot"})
    fresh = await console.wait_for("snapshot")
    assert fresh["counter"]["current_ticket"]["code"] == waiting.code
    assert [t["code"] for t in fresh["queue"]] == [newcomer.code]
    await console.close()


async def test_manager_socket_is_for_managers_and_supervisors(
    counter_a, counter_b, booth_a, officer_a, supervisor_a, manager, kiosk
):
    await db(factories.CounterFactory)(booth=booth_a, number=9, is_active=False)
    assert await (await as_user("/ws/manager/")).refusal() == 4401
    for staff in (officer_a, kiosk):
        assert await (await as_user("/ws/manager/", staff)).refusal() == 4403
    socket = await as_user("/ws/manager/", manager)
    snapshot = await socket.open()
    assert snapshot["seqs"] == {MANAGER: 0}
    assert [b["id"] for b in snapshot["booths"]] == [booth_a.pk, counter_b.booth_id]
    assert [c["id"] for c in snapshot["booths"][0]["counters"]] == [counter_a.pk]
    assert snapshot["booths"][0]["state"] == "closed"
    await socket.send({"type": "ping"})
    assert await socket.receive() == {"type": "pong"}
    await socket.close()


@pytest.mark.parametrize("path", ["/ws/counters/{counter}/", "/ws/manager/"])
async def test_foreign_origin_refused(path, counter_a, manager):
    socket = await as_user(path.format(counter=counter_a.pk), manager, origin=FOREIGN_ORIGIN)
    assert await socket.refusal() is None
