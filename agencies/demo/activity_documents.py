"""Documents for the demo mall (berkas): pickup lines and a few documents to follow.

Dispendukcapil (KTP-el waiting for blanko, akta) and DPMPTSP (permits) get a pickup line
(`AMB`, `AMP`) served by their counters, and some of their past visits a document in each
status: processing (one late, so the dashboard lists it), ready, collected, cancelled.
A seeder like the history: rows are written with their own times. Idempotent: agencies
that already have documents are left as they are.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, Service
from counters.models import Counter
from documents.models import Document, DocumentEvent, PickupLine
from queues.models import Ticket


@dataclass(frozen=True)
class PickupSpec:
    agency: str
    prefix: str
    plan: tuple[tuple[str, int], ...]  # (final status, expected ready: days from today)


PICKUPS = (
    PickupSpec(
        "dukcapil",
        "AMB",
        (("processing", -2), ("processing", 1), ("ready", 0), ("ready", -1), ("collected", -3)),
    ),
    PickupSpec("dpmptsp", "AMP", (("processing", 5), ("ready", -1), ("cancelled", 2))),
)
STEPS = {
    "processing": (),
    "ready": ("ready",),
    "collected": ("ready", "collected"),
    "cancelled": ("cancelled",),
}


def _agencies() -> list[tuple[Agency, PickupSpec]]:
    by_code = {a.code: a for a in Agency.objects.filter(code__in=[p.agency for p in PICKUPS])}
    return [(by_code[spec.agency], spec) for spec in PICKUPS if spec.agency in by_code]


@transaction.atomic
def pickup_lines_load() -> None:
    """Before the history: the pickup lines are part of the mall its days are built in
    (so the same seed gives the same history, whether they existed before or not)."""
    for agency, spec in _agencies():
        _pickup_line(agency, spec.prefix)


def documents_load(*, now: dt.datetime) -> int:
    """Documents for past visits; the number created."""
    created = 0
    for agency, spec in _agencies():
        with transaction.atomic():
            if not Document.objects.filter(agency=agency).exists():
                created += _documents(agency, spec, now)
    return created


def _pickup_line(agency: Agency, prefix: str) -> None:
    service, _ = Service.objects.get_or_create(
        agency=agency,
        code="pengambilan-berkas",
        defaults={
            "name": "Pengambilan berkas (dokumen jadi)",
            "prefix": prefix,
            "description": "Antrean singkat untuk mengambil dokumen yang sudah siap.",
            "requirements": ["Kode berkas atau bukti pengajuan", "KTP-el asli pemohon"],
            "procedure": ["Ambil nomor antrean pengambilan", "Tunjukkan kode berkas di loket"],
            "duration": "5 menit",
            "fee": "Gratis",
            "product": "Dokumen yang diajukan sebelumnya",
            "online_booking": False,
            "expected_service_minutes": 3,
        },
    )
    for counter in Counter.objects.filter(booth__agency=agency):
        counter.services.add(service)
    PickupLine.objects.get_or_create(agency=agency, defaults={"service": service})


def _documents(agency: Agency, spec: PickupSpec, now: dt.datetime) -> int:
    today = timezone.localdate(now)
    visits = (  # past days' visits: today's may still be at the counter in the demo
        Ticket.objects.filter(
            service__agency=agency,
            status=Ticket.Status.DONE,
            finished_at__isnull=False,
            date__lt=today,
        )
        .exclude(service__code="pengambilan-berkas")
        .filter(document__isnull=True)
        .order_by("-finished_at")[: len(spec.plan)]
    )
    for ticket, (status, days) in zip(visits, spec.plan, strict=False):
        assert ticket.finished_at is not None
        opened = ticket.finished_at
        document = Document.objects.create(
            ticket=ticket,
            agency=agency,
            service_id=ticket.service_id,
            expected_ready=max(today + dt.timedelta(days=days), timezone.localdate(opened)),
            created_at=opened,
        )
        DocumentEvent.objects.create(document=document, at=opened, status="processing")
        at = opened
        for step in STEPS[status]:
            at = min(at + dt.timedelta(hours=20), now)
            field = {"ready": "ready_at", "collected": "collected_at"}.get(step, "cancelled_at")
            Document.objects.filter(pk=document.pk).update(status=step, **{field: at})
            DocumentEvent.objects.create(document=document, at=at, status=step)
    return min(len(visits), len(spec.plan))
