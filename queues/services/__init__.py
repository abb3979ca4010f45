"""Writes on queue tickets, one module per sub-domain:

- `issuing`: a walk-in ticket (`ticket_issue`);
- `booking`: online bookings, check-in on arrival, cancelling (`ticket_book`,
  `ticket_check_in`, `ticket_cancel`, `booking_day_check`, `ticket_whatsapp_opt_in`);
- `calling`: call-next, a call out of order, recall (`ticket_call_next`, `ticket_call`,
  `ticket_recall`);
- `counter_steps`: start, finish, no-show, transfer (`ticket_start`, `ticket_finish`,
  `ticket_no_show`, `ticket_transfer`);
- `rejoin`: a missed (no-show) ticket back in line once, from the resident's phone
  (`ticket_rejoin`);
- `postponing`: the resident moves their place back once (`ticket_postpone`);
- `housekeeping`: what beat ends on its own (`bookings_expire_no_show`,
  `tickets_expire_waiting`);
- `base`: what they share: the gap-free number, the timeline, compare-and-set on the
  status (`_transition`) and the messages queued after commit.

Callers import from here (`from queues.services import ticket_call_next`).
"""

from queues import errors
from queues.services.base import _after_commit_notify, _after_commit_notify_line, _transition
from queues.services.booking import (
    ELDERLY_MIN_AGE,
    booking_day_check,
    ticket_book,
    ticket_cancel,
    ticket_check_in,
    ticket_whatsapp_opt_in,
)
from queues.services.calling import ticket_call, ticket_call_next, ticket_recall
from queues.services.counter_steps import (
    ticket_finish,
    ticket_no_show,
    ticket_start,
    ticket_transfer,
)
from queues.services.housekeeping import bookings_expire_no_show, tickets_expire_waiting
from queues.services.issuing import ticket_issue
from queues.services.postponing import POSTPONE_PLACES, ticket_postpone
from queues.services.rejoin import ticket_rejoin

__all__ = [
    "ELDERLY_MIN_AGE",
    "POSTPONE_PLACES",
    "_after_commit_notify",
    "_after_commit_notify_line",
    "_transition",
    "booking_day_check",
    "bookings_expire_no_show",
    "errors",
    "ticket_book",
    "ticket_call",
    "ticket_call_next",
    "ticket_cancel",
    "ticket_check_in",
    "ticket_finish",
    "ticket_issue",
    "ticket_no_show",
    "ticket_postpone",
    "ticket_recall",
    "ticket_rejoin",
    "ticket_start",
    "ticket_transfer",
    "ticket_whatsapp_opt_in",
    "tickets_expire_waiting",
]
