"""The public portal: the home page's search and a service's page."""

import pytest
from django.test import Client

from queues.catalog_views import COMPONENTS
from tests import factories

LABELS = [
    "Persyaratan",
    "Sistem, mekanisme dan prosedur",
    "Jangka waktu pelayanan",
    "Biaya/tarif",
    "Produk pelayanan",
    "Penanganan pengaduan, saran dan masukan",
    "Dasar hukum",
    "Sarana dan prasarana",
    "Kompetensi pelaksana",
    "Pengawasan internal",
    "Jumlah pelaksana",
    "Jaminan pelayanan",
    "Jaminan keamanan dan keselamatan",
    "Evaluasi kinerja pelaksana",
]


@pytest.fixture
def client():
    return Client()


def test_home_searches_and_links_to_the_service_page(client, service_a, service_b, booth_b):
    response = client.get("/", {"q": "surat kelakuan baik"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/services/{service_b.pk}/"' in html
    assert "Gerai Polres" in html
    results = html.split('id="results-title"')[1].split("</section>")[0]
    assert "SKCK" in results and "KTP-el baru" not in results


def test_home_says_when_nothing_is_found(client, service_a):
    response = client.get("/", {"q": "zzzzqqq"})

    assert "Layanan tidak ditemukan" in response.content.decode()


def test_home_without_a_query_lists_agencies(client, service_a, booth_a):
    html = client.get("/").content.decode()

    assert "Dispendukcapil" in html and "Gerai Dukcapil" in html
    assert 'id="results-title"' not in html


def test_service_page_shows_the_14_components_pledge_and_fee(client, agency_a, booth_a):
    agency_a.pledge = "Kami sanggup melayani sesuai standar."
    agency_a.save()
    service = factories.ServiceFactory(
        agency=agency_a, name="Legalisir", fee="Rp10.000", legal_basis="Perda 1/2020"
    )

    response = client.get(f"/services/{service.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert len(COMPONENTS) == 14
    for number, label in enumerate(LABELS, start=1):
        assert f"{number}. {label}" in html, label
    assert "Kami sanggup melayani sesuai standar." in html
    assert "Rp10.000" in html and "Perda 1/2020" in html
    assert "KTP-el asli" in html  # requirements listed
    assert "Gerai Dukcapil" in html
    assert f'href="/book/{service.pk}/"' in html


def test_free_service_says_gratis_and_no_book_button_without_online_booking(client, agency_a):
    service = factories.ServiceFactory(agency=agency_a, fee="", online_booking=False)

    html = client.get(f"/services/{service.pk}/").content.decode()

    assert "Gratis" in html
    assert f'href="/book/{service.pk}/"' not in html


def test_service_page_shows_todays_waiting_count_and_wait(client, clock, hours, service_a):
    from queues.services import ticket_issue

    for _ in range(3):
        ticket_issue(service=service_a)

    html = client.get(f"/services/{service_a.pk}/").content.decode()

    assert '<dd id="p-waiting">3 orang</dd>' in html
    # 3 waiting x 10 minutes / no open counter counted as one
    assert "± 30 menit" in html


def test_service_page_is_english_after_the_switch(client, service_a):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get(f"/services/{service_a.pk}/")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"


@pytest.mark.parametrize("make", ["missing", "inactive"])
def test_unknown_or_inactive_service_is_404(client, agency_a, make):
    pk = 999999
    if make == "inactive":
        pk = factories.ServiceFactory(agency=agency_a, is_active=False).pk

    assert client.get(f"/services/{pk}/").status_code == 404
