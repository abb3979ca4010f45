"""Report pages explain a bad filter with the labels a person sees ("Dari tanggal"),
never parameter names (date_from), in Indonesian and English; the API keeps its
field keys but its messages read as sentences."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ATTENDANCE = "/dashboard/reports/attendance/"
PERFORMANCE = "/dashboard/reports/performance/"
IKM = "/dashboard/reports/ikm/"
# A parameter's name, bare (date_from) or as a label ("agency: ...").
PARAMETER_NAMES = re.compile(
    r"date_from|date_to|(?<![A-Za-z] )\b(agency|service|format|table|lang):"
)

BAD = {
    "reversed": ({"date_from": "2026-11-24", "date_to": "2026-11-23"}, None),
    "bad date": ({"date_from": "2026-02-30"}, ("Dari tanggal: ", "From date: ")),
    "bad end": ({"date_to": "kemarin"}, ("Sampai tanggal: ", "To date: ")),
    "bad agency": ({"agency": "x"}, ("Instansi: ", "Agency: ")),
    "bad format": ({"format": "pdf"}, ("Format unduhan: ", "Download format: ")),
    "bad language": ({"format": "csv", "lang": "fr"}, ("Bahasa: ", "Language: ")),
}


def errors_of(response) -> str:
    """The text of the page's alert box(es)."""
    html = response.content.decode()
    boxes = re.findall(r'role="alert"[^>]*>(.*?)</div>', html, flags=re.S)
    assert boxes, html
    return re.sub(r"<[^>]+>", " ", " ".join(boxes))


def client_as(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", [ATTENDANCE, PERFORMANCE])
@pytest.mark.parametrize("case", BAD, ids=list(BAD))
@pytest.mark.parametrize("language", ["id", "en"])
def test_report_pages_name_the_field_as_the_form_does(clock, manager, path, case, language):
    params, labels = BAD[case]

    response = client_as(manager, language).get(path, params)

    assert response.status_code == 400
    text = errors_of(response)
    assert not PARAMETER_NAMES.search(text), text
    if labels is not None:
        assert labels[language == "en"] in text


@pytest.mark.parametrize("language", ["id", "en"])
def test_reversed_period_reads_as_a_sentence(clock, manager, language):
    response = client_as(manager, language).get(
        ATTENDANCE, {"date_from": "2026-11-24", "date_to": "2026-11-23"}
    )

    expected = {
        "id": "Tanggal awal harus sebelum atau sama dengan tanggal akhir.",
        "en": "The start date must be on or before the end date.",
    }[language]
    assert expected in errors_of(response)


IKM_BAD = {
    "bad date": ({"date_from": "2026-13-01"}, ("Dari tanggal: ", "From date: ")),
    "bad end": ({"date_to": "kemarin"}, ("Sampai tanggal: ", "To date: ")),
    "unknown agency": ({"agency": "999999"}, ("Instansi: ", "Agency: ")),
    "unknown service": ({"service": "999999"}, ("Layanan: ", "Service: ")),
}


@pytest.mark.parametrize("case", IKM_BAD, ids=list(IKM_BAD))
@pytest.mark.parametrize("language", ["id", "en"])
def test_ikm_report_names_the_field(clock, manager, case, language):
    params, labels = IKM_BAD[case]

    response = client_as(manager, language).get(IKM, params)

    assert response.status_code == 400
    text = errors_of(response)
    assert labels[language == "en"] in text
    assert not PARAMETER_NAMES.search(text), text


def test_api_keeps_keys_with_readable_messages(clock, api_as, manager):
    client = api_as(manager)

    reversed_range = client.get(
        "/api/v1/reports/attendance/", {"date_from": "2026-11-24", "date_to": "2026-11-23"}
    ).json()
    bad_date = client.get("/api/v1/reports/attendance/", {"date_from": "2026-02-30"}).json()

    assert reversed_range["code"] == "date_range_reversed"
    assert not PARAMETER_NAMES.search(reversed_range["detail"])
    assert list(bad_date) == ["date_from"]  # the contract: errors keyed by field
