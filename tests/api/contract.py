"""Field sets of ../shared/API.md that several contract tests check."""

# A ticket, as API.md "Tickets" lists it.
TICKET_FIELDS = {
    "token",
    "code",
    "number",
    "service",
    "agency",
    "date",
    "channel",
    "priority",
    "status",
    "slot_start",
    "slot_end",
    "issued_at",
    "checked_in_at",
    "called_at",
    "started_at",
    "finished_at",
    "counter",
    "position",
    "people_ahead",
    "estimated_wait_minutes",
}
