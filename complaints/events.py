"""Live events of complaints, published after commit (see mpp.lib.realtime).

`complaint.escalated`: an open complaint passed its follow-up deadline and was escalated
to the MPP manager. Sent on the `manager` stream (every manager's dashboard) and on
`manager.agency.<id>` when it names an agency (that agency's supervisors). It carries
the case, never the reporter: `{code, agency, agency_name, category, due_at,
escalated_at}`.
"""

from complaints.models import Complaint
from monitoring.events import MANAGER, agency_stream
from mpp.lib.realtime import publish
from webhooks.services import webhook_emit

ESCALATED = "complaint.escalated"


def streams_for(agency_id: int | None) -> list[str]:
    return [MANAGER] if agency_id is None else [MANAGER, agency_stream(agency_id)]


def publish_escalated(complaint: Complaint) -> None:
    """Built now, from the case just escalated (its agency loaded with it)."""
    from complaints.selectors import complaint_event_data

    event = {"type": ESCALATED, "complaint": complaint_event_data(complaint)}
    publish(streams_for(complaint.agency_id), event)


def emit_created(complaint: Complaint) -> None:
    """`complaint.created` to the webhook endpoints: the case's code, category, channel,
    agency, service and deadline; never the reporter, their contact or the description
    (free text a resident may have put their name or number in)."""
    data = {
        "code": complaint.code,
        "category": complaint.category,
        "channel": complaint.channel,
        "status": complaint.status,
        "agency": complaint.agency_id,
        "service": complaint.service_id,
        "ticket": complaint.ticket.code if complaint.ticket else None,
        "created_at": complaint.created_at.isoformat(),
        "due_at": complaint.due_at.isoformat() if complaint.due_at else None,
    }
    webhook_emit(type="complaint.created", data=data)
