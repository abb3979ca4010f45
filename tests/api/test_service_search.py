"""GET /api/v1/services/?q= ranks like the portal's search (agencies.selectors.service_search):
a kiosk, an app or a chatbot finds what a person means, best first."""

import pytest
from rest_framework.test import APIClient

from agencies.models import Agency, Service

# The whole demo mall is loaded first: 10-50 s (`make test-fast` leaves it out).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SERVICES = "/api/v1/services/"


def search(q: str, **params) -> list[dict]:
    response = APIClient().get(SERVICES, {"q": q, **params})
    assert response.status_code == 200
    return response.json()


def code_of(row: dict) -> str:
    service = Service.objects.select_related("agency").get(pk=row["id"])
    return f"{service.agency.code}/{service.code}"


def test_paspor_puts_a_passport_service_first(demo):
    results = search("paspor")

    assert results, "no result for paspor"
    first = Service.objects.select_related("agency").get(pk=results[0]["id"])
    assert first.agency.code == "imigrasi"
    assert "paspor" in first.name.lower()
    assert "Pekerja Migran" not in results[0]["name"]


def test_lost_ktp_finds_the_replacement(demo):
    results = search("ktp hilang")

    assert code_of(results[0]) == "dukcapil/ktp-el-hilang-rusak"


@pytest.mark.parametrize("q", ["e-KTP hilang", "pasport", "akte lahir"])
def test_everyday_spellings_find_something(demo, q):
    assert search(q), q


def test_search_keeps_the_agency_filter(demo):
    imigrasi = Agency.objects.get(code="imigrasi")
    dukcapil = Agency.objects.get(code="dukcapil")

    assert search("paspor", agency=dukcapil.pk) == []
    results = search("paspor", agency=imigrasi.pk)
    assert results and {row["agency"] for row in results} == {imigrasi.pk}


def test_without_q_every_active_service_is_listed(demo):
    response = APIClient().get(SERVICES)

    assert len(response.json()) == Service.objects.filter(is_active=True).count()
