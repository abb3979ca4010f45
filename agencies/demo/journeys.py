"""Demo fair quotas and journeys (README "Fair quotas", "Journeys").

Dispendukcapil's quota-limited services keep 40% of the daily quota for walk-ins and
release the unused online places at 10:00, the answer to Kendari's "online full, counters
idle". Two journeys (paket layanan) cross agencies with one ticket."""

import datetime as dt

from agencies.models import Journey, JourneyStage, Service

# (agency code, service code) -> (online share %, release time); quota-limited services only.
FAIR_QUOTA_AGENCIES = {"dukcapil": (60, dt.time(10, 0))}

JOURNEYS = [
    (
        "pindah-domisili",
        "Pindah domisili (datang)",
        "Lapor kedatangan di Dispendukcapil, lalu perbarui data BPJS Kesehatan dan mutasi "
        "kendaraan di Samsat, dengan satu nomor antrean.",
        [("dukcapil", "kedatangan"), ("bpjs-kes", "perubahan-data"), ("samsat", "mutasi-masuk")],
    ),
    (
        "kelahiran-bayi",
        "Kelahiran bayi",
        "Akta kelahiran dan KK baru di Dispendukcapil, lalu daftarkan bayi di BPJS Kesehatan.",
        [("dukcapil", "akta-kelahiran"), ("bpjs-kes", "tambah-bayi")],
    ),
]


def fair_quota_fields(agency_code: str, daily_quota: int | None) -> dict:
    """The fair quota of a new demo service (empty when it has none)."""
    if daily_quota is None or agency_code not in FAIR_QUOTA_AGENCIES:
        return {}
    percent, release = FAIR_QUOTA_AGENCIES[agency_code]
    return {"online_quota_percent": percent, "online_release_time": release}


def journeys_load() -> int:
    """Create the demo journeys once (a second run changes nothing)."""
    created = 0
    for order, (code, name, description, stages) in enumerate(JOURNEYS, start=1):
        found = [
            Service.objects.filter(agency__code=agency, code=service).first()
            for agency, service in stages
        ]
        services = [service for service in found if service is not None]
        if len(services) < len(found) or Journey.objects.filter(code=code).exists():
            continue
        journey = Journey.objects.create(code=code, name=name, description=description, order=order)
        for position, service in enumerate(services, start=1):
            JourneyStage.objects.create(journey=journey, position=position, service=service)
        created += 1
    return created
