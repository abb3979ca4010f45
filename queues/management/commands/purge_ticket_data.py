"""`manage.py purge_ticket_data [--before YYYY-MM-DD]`: what the nightly beat task does."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from queues.retention import ticket_purge_personal_data, ticket_retention_cutoff


class Command(BaseCommand):
    help = (
        "Blank the name, phone and NIK hash of tickets older than TICKET_RETENTION_DAYS "
        "(or dated before --before); times, service and officer are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", help="first ticket day to keep, YYYY-MM-DD")

    def handle(self, *args, before: str | None = None, **options) -> None:
        if before:
            try:
                day = dt.date.fromisoformat(before)
            except ValueError:
                raise CommandError(f"--before must be YYYY-MM-DD, not {before!r}") from None
        else:
            day = ticket_retention_cutoff()
        count = ticket_purge_personal_data(before=day)
        self.stdout.write(f"{count} tickets dated before {day.isoformat()} purged.")
