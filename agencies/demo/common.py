"""Shapes and builders of the demo catalog.

The catalog is data: agencies/demo/catalog/local.json (the city's own units) and
others.json (vertical offices, BUMN, BUMD, a private desk), read by `catalog()`. Each
agency is an `AgencyData`; its services are `ServiceData` (a field left out of the JSON
takes the dataclass's default). The management
components of the Standar Pelayanan (8-14) are mostly the same within an
agency, so `management()` builds them from a few words instead of repeating
paragraphs 150 times.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

CATALOG = Path(__file__).with_name("catalog")
CATALOG_FILES = ("local.json", "others.json")


@dataclass(frozen=True)
class ServiceData:
    code: str  # slug, unique within the agency
    name: str
    prefix: str  # unique in the whole mall: ^[A-Z][A-Z0-9]{0,3}$
    requirements: list[str]
    procedure: list[str]
    duration: str
    fee: str  # "Gratis" when free
    product: str
    legal_basis: str
    description: str = ""
    keywords: str = ""  # everyday phrasings residents type
    online_booking: bool = False
    slot_capacity: int = 10
    daily_quota: int | None = None
    expected_service_minutes: int = 10


@dataclass(frozen=True)
class AgencyData:
    code: str
    name: str
    kind: str  # local | vertical | bumn | bumd | private
    description: str
    pledge: str  # maklumat pelayanan
    booth: str  # unique booth label, e.g. "Gerai 01 Dispendukcapil"
    floor: str  # "1" or "2"
    counters: int  # 1-4
    services: list[ServiceData] = field(default_factory=list)
    # Components 8-14 for every service of the agency; see management().
    staff: str = "2 orang petugas front office"
    supervisor: str = "Kepala Dinas"


def catalog() -> list[AgencyData]:
    """Every agency of the demo mall, with its services, in the catalog files' order."""
    agencies: list[AgencyData] = []
    for name in CATALOG_FILES:
        for row in json.loads((CATALOG / name).read_text(encoding="utf-8"))["agencies"]:
            services = [ServiceData(**service) for service in row.pop("services")]
            agencies.append(AgencyData(**row, services=services))
    return agencies


def management(agency: AgencyData) -> dict[str, str]:
    """Components 6 and 8-14 of the Standar Pelayanan for one of `agency`'s services."""
    return {
        "complaint_channel": (
            f"Pengaduan langsung di gerai {agency.name} atau meja pengaduan MPP, "
            "SP4N-LAPOR! (www.lapor.go.id), dan kotak saran di lobi MPP."
        ),
        "facilities": (
            "Ruang tunggu ber-AC, nomor antrean elektronik, layar panggil, komputer dan "
            "printer, jaringan internet, kursi prioritas, toilet dan jalur difabel."
        ),
        "staff_competence": (
            f"Petugas {agency.name} yang memahami standar pelayanan, aplikasi layanan, "
            "dan mampu berkomunikasi dengan ramah."
        ),
        "internal_supervision": (
            f"Supervisi langsung oleh {agency.supervisor} dan pengawasan oleh "
            "Inspektorat serta pengelola MPP."
        ),
        "staff_count": agency.staff,
        "service_guarantee": (
            "Pelayanan diberikan sesuai standar pelayanan yang ditetapkan dan maklumat "
            "pelayanan yang dipublikasikan."
        ),
        "security_guarantee": (
            "Data pemohon dijaga kerahasiaannya; gedung dilengkapi CCTV, APAR, dan "
            "petugas keamanan."
        ),
        "performance_evaluation": (
            "Survei Kepuasan Masyarakat (SKM) setiap semester dan evaluasi kinerja "
            "petugas secara berkala oleh pimpinan."
        ),
    }


def officer_username(agency_code: str, k: int) -> str:
    """The demo officer of an agency's k-th counter (k from 1, in the order
    GET /api/v1/agencies/ lists them): `officer-<code>`, then `officer-<code>-<k>`.
    An officer holds one open counter at a time, so each counter needs its own."""
    return f"officer-{agency_code}" + (f"-{k}" if k > 1 else "")
