"""Meta may deliver the same message twice at once (two webhook requests in flight):
with real threads on PostgreSQL the command runs once and one reply is queued."""

import datetime as dt

import pytest
from django.utils import timezone

from messaging.models import InboundMessage
from queues.models import Ticket, TicketEvent
from queues.services import ticket_issue
from tests.queues.test_postpone import _race
from whatsapp.commands import message_receive

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("clock", "hours"),
]


def test_the_same_message_twice_at_once_is_handled_once(clock, service_a):
    for round_ in range(5):
        clock.shift(dt.timedelta(seconds=1))
        mine = ticket_issue(service=service_a, phone="081234567890")
        clock.shift(dt.timedelta(seconds=1))
        ticket_issue(service=service_a)
        wamid = f"wamid.race{round_}"

        def receive(wamid: str = wamid) -> str | None:
            return message_receive(
                wamid=wamid, wa_id="6281234567890", text="TUNDA", at=timezone.now()
            )

        replies = _race(receive, receive)
        assert sorted(r is None for r in replies) == [False, True], replies
        assert InboundMessage.objects.filter(wamid=wamid).count() == 1
        assert TicketEvent.objects.filter(ticket=mine, kind="postponed").count() == 1
        Ticket.objects.filter(pk=mine.pk).update(status="cancelled")
