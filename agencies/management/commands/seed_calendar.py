"""`python manage.py seed_calendar [--year YEAR ...]`: a real mall's first calendar."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.services import closures_seed, opening_hours_set_default


class Command(BaseCommand):
    help = (
        "Give weekdays without opening hours the default ones (Mon-Thu 08:00-14:00, "
        "Fri 08:00-11:00 WIB) and add Indonesia's national holidays and cuti bersama of "
        "this year and the next (or --year) as closures. What the admin set is kept; "
        "running it again adds only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append", help="repeatable")

    def handle(self, *args, year: list[int] | None = None, **options) -> None:
        this_year = timezone.localdate().year
        years = year or [this_year, this_year + 1]
        hours = opening_hours_set_default()
        closures = closures_seed(years=years)
        self.stdout.write(
            _("%(hours)s hari jam layanan dan %(closures)s hari libur ditambahkan.")
            % {"hours": hours, "closures": closures}
        )
