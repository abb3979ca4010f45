"""The Monev page (/dashboard/reports/monev/): its figures are the API's, formatted; the
charts are inline SVG; managers only; a bad month is a 400 page; CSV from the page."""

import csv
import io
import re

import pytest

from reports.monev_views import COLUMNS, shown
from tests.reports.monev_month import EXPECTED_A
from tests.reports.test_monev import MONEV

pytestmark = pytest.mark.django_db

PAGE = "/dashboard/reports/monev/"
KINDS = {key: kind for key, _label, kind in COLUMNS}
ROW = re.compile(r'<tr data-agency="(\w+)"><th scope="row">([^<]*)</th>(.*?)</tr>', re.S)
CELL = re.compile(r'<(?:td|dd) [^>]*data-key="(\w+)">([^<]*)</(?:td|dd)>')


def page_rows(html: str) -> dict[str, dict[str, str]]:
    """{agency id or "mall": {key: text shown}} from the table."""
    return {agency: dict(CELL.findall(cells)) for agency, _name, cells in ROW.findall(html)}


def test_the_page_shows_the_json(month, client_as, api_as, manager):
    data = api_as(manager).get(MONEV, {"month": "2026-11"}).json()
    html = client_as(manager).get(PAGE, {"month": "2026-11"}).content.decode()

    rows = page_rows(html)
    expected = {str(row["agency"]): row for row in data["agencies"]} | {"mall": data["mall"]}
    assert set(rows) == set(expected)
    for agency, row in expected.items():
        assert rows[agency] == {key: shown(row[key], KINDS[key]) for key in KINDS}, agency
    # The mall's summary above the table too.
    summary = html[html.index('id="monev-mall"') : html.index("</dl>")]
    assert dict(CELL.findall(summary)) == rows["mall"]


def test_figures_read_as_the_hand_computed_ones(month, client_as, manager, agency_a):
    rows = page_rows(client_as(manager).get(PAGE, {"month": "2026-11"}).content.decode())
    a = rows[str(agency_a.pk)]
    assert EXPECTED_A["within_target_share"] == 0.6667
    assert (a["visitors"], a["within_target_share"], a["wait_median_minutes"]) == (
        "7",
        "66,7%",
        "15",
    )
    assert (a["ikm_index"], a["ikm_category"], a["booth_coverage"]) == ("87,5", "B", "3,5%")
    assert rows["mall"]["wait_p90_minutes"] == "50"


def test_charts_are_inline_svg(month, client_as, manager):
    html = client_as(manager).get(PAGE, {"month": "2026-11"}).content.decode()
    for chart in ("within-chart", "wait-chart", "ikm-chart", "coverage-chart"):
        assert f'id="{chart}-title"' in html
    assert html.count("<svg") == 4
    assert "<script" not in html.split("</main>")[0].split("<main")[1]
    # Polres: 2 of 3 within target, IKM 100.
    assert "Polres: 66,7%" in html and "Polres: 100" in html


def test_in_english(month, client_as, manager):
    html = client_as(manager, "en").get(PAGE, {"month": "2026-11"}).content.decode()
    assert "MPP Monev report" in html and "Within target" in html and "66.7%" in html


def test_csv_from_the_page(month, client_as, manager):
    response = client_as(manager).get(PAGE, {"month": "2026-11", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["visitors"] == "7" and rows[-1]["agency_name"] == "Seluruh MPP"


def test_a_bad_month_is_a_400_page(db, client_as, manager):
    response = client_as(manager).get(PAGE, {"month": "2026-14"})
    assert response.status_code == 400
    assert "Bulan harus berformat YYYY-MM" in response.content.decode()


def test_defaults_to_this_month(db, clock, client_as, manager):
    response = client_as(manager).get(PAGE)
    assert response.status_code == 200
    assert 'value="2026-11"' in response.content.decode()


@pytest.mark.parametrize("persona", ["supervisor_a", "officer_a"])
def test_only_managers(db, client_as, request, persona):
    response = client_as(request.getfixturevalue(persona)).get(PAGE)
    assert response.status_code == 403
    assert "Laporan Monev hanya untuk pengelola MPP" in response.content.decode()


def test_the_reports_index_links_it_for_managers_only(db, client_as, manager, supervisor_a):
    assert PAGE in client_as(manager).get("/dashboard/reports/").content.decode()
    assert PAGE not in client_as(supervisor_a).get("/dashboard/reports/").content.decode()
