"""A journey's stage moves on the live sockets, over a real Redis layer: the lobby display
announces the same code at each stage's counter, the ticket page follows the ticket into
the next line, and the next counter's console sees it join its queue."""

import pytest

from agencies.models import Journey, JourneyStage
from console.services import counter_open
from queues.services import ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests.console.test_consumers import as_user
from tests.queues.test_consumers import Socket, db, live, settle

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["live"]


@pytest.fixture
def journey(service_a, service_b):
    journey = Journey.objects.create(code="paket", name="Paket uji")
    JourneyStage.objects.create(journey=journey, position=1, service=service_a)
    JourneyStage.objects.create(journey=journey, position=2, service=service_b)
    return journey


async def test_the_same_code_is_called_at_each_stage(
    live, clock, hours, journey, counter_a, counter_b, officer_a, officer_b, service_a, service_b
):
    await db(counter_open)(counter=counter_a, officer=officer_a)
    await db(counter_open)(counter=counter_b, officer=officer_b)
    ticket = await db(ticket_issue)(service=service_a, journey=journey)
    await settle()
    display = Socket("/ws/display/")
    await display.open()
    page = Socket(f"/ws/tickets/{ticket.token}/")
    await page.open()

    first = await db(ticket_call_next)(counter=counter_a, actor=officer_a)
    called_a = await display.wait_for("ticket.called")
    assert called_a["ticket"]["code"] == "A-001"
    assert called_a["ticket"]["counter"] == counter_a.label
    await db(ticket_start)(ticket=first, actor=officer_a)
    await db(ticket_finish)(ticket=first, actor=officer_a)

    moved = await page.wait_for("ticket.updated", lambda m: m["ticket"]["service"] == service_b.pk)
    assert (moved["ticket"]["status"], moved["ticket"]["code"]) == ("waiting", "A-001")
    await settle()
    console_b = await as_user(f"/ws/counters/{counter_b.pk}/", officer_b)
    snapshot = await console_b.open()
    assert [t["code"] for t in snapshot["queue"]] == ["A-001"]
    await console_b.close()

    await db(ticket_call_next)(counter=counter_b, actor=officer_b)
    called_b = await display.wait_for(
        "ticket.called", lambda m: m["ticket"]["counter"] == counter_b.label
    )
    assert called_b["ticket"]["code"] == "A-001"
    assert "A nol nol satu" in called_b["announcement"]
    await display.close()
    await page.close()
    display.assert_private()
