"""/ws/manager/: booth alerts and booth states, live, scoped to the watcher's agency."""

import pytest
from channels.db import database_sync_to_async

from console.services import counter_open
from monitoring.models import BoothAlert
from monitoring.services import booth_alert_acknowledge, booth_scan
from mpp.lib.realtime import MANAGER, manager_agency_stream
from tests import factories
from tests.conftest import TUESDAY_9AM
from tests.console.test_consumers import as_user
from tests.queues.test_consumers import live, settle  # noqa: F401 - `live` is a fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("live")]

db = database_sync_to_async


async def test_supervisor_snapshot_is_own_agency_only(
    clock, hours, counter_a, counter_b, supervisor_a, officer_b, kiosk
):
    await db(booth_scan)(at=TUESDAY_9AM)
    for outsider in (officer_b, kiosk):
        assert await (await as_user("/ws/manager/", outsider)).refusal() == 4403

    socket = await as_user("/ws/manager/", supervisor_a)
    snapshot = await socket.open()

    assert list(snapshot["seqs"]) == [manager_agency_stream(counter_a.booth.agency_id)]
    assert [b["id"] for b in snapshot["booths"]] == [counter_a.booth_id]
    assert [a["booth"] for a in snapshot["alerts"]] == [counter_a.booth_id]
    assert snapshot["booths"][0]["state"] == "empty"
    assert snapshot["devices"] == []
    await socket.close()


async def test_alerts_and_booth_states_go_live_to_the_right_people(
    clock, hours, counter_a, counter_b, officer_a, supervisor_a, supervisor_b, manager
):
    boss = await as_user("/ws/manager/", manager)
    mine = await as_user("/ws/manager/", supervisor_a)
    other = await as_user("/ws/manager/", supervisor_b)
    for socket in (boss, mine, other):
        await socket.open()
    await db(factories.CounterFactory)(booth=counter_b.booth, number=9)
    await db(booth_scan)(at=TUESDAY_9AM)
    booth_a = counter_a.booth_id

    def about_a(m):
        return (
            m.get("alert", m.get("booth", {})).get("booth", m.get("booth", {}).get("id")) == booth_a
        )

    opened = await mine.wait_for("booth.alert")
    assert opened["alert"]["booth"] == booth_a
    assert opened["alert"]["kind"] == "empty"
    assert opened["alert"]["closed_at"] is None
    assert set(opened["alert"]) >= {"id", "booth", "kind", "opened_at", "closed_at"}
    assert set(opened["alert"]) >= {"acknowledged_by", "note"}
    assert opened["stream"] == manager_agency_stream(counter_a.booth.agency_id)
    updated = await mine.wait_for("booth.updated")
    assert updated["booth"]["id"] == booth_a
    assert updated["booth"]["state"] == "empty"
    await boss.wait_for("booth.alert", lambda m: m["alert"]["booth"] == booth_a)
    await boss.wait_for("booth.alert", lambda m: m["alert"]["booth"] == counter_b.booth_id)
    assert (await boss.wait_for("booth.updated"))["stream"] == MANAGER

    await db(counter_open)(counter=counter_a, officer=officer_a)

    closed = await mine.wait_for("booth.alert")
    assert closed["alert"]["closed_at"] is not None
    idle = await mine.wait_for("booth.updated", lambda m: m["booth"]["state"] == "idle")
    assert idle["booth"]["counters_open"] == 1

    alert = await db(BoothAlert.objects.get)(pk=closed["alert"]["id"])
    await db(booth_alert_acknowledge)(alert=alert, user=supervisor_a, note="Sudah dibuka")
    acked = await mine.wait_for("booth.alert", lambda m: m["alert"]["acknowledged_by"])
    assert acked["alert"]["acknowledged_by"] == "supervisor-a"
    assert acked["alert"]["note"] == "Sudah dibuka"
    await boss.wait_for("booth.alert", lambda m: m["alert"]["note"] == "Sudah dibuka")

    await settle()
    await other.drain()
    about_other = [m for m in other.received if m["type"] != "snapshot"]
    assert about_other, "supervisor B heard nothing of its own booth"
    assert not [m for m in about_other if about_a(m)], "supervisor B heard about booth A"
    for socket in (boss, mine, other):
        await socket.close()


async def test_seqs_have_no_gaps_for_a_supervisor(
    clock, hours, counter_a, counter_b, officer_a, supervisor_a
):
    mine = await as_user("/ws/manager/", supervisor_a)
    await mine.open()
    await db(booth_scan)(at=TUESDAY_9AM)
    await db(counter_open)(counter=counter_a, officer=officer_a)
    await settle()
    await mine.drain()

    seqs = [m["seq"] for m in mine.received if "seq" in m]
    assert seqs == list(range(1, len(seqs) + 1))
    await mine.close()
