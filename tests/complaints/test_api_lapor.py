"""The SP4N-LAPOR! export of complaints (API.md) and the LAPOR! reference a complaint
was forwarded under."""

import csv
import io

import pytest

from complaints import services
from tests.api.test_errors import assert_documented_error
from tests.complaints.conftest import reporter_data_absent

pytestmark = pytest.mark.django_db


# --- SP4N-LAPOR! export -----------------------------------------------------------------------


def export(client, query, **extra):
    return client.get("/api/v1/staff/complaints/export/?" + query, **extra)


def test_export_json_layout_and_record(api_as, clock, complaint_a, complaint_b, manager):
    response = export(api_as(manager), f"codes={complaint_a.code},{complaint_b.code.lower()}")

    assert response.status_code == 200, response.content
    document = response.json()
    assert document["layout"] == "mpp-sp4n-lapor/1"
    assert document["count"] == 2
    report = document["reports"][0]
    assert report["kode_pengaduan"] == complaint_a.code
    assert report["instansi_tujuan"] == "Dispendukcapil"
    assert report["isi_laporan"] == complaint_a.description
    assert report["anonim"] is False
    assert report["batas_waktu"] == "2026-12-01T23:59:59+07:00"
    assert document["reports"][1]["anonim"] is True
    reporter_data_absent(response.content)
    complaint_a.refresh_from_db()
    assert complaint_a.lapor_forwarded_by == manager
    assert complaint_a.lapor_forwarded_at is not None


def test_export_csv(api_as, complaint_a, supervisor_a):
    from complaints.lapor import COLUMNS

    response = export(api_as(supervisor_a), f"codes={complaint_a.code}&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows[0]) == len(COLUMNS)
    assert rows[0]["Kode pengaduan"] == complaint_a.code
    assert rows[0]["Anonim"] == "tidak"
    assert rows[0]["Nomor laporan SP4N-LAPOR!"] == ""
    reporter_data_absent(response.content)


def test_export_csv_header_follows_the_language(api_as, complaint_a, supervisor_a):
    response = export(
        api_as(supervisor_a), f"codes={complaint_a.code}&format=csv", HTTP_ACCEPT_LANGUAGE="en"
    )

    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["Complaint code", "Report title", "Report text"]
    assert not any("_" in label for label in header)


def test_export_csv_neutralises_formulas(api_as, clock, manager):
    complaint = services.complaint_file(category="other", description='=HYPERLINK("x")')

    response = export(api_as(manager), f"codes={complaint.code}&format=csv")

    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["Isi laporan"].startswith("'=")


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("codes=", 400),
        ("codes=bukan-kode", 400),
        ("codes=" + ",".join(["ADU-00000000"] * 101), 400),
        ("codes=ADU-00000000", 404),
        ("codes={code}&format=xml", 400),
        ("codes={code}&format=" + "x" * 1000, 400),
    ],
)
def test_bad_export_queries(api_as, complaint_a, manager, query, status):
    query = query.format(code=complaint_a.code)

    response = export(api_as(manager), query)
    english = export(api_as(manager), query, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == status, response.content
    assert_documented_error(response)
    if status == 404 or "format" in query or "bukan" in query:  # our own messages
        assert response.content != english.content
    complaint_a.refresh_from_db()
    assert complaint_a.lapor_forwarded_at is None


def test_export_refuses_when_one_code_is_not_the_users(
    api_as, complaint_a, complaint_b, supervisor_a
):
    response = export(api_as(supervisor_a), f"codes={complaint_a.code},{complaint_b.code}")

    assert response.status_code == 404
    assert complaint_b.code in response.json()["detail"]
    complaint_a.refresh_from_db()
    assert complaint_a.lapor_forwarded_at is None


def test_lapor_reference_is_recorded(api_as, complaint_a, supervisor_a):
    client = api_as(supervisor_a)
    path = f"/api/v1/staff/complaints/{complaint_a.code}/lapor/"

    response = client.post(path, {"reference": "LAPOR-2026-11-0042"}, format="json")
    blank = client.post(path, {"reference": ""}, format="json")

    assert response.status_code == 200
    assert response.json()["lapor_reference"] == "LAPOR-2026-11-0042"
    assert_documented_error(blank, field="reference")
