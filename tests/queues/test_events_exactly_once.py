"""Every call reaches every display exactly once, and a ticket's page sees every status
it passed through, even when the publisher runs seconds behind the counters (issue 11
item 0): events are built inside the transaction, from the state just written."""

import datetime as dt
import threading

import pytest
from channels.db import database_sync_to_async

from console.services import counter_open
from mpp.lib import realtime
from queues.services import (
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from tests.queues.test_consumers import Socket, live, settle  # noqa: F401 - `live` is a fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("live")]

db = database_sync_to_async


def _hold_publisher() -> threading.Event:
    """Keep the publisher thread busy until the returned event is set: what a burst
    of work ahead of it does at the peak."""
    gate = threading.Event()
    realtime.defer(lambda: gate.wait(30))
    return gate


async def test_a_lagging_publisher_still_tells_each_call_as_it_was(
    clock, hours, counter_a, officer_a, service_a, service_a2
):
    await db(counter_open)(counter=counter_a, officer=officer_a)
    first = await db(ticket_issue)(service=service_a)
    await db(ticket_issue)(service=service_a)
    display = Socket("/ws/display/")
    await display.open()
    page = Socket(f"/ws/tickets/{first.token}/")
    await page.open()

    gate = await db(_hold_publisher)()
    called = await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    assert called.pk == first.pk
    first_call = called.called_at
    clock.shift(dt.timedelta(seconds=40))
    # Sent to the next stage a moment later (the old builder re-read the row here:
    # no counter any more, and the call was lost)...
    moved = await db(ticket_transfer)(ticket=called, service=service_a2, actor=officer_a)
    clock.shift(dt.timedelta(seconds=40))
    # ... called again there (same code, a later time), recalled, served and done.
    again = await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    assert again.pk == moved.pk
    clock.shift(dt.timedelta(seconds=20))
    await db(ticket_recall)(counter=counter_a, actor=officer_a)
    serving = await db(ticket_start)(ticket=again, actor=officer_a)
    await db(ticket_finish)(ticket=serving, actor=officer_a)
    gate.set()
    await settle()
    await display.drain()
    await page.drain()

    calls = [m for m in display.received if m["type"] == "ticket.called"]
    assert [(c["ticket"]["code"], c["recall"]) for c in calls] == [
        (first.code, False),
        (first.code, False),
        (first.code, True),
    ]
    assert [c["ticket"]["service_id"] for c in calls] == [
        service_a.pk,
        service_a2.pk,
        service_a2.pk,
    ]
    times = [dt.datetime.fromisoformat(c["ticket"]["called_at"]) for c in calls]
    # Each call with its own time; a recall repeats the call it recalls.
    again_at = first_call + dt.timedelta(seconds=80)
    assert times == [first_call, again_at, again_at]
    # ... and its own time as the latest call, which the display and the benches use.
    latest = [dt.datetime.fromisoformat(c["ticket"]["last_called_at"]) for c in calls]
    assert latest == [first_call, again_at, again_at + dt.timedelta(seconds=20)]
    assert all(c["ticket"]["counter_number"] == counter_a.number for c in calls)
    assert all(c["audio_url"] and c["forms"]["short"]["text"] for c in calls)

    statuses = [m["ticket"]["status"] for m in page.received if m["type"] == "ticket.updated"]
    assert statuses == ["called", "waiting", "called", "serving", "done"]
    assert [m["type"] for m in page.received].count("ticket.recalled") == 1
    for socket in (display, page):
        await socket.close()
        socket.assert_private()
