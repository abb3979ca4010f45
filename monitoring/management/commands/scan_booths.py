"""`python manage.py scan_booths [--at ISO-DATETIME]`: the booth scan of the beat task."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from monitoring import services


def parse_moment(value: str) -> dt.datetime:
    """An ISO 8601 date-time; without an offset it is in the mall's time zone."""
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(
            f"--at {value!r} is not an ISO 8601 date-time, e.g. 2026-11-24T09:30 or "
            "2026-11-24T09:30:00+07:00."
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = (
        "Open and close booth alerts (empty, unattended) as of now or --at. A past moment "
        "reads sessions, pauses and calls as they were then, tickets as they are now; "
        "alerts it closes stay closed until the next scan finds them again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at",
            help="The moment to scan as of (ISO 8601; default now; no offset means WIB).",
        )

    def handle(self, *args, **options) -> None:
        at = parse_moment(options["at"]) if options.get("at") else timezone.now()
        result = services.booth_scan(at=at)
        stamp = timezone.localtime(at).isoformat()
        for verb, alerts in (("opened", result.opened), ("closed", result.closed)):
            for alert in alerts:
                self.stdout.write(f"{verb} {alert.kind} {alert.booth.label} ({alert.reason})")
        self.stdout.write(
            f"scan as of {stamp}: {len(result.opened)} opened, {len(result.closed)} closed"
        )
