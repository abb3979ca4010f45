"""Lines as changes (issue 14): a ticket page keeps its line from the snapshot and applies
`line.changed` (who left, who joined where, with a version); the result equals a fresh
snapshot after any sequence of issues, calls, transfers and cancels, and a page that
misses a change sees the version jump and takes a fresh snapshot.

The page logic here mirrors static/js/live.js `LiveLine` (tests/js/live.test.js tests
that one); the events come from the real services over the real Redis layer.
"""

import datetime as dt
import random
from typing import Any

import pytest
from channels.db import database_sync_to_async

from console.services import counter_open
from queues.models import Ticket
from queues.services import (
    ticket_book,
    ticket_call_next,
    ticket_cancel,
    ticket_issue,
    ticket_no_show,
    ticket_transfer,
)
from tests.queues.test_consumers import Socket, live, settle  # noqa: F401 - `live` is a fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("live")]

db = database_sync_to_async


class PageLine:
    """A ticket page's copy of its line."""

    def __init__(self, snapshot_line: dict[str, Any]) -> None:
        self.version = snapshot_line["version"]
        pairs = zip(snapshot_line["waiting"], snapshot_line["keys"], strict=True)
        self.entries = [list(pair) for pair in pairs]
        self.gaps = 0

    def apply(self, change: dict[str, Any]) -> bool:
        """Apply the next change; False on a gap (the page asks for a snapshot)."""
        if change["version"] <= self.version:
            return True  # already in the snapshot
        if change["version"] > self.version + 1:
            self.gaps += 1
            return False
        gone = set(change["left"]) | {j["code"] for j in change["joined"]}
        self.entries = [e for e in self.entries if e[0] not in gone]
        for joined in change["joined"]:
            self.entries.append([joined["code"], joined["key"]])
        self.entries.sort(key=lambda e: e[1])
        self.version = change["version"]
        return True

    def codes(self) -> list[str]:
        return [code for code, _ in self.entries]


async def _watch(token: str) -> tuple[Socket, PageLine]:
    page = Socket(f"/ws/tickets/{token}/")
    snapshot = await page.open()
    return page, PageLine(snapshot["line"])


def _book(service, n: int) -> Ticket:
    """A booking (status booked, never in the line): a page that watches the line."""
    return ticket_book(
        service=service,
        day=dt.date(2026, 11, 24),
        slot_start=dt.time(9, 30),
        nik=f"357401410190{n + 1:04d}",
        phone=f"0812345{n:05d}",
        name="Pengamat",
    )


async def _changes(page: Socket) -> list[dict[str, Any]]:
    await settle()
    await page.drain(0.3)
    return [m for m in page.received if m.get("type") == "line.changed"]


async def _step(rng: random.Random, services, counter, officer, called: list[Ticket]) -> None:
    action = rng.choice(["issue", "issue", "issue", "call", "call", "transfer", "cancel"])
    if action == "issue":
        priority = rng.choice(["regular", "regular", "regular", "elderly"])
        await db(ticket_issue)(service=rng.choice(services), priority=priority)
    elif action == "call":
        if called:  # the counter holds one ticket at a time: it did not come
            await db(ticket_no_show)(ticket=called.pop(), actor=officer)
        ticket = await db(ticket_call_next)(counter=counter, actor=officer)
        if ticket is not None:
            called.append(ticket)
    elif action == "transfer" and called:
        ticket = called.pop()
        other = next(s for s in services if s.pk != ticket.service_id)
        await db(ticket_transfer)(ticket=ticket, service=other, actor=officer)
    elif action == "cancel":
        waiting = await db(
            lambda: list(Ticket.objects.filter(status=Ticket.Status.WAITING).order_by("id"))
        )()
        if waiting:
            await db(ticket_cancel)(ticket=rng.choice(waiting))


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_a_page_applying_changes_equals_a_fresh_snapshot(
    seed, clock, hours, counter_a, officer_a, service_a, service_a2
):
    rng = random.Random(seed)
    services = [service_a, service_a2]
    await db(counter_open)(counter=counter_a, officer=officer_a)
    for _ in range(3):
        await db(ticket_issue)(service=rng.choice(services))
    watchers = [await db(_book)(s, i) for i, s in enumerate(services)]
    await settle()
    pages = [await _watch(w.token) for w in watchers]

    called: list[Ticket] = []
    for _ in range(30):
        clock.shift(dt.timedelta(seconds=rng.randint(0, 90)))
        await _step(rng, services, counter_a, officer_a, called)

    for (page, line), watcher in zip(pages, watchers, strict=True):
        changes = await _changes(page)
        assert changes, "the line changed"
        for change in changes:
            assert line.apply(change), (line.version, change["version"])
        await page.send({"type": "snapshot"})
        fresh = (await page.wait_for("snapshot"))["line"]
        assert fresh["service"] == watcher.service_id
        assert line.codes() == fresh["waiting"]
        assert line.version == fresh["version"]
        assert [e[1] for e in line.entries] == fresh["keys"]
        await page.close()
        page.assert_private()


async def test_a_missed_change_shows_as_a_version_gap_and_a_snapshot_mends_it(
    clock, hours, counter_a, officer_a, service_a
):
    await db(counter_open)(counter=counter_a, officer=officer_a)
    watcher = await db(_book)(service_a, 1)
    first = await db(ticket_issue)(service=service_a)
    await settle()
    page, line = await _watch(watcher.token)

    second = await db(ticket_issue)(service=service_a)
    clock.shift(dt.timedelta(seconds=5))
    await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    third = await db(ticket_issue)(service=service_a, priority="elderly")
    changes = await _changes(page)
    assert [c["version"] for c in changes] == [line.version + n for n in (1, 2, 3)]

    # The first change never arrived: the next one is a gap, nothing is applied.
    assert not line.apply(changes[1])
    assert line.gaps == 1
    assert line.codes() == [first.code]
    await page.send({"type": "snapshot"})
    fresh = PageLine((await page.wait_for("snapshot"))["line"])
    assert fresh.version == changes[-1]["version"]
    assert fresh.codes() == [third.code, second.code]  # priority first
    assert not any(fresh.apply(c) is False for c in changes)  # older changes: ignored
    assert fresh.codes() == [third.code, second.code]
    await page.close()


async def test_one_change_is_one_small_message_whatever_the_line_length(
    clock, hours, counter_a, officer_a, service_a
):
    await db(counter_open)(counter=counter_a, officer=officer_a)
    watcher = await db(_book)(service_a, 1)
    for _ in range(60):
        await db(ticket_issue)(service=service_a)
    await settle()
    page, line = await _watch(watcher.token)
    assert len(line.codes()) == 60
    await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    [change] = await _changes(page)
    assert len(change["left"]) == 1 and change["joined"] == []
    text = next(t for t in page.raw if t.startswith('{"type": "line.changed"'))
    assert len(text) < 400
