"""`python manage.py load_demo [--password PW]`: the demo mall, idempotent."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from agencies.demo.common import AgencyData, catalog, management, officer_username
from agencies.demo.journeys import fair_quota_fields, journeys_load
from agencies.models import Agency, Booth, Service
from agencies.services import (
    closures_seed,
    opening_hours_set_all_day,
    opening_hours_set_default,
)
from counters.models import Counter, Device

DEFAULT_PASSWORD = "mpp-demo"  # noqa: S105 (documented demo password)
AGENCIES: list[AgencyData] = catalog()


class Command(BaseCommand):
    help = "Load the demo MPP (agencies, services, booths, counters, hours, accounts)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=None, help="password for new demo accounts")
        parser.add_argument(
            "--all-hours",
            action="store_true",
            help="demo only: open every day 00:00-23:59 so the queue can be tried at any hour",
        )

    @transaction.atomic
    def handle(self, *args, password=None, all_hours=False, **options):
        password = password or DEFAULT_PASSWORD
        counter_number = 0
        for order, data in enumerate(AGENCIES, start=1):
            agency = _agency(data, order)
            services = [_service(agency, data, s) for s in data.services]
            booth, _ = Booth.objects.get_or_create(
                label=data.booth, defaults={"agency": agency, "floor": data.floor}
            )
            for index in range(data.counters):
                counter_number += 1
                _counter(booth, counter_number, index, data.counters, services)
            for k in range(1, _counter_count(agency) + 1):
                _account(officer_username(agency.code, k), "officer", agency, password)
            _account(f"supervisor-{agency.code}", "supervisor", agency, password)
        journeys_load()
        _account("manager", "manager", None, password, superuser=True)
        _account("kiosk", "kiosk", None, password)
        devices = [
            _device(Device.Kind.DISPLAY, "TV lobi (demo)"),
            _device(Device.Kind.KIOSK, "Anjungan lobi (demo)"),
        ]
        if all_hours:
            opening_hours_set_all_day()
        else:
            opening_hours_set_default()
        year = timezone.localdate().year
        closures_seed(years=[year, year + 1])
        self.stdout.write(
            f"Demo mall: {Agency.objects.count()} agencies, {Service.objects.count()} services, "
            f"{Booth.objects.count()} booths, {Counter.objects.count()} counters."
        )
        # A registered TV and kiosk beat (static/js/heartbeat.js): open these once on the
        # device and the manager's dashboard lists it when it falls silent.
        for device in devices:
            page = "/display/" if device.kind == Device.Kind.DISPLAY else "/kiosk/"
            self.stdout.write(f"{device.label}: {page}?device={device.token}")


def _agency(data: AgencyData, order: int) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        code=data.code,
        defaults={
            "name": data.name,
            "kind": data.kind,
            "description": data.description,
            "pledge": data.pledge,
            "order": order,
        },
    )
    return agency


def _service(agency: Agency, data: AgencyData, service) -> Service:
    fields = {
        "name": service.name,
        "prefix": service.prefix,
        "description": service.description,
        "keywords": service.keywords,
        "requirements": service.requirements,
        "procedure": service.procedure,
        "duration": service.duration,
        "fee": service.fee,
        "product": service.product,
        "legal_basis": service.legal_basis,
        "online_booking": service.online_booking,
        "slot_capacity": service.slot_capacity,
        "daily_quota": service.daily_quota,
        "expected_service_minutes": service.expected_service_minutes,
        **management(data),
        **fair_quota_fields(agency.code, service.daily_quota),
    }
    obj, _ = Service.objects.get_or_create(agency=agency, code=service.code, defaults=fields)
    return obj


def _counter(booth: Booth, number: int, index: int, count: int, services: list[Service]) -> None:
    counter, created = Counter.objects.get_or_create(
        number=number, defaults={"booth": booth, "label": f"Loket {number}"}
    )
    if created:
        # Every counter serves a share of the agency's services, and every
        # service has a counter; the first counter serves them all.
        share = services if index == 0 else services[index - 1 :: max(count - 1, 1)] or services
        counter.services.set(share)


def _counter_count(agency: Agency) -> int:
    """How many active counters the agency's booths hold; at least one, so every agency
    has its `officer-<code>`."""
    return max(Counter.objects.filter(booth__agency=agency, is_active=True).count(), 1)


def _device(kind: str, label: str) -> Device:
    device, _ = Device.objects.get_or_create(kind=kind, label=label)
    return device


def _account(username: str, role: str, agency, password: str, superuser: bool = False) -> None:
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return
    user = User(
        username=username,
        role=role,
        agency=agency,
        is_staff=superuser,
        is_superuser=superuser,
    )
    user.set_password(password)
    user.save()
