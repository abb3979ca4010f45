"""Overdue complaints, live: `complaint.escalated` on the manager streams and the
dashboard's "Pengaduan lewat batas waktu" panel (count and list, scoped per agency)."""

import datetime as dt
import json

import pytest
from channels.db import database_sync_to_async
from django.db import transaction
from django.test import Client

from complaints import events, selectors, services
from complaints.models import Complaint
from mpp.lib import realtime
from mpp.lib.realtime import MANAGER, manager_agency_stream
from tests.complaints.conftest import REPORTER_NAME, REPORTER_PHONE_STORED
from tests.conftest import WIB
from tests.console.test_consumers import as_user
from tests.queues.test_consumers import live, settle  # noqa: F401 - `live` is a fixture

db = database_sync_to_async

Status = Complaint.Status
# complaint_a/b/mall are filed Tue 24 Nov 09:00; their deadline is the end of Tue 1 Dec.
AFTER_DEADLINE = dt.datetime(2026, 12, 3, 9, 0, tzinfo=WIB)
EVENT_FIELDS = {"code", "agency", "agency_name", "category", "due_at", "escalated_at"}


def client_for(user, language="id") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def resolve(complaint, user) -> None:
    for status in (Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED):
        services.complaint_respond(complaint=complaint, author=user, status=status)


# --- the event, over the manager sockets ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("live")
async def test_escalations_reach_the_right_dashboards(
    clock, complaint_a, complaint_mall, manager, supervisor_a, supervisor_b
):
    boss = await as_user("/ws/manager/", manager)
    mine = await as_user("/ws/manager/", supervisor_a)
    other = await as_user("/ws/manager/", supervisor_b)
    snapshots = [await socket.open() for socket in (boss, mine, other)]
    assert [s["complaints"]["overdue_count"] for s in snapshots] == [0, 0, 0]

    codes = await db(services.complaints_escalate_overdue)(at=AFTER_DEADLINE)
    assert sorted(codes) == sorted([complaint_a.code, complaint_mall.code])

    event = await mine.wait_for("complaint.escalated")
    assert event["stream"] == manager_agency_stream(complaint_a.agency_id)
    assert set(event["complaint"]) == EVENT_FIELDS
    assert event["complaint"]["code"] == complaint_a.code
    assert event["complaint"]["agency"] == complaint_a.agency_id
    assert event["complaint"]["category"] == "waiting"
    assert event["complaint"]["due_at"] == "2026-12-01T23:59:59+07:00"
    assert event["complaint"]["escalated_at"] == "2026-12-03T09:00:00+07:00"
    heard = set()
    for _ in range(2):
        message = await boss.wait_for("complaint.escalated")
        assert message["stream"] == MANAGER
        heard.add(message["complaint"]["code"])
    assert heard == {complaint_a.code, complaint_mall.code}

    await settle()
    for socket in (boss, mine, other):
        await socket.drain()
    assert [m for m in mine.received if m["type"] == "complaint.escalated"] == [event]
    assert not [m for m in other.received if m["type"] == "complaint.escalated"]
    for socket in (boss, mine):
        for text in socket.raw:
            assert REPORTER_NAME not in text and REPORTER_PHONE_STORED not in text
            assert "Antrean KTP-el sangat lama" not in text  # nor the description
    for socket in (boss, mine):
        seqs = [m["seq"] for m in socket.received if "seq" in m]
        assert seqs == sorted(set(seqs))

    # Escalated once: a second run sends nothing.
    assert await db(services.complaints_escalate_overdue)(at=AFTER_DEADLINE) == []
    await settle()
    await boss.drain()
    assert len([m for m in boss.received if m["type"] == "complaint.escalated"]) == 2
    for socket in (boss, mine, other):
        await socket.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("live")
async def test_snapshot_counts_overdue_complaints_per_agency(
    clock, complaint_a, complaint_b, complaint_mall, manager, supervisor_a, supervisor_b
):
    clock.move_to(AFTER_DEADLINE)
    await db(resolve)(complaint_b, supervisor_b)  # handled: no longer overdue

    counts = {}
    for user in (manager, supervisor_a, supervisor_b):
        socket = await as_user("/ws/manager/", user)
        snapshot = await socket.open()
        counts[user.username] = snapshot["complaints"]["overdue_count"]
        listed = {c["code"] for c in snapshot["complaints"]["overdue"]}
        assert len(listed) == counts[user.username]
        await socket.close()
    assert counts == {"manager": 2, "supervisor-a": 1, "supervisor-b": 0}


@pytest.mark.django_db(transaction=True)
def test_no_event_when_the_escalation_rolls_back(complaint_a, monkeypatch):
    sent = []

    class Recorder:
        def submit(self, streams, build, key="", *, urgent=False):
            sent.append((streams, build()))

    monkeypatch.setattr(realtime, "_publisher", lambda lane=realtime.SEND: Recorder())

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.complaints_escalate_overdue(at=AFTER_DEADLINE)
        raise Boom
    complaint_a.refresh_from_db()
    assert complaint_a.escalated_at is None

    assert sent == []
    services.complaints_escalate_overdue(at=AFTER_DEADLINE)
    assert [streams for streams, _ in sent] == [
        [MANAGER, manager_agency_stream(complaint_a.agency_id)]
    ]
    assert sent[0][1]["type"] == events.ESCALATED
    assert sent[0][1]["complaint"]["code"] == complaint_a.code


# --- the selector and the dashboard page ------------------------------------------------------


def test_overdue_summary_lists_the_latest_deadlines_first(db, clock, service_a, manager):
    filed = []
    for day in range(7):
        clock.move_to(dt.datetime(2026, 11, 2 + day, 9, 0, tzinfo=WIB))
        filed.append(
            services.complaint_file(
                category=Complaint.Category.OTHER, description=f"Aduan {day}", service=service_a
            )
        )
    summary = selectors.complaints_overdue_summary(agency_id=None, at=AFTER_DEADLINE)

    assert summary["overdue_count"] == 7
    assert len(summary["overdue"]) == selectors.OVERDUE_LISTED == 5
    due = [c["due_at"] for c in summary["overdue"]]
    assert due == sorted(due, reverse=True)
    assert summary["overdue"][0]["code"] == filed[-1].code
    assert set(summary["overdue"][0]) == EVENT_FIELDS


def test_dashboard_panel_shows_the_overdue_complaints(
    db, clock, complaint_a, complaint_b, complaint_mall, manager, supervisor_a
):
    clock.move_to(AFTER_DEADLINE)

    page = client_for(manager).get("/dashboard/").content.decode()
    panel = page.split('id="overdue-panel"')[1].split("</section>")[0]
    assert 'id="overdue-count" data-count="3">3<' in panel
    for complaint in (complaint_a, complaint_b, complaint_mall):
        assert f'href="/dashboard/complaints/{complaint.code}/"' in panel
    assert "Tanpa instansi" in panel  # the mall's own complaint
    assert "Biaya atau pungutan liar" in panel
    assert "/dashboard/complaints/?sla=overdue" in panel
    assert REPORTER_NAME not in page

    mine = client_for(supervisor_a).get("/dashboard/").content.decode()
    panel = mine.split('id="overdue-panel"')[1].split("</section>")[0]
    assert 'data-count="1">1<' in panel
    assert complaint_a.code in panel and complaint_b.code not in mine

    summary = client_for(supervisor_a).get("/dashboard/?part=summary").json()
    assert summary["complaints"]["overdue_count"] == 1
    assert [c["code"] for c in summary["complaints"]["overdue"]] == [complaint_a.code]

    english = client_for(manager, "en").get("/dashboard/").content.decode()
    config = json.loads(
        english.split('id="dashboard-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["texts"]["noOverdue"] == "No complaint is past its deadline."
    assert config["texts"]["categories"]["fees"] != "Biaya atau pungutan liar"


def test_dashboard_panel_when_nothing_is_overdue(db, clock, complaint_a, manager):
    page = client_for(manager).get("/dashboard/").content.decode()
    panel = page.split('id="overdue-panel"')[1].split("</section>")[0]
    assert 'data-count="0">0<' in panel
    assert "Tidak ada pengaduan yang lewat batas waktu." in panel
    assert complaint_a.code not in panel
