"""GET /api/v1/reports/attendance/ and /performance/: JSON, CSV and XLSX hold the same
rows; the period and filters are checked; managers see all, supervisors their agency."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agencies.models import User
from counters.models import CounterSession
from monitoring.models import BoothAlert
from queues.models import TicketEvent
from reports import export as report_export
from tests import factories
from tests.conftest import at

pytestmark = pytest.mark.django_db

ATTENDANCE = "/api/v1/reports/attendance/"
PERFORMANCE = "/api/v1/reports/performance/"
MON = dt.date(2026, 11, 23)


@pytest.fixture
def data(
    hours, clock, booth_a, booth_b, counter_a, counter_b, officer_a, officer_b, service_a, service_b
):
    """Monday: booth A staffed 08:00-11:00, booth B 10:00-12:00; one ticket served at each."""
    CounterSession.objects.create(
        counter=counter_a, officer=officer_a, opened_at=at(8, day=MON), closed_at=at(11, day=MON)
    )
    CounterSession.objects.create(
        counter=counter_b, officer=officer_b, opened_at=at(10, day=MON), closed_at=at(12, day=MON)
    )
    BoothAlert.objects.create(
        booth=booth_b, kind="empty", opened_at=at(8, 15, day=MON), closed_at=at(10, day=MON)
    )
    for service, officer, called in ((service_a, officer_a, 8), (service_b, officer_b, 10)):
        ticket = factories.TicketFactory(
            service=service,
            date=MON,
            status="done",
            queued_at=at(called - 1, 30, day=MON),
            called_at=at(called, day=MON),
            started_at=at(called, 1, day=MON),
            finished_at=at(called, 11, day=MON),
        )
        TicketEvent.objects.create(
            ticket=ticket,
            kind="finished",
            at=at(called, 11, day=MON),
            actor=officer,
            service=service,
            from_status="serving",
            to_status="done",
        )


def monday(**extra) -> dict:
    return {"date_from": "2026-11-23", "date_to": "2026-11-23", **extra}


# --- attendance -------------------------------------------------------------------------


def test_attendance_json_for_the_manager(data, api_as, manager, booth_a, booth_b, agency_a):
    response = api_as(manager).get(ATTENDANCE, monday())

    assert response.status_code == 200
    rows = {row["booth"]: row for row in response.json()}
    assert set(rows) == {booth_a.pk, booth_b.pk}
    a = rows[booth_a.pk]
    assert a == {
        "booth": booth_a.pk,
        "booth_label": "Gerai Dukcapil",
        "agency": agency_a.pk,
        "agency_name": "Dispendukcapil",
        "date": "2026-11-23",
        "open": True,
        "scheduled_minutes": 360.0,
        "staffed_minutes": 180.0,
        "coverage": 0.5,
        "planned_closure_minutes": 0.0,
        "alerts": 0,
        "empty_alerts": 0,
        "unattended_alerts": 0,
    }
    assert (rows[booth_b.pk]["staffed_minutes"], rows[booth_b.pk]["alerts"]) == (120.0, 1)


def test_attendance_defaults_to_today(data, api_as, manager):
    response = api_as(manager).get(ATTENDANCE)

    assert response.status_code == 200
    assert {row["date"] for row in response.json()} == {"2026-11-24"}


def _field_names(labels) -> list[str]:
    """The JSON field of each header label (Indonesian, the default language)."""
    with translation.override("id"):
        fields = {str(label): key for key, label in report_export.COLUMN_LABELS.items()}
    return [fields[label] for label in labels]


def read_csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = _field_names(rows[0])
    return [dict(zip(names, row, strict=True)) for row in rows[1:]]


def read_xlsx(response, sheet: str) -> list[dict]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook[sheet].iter_rows(values_only=True))
    names = _field_names(rows[0])
    return [dict(zip(names, row, strict=True)) for row in rows[1:]]


def as_text(value) -> str:
    """One spelling for a value whether it came from JSON, CSV or a spreadsheet cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    try:
        return repr(float(value))
    except (TypeError, ValueError):
        return str(value)


def same_rows(json_rows: list[dict], file_rows: list[dict]) -> None:
    assert len(file_rows) == len(json_rows) > 0
    for json_row, file_row in zip(json_rows, file_rows, strict=True):
        assert list(file_row) == list(json_row)
        assert {k: as_text(v) for k, v in file_row.items()} == {
            k: as_text(v) for k, v in json_row.items()
        }


def test_attendance_csv_and_xlsx_hold_the_json_rows(data, api_as, manager):
    client = api_as(manager)
    week = {"date_from": "2026-11-21", "date_to": "2026-11-24"}
    rows = client.get(ATTENDANCE, week).json()

    same_rows(rows, read_csv(client.get(ATTENDANCE, {**week, "format": "csv"})))
    same_rows(rows, read_xlsx(client.get(ATTENDANCE, {**week, "format": "xlsx"}), "Kehadiran"))
    assert any(row["coverage"] is None for row in rows)  # the weekend: empty cells


# --- performance ------------------------------------------------------------------------


def test_performance_json(data, api_as, manager, service_a, officer_a):
    response = api_as(manager).get(PERFORMANCE, monday())

    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["served"] == 2
    assert body["totals"]["wait_mean_minutes"] == 30.0
    service = next(row for row in body["services"] if row["service"] == service_a.pk)
    assert (service["served"], service["service_mean_minutes"]) == (1, 10.0)
    assert [row["rank"] for row in body["officers"]] == [1, 1]
    assert {row["officer"] for row in body["officers"]} >= {officer_a.pk}
    assert "IKM" in body["ranking_rule"]


def test_performance_csv_tables_and_xlsx_sheets(data, api_as, manager):
    client = api_as(manager)
    body = client.get(PERFORMANCE, monday()).json()

    services_csv = read_csv(client.get(PERFORMANCE, monday(format="csv")))
    officers_csv = read_csv(client.get(PERFORMANCE, monday(format="csv", table="officers")))
    xlsx = client.get(PERFORMANCE, monday(format="xlsx"))

    same_rows(body["services"], services_csv)
    same_rows(body["officers"], officers_csv)
    same_rows(body["services"], read_xlsx(xlsx, "Layanan"))
    same_rows(body["officers"], read_xlsx(xlsx, "Petugas"))


def _header(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_headers_are_words_in_the_request_language(data, api_as, manager):
    client = api_as(manager)
    week = {"date_from": "2026-11-21", "date_to": "2026-11-24", "format": "csv"}

    indonesian = _header(client.get(ATTENDANCE, week))
    english = _header(client.get(ATTENDANCE, week, HTTP_ACCEPT_LANGUAGE="en"))
    asked = _header(client.get(ATTENDANCE, {**week, "lang": "en"}))
    officers = _header(client.get(PERFORMANCE, monday(format="csv", table="officers")))

    assert indonesian[:3] == ["ID gerai", "Gerai", "ID instansi"]
    assert "Menit jadwal" in indonesian and "scheduled_minutes" not in indonesian
    assert english[:3] == asked[:3] == ["Booth ID", "Booth", "Agency ID"]
    assert "Scheduled minutes" in english
    assert "Rata-rata tunggu (menit)" in officers and "Nama pengguna" in officers
    assert not any("_" in label for label in indonesian + english + officers)


def test_xlsx_sheets_and_headers_follow_the_language(data, api_as, manager):
    response = api_as(manager).get(PERFORMANCE, monday(format="xlsx"), HTTP_ACCEPT_LANGUAGE="en")

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Service", "Officer"]
    header = next(workbook["Officer"].iter_rows(values_only=True))
    assert header[:3] == ("Rank", "Officer ID", "Username")


def test_unknown_download_language_is_a_field_error(data, api_as, manager):
    response = api_as(manager).get(ATTENDANCE, {"format": "csv", "lang": "fr"})

    assert response.status_code == 400
    assert set(response.json()) == {"lang"}


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ATTENDANCE, PERFORMANCE])
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-02-30"}, "date_from"),
        ({"date_to": "kemarin"}, "date_to"),
        ({"date_from": "9999-12-31"}, "date_from"),
        ({"date_from": "0001-01-01"}, "date_from"),
        ({"agency": "abc"}, "agency"),
        ({"agency": "0"}, "agency"),
        ({"agency": str(10**30)}, "agency"),
        ({"format": "pdf"}, "format"),
        ({"table": "everything"}, "table"),
    ],
)
def test_malformed_params_are_field_errors(api_as, manager, path, params, field):
    response = api_as(manager).get(path, params)

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("path", [ATTENDANCE, PERFORMANCE])
def test_reversed_range_in_indonesian_and_english(api_as, manager, path):
    client = api_as(manager)
    params = {"date_from": "2026-11-24", "date_to": "2026-11-23"}

    indonesian = client.get(path, params)
    english = client.get(path, params, HTTP_ACCEPT_LANGUAGE="en")

    assert indonesian.status_code == english.status_code == 400
    assert indonesian.json()["code"] == english.json()["code"] == "date_range_reversed"
    assert "Tanggal awal" in indonesian.json()["detail"]
    assert "start date" in english.json()["detail"]


@pytest.mark.parametrize("path", [ATTENDANCE, PERFORMANCE])
def test_range_longer_than_a_year_is_refused(api_as, manager, path):
    client = api_as(manager)

    response = client.get(path, {"date_from": "2025-01-01", "date_to": "2026-01-02"})
    english = client.get(
        path, {"date_from": "2025-01-01", "date_to": "2026-01-02"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Rentang laporan paling lama 366 hari.",
        "code": "date_range_too_long",
    }
    assert english.json()["detail"] == "A report covers at most 366 days."


def test_year_long_range_is_accepted(api_as, manager, hours, booth_a):
    response = api_as(manager).get(ATTENDANCE, {"date_from": "2026-01-01", "date_to": "2027-01-01"})

    assert response.status_code == 200
    assert len(response.json()) == 366


def test_unknown_agency_for_the_manager(api_as, manager):
    response = api_as(manager).get(ATTENDANCE, {"agency": 999999})

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_agency"


def test_malformed_field_error_in_english(api_as, manager):
    response = api_as(manager).get(
        ATTENDANCE, {"date_from": "2026-02-30"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "Date has wrong format" in response.json()["date_from"][0]


# --- scoping ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ATTENDANCE, PERFORMANCE])
def test_supervisor_sees_only_their_agency(data, api_as, supervisor_a, agency_a, path):
    response = api_as(supervisor_a).get(path, monday())

    assert response.status_code == 200
    body = response.json()
    rows = body if path == ATTENDANCE else body["services"] + body["officers"]
    assert rows
    assert {row["agency"] for row in rows} == {agency_a.pk}


@pytest.mark.parametrize("path", [ATTENDANCE, PERFORMANCE])
def test_supervisor_asking_for_another_agency_is_refused(
    data, api_as, supervisor_a, agency_b, path
):
    response = api_as(supervisor_a).get(path, monday(agency=agency_b.pk))
    english = api_as(supervisor_a).get(
        path, monday(agency=agency_b.pk, format="csv"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == english.status_code == 403
    assert response.json()["code"] == "report_other_agency"
    assert english.json()["detail"] == "You may only see your own agency's reports."


def test_supervisor_of_another_agency_sees_nothing_of_a(data, api_as, agency_b, booth_a):
    supervisor_b = factories.UserFactory(role=User.Role.SUPERVISOR, agency=agency_b)

    rows = api_as(supervisor_b).get(ATTENDANCE, monday()).json()

    assert booth_a.pk not in {row["booth"] for row in rows}


@pytest.mark.parametrize("path", [ATTENDANCE, PERFORMANCE])
@pytest.mark.parametrize("persona", ["officer_a", "kiosk"])
def test_officers_and_kiosks_are_refused(request, api_as, path, persona):
    user = request.getfixturevalue(persona)

    response = api_as(user).get(path, {"format": "csv"})
    english = api_as(user).get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Laporan hanya untuk pengelola MPP dan supervisor instansi."
    )
    assert english.json()["detail"] == "Reports are for MPP managers and agency supervisors only."


@pytest.mark.parametrize("path", [ATTENDANCE, PERFORMANCE])
def test_anonymous_is_refused(api, path):
    response = api.get(path, {"format": "xlsx"})

    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")


def test_token_auth_works(data, manager):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=manager).key}")

    assert client.get(ATTENDANCE, monday()).status_code == 200


# --- fixed number of queries ------------------------------------------------------------


def test_api_query_count_is_fixed(data, api_as, manager, agency_a):
    client = api_as(manager)
    with CaptureQueriesContext(connection) as few:
        client.get(ATTENDANCE, monday())
    for n in range(4):
        booth = factories.BoothFactory(agency=agency_a)
        counter = factories.CounterFactory(booth=booth)
        officer = factories.UserFactory(role="officer", agency=agency_a)
        CounterSession.objects.create(
            counter=counter,
            officer=officer,
            opened_at=at(9, day=MON),
            closed_at=at(9, 30 + n, day=MON),
        )
    with CaptureQueriesContext(connection) as many:
        rows = client.get(ATTENDANCE, monday()).json()

    assert len(rows) == 6
    assert len(many) == len(few)


def test_reports_are_cut_at_local_midnight(hours, booth_a, counter_a, officer_a, api_as, manager):
    # 23:30 Monday to 00:30 Tuesday WIB: outside hours on both days, counted for neither.
    CounterSession.objects.create(
        counter=counter_a,
        officer=officer_a,
        opened_at=at(23, 30, day=MON),
        closed_at=at(0, 30, day=dt.date(2026, 11, 24)),
    )
    BoothAlert.objects.create(
        booth=booth_a, kind="empty", opened_at=at(23, 59, day=MON), closed_at=at(23, 59, day=MON)
    )
    with time_machine.travel(at(12, day=dt.date(2026, 11, 25)), tick=False):
        rows = (
            api_as(manager)
            .get(ATTENDANCE, {"date_from": "2026-11-23", "date_to": "2026-11-24"})
            .json()
        )

    assert [(row["date"], row["staffed_minutes"], row["alerts"]) for row in rows] == [
        ("2026-11-23", 0.0, 1),
        ("2026-11-24", 0.0, 0),
    ]
