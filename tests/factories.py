"""factory_boy factories for the mall's objects."""

import datetime as dt

import factory
from django.utils import timezone

from agencies.models import Agency, Booth, OpeningHours, Service, User
from counters.models import Counter
from queues.models import Ticket


def _base36(n: int) -> str:
    """Up to three characters, so prefixes stay within 4 however long the run."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    n %= 36**3
    return digits[n // 1296] + digits[n // 36 % 36] + digits[n % 36]


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"agency{n}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    kind = Agency.Kind.LOCAL


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"svc{n}")
    name = factory.Sequence(lambda n: f"Layanan Uji {n}")
    prefix = factory.Sequence(lambda n: f"T{_base36(n)}")
    requirements = factory.LazyFunction(lambda: ["KTP-el asli", "Fotokopi KK"])
    procedure = factory.LazyFunction(lambda: ["Ambil antrean", "Serahkan berkas"])
    duration = "1 hari kerja"
    fee = "Gratis"
    online_booking = True
    slot_minutes = 30
    slot_capacity = 5
    daily_quota = None
    booking_window_days = 30
    checkin_grace_minutes = 15
    expected_service_minutes = 10


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    agency = factory.SubFactory(AgencyFactory)
    label = factory.Sequence(lambda n: f"Gerai {n}")
    floor = "1"


class CounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counter
        skip_postgeneration_save = True

    booth = factory.SubFactory(BoothFactory)
    label = factory.Sequence(lambda n: f"Loket {n + 1}")
    number = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            self.services.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.OFFICER
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "secret-pass")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    service = factory.SubFactory(ServiceFactory)
    prefix = factory.LazyAttribute(lambda t: t.service.prefix)
    number = factory.Sequence(lambda n: n + 1)
    date = factory.LazyFunction(timezone.localdate)
    channel = Ticket.Channel.KIOSK
    status = Ticket.Status.WAITING
    issued_at = factory.LazyFunction(timezone.now)
    queued_at = factory.LazyAttribute(lambda t: t.issued_at)


def create_opening_hours() -> None:
    """Kota Probolinggo since July 2024: Mon-Thu 08:00-14:00, Fri 08:00-11:00."""
    for weekday in range(4):
        OpeningHours.objects.update_or_create(
            weekday=weekday,
            defaults={"opens_at": dt.time(8), "closes_at": dt.time(14), "issue_cutoff_minutes": 30},
        )
    OpeningHours.objects.update_or_create(
        weekday=4,
        defaults={"opens_at": dt.time(8), "closes_at": dt.time(11), "issue_cutoff_minutes": 30},
    )


def booking_due_now(service, *, number: int, prefix: str = "B", nik_last4: str = "0001"):
    """An online booking whose slot is running now: ready for check-in (its typed code
    needs `nik_last4`)."""
    now = timezone.localtime()
    return TicketFactory(
        service=service,
        prefix=prefix,
        number=number,
        channel=Ticket.Channel.ONLINE,
        status=Ticket.Status.BOOKED,
        date=now.date(),
        slot_start=now - dt.timedelta(minutes=10),
        slot_end=now + dt.timedelta(minutes=20),
        queued_at=None,
        nik_hash=f"hash-{number}",
        nik_last4=nik_last4,
    )
