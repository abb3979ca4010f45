"""`GET /api/v1/reports/ikm/`: the IKM of a period, its scoping and its validation."""

import datetime as dt

import pytest

from agencies.models import User
from complaints.survey import ikm_report
from mpp.lib.errors import NotAllowed
from tests import factories
from tests.api.test_errors import assert_documented_error
from tests.complaints.survey_support import response, scores
from tests.conftest import WIB

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/ikm/"
NOV_10 = dt.datetime(2026, 11, 10, 10, 0, tzinfo=WIB)


@pytest.fixture
def sheet(service_a, service_a2, service_b):
    """Responses of November 2026 (and two outside it), computed by hand below.

    Agency A (Dispendukcapil), 3 respondents:
      service_a   4 4 3 4 3 3 4 2 3
      service_a   3 3 3 4 3 3 3 2 3
      service_a2  3 4 2 4 3 4 4 1 3
      sums       10 11 8 12 9 10 11 5 9  (85) -> IKM 85/27 = 3.148 -> index 78.70 (B)
    Agency B (Polres), 1 respondent:
      service_b   4 3 3 4 4 3 4 3 2  (30) -> IKM 30/9 = 3.333 -> index 83.33 (B)
    Whole mall, 4 respondents: sums 14 14 11 16 13 13 15 8 11 (115)
      -> NRR 3.5 3.5 2.75 4 3.25 3.25 3.75 2 2.75 -> IKM 115/36 = 3.194 -> index 79.86 (B)
    """
    response(service_a, scores(4, 4, 3, 4, 3, 3, 4, 2, 3), at=NOV_10, comment="Petugas ramah.")
    response(service_a, scores(3, 3, 3, 4, 3, 3, 3, 2, 3), at=NOV_10.replace(day=1, hour=8))
    # 30 Nov 23:30 WIB is still November in Probolinggo (16:30 UTC).
    response(
        service_a2,
        scores(3, 4, 2, 4, 3, 4, 4, 1, 3),
        at=dt.datetime(2026, 11, 30, 23, 30, tzinfo=WIB),
        comment="Ruang tunggu panas.",
    )
    response(service_b, scores(4, 3, 3, 4, 4, 3, 4, 3, 2), at=NOV_10, comment="Cepat.")
    # Outside the period: 31 Oct 23:59 WIB and 1 Dec 00:00 WIB.
    response(
        service_a,
        scores(1, 1, 1, 1, 1, 1, 1, 1, 1),
        at=dt.datetime(2026, 10, 31, 23, 59, tzinfo=WIB),
    )
    response(
        service_b, scores(1, 1, 1, 1, 1, 1, 1, 1, 1), at=dt.datetime(2026, 12, 1, 0, 0, tzinfo=WIB)
    )


NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


def test_manager_reads_the_whole_mall_with_the_per_agency_split(
    api_as, manager, sheet, agency_a, agency_b
):
    response = api_as(manager).get(URL, NOVEMBER)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["respondents"] == 4
    assert body["elements"] == {
        "u1": 3.5, "u2": 3.5, "u3": 2.75, "u4": 4.0, "u5": 3.25,
        "u6": 3.25, "u7": 3.75, "u8": 2.0, "u9": 2.75,
    }  # fmt: skip
    assert (body["ikm"], body["index"], body["category"]) == (3.194, 79.86, "B")
    assert body["category_label"] == "Baik"
    assert (body["date_from"], body["date_to"]) == ("2026-11-01", "2026-11-30")
    split = {row["agency_name"]: row for row in body["agencies"]}
    assert set(split) == {"Dispendukcapil", "Polres"}
    dukcapil, polres = split["Dispendukcapil"], split["Polres"]
    assert dukcapil["agency"] == agency_a.pk and polres["agency"] == agency_b.pk
    assert (dukcapil["respondents"], dukcapil["ikm"], dukcapil["index"], dukcapil["category"]) == (
        3, 3.148, 78.7, "B",
    )  # fmt: skip
    assert dukcapil["elements"]["u2"] == 3.667  # 11 / 3
    assert (polres["respondents"], polres["ikm"], polres["index"]) == (1, 3.333, 83.33)
    # Per service: service_a (2) 7 7 6 8 6 6 7 4 6 = 57 -> 57/18 = 3.167 -> 79.17;
    # service_a2 (1) 28 -> 77.78; service_b (1) 30 -> 83.33.
    per_service = {row["service_name"]: row for row in body["services"]}
    assert set(per_service) == {"KTP-el baru", "Kartu Keluarga", "SKCK"}
    ktp = per_service["KTP-el baru"]
    assert (ktp["respondents"], ktp["ikm"], ktp["index"], ktp["category"]) == (2, 3.167, 79.17, "B")
    assert ktp["agency"] == agency_a.pk and ktp["agency_name"] == "Dispendukcapil"
    assert ktp["elements"]["u4"] == 4.0 and ktp["elements"]["u8"] == 2.0
    assert per_service["Kartu Keluarga"]["index"] == 77.78
    assert per_service["SKCK"]["index"] == 83.33
    # Newest first; the two of 10 Nov in the order they came.
    comments = [item["comment"] for item in body["comments"]]
    assert comments == ["Ruang tunggu panas.", "Cepat.", "Petugas ramah."]
    assert {"created_at", "agency", "agency_name", "service", "service_name"} <= set(
        body["comments"][0]
    )


def test_filters_by_agency_and_service(api_as, manager, sheet, agency_b, service_a2):
    by_agency = api_as(manager).get(URL, {**NOVEMBER, "agency": agency_b.pk}).json()
    by_service = api_as(manager).get(URL, {**NOVEMBER, "service": service_a2.pk}).json()

    assert (by_agency["respondents"], by_agency["index"], by_agency["agency"]) == (
        1,
        83.33,
        agency_b.pk,
    )
    assert [row["agency_name"] for row in by_agency["agencies"]] == ["Polres"]
    assert [c["comment"] for c in by_agency["comments"]] == ["Cepat."]
    # service_a2 alone: 3 4 2 4 3 4 4 1 3 = 28 -> 28/9 = 3.111 -> 77.78 (B)
    assert (by_service["respondents"], by_service["ikm"], by_service["index"]) == (1, 3.111, 77.78)
    assert by_service["service"] == service_a2.pk


def test_dates_are_local_days_inclusive(api_as, manager, sheet):
    one_day = api_as(manager).get(URL, {"date_from": "2026-11-30", "date_to": "2026-11-30"}).json()
    october = api_as(manager).get(URL, {"date_from": "2026-10-31", "date_to": "2026-10-31"}).json()

    assert one_day["respondents"] == 1 and one_day["agencies"][0]["agency_name"] == "Dispendukcapil"
    assert october["respondents"] == 1 and october["index"] == 25.0 and october["category"] == "D"


def test_default_period_is_this_month_to_today(clock, api_as, manager, sheet):
    body = api_as(manager).get(URL).json()

    # The clock says 24 Nov 2026: 1-24 Nov holds the 10 Nov and 1 Nov responses.
    assert (body["date_from"], body["date_to"]) == ("2026-11-01", "2026-11-24")
    assert body["respondents"] == 3


def test_no_respondents_is_a_clear_empty_result(api_as, manager, db):
    body = api_as(manager).get(URL, NOVEMBER).json()

    assert body["respondents"] == 0
    assert body["elements"] == dict.fromkeys(body["elements"])
    assert (body["ikm"], body["index"], body["category"], body["category_label"]) == (
        None,
        None,
        None,
        "",
    )
    assert body["agencies"] == [] and body["comments"] == []


def test_supervisor_reads_only_their_agency(api_as, supervisor_a, sheet, agency_a):
    body = api_as(supervisor_a).get(URL, NOVEMBER).json()

    assert body["respondents"] == 3
    assert body["index"] == 78.7
    assert [row["agency"] for row in body["agencies"]] == [agency_a.pk]
    assert "Cepat." not in [c["comment"] for c in body["comments"]]


def test_supervisor_of_another_agency_is_refused(api_as, supervisor_a, sheet, agency_b, service_b):
    client = api_as(supervisor_a)

    by_agency = client.get(URL, {**NOVEMBER, "agency": agency_b.pk})
    by_service = client.get(URL, {**NOVEMBER, "service": service_b.pk})

    assert by_agency.status_code == by_service.status_code == 403
    assert by_agency.json()["code"] == "forbidden"


def test_supervisor_b_cannot_read_agency_a(api_as, sheet, agency_a, agency_b):
    supervisor_b = factories.UserFactory(role=User.Role.SUPERVISOR, agency=agency_b)

    refused = api_as(supervisor_b).get(URL, {**NOVEMBER, "agency": agency_a.pk})
    own = api_as(supervisor_b).get(URL, NOVEMBER).json()

    assert refused.status_code == 403
    assert own["respondents"] == 1 and own["index"] == 83.33


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "kiosk"])
def test_officers_and_kiosks_are_refused(request, api_as, sheet, persona):
    user = request.getfixturevalue(persona)

    response = api_as(user).get(URL, NOVEMBER)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_is_refused(api, sheet):
    response = api.get(URL, NOVEMBER)

    assert response.status_code in (401, 403)
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"date_to": "kemarin"}, "date_to"),
        ({"date_from": "1999-12-31"}, "date_from"),
        ({"date_to": "9999-12-31"}, "date_to"),
        ({"agency": "abc"}, "agency"),
        ({"agency": "0"}, "agency"),
        ({"agency": str(10**20)}, "agency"),
        ({"agency": "999999"}, "agency"),
        ({"service": "999999"}, "service"),
        ({"service": "-1"}, "service"),
    ],
)
def test_bad_query_values_are_field_errors(api_as, manager, db, query, field):
    response = api_as(manager).get(URL, query)

    assert response.status_code == 400, response.content
    assert_documented_error(response, field)


def test_a_reversed_period_is_refused_in_both_languages(api_as, manager, db):
    query = {"date_from": "2026-11-30", "date_to": "2026-11-01"}

    indonesian = api_as(manager).get(URL, query)
    english = api_as(manager).get(URL, query, HTTP_ACCEPT_LANGUAGE="en")

    assert indonesian.status_code == english.status_code == 400
    assert indonesian.json() == {
        "detail": "Tanggal awal tidak boleh setelah tanggal akhir.",
        "code": "invalid_period",
    }
    assert english.json()["detail"] == "The start date must not be after the end date."


def test_a_period_over_two_years_is_refused(api_as, manager, db):
    response = api_as(manager).get(URL, {"date_from": "2024-01-01", "date_to": "2026-01-02"})

    assert response.status_code == 400
    assert response.json()["code"] == "period_too_long"


def test_english_category_label(api_as, manager, sheet):
    body = api_as(manager).get(URL, NOVEMBER, HTTP_ACCEPT_LANGUAGE="en").json()

    assert body["category_label"] == "Good"


def test_the_report_selector_refuses_non_readers(officer_a, kiosk, db):
    for user in (officer_a, kiosk):
        with pytest.raises(NotAllowed):
            ikm_report(user=user, date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 30))


def test_the_report_makes_a_fixed_number_of_queries(
    api_as, manager, sheet, django_assert_max_num_queries
):
    for _ in range(20):
        service = factories.ServiceFactory()
        response(service, scores(3, 3, 3, 3, 3, 3, 3, 3, 3), at=NOV_10, comment="Oke")
    client = api_as(manager)

    with django_assert_max_num_queries(8):
        body = client.get(URL, NOVEMBER).json()

    assert body["respondents"] == 24 and len(body["agencies"]) == 22


def test_the_selector_survives_the_last_representable_day(manager, db):
    report = ikm_report(user=manager, date_from=dt.date(9999, 12, 1), date_to=dt.date.max)

    assert report.total.empty and report.agencies == []


def test_the_period_is_refused_before_any_figure(manager, db):
    from complaints.survey_errors import ReportPeriodInvalid, ReportPeriodTooLong

    with pytest.raises(ReportPeriodInvalid):
        ikm_report(user=manager, date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 1, 31))
    with pytest.raises(ReportPeriodTooLong):
        ikm_report(user=manager, date_from=dt.date(2024, 1, 1), date_to=dt.date(2026, 1, 1))
    # Exactly 731 days (two years with a leap day) is the longest period.
    assert ikm_report(
        user=manager, date_from=dt.date(2024, 1, 1), date_to=dt.date(2025, 12, 31)
    ).total.empty
