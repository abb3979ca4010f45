"""GET /api/v1/reports/monev/?month=YYYY-MM: the hand-computed month of
tests/reports/monev_month.py, per agency and mall-wide, as JSON and CSV; managers only;
a fixed number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.monev import INDICATORS, ROW_FIELDS, month_bounds
from reports.service_targets import within_target
from tests import factories
from tests.reports import monev_month
from tests.reports.monev_month import EXPECTED_A, EXPECTED_B, EXPECTED_C, EXPECTED_MALL

pytestmark = pytest.mark.django_db

MONEV = "/api/v1/reports/monev/"


def rows_by_agency(data: dict) -> dict:
    return {row["agency_name"]: row for row in data["agencies"]}


def indicators(row: dict) -> dict:
    return {key: row[key] for key in INDICATORS}


def test_the_month_per_agency_and_mall(month, api_as, manager):
    response = api_as(manager).get(MONEV, {"month": "2026-11"})

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["month"], data["date_from"], data["date_to"]) == (
        "2026-11",
        "2026-11-01",
        "2026-11-30",
    )
    rows = rows_by_agency(data)
    assert list(rows) == ["Dispendukcapil", "Polres", "Kemenag"]
    assert indicators(rows["Dispendukcapil"]) == EXPECTED_A
    assert indicators(rows["Polres"]) == EXPECTED_B
    assert indicators(rows["Kemenag"]) == EXPECTED_C
    assert indicators(data["mall"]) == EXPECTED_MALL
    assert data["mall"]["agency"] is None


def test_another_month_holds_none_of_it(month, api_as, manager):
    data = api_as(manager).get(MONEV, {"month": "2026-10"}).json()
    # October: one ticket (31 Oct, wait 99), one survey (all 1s), one complaint, one alert.
    mall = data["mall"]
    assert (mall["visitors"], mall["wait_median_minutes"], mall["within_target_share"]) == (
        2,  # 31 Oct's ticket and the 30 Oct ticket surveyed
        99.0,
        0.0,
    )
    assert (mall["ikm_index"], mall["ikm_category"]) == (25.0, "D")
    assert (mall["complaints_received"], mall["alerts"]) == (1, 1)


def test_csv_has_a_row_per_agency_and_the_mall(month, api_as, manager):
    response = api_as(manager).get(MONEV, {"month": "2026-11", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="monev_2026-11.csv"' in response["Content-Disposition"]
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert reader.fieldnames == ROW_FIELDS
    rows = list(reader)
    assert [r["agency_name"] for r in rows] == [
        "Dispendukcapil",
        "Polres",
        "Kemenag",
        "Seluruh MPP",
    ]
    assert rows[-1]["agency"] == ""
    for row, expected in zip(
        rows, [EXPECTED_A, EXPECTED_B, EXPECTED_C, EXPECTED_MALL], strict=True
    ):
        assert {key: row[key] for key in INDICATORS} == {
            key: "" if value is None else str(value) for key, value in expected.items()
        }


def test_query_count_is_fixed(month, api_as, manager):
    """Auth is forced; the agencies, the services' agencies and their target waits, the
    tickets with their first call, the complaints, attendance (7: the calendar twice,
    booths, sessions, pauses, closures, alerts), the surveys grouped and their comments.
    More tickets, agencies or days add none."""
    client = api_as(manager)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(MONEV, {"month": "2026-11"}).status_code == 200
    first = len(ctx.captured_queries)
    for n in range(5):
        monev_month._ticket(
            factories.ServiceFactory(agency=factories.AgencyFactory()), day=20 + n, waits=[n]
        )
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(MONEV, {"month": "2026-11"}).status_code == 200
    assert len(ctx.captured_queries) == first == 14, "\n".join(
        q["sql"][:120] for q in ctx.captured_queries
    )


@pytest.mark.parametrize("value", ["", "2026-13", "2026-1", "26-11", "1999-12", "2026-11-01", "x"])
def test_a_bad_month_is_400(db, api_as, manager, value):
    response = api_as(manager).get(MONEV, {"month": value})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_month"
    assert "YYYY-MM" in response.json()["detail"]


def test_a_bad_month_in_english(db, api_as, manager):
    response = api_as(manager).get(MONEV, {"month": "nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"].startswith("The month must be YYYY-MM")


@pytest.mark.parametrize("persona", ["supervisor_a", "officer_a", "kiosk"])
def test_only_managers(db, api_as, request, persona):
    response = api_as(request.getfixturevalue(persona)).get(MONEV, {"month": "2026-11"})
    assert response.status_code == 403


def test_anonymous_is_refused(db, api):
    assert api.get(MONEV, {"month": "2026-11"}).status_code in (401, 403)


def test_month_bounds():
    assert month_bounds("2026-02") == (
        month_bounds("2026-02")[0].replace(day=1),
        month_bounds("2026-02")[0].replace(day=28),
    )
    assert month_bounds("2024-02")[1].day == 29
    assert month_bounds("2026-12")[1].isoformat() == "2026-12-31"


def test_within_target_counts_the_target_itself():
    assert within_target(wait_minutes=30, target_minutes=30)
    assert not within_target(wait_minutes=30.01, target_minutes=30)
