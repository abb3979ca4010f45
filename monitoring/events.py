"""Live events of booth monitoring, published after commit (see mpp.lib.realtime).

Streams:
- `manager`: every booth's news, for MPP managers' dashboards;
- `manager.agency.<id>`: the same news about one agency's booths, for its supervisors
  (both named in mpp.lib.realtime: complaints send on them too);
- `booth.<id>`: one booth's news without personal data (no officer or acknowledger
  names, no notes), for the consoles of its counters (/ws/counters/<id>/).

Events: `booth.alert` (an alert opened, closed or acknowledged) and `booth.updated`
(a booth's state: counters open, serving, waiting, alerts).
"""

from typing import Any

from counters.models import Counter
from monitoring.models import BoothAlert
from monitoring.selectors import (
    alert_data,
    alert_data_public,
    booth_state,
    booth_state_public,
    public_state,
)
from mpp.lib.realtime import defer, manager_streams, publish, send
from webhooks.services import webhook_emit


def booth_stream(booth_id: int) -> str:
    return f"booth.{booth_id}"


def build_booth(booth_id: int) -> dict[str, Any] | None:

    state = booth_state(booth_id=booth_id)
    return {"type": "booth.updated", "booth": state} if state else None


def build_booth_public(booth_id: int) -> dict[str, Any] | None:
    """`booth.updated` for a booth's consoles: its state without officers' names."""

    state = booth_state_public(booth_id=booth_id)
    return {"type": "booth.updated", "booth": state} if state else None


def publish_alert(alert: BoothAlert) -> None:
    """An alert opened, closed or acknowledged: built now, from the row just written,
    for the managers (with who answered it) and for the booth's consoles (without)."""

    data = alert_data(alert)
    publish(manager_streams(data["agency"]), {"type": "booth.alert", "alert": data})
    public = alert_data_public(alert)
    publish(booth_stream(alert.booth_id), {"type": "booth.alert", "alert": public})


def emit_webhook(alert: BoothAlert) -> None:
    """`booth.alert` to the webhook endpoints when an alert opens or closes: the booth,
    its agency, the kind and the times; never an officer's name or a note."""
    from monitoring.selectors import alert_data_public

    data = {**alert_data_public(alert), "agency": alert.booth.agency_id}
    data["state"] = "closed" if alert.closed_at else "opened"
    webhook_emit(type="booth.alert", data=data)


def publish_booth(booth_id: int) -> None:
    """The booth's state, read on the state lane (about ten queries; a busy booth at most
    every STATE_EVERY seconds), to the managers and, without officers' names, to its
    consoles."""

    def work() -> None:
        event = build_booth(booth_id)
        if event is not None:
            send(manager_streams(event["booth"]["agency"]), event)
            send(booth_stream(booth_id), {**event, "booth": public_state(event["booth"])})

    defer(work, key=f"booth.{booth_id}")


def publish_booth_of_counter(counter: Counter | int) -> None:
    """A counter changed (opened, paused, called a ticket ...): its booth's state did.
    Given only the counter's id, its booth is looked up on the state lane: the request
    pays no query for it."""
    if isinstance(counter, Counter):
        publish_booth(counter.booth_id)
        return
    counter_id = counter

    def lookup() -> None:
        booth_id = Counter.objects.filter(pk=counter_id).values_list("booth_id", flat=True).first()
        if booth_id is not None:
            publish_booth(booth_id)

    defer(lookup, key=f"booth-of-counter.{counter_id}")
