"""Helpers of the survey tests: served tickets through the real services, and responses."""

import datetime as dt

from complaints.models import SURVEY_ELEMENTS, SurveyResponse
from console.services import counter_open
from queues.models import Ticket
from queues.services import ticket_call_next, ticket_finish, ticket_issue, ticket_start
from tests import factories

ALL_FOUR = dict.fromkeys(SURVEY_ELEMENTS, 4)


def scores(*values: int) -> dict[str, int]:
    """scores(4, 4, 3, ...) -> {"u1": 4, "u2": 4, "u3": 3, ...}."""
    assert len(values) == 9
    return dict(zip(SURVEY_ELEMENTS, values, strict=True))


def serve(*, service, counter, officer) -> Ticket:
    """A walk-in ticket taken through call, start and finish by `officer` at `counter`."""
    if not counter.sessions.filter(closed_at__isnull=True).exists():
        counter_open(counter=counter, officer=officer)
    ticket = ticket_issue(service=service)
    called = ticket_call_next(counter=counter, actor=officer)
    assert called is not None and called.pk == ticket.pk
    ticket_start(ticket=called, actor=officer)
    return ticket_finish(ticket=called, actor=officer)


def done_ticket(service, **fields) -> Ticket:
    """A done ticket made directly (no timeline): for rules that only read the status."""
    fields.setdefault("status", Ticket.Status.DONE)
    return factories.TicketFactory(service=service, **fields)


def response(
    service, values: dict[str, int], *, at: dt.datetime, comment: str = ""
) -> SurveyResponse:
    """A stored response for a fresh done ticket of `service`, answered at `at`."""
    ticket = done_ticket(service)
    return SurveyResponse.objects.create(
        ticket=ticket,
        agency=service.agency,
        service=service,
        created_at=at,
        comment=comment,
        **values,
    )
