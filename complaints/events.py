"""Live events of complaints, published after commit (see mpp.lib.realtime).

`complaint.escalated`: an open complaint passed its follow-up deadline and was escalated
to the MPP manager. Sent on the `manager` stream (every manager's dashboard) and on
`manager.agency.<id>` when it names an agency (that agency's supervisors). It carries
the case, never the reporter: `{code, agency, agency_name, category, due_at,
escalated_at}`.
"""

from complaints.models import Complaint
from complaints.selectors import complaint_event_data
from mpp.lib.realtime import manager_streams, publish

ESCALATED = "complaint.escalated"


def publish_escalated(complaint: Complaint) -> None:
    """Built now, from the case just escalated (its agency loaded with it)."""

    event = {"type": ESCALATED, "complaint": complaint_event_data(complaint)}
    publish(manager_streams(complaint.agency_id), event)
