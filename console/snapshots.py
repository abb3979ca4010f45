"""What the console's socket sends on connect: its counter and queue (reads only)."""

from typing import Any

from console.api.serializers import CounterStateSerializer
from counters.models import Counter
from monitoring.selectors import booth_state_public
from mpp.lib.consistent import one_snapshot
from queues.api.serializers import StaffTicketSerializer
from queues.selectors import counter_queue, queue_positions


@one_snapshot()
def counter_snapshot(*, counter_id: int, booth_id: int) -> dict[str, Any]:
    """A console's counter state and its queue (as GET /counters/<id>/queue/ has it), and
    its booth's state without personal data.

    Counter.DoesNotExist when the counter is gone.
    """
    counter = Counter.objects.select_related("booth").get(pk=counter_id)
    tickets = list(counter_queue(counter=counter))
    context = {"positions": queue_positions(tickets)}
    queue = StaffTicketSerializer(tickets, many=True, context=context)
    return {
        "counter": CounterStateSerializer(counter).data,
        "queue": queue.data,
        "booth": booth_state_public(booth_id=booth_id),
    }
