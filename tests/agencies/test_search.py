"""Search forgives how people write: a table of everyday phrasings -> the service meant."""

import pytest

from agencies.models import Service
from agencies.selectors import service_search
from tests import factories

# The whole demo mall is loaded first: 10-50 s (`make test-fast` leaves it out).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


# (phrase, the services it may mean as agency/service code: the first result must be one)
TABLE = [
    ("ktp hilang", {"dukcapil/ktp-el-hilang-rusak"}),
    ("KTP-el Hilang!", {"dukcapil/ktp-el-hilang-rusak"}),
    ("ektp rusak", {"dukcapil/ktp-el-hilang-rusak"}),
    ("e-ktp baru", {"dukcapil/ktp-el-baru"}),
    ("bikin ktp", {"dukcapil/ktp-el-baru"}),
    ("akta lahir", {"dukcapil/akta-kelahiran"}),
    ("buat akte lahir anak", {"dukcapil/akta-kelahiran"}),
    ("akte kematian", {"dukcapil/akta-kematian"}),
    ("kartu keluarga", {"dukcapil/kk-baru", "dukcapil/kk-perubahan", "dukcapil/kk-hilang-rusak"}),
    ("kk baru", {"dukcapil/kk-baru"}),
    ("kk hilang", {"dukcapil/kk-hilang-rusak"}),
    ("paspor", {"imigrasi/paspor-baru"}),
    ("passport", {"imigrasi/paspor-baru"}),
    ("pasport hilang", {"imigrasi/paspor-hilang"}),
    ("skck", {"polres/skck-baru"}),
    ("surat kelakuan baik", {"polres/skck-baru"}),
    ("urus sim", {"polres/sim-perpanjangan"}),
    ("bpjs", {"bpjs-kes/pendaftaran"}),
    ("klaim jht", {"bpjs-tk/klaim-jht"}),
    ("nib", {"dpmptsp/nib-oss"}),
    ("pajak motor", {"samsat/pajak-tahunan"}),
    ("stnk", {"samsat/pajak-tahunan", "samsat/pajak-lima-tahunan"}),
    (
        "ijazah",
        {
            "disdikbud/legalisir-ijazah",
            "disdikbud/pengganti-ijazah",
            "kemenag/legalisir-ijazah-madrasah",
        },
    ),
    ("bikin npwp", {"kpp/npwp-daftar"}),
    ("daftar haji", {"kemenag/haji-daftar"}),
    ("kartu kuning", {"disnaker/kartu-ak1"}),
    ("sertipikat hilang", {"bpn/sertifikat-pengganti"}),
]


@pytest.mark.parametrize(("phrase", "meant"), TABLE, ids=[row[0] for row in TABLE])
def test_search_finds_the_service_meant(demo, phrase, meant):
    results = [f"{s.agency.code}/{s.code}" for s in service_search(query=phrase, limit=5)]

    assert results and results[0] in meant, results


@pytest.mark.parametrize("phrase", ["", "   ", "buat", "?!", "zzzzqqq"])
def test_search_without_meaning_finds_nothing(demo, phrase):
    assert service_search(query=phrase, limit=5) == []


def test_search_respects_the_limit(demo):
    assert len(service_search(query="paspor", limit=2)) == 2


def test_search_skips_inactive_services(demo):
    Service.objects.filter(agency__code="polres", code="skck-baru").update(is_active=False)

    results = [f"{s.agency.code}/{s.code}" for s in service_search(query="skck", limit=5)]

    assert "polres/skck-baru" not in results
    assert results[0] == "polres/skck-perpanjangan"


def test_search_ranks_name_above_keywords_above_description(demo):
    agency = factories.AgencyFactory()
    by_description = factories.ServiceFactory(agency=agency, name="Satu", description="zebrakuda")
    by_keyword = factories.ServiceFactory(agency=agency, name="Dua", keywords="zebrakuda")
    by_name = factories.ServiceFactory(agency=agency, name="Zebrakuda dokumen")

    assert service_search(query="zebrakuda", limit=5) == [by_name, by_keyword, by_description]
