"""The console's own booth, live: /ws/counters/<id>/ follows `booth.<id>` (state and
alerts of the officer's booth, without personal data) and snapshots it."""

import json

import pytest
from channels.db import database_sync_to_async

from console.services import counter_open
from monitoring.events import booth_stream, build_booth_public
from monitoring.models import BoothAlert
from monitoring.selectors import alert_data_public
from monitoring.services import booth_alert_acknowledge, booth_scan
from tests.conftest import TUESDAY_9AM
from tests.console.test_consumers import as_user
from tests.queues.test_consumers import (  # noqa: F401 - `live` is a fixture
    assert_increasing,
    live,
    settle,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("live")]

db = database_sync_to_async


def console_path(counter) -> str:
    return f"/ws/counters/{counter.pk}/"


async def test_snapshot_has_the_booth_state_without_names(
    clock, hours, counter_a, counter_a2, officer_a, manager
):
    await db(counter_open)(counter=counter_a, officer=officer_a)
    await settle()
    for user in (officer_a, manager):
        socket = await as_user(console_path(counter_a2), user)
        snapshot = await socket.open()

        booth = snapshot["booth"]
        assert booth["id"] == counter_a.booth_id
        assert booth["state"] == "idle"
        assert booth["counters_open"] == 1
        assert booth["alerts"] == []
        assert booth_stream(counter_a.booth_id) in snapshot["seqs"]
        assert {c["id"] for c in booth["counters"]} == {counter_a.pk, counter_a2.pk}
        assert all("officer" not in c for c in booth["counters"])
        assert "officer-a" not in json.dumps(booth)
        # The counter's own state still names its officer (the console shows it).
        assert snapshot["counter"]["id"] == counter_a2.pk
        await socket.close()


async def test_snapshot_shows_an_open_alert(clock, hours, counter_a, officer_a):
    await db(booth_scan)(at=TUESDAY_9AM)
    await settle()
    socket = await as_user(console_path(counter_a), officer_a)
    snapshot = await socket.open()

    assert snapshot["booth"]["state"] == "empty"
    assert [(a["kind"], a["reason"]) for a in snapshot["booth"]["alerts"]] == [
        ("empty", "no_counter_open")
    ]
    await socket.close()


async def test_scan_alert_reaches_the_console_then_clears(
    clock, hours, counter_a, counter_b, officer_a, supervisor_a
):
    console = await as_user(console_path(counter_a), officer_a)
    snapshot = await console.open()
    mine = booth_stream(counter_a.booth_id)
    assert snapshot["booth"]["state"] == "closed"

    await db(booth_scan)(at=TUESDAY_9AM)

    opened = await console.wait_for("booth.alert")
    assert opened["stream"] == mine
    assert opened["alert"]["booth"] == counter_a.booth_id
    assert (opened["alert"]["kind"], opened["alert"]["closed_at"]) == ("empty", None)
    assert opened["alert"]["acknowledged"] is False
    assert not {"acknowledged_by", "note", "agency_name"} & set(opened["alert"])
    updated = await console.wait_for("booth.updated")
    assert (updated["stream"], updated["booth"]["id"]) == (mine, counter_a.booth_id)
    assert updated["booth"]["state"] == "empty"
    assert [a["kind"] for a in updated["booth"]["alerts"]] == ["empty"]

    await db(counter_open)(counter=counter_a, officer=officer_a)
    closed = await console.wait_for("booth.alert", lambda m: m["alert"]["closed_at"])
    assert closed["alert"]["id"] == opened["alert"]["id"]
    idle = await console.wait_for("booth.updated", lambda m: m["booth"]["state"] == "idle")
    assert idle["booth"]["alerts"] == []
    assert all("officer" not in c for c in idle["booth"]["counters"])

    alert = await db(BoothAlert.objects.get)(pk=opened["alert"]["id"])
    await db(booth_alert_acknowledge)(alert=alert, user=supervisor_a, note="Ditelepon Pak Budi")
    acked = await console.wait_for("booth.alert", lambda m: m["alert"]["acknowledged"])
    assert acked["alert"]["id"] == alert.pk

    await settle()
    await console.drain()
    booth_seqs = console.seqs(mine)
    assert len(booth_seqs) >= 5  # alert, state, alert closed, state, acknowledged
    assert_increasing(booth_seqs, after=snapshot["seqs"][mine])
    assert booth_seqs == list(range(booth_seqs[0], booth_seqs[0] + len(booth_seqs)))
    # Nothing about booth B (its scan opened an alert too), no names, no notes.
    booth_news = [m for m in console.received if m.get("type", "").startswith("booth.")]
    assert {
        m.get("alert", m.get("booth", {})).get("booth", m.get("booth", {}).get("id"))
        for m in booth_news
    } == {counter_a.booth_id}
    for text in console.raw:
        for private in ("Ditelepon Pak Budi", "supervisor-a", 'officer-a"', "Polres"):
            if '"type": "booth.' in text or '"type":"booth.' in text:
                assert private not in text, (private, text)
    await console.close()


async def test_another_agencys_officer_cannot_follow_the_booth(
    counter_a, officer_b, supervisor_a, kiosk
):
    for outsider in (officer_b, supervisor_a, kiosk):
        socket = await as_user(console_path(counter_a), outsider)
        assert await socket.refusal() == 4403, outsider.username


def test_booth_builders_carry_no_personal_data(
    clock, hours, counter_a, officer_a, supervisor_a, db
):
    booth_scan(at=TUESDAY_9AM)
    alert = BoothAlert.objects.get(booth=counter_a.booth)
    booth_alert_acknowledge(alert=alert, user=supervisor_a, note="Sudah ditegur")
    counter_open(counter=counter_a, officer=officer_a)

    state = build_booth_public(counter_a.booth_id)
    event = {"alert": alert_data_public(BoothAlert.objects.get(pk=alert.pk))}

    assert state is not None and state["booth"]["counters_open"] == 1
    text = json.dumps([state, event])
    for private in ("officer-a", "supervisor-a", "Sudah ditegur"):
        assert private not in text
    assert event["alert"]["acknowledged"] is True
    assert build_booth_public(999_999) is None


@pytest.mark.parametrize(
    ("language", "notified", "empty"),
    [
        ("id", "Pengelola MPP telah diberi tahu.", "Gerai kosong"),
        ("en", "The MPP manager has been told.", "Booth empty"),
    ],
)
def test_console_page_carries_the_words_to_redraw_the_booth(
    db, officer_a, counter_a, language, notified, empty
):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(officer_a)
    page = client.get(f"/counter/?counter={counter_a.pk}").content.decode()

    texts = page.split('id="booth-state-texts" type="application/json">')[1].split("</script>")[0]
    words = json.loads(texts)
    assert words["notified"].startswith(notified)
    assert words["kinds"]["empty"] == empty
    assert set(words["states"]) == {"serving", "idle", "empty", "unattended", "closed"}
    assert {"no_counter_open", "no_call", "break_overrun"} <= set(words["reasons"])
