"""`python manage.py load_demo_activity [--days N] [--seed S]`: a history for the demo mall.

Past working days get counter sessions, tickets, survey answers and booth alerts; a
dozen complaints are filed; today some counters open and tickets wait. Idempotent:
days that already have tickets are skipped. Run after `load_demo`.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agencies.demo.activity import DemoMissing, demo_activity_load


class Command(BaseCommand):
    help = "Give the demo mall a history (tickets, attendance, surveys, complaints) and a today."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=10, help="past working days (default 10)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--password", default=None, help="password for the extra demo officers it creates"
        )

    def handle(self, *args, days=10, seed=2026, password=None, **options):
        if not 0 <= days <= 60:
            raise CommandError(_("--days harus antara 0 dan 60."))
        try:
            summary = demo_activity_load(days=days, seed=seed, password=password)
        except DemoMissing:
            raise CommandError(
                _("Mal demo belum ada: jalankan `python manage.py load_demo` terlebih dahulu.")
            ) from None
        self.stdout.write(
            _(
                "Riwayat demo: %(built)d hari dibuat, %(skipped)d hari sudah ada; %(tickets)d "
                "tiket, %(sessions)d sesi loket, %(surveys)d survei, %(alerts)d peringatan, "
                "%(complaints)d pengaduan baru."
            )
            % {
                "built": len(summary.days_built),
                "skipped": len(summary.days_skipped),
                "tickets": summary.tickets,
                "sessions": summary.sessions,
                "surveys": summary.surveys,
                "alerts": summary.alerts,
                "complaints": summary.complaints,
            }
        )
        self.stdout.write(
            _("Berkas demo: %(documents)d dibuat.") % {"documents": summary.documents}
        )
        self.stdout.write(summary.today)
