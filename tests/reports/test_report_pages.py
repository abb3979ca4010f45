"""Report pages (/dashboard/reports/...): who gets in, the filter, tables, charts, downloads."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.test import Client

from agencies.models import User
from counters.models import CounterSession
from queues.models import TicketEvent
from tests import factories
from tests.conftest import at

pytestmark = pytest.mark.django_db

INDEX = "/dashboard/reports/"
ATTENDANCE = "/dashboard/reports/attendance/"
PERFORMANCE = "/dashboard/reports/performance/"
MON = "2026-11-23"


@pytest.fixture
def monday(hours, clock, booth_a, booth_b, counter_a, counter_b, officer_a, service_a):
    CounterSession.objects.create(
        counter=counter_a, officer=officer_a, opened_at=at(8, day=23), closed_at=at(11, day=23)
    )
    ticket = factories.TicketFactory(
        service=service_a,
        date=dt.date(2026, 11, 23),
        status="done",
        queued_at=at(8, day=23),
        called_at=at(8, 12, day=23),
        started_at=at(8, 12, day=23),
        finished_at=at(8, 20, day=23),
    )
    TicketEvent.objects.create(
        ticket=ticket,
        kind="finished",
        at=at(8, 20, day=23),
        actor=officer_a,
        service=service_a,
        from_status="serving",
        to_status="done",
    )


def html(response) -> str:
    return response.content.decode()


# --- who gets in ------------------------------------------------------------------------


@pytest.mark.parametrize("path", [INDEX, ATTENDANCE, PERFORMANCE])
def test_anonymous_is_sent_to_login(path):
    response = Client().get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("path", [INDEX, ATTENDANCE, PERFORMANCE])
@pytest.mark.parametrize("persona", ["officer_a", "kiosk"])
def test_officers_and_kiosks_get_a_403_page(request, client_as, path, persona):
    response = client_as(request.getfixturevalue(persona)).get(path, {"format": "csv"})

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "Laporan hanya untuk pengelola MPP dan supervisor instansi" in html(response)


def test_supervisor_asking_for_another_agency_gets_a_403_page(client_as, supervisor_a, agency_b):
    response = client_as(supervisor_a).get(ATTENDANCE, {"agency": agency_b.pk, "format": "csv"})

    assert response.status_code == 403
    assert "text/html" in response["Content-Type"]


def test_index_links_every_report(client_as, manager):
    response = client_as(manager).get(INDEX)

    assert response.status_code == 200
    page = html(response)
    for link in (ATTENDANCE, PERFORMANCE, "/dashboard/reports/ikm/"):
        assert f'href="{link}"' in page


# --- attendance -------------------------------------------------------------------------


def test_attendance_page_for_the_manager(monday, client_as, manager):
    response = client_as(manager).get(ATTENDANCE, {"date_from": MON, "date_to": MON})

    assert response.status_code == 200
    page = html(response)
    assert "Gerai Dukcapil" in page and "Gerai Polres" in page
    # The chart is accessible: a title, a description with the values, text on each bar.
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Gerai Dukcapil: 50,0%" in svg  # 180 of 360 minutes
    assert "Gerai Polres: 0,0%" in svg
    assert 'name="agency"' in page  # managers choose the agency
    assert "format=csv" in page and "format=xlsx" in page


def test_attendance_page_for_a_supervisor_shows_only_their_booths(monday, client_as, supervisor_a):
    response = client_as(supervisor_a).get(ATTENDANCE, {"date_from": MON, "date_to": MON})

    page = html(response)
    assert response.status_code == 200
    assert "Gerai Dukcapil" in page
    assert "Gerai Polres" not in page
    assert '<select id="agency"' not in page


def test_attendance_page_in_english(monday, client_as, manager):
    response = client_as(manager, "en").get(ATTENDANCE, {"date_from": MON, "date_to": MON})

    assert "Booth attendance report" in html(response)
    assert "Staffed minutes" in html(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-11-24", "date_to": MON}, "Tanggal awal harus sebelum"),
        ({"date_from": "2026-02-30"}, "Dari tanggal: Format tanggal salah"),
        ({"date_from": "2024-01-01", "date_to": "2026-01-01"}, "paling lama 366 hari"),
        ({"agency": "x"}, "Instansi: "),
    ],
)
def test_attendance_page_explains_a_bad_filter(client_as, manager, params, message):
    response = client_as(manager).get(ATTENDANCE, params)

    assert response.status_code == 400
    page = html(response)
    assert 'role="alert"' in page and message in page
    assert "<svg" not in page


def test_attendance_csv_download_from_the_page(monday, client_as, manager, booth_a):
    response = client_as(manager).get(
        ATTENDANCE, {"date_from": MON, "date_to": MON, "format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="attendance_2026-11-23_2026-11-23.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    a = next(row for row in rows if row["ID gerai"] == str(booth_a.pk))
    assert (a["Menit jadwal"], a["Menit terisi"], a["Cakupan (0-1)"]) == (
        "360.0",
        "180.0",
        "0.5",
    )


# --- performance ------------------------------------------------------------------------


def test_performance_page_shows_the_ranking_and_charts(monday, client_as, manager):
    response = client_as(manager).get(PERFORMANCE, {"date_from": MON, "date_to": MON})

    assert response.status_code == 200
    page = html(response)
    ranking = re.search(r'<table class="report-table" id="officer-ranking">.*?</table>', page, re.S)
    assert "officer-a" in ranking.group(0)
    assert page.count("<svg") == 2
    assert "KTP-el baru: 1" in page  # served per service, in the chart's text
    assert "KTP-el baru: 12" in page  # mean wait 12 minutes
    assert "Skor = tahap layanan yang dilayani" in page


def test_performance_xlsx_download_from_the_page(monday, client_as, supervisor_a):
    response = client_as(supervisor_a).get(
        PERFORMANCE, {"date_from": MON, "date_to": MON, "format": "xlsx"}
    )

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Layanan", "Petugas"]
    officers = list(workbook["Petugas"].iter_rows(values_only=True))
    assert officers[0][:3] == ("Peringkat", "ID petugas", "Nama pengguna")
    assert officers[1][2] == "officer-a"


def test_performance_page_empty_period(client_as, manager, hours, clock):
    response = client_as(manager).get(PERFORMANCE)

    assert response.status_code == 200
    assert "Belum ada tiket yang diselesaikan petugas pada periode ini." in html(response)


def test_pages_for_a_supervisor_of_another_agency(monday, client_as, agency_b):
    supervisor_b = factories.UserFactory(role=User.Role.SUPERVISOR, agency=agency_b)

    page = html(client_as(supervisor_b).get(PERFORMANCE, {"date_from": MON, "date_to": MON}))

    assert "officer-a" not in page
    assert "KTP-el baru" not in page


def test_attendance_page_charts_each_open_day_of_a_short_period(monday, client_as, manager):
    response = client_as(manager).get(
        ATTENDANCE, {"date_from": "2026-11-22", "date_to": "2026-11-24"}
    )

    page = html(response)
    daily = re.search(r'<svg[^>]*aria-labelledby="daily-chart-title.*?</svg>', page, re.S)
    # Sunday is closed; Monday: 180 of 720 minutes over both booths; Tuesday: nothing yet.
    assert "Sen 23 Nov: 25,0%" in daily.group(0)
    assert "Sel 24 Nov: 0,0%" in daily.group(0)
    assert "Min 22 Nov" not in daily.group(0)


def test_attendance_page_sends_long_periods_to_the_downloads(client_as, manager, hours, booth_a):
    factories.BoothFactory.create_batch(4)

    response = client_as(manager).get(
        ATTENDANCE, {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    )

    page = html(response)
    assert response.status_code == 200
    assert 'id="rows-hidden"' in page
    assert 'id="attendance-rows"' not in page
    assert "daily-chart" not in page
    assert "Gerai Dukcapil" in page  # the per-booth summary stays


def test_download_links_carry_the_resolved_filter(client_as, supervisor_a, agency_a, hours, clock):
    page = html(client_as(supervisor_a).get(ATTENDANCE))

    # Opened without a filter, a page shows the last seven days (the API: today).
    expected = f"?date_from=2026-11-18&amp;date_to=2026-11-24&amp;agency={agency_a.pk}&amp;format="
    assert f'href="{expected}csv"' in page
    assert f'href="{expected}xlsx"' in page


def test_a_page_without_a_filter_shows_the_last_week(monday, client_as, manager):
    page = html(client_as(manager).get(PERFORMANCE))

    assert 'value="2026-11-18"' in page and 'value="2026-11-24"' in page
    assert "Siti" in page or "officer-a" in page  # Monday's served ticket is in the week
