"""Live events of booth monitoring, published after commit (see mpp.lib.realtime).

Streams:
- `manager`: every booth's news, for MPP managers' dashboards;
- `manager.agency.<id>`: the same news about one agency's booths, for its supervisors;
- `booth.<id>`: one booth's news without personal data (no officer or acknowledger
  names, no notes), for the consoles of its counters (/ws/counters/<id>/).

Events: `booth.alert` (an alert opened, closed or acknowledged) and `booth.updated`
(a booth's state: counters open, serving, waiting, alerts).
"""

from typing import Any

from agencies.models import Booth
from counters.models import Counter
from monitoring.models import BoothAlert
from mpp.lib.realtime import defer, publish, send
from webhooks.services import webhook_emit

MANAGER = "manager"


def agency_stream(agency_id: int) -> str:
    return f"manager.agency.{agency_id}"


def booth_stream(booth_id: int) -> str:
    return f"booth.{booth_id}"


def _streams(agency_id: int) -> list[str]:
    return [MANAGER, agency_stream(agency_id)]


def build_booth(booth_id: int) -> dict[str, Any] | None:
    from monitoring.selectors import booth_state

    state = booth_state(booth_id=booth_id)
    return {"type": "booth.updated", "booth": state} if state else None


def build_booth_public(booth_id: int) -> dict[str, Any] | None:
    """`booth.updated` for a booth's consoles: its state without officers' names."""
    from monitoring.selectors import booth_state_public

    state = booth_state_public(booth_id=booth_id)
    return {"type": "booth.updated", "booth": state} if state else None


def publish_alert(alert: BoothAlert) -> None:
    """An alert opened, closed or acknowledged: built now, from the row just written,
    for the managers (with who answered it) and for the booth's consoles (without)."""
    from monitoring.selectors import alert_data, alert_data_public

    data = alert_data(alert)
    publish(_streams(data["agency"]), {"type": "booth.alert", "alert": data})
    public = alert_data_public(alert)
    publish(booth_stream(alert.booth_id), {"type": "booth.alert", "alert": public})


def emit_webhook(alert: BoothAlert) -> None:
    """`booth.alert` to the webhook endpoints when an alert opens or closes: the booth,
    its agency, the kind and the times; never an officer's name or a note."""
    from monitoring.selectors import alert_data_public

    data = {**alert_data_public(alert), "agency": alert.booth.agency_id}
    data["state"] = "closed" if alert.closed_at else "opened"
    webhook_emit(type="booth.alert", data=data)


def _publish_booth(booth_id: int, agency_id: int) -> None:
    """The booth's state, read once on the publisher thread (about ten queries), to the
    managers and, without officers' names, to its consoles."""

    def work() -> None:
        from monitoring.selectors import public_state

        event = build_booth(booth_id)
        if event is not None:
            send(_streams(agency_id), event)
            send(booth_stream(booth_id), {**event, "booth": public_state(event["booth"])})

    defer(work, key=f"booth.{booth_id}")


def publish_booth(booth_id: int) -> None:
    def send() -> None:
        agency_id = Booth.objects.filter(pk=booth_id).values_list("agency_id", flat=True).first()
        if agency_id is not None:
            _publish_booth(booth_id, agency_id)

    defer(send, key=f"booth-lookup.{booth_id}")


def publish_booth_of_counter(counter: Counter | int) -> None:
    """A counter changed (opened, paused, called a ticket ...): its booth's state did.
    The booth is looked up on the publisher thread: call-next pays no query for it."""
    counter_id = counter if isinstance(counter, int) else counter.pk

    def send() -> None:
        row = (
            Counter.objects.filter(pk=counter_id)
            .values_list("booth_id", "booth__agency_id")
            .first()
        )
        if row is not None:
            _publish_booth(*row)

    defer(send, key=f"booth-of-counter.{counter_id}")
