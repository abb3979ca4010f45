"""Queue tickets (nomor antrean), their daily numbering and their timeline."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Journey, Service
from counters.models import Counter


def new_token() -> str:
    # 18 random bytes = 144 bits, URL-safe, 24 characters.
    return secrets.token_urlsafe(18)


class LineVersion(models.Model):
    """How often a line's waiting set changed: the `version` of its `line.changed` events.

    Bumped in the transaction that changes the line (the row stays locked until commit),
    so versions follow commit order, and a snapshot that reads it under FOR SHARE gets
    the version its waiting list is at (queues/events.py). A transaction that changes
    several lines bumps them in service id order, so two never wait on each other.
    """

    service = models.OneToOneField(
        Service, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("versi antrean layanan")
        verbose_name_plural = _("versi antrean layanan")

    def __str__(self) -> str:
        return f"{self.service_id}: {self.version}"

    @classmethod
    def bump(cls, service_id: int) -> int:
        """The line changed: its next version (the row stays locked until commit)."""
        table = cls._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (service_id, version) VALUES (%s, 1) "  # noqa: S608
                f"ON CONFLICT (service_id) DO UPDATE SET version = {table}.version + 1 "
                "RETURNING version",
                [service_id],
            )
            return cursor.fetchone()[0]


class DailySequence(models.Model):
    """The last number handed out for a prefix on a day (locked while issuing)."""

    prefix = models.CharField(max_length=4)
    date = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("urutan nomor harian")
        verbose_name_plural = _("urutan nomor harian")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "date"], name="one_sequence_per_prefix_day")
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.date}: {self.last_number}"


class Ticket(models.Model):
    """Nomor antrean: one applicant's place in a service line on one day."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        KIOSK = "kiosk", _("Anjungan")
        ASSISTED = "assisted", _("Dibantu petugas")

    class Priority(models.TextChoices):
        REGULAR = "regular", _("Reguler")
        ELDERLY = "elderly", _("Lansia")
        DISABLED = "disabled", _("Penyandang disabilitas")
        PREGNANT = "pregnant", _("Ibu hamil")
        CHILD = "child", _("Membawa balita")

    class Status(models.TextChoices):
        BOOKED = "booked", _("Terdaftar")
        WAITING = "waiting", _("Menunggu")
        CALLED = "called", _("Dipanggil")
        SERVING = "serving", _("Dilayani")
        DONE = "done", _("Selesai")
        NO_SHOW = "no_show", _("Tidak hadir")
        CANCELLED = "cancelled", _("Dibatalkan")
        EXPIRED = "expired", _("Kedaluwarsa")

    ACTIVE_STATUSES = ("booked", "waiting", "called", "serving")
    AT_COUNTER_STATUSES = ("called", "serving")

    token = models.CharField(_("token"), max_length=32, unique=True, default=new_token)
    prefix = models.CharField(_("prefiks"), max_length=4)
    number = models.PositiveIntegerField(_("nomor"))
    date = models.DateField(_("tanggal"))
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("layanan")
    )
    channel = models.CharField(_("kanal"), max_length=16, choices=Channel.choices)
    priority = models.CharField(
        _("prioritas"), max_length=16, choices=Priority.choices, default=Priority.REGULAR
    )
    # 0 for every priority group, 1 for regular: the first key of the call order.
    priority_rank = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    slot_start = models.DateTimeField(_("awal slot"), null=True, blank=True)
    slot_end = models.DateTimeField(_("akhir slot"), null=True, blank=True)
    # The time the ticket queues by: walk-in issue time, or for a booking the
    # slot start (checked in early) or the check-in time (late). Kept on transfer.
    queued_at = models.DateTimeField(_("waktu antre"), null=True, blank=True)
    issued_at = models.DateTimeField(_("diterbitkan"))
    checked_in_at = models.DateTimeField(_("check-in"), null=True, blank=True)
    called_at = models.DateTimeField(_("dipanggil"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai dilayani"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # Set once when the resident puts a missed (no-show) ticket back in line: one rejoin.
    rejoined_at = models.DateTimeField(_("masuk kembali"), null=True, blank=True)
    # When the resident moved their place back (TUNDA, once per ticket).
    postponed_at = models.DateTimeField(_("dimundurkan"), null=True, blank=True)
    counter = models.ForeignKey(
        Counter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("loket"),
    )
    # A journey (paket layanan): the lines it visits, as service ids fixed when the ticket
    # was issued, and the index of the line it is in now (queues/services/journeys.py).
    journey = models.ForeignKey(
        Journey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("paket layanan"),
    )
    journey_plan = models.JSONField(_("tahap paket"), default=list, blank=True)
    journey_stage = models.PositiveSmallIntegerField(_("tahap sekarang"), default=0)
    # Personal data (UU 27/2022): a keyed hash of the NIK, never the NIK itself.
    nik_hash = models.CharField(_("hash NIK"), max_length=64, blank=True, default="")
    nik_last4 = models.CharField(_("4 digit akhir NIK"), max_length=4, blank=True, default="")
    phone = models.CharField(_("telepon"), max_length=16, blank=True, default="")
    name = models.CharField(_("nama"), max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("tiket antrean")
        verbose_name_plural = _("tiket antrean")
        ordering = ["-date", "prefix", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "date", "number"], name="ticket_number_unique_per_day"
            ),
            models.UniqueConstraint(
                fields=["service", "date", "nik_hash"],
                condition=Q(status__in=["booked", "waiting", "called", "serving"])
                & ~Q(nik_hash=""),
                name="one_active_ticket_per_nik_service_day",
            ),
            models.UniqueConstraint(
                fields=["counter"],
                condition=Q(status__in=["called", "serving"]),
                name="one_current_ticket_per_counter",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="ticket_number_positive"),
            models.CheckConstraint(
                condition=~Q(status__in=["waiting", "called", "serving"])
                | Q(queued_at__isnull=False),
                name="ticket_in_line_has_queue_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["called", "serving"]) | Q(counter__isnull=False),
                name="ticket_at_counter_has_counter",
            ),
        ]
        indexes = [
            models.Index(
                fields=["service", "date", "priority_rank", "queued_at", "id"],
                condition=Q(status="waiting"),
                name="ticket_call_order",
            ),
            # Call order across lines, for counters that serve several services.
            models.Index(
                fields=["date", "priority_rank", "queued_at", "id"],
                condition=Q(status="waiting"),
                name="ticket_call_order_all",
            ),
            models.Index(fields=["date", "status"], name="ticket_date_status"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.prefix}-{self.number:03d}"

    @property
    def rejoin_until(self) -> dt.datetime | None:
        """Until when this missed ticket may rejoin its line (once), or None."""
        if self.status != "no_show" or self.rejoined_at or self.finished_at is None:
            return None
        until = self.finished_at + dt.timedelta(minutes=settings.REJOIN_GRACE_MINUTES)
        now = timezone.now()
        return until if now <= until and timezone.localdate(now) == self.date else None


class TicketEvent(models.Model):
    """Append-only timeline of a ticket: every transition, who, where, when."""

    class Kind(models.TextChoices):
        BOOKED = "booked", _("Didaftarkan online")
        ISSUED = "issued", _("Diterbitkan")
        CHECKED_IN = "checked_in", _("Check-in")
        CALLED = "called", _("Dipanggil")
        RECALLED = "recalled", _("Dipanggil ulang")
        STARTED = "started", _("Mulai dilayani")
        FINISHED = "finished", _("Selesai")
        NO_SHOW = "no_show", _("Tidak hadir")
        REJOINED = "rejoined", _("Masuk kembali ke antrean")
        TRANSFERRED = "transferred", _("Dialihkan")
        CANCELLED = "cancelled", _("Dibatalkan")
        EXPIRED = "expired", _("Kedaluwarsa")
        POSTPONED = "postponed", _("Dimundurkan")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("tiket")
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    counter = models.ForeignKey(
        Counter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("riwayat tiket")
        verbose_name_plural = _("riwayat tiket")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["ticket", "at"], name="ticket_event_timeline")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%H:%M:%S}"


class Pronunciation(models.Model):
    """How the lobby voice says a letter, abbreviation or word (kamus pelafalan).

    Letters take their Indonesian names (Q "ki", X "eks"); abbreviations are
    spelled ("BPJS" -> "be pe je es"); "KTP-el" is said "e-KTP".
    """

    term = models.CharField(_("istilah"), max_length=40, unique=True)
    spoken = models.CharField(_("diucapkan"), max_length=120)

    class Meta:
        verbose_name = _("pelafalan")
        verbose_name_plural = _("kamus pelafalan")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.spoken}"


class DisplayMessage(models.Model):
    """Running text (teks berjalan) on the lobby TVs."""

    text = models.CharField(_("teks"), max_length=300)
    is_active = models.BooleanField(_("tampil"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("teks berjalan")
        verbose_name_plural = _("teks berjalan")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class IdempotencyKey(models.Model):
    """A client's `Idempotency-Key` on an issuing endpoint (API.md "Idempotent issuing").

    Written in the transaction that issues the ticket, under a unique constraint: a retry
    with the same key, however concurrent, finds this row and gets the same ticket back.
    Keys count for KEY_TTL (24 h, queues/idempotency.py); older rows are purged hourly.
    """

    class Endpoint(models.TextChoices):
        KIOSK_TICKET = "kiosk_ticket", "POST /api/v1/kiosk/tickets/"
        BOOKING = "booking", "POST /api/v1/bookings/"

    endpoint = models.CharField(max_length=20, choices=Endpoint.choices)
    # "user:<id>" for a signed-in client (the kiosk account, staff); "anonymous" otherwise.
    client = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    # SHA-256 of the request's validated input (the NIK only as its keyed hash): the same
    # key sent with another request is refused rather than answered with this ticket.
    fingerprint = models.CharField(max_length=64)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "client", "key"], name="idempotency_key_once"
            )
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created")]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.client} {self.key}"
