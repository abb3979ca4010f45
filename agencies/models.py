"""The mall's catalog: agencies (instansi), their services, booths (gerai),
staff accounts, opening hours and closures."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mpp.lib.identity import normalize_phone


class Agency(models.Model):
    """Instansi: a provider that runs a booth in the mall."""

    class Kind(models.TextChoices):
        LOCAL = "local", _("Perangkat daerah")
        VERTICAL = "vertical", _("Instansi vertikal")
        BUMN = "bumn", _("BUMN")
        BUMD = "bumd", _("BUMD")
        PRIVATE = "private", _("Swasta")

    code = models.SlugField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("deskripsi"), blank=True)
    pledge = models.TextField(_("maklumat pelayanan"), blank=True)
    complaint_days = models.PositiveSmallIntegerField(
        _("batas tindak lanjut pengaduan (hari kerja)"), default=5
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


prefix_validator = RegexValidator(
    r"^[A-Z][A-Z0-9]{0,3}$", _("1-4 huruf kapital/angka, diawali huruf.")
)


# "15 menit", "sekitar 20 menit", "1 jam", "1,5 jam": a duration within one visit.
_DURATION_IN_VISIT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(menit|jam)\b", re.IGNORECASE)


def default_target_wait(duration: str) -> int:
    """Target wait from the Standar Pelayanan's jangka waktu (component 3).

    A service promised within the visit ("15 menit", "sekitar 1 jam") should not keep
    the applicant waiting longer than that to reach the counter; kept between
    SERVICE_LEVEL_MIN_TARGET_MINUTES and SERVICE_LEVEL_DEFAULT_TARGET_MINUTES. A
    duration in days ("1 hari kerja", "1x24 jam") says nothing about the counter's
    queue: the mall's default applies.
    """
    default = settings.SERVICE_LEVEL_DEFAULT_TARGET_MINUTES
    if re.search(r"hari|x\s*24", duration, re.IGNORECASE):
        return default
    match = _DURATION_IN_VISIT.search(duration)
    if match is None:
        return default
    minutes = float(match.group(1).replace(",", ".")) * (
        60 if match.group(2).lower() == "jam" else 1
    )
    return int(min(default, max(settings.SERVICE_LEVEL_MIN_TARGET_MINUTES, round(minutes))))


class Service(models.Model):
    """Layanan, with the 14 components of its Standar Pelayanan (PermenPANRB 15/2014)."""

    # The 14 components, in the regulation's order (fields below).
    STANDARD_COMPONENTS = (
        "requirements",
        "procedure",
        "duration",
        "fee",
        "product",
        "complaint_channel",
        "legal_basis",
        "facilities",
        "staff_competence",
        "internal_supervision",
        "staff_count",
        "service_guarantee",
        "security_guarantee",
        "performance_evaluation",
    )

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="services", verbose_name=_("instansi")
    )
    code = models.SlugField(_("kode"), max_length=48)
    name = models.CharField(_("nama"), max_length=200)
    prefix = models.CharField(
        _("prefiks antrean"), max_length=4, unique=True, validators=[prefix_validator]
    )
    description = models.TextField(_("deskripsi"), blank=True)
    keywords = models.CharField(_("kata kunci pencarian"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Standar Pelayanan: delivery components (1-6)
    requirements = models.JSONField(_("1. persyaratan"), default=list, blank=True)
    procedure = models.JSONField(_("2. sistem, mekanisme dan prosedur"), default=list, blank=True)
    duration = models.CharField(_("3. jangka waktu pelayanan"), max_length=200, blank=True)
    fee = models.CharField(_("4. biaya/tarif"), max_length=300, blank=True)
    product = models.CharField(_("5. produk pelayanan"), max_length=300, blank=True)
    complaint_channel = models.TextField(
        _("6. penanganan pengaduan, saran dan masukan"), blank=True
    )
    # Standar Pelayanan: management components (7-14)
    legal_basis = models.TextField(_("7. dasar hukum"), blank=True)
    facilities = models.TextField(_("8. sarana dan prasarana"), blank=True)
    staff_competence = models.TextField(_("9. kompetensi pelaksana"), blank=True)
    internal_supervision = models.TextField(_("10. pengawasan internal"), blank=True)
    staff_count = models.CharField(_("11. jumlah pelaksana"), max_length=200, blank=True)
    service_guarantee = models.TextField(_("12. jaminan pelayanan"), blank=True)
    security_guarantee = models.TextField(_("13. jaminan keamanan dan keselamatan"), blank=True)
    performance_evaluation = models.TextField(_("14. evaluasi kinerja pelaksana"), blank=True)
    # Queue and online booking settings
    online_booking = models.BooleanField(_("pendaftaran online"), default=False)
    slot_minutes = models.PositiveSmallIntegerField(
        _("durasi slot (menit)"), default=30, validators=[MinValueValidator(5)]
    )
    slot_capacity = models.PositiveSmallIntegerField(_("kapasitas per slot"), default=10)
    daily_quota = models.PositiveIntegerField(
        _("kuota harian"), null=True, blank=True, help_text=_("Kosong berarti tanpa batas.")
    )
    booking_window_days = models.PositiveSmallIntegerField(
        _("jendela pemesanan (hari)"), default=30, validators=[MaxValueValidator(366)]
    )
    checkin_grace_minutes = models.PositiveSmallIntegerField(
        _("toleransi check-in (menit)"), default=15
    )
    expected_service_minutes = models.PositiveSmallIntegerField(
        _("perkiraan lama layanan (menit)"), default=10, validators=[MinValueValidator(1)]
    )
    # Fair quotas (issue 15): the daily quota split between bookings and walk-ins.
    online_quota_percent = models.PositiveSmallIntegerField(
        _("bagian online dari kuota harian (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Kosong: kuota harian dipakai bersama oleh pendaftar online dan warga yang "
            "datang langsung. Diisi (mis. 60): sekian persen untuk online, sisanya dijaga "
            "untuk yang datang langsung."
        ),
    )
    online_release_time = models.TimeField(
        _("tempat online dibuka untuk datang langsung pukul"),
        null=True,
        blank=True,
        help_text=_(
            "Dengan bagian online: setelah jam ini tempat online yang belum terpakai boleh "
            "diambil warga yang datang langsung, dan pendaftaran online untuk hari itu ditutup."
        ),
    )
    # Service level (README "Service levels"): an applicant should be called within this.
    target_wait_minutes = models.PositiveSmallIntegerField(
        _("target waktu tunggu (menit)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(480)],
        help_text=_(
            "Kosong: dari jangka waktu Standar Pelayanan bila dinyatakan dalam menit atau "
            "jam, selain itu nilai bawaan MPP."
        ),
    )

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["agency__order", "agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="service_code_per_agency"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="service_slot_min_5"),
            models.CheckConstraint(
                condition=Q(slot_capacity__gte=1), name="service_slot_capacity_1"
            ),
            models.CheckConstraint(
                condition=Q(online_quota_percent__lte=100), name="service_online_quota_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.code})" if self.agency_id else self.name

    @property
    def target_wait(self) -> int:
        """The target wait in minutes: the admin's, else `default_target_wait(duration)`."""
        return self.target_wait_minutes or default_target_wait(self.duration)

    @property
    def is_free(self) -> bool:
        return self.fee.strip().lower() in {"", "gratis", "free", "rp0", "rp 0"}


class Booth(models.Model):
    """Gerai: an agency's booth in the mall."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="booths", verbose_name=_("instansi")
    )
    label = models.CharField(_("label"), max_length=50, unique=True)
    floor = models.CharField(_("lantai"), max_length=30, default="1")

    class Meta:
        verbose_name = _("gerai")
        verbose_name_plural = _("gerai")
        ordering = ["floor", "label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.agency.code})" if self.agency_id else self.label


def validate_staff_phone(value: str) -> None:
    normalize_phone(value)


class User(AbstractUser):
    """A person or device account, with a role and (for staff) an agency."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Petugas loket")
        SUPERVISOR = "supervisor", _("Supervisor instansi")
        MANAGER = "manager", _("Pengelola MPP")
        KIOSK = "kiosk", _("Anjungan (kiosk)")
        ADMIN = "admin", _("Administrator")
        RESIDENT = "resident", _("Warga")

    role = models.CharField(_("peran"), max_length=16, choices=Role.choices, default=Role.RESIDENT)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("instansi"),
    )
    # Staff messages (booth alerts, planned closures) go here through NOTIFY_BACKEND.
    phone = models.CharField(
        _("nomor ponsel"),
        max_length=16,
        blank=True,
        validators=[validate_staff_phone],
        help_text=_("Untuk notifikasi SMS/WhatsApp petugas, contoh 081234567890."),
    )
    # Set on an account made with a one-time password (manage.py import_staff): every staff
    # page leads to /password/ until the person chose their own (agencies/middleware.py).
    must_change_password = models.BooleanField(_("wajib ganti kata sandi"), default=False)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["officer", "supervisor"]) | Q(agency__isnull=False),
                name="user_agency_staff_have_agency",
            )
        ]

    @property
    def is_manager(self) -> bool:
        return self.role in (self.Role.MANAGER, self.Role.ADMIN) or self.is_superuser

    @property
    def is_kiosk(self) -> bool:
        """The touch kiosk's own account (anjungan): every page it opens stays in the kiosk."""
        return self.role == self.Role.KIOSK

    @property
    def notify_address(self) -> str:
        """Where this account's messages go: its phone (as +628...), else its e-mail,
        else "" (nowhere)."""
        try:
            return normalize_phone(self.phone) if self.phone else self.email
        except ValidationError:  # saved without validation: better the e-mail than nothing
            return self.email


class OpeningHours(models.Model):
    """Jam layanan for one weekday. A weekday without a row is closed."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Senin")
        TUESDAY = 1, _("Selasa")
        WEDNESDAY = 2, _("Rabu")
        THURSDAY = 3, _("Kamis")
        FRIDAY = 4, _("Jumat")
        SATURDAY = 5, _("Sabtu")
        SUNDAY = 6, _("Minggu")

    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices, unique=True)
    opens_at = models.TimeField(_("jam buka"))
    closes_at = models.TimeField(_("jam tutup"))
    break_start = models.TimeField(_("mulai istirahat"), null=True, blank=True)
    break_end = models.TimeField(_("selesai istirahat"), null=True, blank=True)
    issue_cutoff_minutes = models.PositiveSmallIntegerField(
        _("batas ambil antrean sebelum tutup (menit)"), default=30
    )

    class Meta:
        verbose_name = _("jam layanan")
        verbose_name_plural = _("jam layanan")
        ordering = ["weekday"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="hours_close_after_open"
            ),
            models.CheckConstraint(
                condition=Q(break_start__isnull=True, break_end__isnull=True)
                | Q(
                    break_start__gt=F("opens_at"),
                    break_end__gt=F("break_start"),
                    break_end__lt=F("closes_at"),
                ),
                name="hours_break_inside_day",
            ),
        ]

    def __str__(self) -> str:
        # str(), not a format spec: the audit log names rows created from plain strings too.
        return f"{self.get_weekday_display()} {str(self.opens_at)[:5]}-{str(self.closes_at)[:5]}"


class Closure(models.Model):
    """A day the mall is closed (national holiday, cuti bersama, local decision).

    Seeded from the `holidays` package; an admin may add days or untick `closed`
    to open on a seeded holiday.
    """

    class Source(models.TextChoices):
        HOLIDAY = "holiday", _("Libur nasional")
        GOVERNMENT = "government", _("Cuti bersama")
        MANUAL = "manual", _("Keputusan pengelola")

    date = models.DateField(_("tanggal"), unique=True)
    reason = models.CharField(_("alasan"), max_length=200)
    source = models.CharField(_("sumber"), max_length=16, choices=Source.choices, default="manual")
    closed = models.BooleanField(_("tutup"), default=True)

    class Meta:
        verbose_name = _("hari libur/penutupan")
        verbose_name_plural = _("hari libur/penutupan")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"  # ISO date, from a date or a plain string


class Journey(models.Model):
    """Paket layanan: one visit through several lines, often of several agencies (e.g.
    pindah domisili: Dispendukcapil, then BPJS Kesehatan, then Samsat).

    A resident takes one ticket for it and keeps its code from stage to stage
    (queues/services/journeys.py)."""

    code = models.SlugField(_("kode"), max_length=48, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("paket layanan")
        verbose_name_plural = _("paket layanan")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class JourneyStage(models.Model):
    """Tahap: one line of a journey, in the order the resident visits them."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="stages", verbose_name=_("paket")
    )
    position = models.PositiveSmallIntegerField(_("urutan"))
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )

    class Meta:
        verbose_name = _("tahap paket")
        verbose_name_plural = _("tahap paket")
        ordering = ["journey", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "position"], name="journey_stage_position_once"
            ),
            models.UniqueConstraint(
                fields=["journey", "service"], name="journey_stage_service_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.service.name}" if self.service_id else str(self.position)
