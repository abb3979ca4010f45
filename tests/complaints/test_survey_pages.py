"""The survey pages: `/survey/<token>/`, the ticket page's link, the kiosk survey,
and the printable IKM report `/dashboard/reports/ikm/`."""

import datetime as dt
import re

import pytest
from django.test import Client

from complaints.models import SURVEY_ELEMENTS, SurveyResponse
from queues.models import Ticket
from tests.complaints.survey_support import ALL_FOUR, done_ticket, response, scores
from tests.conftest import WIB

pytestmark = pytest.mark.django_db

REPORT = "/dashboard/reports/ikm/"


def _page(ticket) -> str:
    return f"/survey/{ticket.token}/"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(values: dict[str, int], comment: str = "") -> dict[str, str]:
    return {**{key: str(value) for key, value in values.items()}, "comment": comment}


# --- /survey/<token>/ -----------------------------------------------------------------


def test_the_survey_shows_nine_radio_groups_with_the_regulations_answers(client, service_a):
    ticket = done_ticket(service_a)

    response = client.get(_page(ticket))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<fieldset class="s-question"') == 9
    assert html.count('type="radio"') == 36
    for element in SURVEY_ELEMENTS:
        for score in range(1, 5):
            assert f'<label class="s-option" for="{element}-{score}">' in html
            assert f'id="{element}-{score}" value="{score}"' in html
    # u1 persyaratan, u3 waktu, u4 biaya, u8 pengaduan, u9 sarana (PermenPANRB 14/2017)
    for label in (
        "Tidak sesuai",
        "Sangat sesuai",
        "Kurang cepat",
        "Sangat cepat",
        "Sangat mahal",
        "Cukup mahal",
        "Gratis",
        "Ada tetapi tidak berfungsi",
        "Dikelola dengan baik",
        "Sangat sopan dan ramah",
    ):
        assert label in html
    assert '<label for="s-comment">' in html
    assert ticket.code in html
    assert 'name="robots" content="noindex"' in html


def test_the_answers_run_worst_to_best_per_element(client, service_a):
    html = client.get(_page(done_ticket(service_a))).content.decode()

    def label(element: str, score: int) -> str:
        block = html.split(f'for="{element}-{score}">', 1)[1]
        return re.search(r'<span class="s-label">([^<]+)</span>', block)[1]

    assert [label("u4", s) for s in range(1, 5)] == [
        "Sangat mahal",
        "Cukup mahal",
        "Murah",
        "Gratis",
    ]
    assert [label("u3", s) for s in range(1, 5)] == [
        "Tidak cepat",
        "Kurang cepat",
        "Cepat",
        "Sangat cepat",
    ]


def test_sending_the_form_saves_and_thanks(client, service_a):
    ticket = done_ticket(service_a)

    response = client.post(_page(ticket), _form(scores(4, 3, 2, 4, 3, 3, 4, 1, 2), "Mantap"))

    assert response.status_code == 302
    assert response["Location"] == _page(ticket) + "?sent=1"
    stored = SurveyResponse.objects.get(ticket=ticket)
    assert (stored.u3, stored.u8, stored.comment) == (2, 1, "Mantap")
    thanks = client.get(response["Location"]).content.decode()
    assert "Terima kasih!" in thanks and "Penilaian Anda sudah kami terima" in thanks
    assert 'id="s-form"' not in thanks


def test_a_missing_answer_keeps_the_others_and_says_which(client, service_a):
    ticket = done_ticket(service_a)
    answers = _form({e: 3 for e in SURVEY_ELEMENTS if e != "u6"}, "Komentar saya")

    response = client.post(_page(ticket), answers)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Mohon jawab semua pertanyaan (1 belum dijawab)." in html
    assert 'id="q-u6" aria-invalid="true"' in html
    assert 'id="u1-3" value="3" required checked' in html
    assert "Komentar saya" in html
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("bad", ["0", "5", "abc", "3.0", "", "\uff11"])
def test_a_score_outside_1_to_4_is_not_accepted(client, service_a, bad):
    ticket = done_ticket(service_a)

    response = client.post(_page(ticket), {**_form(ALL_FOUR), "u2": bad})

    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_a_ticket_not_done_shows_why(client, service_a):
    ticket = done_ticket(service_a, status=Ticket.Status.WAITING)

    get = client.get(_page(ticket))
    post = client.post(_page(ticket), _form(ALL_FOUR))

    assert get.status_code == 200
    assert "Survei belum dapat diisi" in get.content.decode()
    assert "Status tiket ini: Menunggu" in get.content.decode()
    assert 'id="s-form"' not in get.content.decode()
    assert post.status_code == 409
    assert not SurveyResponse.objects.exists()


def test_a_second_answer_is_refused_with_thanks(client, service_a):
    ticket = done_ticket(service_a)
    client.post(_page(ticket), _form(ALL_FOUR))

    again = client.post(_page(ticket), _form(scores(1, 1, 1, 1, 1, 1, 1, 1, 1)))
    page = client.get(_page(ticket)).content.decode()

    assert again.status_code == 409
    assert "sudah diisi" in again.content.decode()
    assert "sudah diisi" in page and 'id="s-form"' not in page
    assert SurveyResponse.objects.get().u1 == 4


def test_unknown_ticket_is_404(client, db):
    assert client.get("/survey/AAAAAAAAAAAAAAAAAAAAAAAA/").status_code == 404
    assert client.post("/survey/%00%00/", _form(ALL_FOUR)).status_code == 404


def test_the_survey_in_english(client, service_a):
    ticket = done_ticket(service_a)
    client.cookies["django_language"] = "en"

    html = client.get(_page(ticket)).content.decode()

    assert "Satisfaction survey" in html
    assert "Free" in html and "Very expensive" in html


def test_no_personal_data_on_the_survey(client, service_a):
    ticket = done_ticket(service_a, name="Siti Aminah", phone="+6281234567890", nik_last4="0001")

    html = client.get(_page(ticket)).content.decode()

    assert "Siti Aminah" not in html and "+6281234567890" not in html


# --- the ticket page's link ----------------------------------------------------------


def test_the_ticket_page_links_the_survey_once_done(client, service_a):
    done = done_ticket(service_a)
    waiting = done_ticket(service_a, status=Ticket.Status.WAITING)

    done_html = client.get(f"/t/{done.token}/").content.decode()
    waiting_html = client.get(f"/t/{waiting.token}/").content.decode()

    assert (
        f'<p class="t-survey" id="t-survey"><a class="t-button" href="/survey/{done.token}/">'
        in done_html
    )
    assert (
        f'<p class="t-survey" id="t-survey" hidden><a class="t-button" '
        f'href="/survey/{waiting.token}/">' in waiting_html
    )


def test_the_ticket_page_thanks_once_the_survey_is_answered(client, service_a):
    ticket = done_ticket(service_a)
    client.post(_page(ticket), _form(ALL_FOUR))

    html = client.get(f"/t/{ticket.token}/").content.decode()

    assert "Terima kasih, Anda sudah mengisi survei kepuasan." in html
    assert f'href="/survey/{ticket.token}/"' not in html


# --- the kiosk --------------------------------------------------------------------------


def test_the_kiosk_home_offers_the_survey(clock, hours, kiosk, service_a, counter_a):
    html = _as(kiosk).get("/kiosk/").content.decode()

    assert 'action="/kiosk/survey/"' in html and "Survei kepuasan" in html


def test_kiosk_survey_by_typed_code(clock, kiosk, service_a):
    ticket = done_ticket(service_a, number=7, nik_hash="x" * 64, nik_last4="4321")
    client = _as(kiosk)

    start = client.get("/kiosk/survey/")
    found = client.post(
        "/kiosk/survey/", {"action": "find", "value": f"a 00{ticket.number}", "nik4": "4321"}
    )
    sent = client.post(
        "/kiosk/survey/",
        {"action": "answer", "token": ticket.token, **_form(ALL_FOUR, "Dari kiosk")},
    )

    assert start.status_code == 200 and 'name="value"' in start.content.decode()
    assert found.status_code == 200
    assert found.content.decode().count('type="radio"') == 36
    assert ticket.token in found.content.decode()
    assert sent.status_code == 200
    assert "Terima kasih!" in sent.content.decode()
    assert 'http-equiv="refresh"' in sent.content.decode()
    assert SurveyResponse.objects.get(ticket=ticket).comment == "Dari kiosk"


def test_kiosk_survey_by_scanned_ticket_url(clock, kiosk, service_a):
    ticket = done_ticket(service_a)

    found = _as(kiosk).post(
        "/kiosk/survey/", {"action": "find", "value": f"https://mpp.example/t/{ticket.token}/"}
    )

    assert found.status_code == 200 and ticket.token in found.content.decode()


def test_kiosk_survey_refusals(clock, kiosk, service_a):
    waiting = done_ticket(service_a, status=Ticket.Status.WAITING)
    answered = done_ticket(service_a)
    SurveyResponse.objects.create(
        ticket=answered,
        agency=service_a.agency,
        service=service_a,
        created_at=answered.issued_at,
        **ALL_FOUR,
    )
    client = _as(kiosk)

    empty = client.post("/kiosk/survey/", {"action": "find", "value": "  "})
    unknown = client.post("/kiosk/survey/", {"action": "find", "value": "Z-999?"})
    not_done = client.post("/kiosk/survey/", {"action": "find", "value": waiting.token})
    twice = client.post("/kiosk/survey/", {"action": "find", "value": answered.token})
    forged = client.post("/kiosk/survey/", {"action": "answer", "token": "nope", **_form(ALL_FOUR)})

    assert (
        empty.status_code == unknown.status_code == not_done.status_code == twice.status_code == 400
    )
    assert "Kode tidak dikenali" in unknown.content.decode()
    assert "setelah layanan selesai" in not_done.content.decode()
    assert "sudah diisi" in twice.content.decode()
    assert forged.status_code == 404
    assert SurveyResponse.objects.count() == 1


def test_kiosk_survey_missing_answer_stays_on_the_form(clock, kiosk, service_a):
    ticket = done_ticket(service_a)
    partial = dict.fromkeys(SURVEY_ELEMENTS[:5], "2")

    response = _as(kiosk).post(
        "/kiosk/survey/", {"action": "answer", "token": ticket.token, **partial}
    )

    assert response.status_code == 400
    assert "4 belum dijawab" in response.content.decode()
    assert 'id="u1-2" value="2" required checked' in response.content.decode()


def test_kiosk_survey_in_english(clock, kiosk, service_a):
    html = _as(kiosk).get("/kiosk/survey/?lang=en").content.decode()

    assert "Satisfaction survey" in html
    assert 'name="lang" value="en"' in html


def test_kiosk_survey_is_for_the_kiosk(client, officer_a, supervisor_a, db):
    anonymous = client.get("/kiosk/survey/")

    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert _as(officer_a).get("/kiosk/survey/").status_code == 403
    assert (
        _as(supervisor_a).post("/kiosk/survey/", {"action": "find", "value": "A-001"}).status_code
        == 403
    )


# --- the printable report --------------------------------------------------------------


@pytest.fixture
def answers(service_a, service_b):
    at = dt.datetime(2026, 11, 10, 10, tzinfo=WIB)
    response(service_a, scores(4, 4, 3, 4, 3, 3, 4, 2, 3), at=at, comment="Petugas ramah.")
    response(service_a, scores(3, 3, 3, 4, 3, 3, 3, 2, 3), at=at)
    response(service_a, scores(3, 4, 2, 4, 3, 4, 4, 1, 3), at=at)
    response(service_b, scores(4, 3, 3, 4, 4, 3, 4, 3, 2), at=at, comment="Polres cepat.")


NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


def test_manager_prints_the_report(manager, answers):
    response = _as(manager).get(REPORT, NOVEMBER)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="ikm-respondents">4<' in html
    # Indonesian number format: a decimal comma.
    assert 'id="ikm-value">3,194<' in html
    assert 'id="ikm-index">79,86<' in html
    assert "<strong>B</strong> (Baik)" in html
    assert "1 November 2026 sampai 30 November 2026" in html
    # The element table: u3 NRR 2.750, weighted 2.75 / 9 = 0.306.
    assert (
        '<th scope="row">U3</th><td>Waktu penyelesaian</td>'
        '<td class="num">2,750</td><td class="num">0,306</td>' in html
    )
    assert "Dispendukcapil" in html and "Polres" in html
    # Per service: KTP-el baru 3 respondents, 85 points -> 78.70; SKCK 30 points -> 83.33.
    assert '<th scope="row">KTP-el baru</th><td>Dispendukcapil</td><td class="num">3</td>' in html
    assert '<td class="num">78,70</td>' in html and '<td class="num">83,33</td>' in html
    assert "Petugas ramah." in html and "Polres cepat." in html
    assert "88,31\u2013100,00" in html and "25,00\u201364,99" in html
    assert "complaints/ikm.css" in html


def test_report_print_css_hides_the_chrome():
    from django.contrib.staticfiles import finders

    with open(finders.find("complaints/ikm.css"), encoding="utf-8") as file:
        css = file.read()

    assert "@media print" in css
    assert ".site-header" in css.split("@media print", 1)[1]


def test_supervisor_sees_their_agency_only(supervisor_a, answers):
    html = _as(supervisor_a).get(REPORT, NOVEMBER).content.decode()

    assert 'id="ikm-respondents">3<' in html
    assert "Polres cepat." not in html
    assert '<option value="">Semua instansi</option>' not in html


def test_supervisor_of_another_agency_is_refused(supervisor_a, answers, agency_b, service_b):
    client = _as(supervisor_a)

    by_agency = client.get(REPORT, {**NOVEMBER, "agency": agency_b.pk})
    by_service = client.get(REPORT, {**NOVEMBER, "service": service_b.pk})

    assert by_agency.status_code == by_service.status_code == 403
    assert "instansi Anda sendiri" in by_agency.content.decode()
    assert "Polres cepat." not in by_agency.content.decode()


@pytest.mark.parametrize("persona", ["officer_a", "kiosk"])
def test_officers_and_kiosks_are_refused_the_report(request, persona, answers):
    response = _as(request.getfixturevalue(persona)).get(REPORT, NOVEMBER)

    assert response.status_code == 403
    assert "Petugas ramah." not in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(REPORT)

    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-11-30", "date_to": "2026-11-01"}, "Tanggal awal tidak boleh setelah"),
        ({"date_from": "bukan-tanggal"}, "Format"),
        ({"agency": "999999"}, "Instansi tidak ditemukan."),
        ({"date_from": "0001-01-01", "date_to": "9999-12-31"}, "Tanggal harus antara"),
    ],
)
def test_bad_filters_show_an_error(manager, db, query, message):
    response = _as(manager).get(REPORT, query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="ikm-errors"' in response.content.decode()


def test_an_empty_period_says_so(manager, db):
    html = _as(manager).get(REPORT, NOVEMBER).content.decode()

    assert 'id="ikm-empty"' in html and "Belum ada responden" in html


def test_the_report_in_english(manager, answers):
    client = _as(manager)
    client.cookies["django_language"] = "en"

    html = client.get(REPORT, NOVEMBER).content.decode()

    assert "Community Satisfaction Index" in html
    assert "<strong>B</strong> (Good)" in html
    assert 'id="ikm-index">79.86<' in html
