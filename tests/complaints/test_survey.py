"""Answering the satisfaction survey: the service and `POST /api/v1/tickets/<token>/survey/`."""

import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection

from complaints import survey
from complaints.models import SurveyResponse
from complaints.survey import survey_submit
from complaints.survey_errors import (
    SURVEY_REFUSALS,
    SurveyAlreadyAnswered,
    SurveyClosed,
    SurveyCommentTooLong,
    SurveyInvalidScores,
    SurveyNotAvailable,
)
from queues.errors import TicketNotFound
from queues.models import Ticket
from queues.services import ticket_transfer
from tests import factories
from tests.api.test_errors import assert_documented_error
from tests.complaints.survey_support import ALL_FOUR, done_ticket, scores, serve

pytestmark = pytest.mark.django_db

SCORES = scores(4, 3, 3, 4, 3, 4, 4, 2, 3)


def _url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.token}/survey/"


# --- the service ------------------------------------------------------------------


def test_submit_records_the_answers_agency_service_and_serving_officer(
    clock, hours, service_a, counter_a, officer_a, officer_a2
):
    ticket = serve(service=service_a, counter=counter_a, officer=officer_a)

    response = survey_submit(token=ticket.token, answers=SCORES, comment="  Antrean tertib.  ")

    stored = SurveyResponse.objects.get(ticket=ticket)
    assert stored.pk == response.pk
    assert [getattr(stored, e) for e in SCORES] == list(SCORES.values())
    assert stored.agency == service_a.agency and stored.service == service_a
    assert stored.officer == officer_a
    assert stored.comment == "Antrean tertib."
    assert stored.created_at is not None


def test_the_officer_is_the_one_who_finished_the_last_leg(
    clock, hours, service_a, service_b, counter_a, counter_b, officer_a, officer_b
):
    from console.services import counter_open
    from queues.services import ticket_call_next, ticket_finish, ticket_issue, ticket_start

    counter_open(counter=counter_a, officer=officer_a)
    counter_open(counter=counter_b, officer=officer_b)
    ticket = ticket_issue(service=service_a)
    ticket_call_next(counter=counter_a, actor=officer_a)
    ticket = ticket_start(ticket=Ticket.objects.get(pk=ticket.pk), actor=officer_a)
    ticket_transfer(ticket=ticket, service=service_b, actor=officer_a)
    ticket_call_next(counter=counter_b, actor=officer_b)
    ticket = ticket_start(ticket=Ticket.objects.get(pk=ticket.pk), actor=officer_b)
    ticket_finish(ticket=ticket, actor=officer_b)

    response = survey_submit(token=ticket.token, answers=ALL_FOUR)

    assert response.officer == officer_b
    assert response.agency == service_b.agency and response.service == service_b


def test_a_done_ticket_without_a_timeline_has_no_officer(service_a):
    ticket = done_ticket(service_a)

    assert survey_submit(token=ticket.token, answers=ALL_FOUR).officer is None


@pytest.mark.parametrize("status", [s for s in Ticket.Status.values if s != "done"])
def test_only_done_tickets_can_be_surveyed(service_a, counter_a, status):
    at_counter = {"counter": counter_a} if status in Ticket.AT_COUNTER_STATUSES else {}
    ticket = done_ticket(service_a, status=status, **at_counter)

    with pytest.raises(SurveyNotAvailable):
        survey_submit(token=ticket.token, answers=ALL_FOUR)
    assert not SurveyResponse.objects.exists()


def test_a_ticket_is_surveyed_once(service_a):
    ticket = done_ticket(service_a)
    survey_submit(token=ticket.token, answers=ALL_FOUR)

    with pytest.raises(SurveyAlreadyAnswered):
        survey_submit(token=ticket.token, answers=scores(1, 1, 1, 1, 1, 1, 1, 1, 1))
    assert SurveyResponse.objects.get().u1 == 4


def test_every_mapped_name_is_a_constraint_of_the_table():
    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, SurveyResponse._meta.db_table)
    assert set(SURVEY_REFUSALS) <= set(names)


def test_a_second_answer_past_the_check_is_refused_by_the_one_to_one(service_a, monkeypatch):
    ticket = done_ticket(service_a)
    survey_submit(token=ticket.token, answers=ALL_FOUR)
    monkeypatch.setattr(survey, "survey_answered", lambda **_: False)

    with pytest.raises(SurveyAlreadyAnswered):
        survey_submit(token=ticket.token, answers=scores(1, 1, 1, 1, 1, 1, 1, 1, 1))
    assert SurveyResponse.objects.get().u1 == 4


def test_a_constraint_nobody_mapped_stays_an_integrity_error(service_a, monkeypatch):
    ticket = done_ticket(service_a)
    monkeypatch.setattr(survey, "_clean_scores", lambda answers: {**answers, "u3": 0})

    with pytest.raises(IntegrityError, match="survey_u3_1_to_4"):
        survey_submit(token=ticket.token, answers=ALL_FOUR)


def test_unknown_token_is_not_found(db):
    for token in ("x" * 24, "", "../../etc", "a" * 500):
        with pytest.raises(TicketNotFound):
            survey_submit(token=token, answers=ALL_FOUR)


@pytest.mark.parametrize(
    "answers",
    [
        {**ALL_FOUR, "u3": 0},
        {**ALL_FOUR, "u3": 5},
        {**ALL_FOUR, "u3": True},
        {**ALL_FOUR, "u3": 2.0},
        {**ALL_FOUR, "u3": "3"},
        {e: v for e, v in ALL_FOUR.items() if e != "u9"},
        {**ALL_FOUR, "u10": 4},
        [],
        None,
    ],
)
def test_scores_must_be_1_to_4_for_every_element(service_a, answers):
    ticket = done_ticket(service_a)

    with pytest.raises(SurveyInvalidScores):
        survey_submit(token=ticket.token, answers=answers)


def test_a_too_long_comment_is_refused(service_a):
    ticket = done_ticket(service_a)

    with pytest.raises(SurveyCommentTooLong):
        survey_submit(token=ticket.token, answers=ALL_FOUR, comment="x" * 2001)
    survey_submit(token=ticket.token, answers=ALL_FOUR, comment="x" * 2000)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_record_one_response(service_a):
    ticket = done_ticket(service_a)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(score: int) -> None:
        try:
            barrier.wait(timeout=10)
            survey_submit(token=ticket.token, answers=dict.fromkeys(ALL_FOUR, score))
            outcomes.append("saved")
        except SurveyAlreadyAnswered:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(score,)) for score in (2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()

    assert sorted(outcomes) == ["refused", "saved"]
    assert SurveyResponse.objects.filter(ticket=ticket).count() == 1


# --- the API ------------------------------------------------------------------------


def test_api_answers_201(api, service_a):
    ticket = done_ticket(service_a)

    response = api.post(_url(ticket), {"scores": SCORES, "comment": "Cepat"}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ticket"] == ticket.token and body["code"] == ticket.code
    assert body["scores"] == SCORES and body["comment"] == "Cepat"
    assert body["agency"] == service_a.agency_id and body["service"] == service_a.pk
    assert SurveyResponse.objects.get(ticket=ticket).u2 == 3


def test_api_comment_is_optional(api, service_a):
    ticket = done_ticket(service_a)

    response = api.post(_url(ticket), {"scores": ALL_FOUR}, format="json")

    assert response.status_code == 201
    assert SurveyResponse.objects.get().comment == ""


def test_api_refuses_a_ticket_not_done_409_in_both_languages(api, service_a):
    ticket = done_ticket(service_a, status=Ticket.Status.WAITING)

    indonesian = api.post(_url(ticket), {"scores": ALL_FOUR}, format="json")
    english = api.post(_url(ticket), {"scores": ALL_FOUR}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert indonesian.status_code == english.status_code == 409
    assert indonesian.json()["code"] == english.json()["code"] == "survey_not_available"
    assert "setelah layanan selesai" in indonesian.json()["detail"]
    assert "Menunggu" in indonesian.json()["detail"]
    assert "after the service is finished" in english.json()["detail"]
    assert "Waiting" in english.json()["detail"]


def test_api_refuses_a_second_answer_409_in_both_languages(api, service_a):
    ticket = done_ticket(service_a)
    assert api.post(_url(ticket), {"scores": ALL_FOUR}, format="json").status_code == 201

    again = api.post(_url(ticket), {"scores": ALL_FOUR}, format="json")
    english = api.post(_url(ticket), {"scores": ALL_FOUR}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert again.status_code == english.status_code == 409
    assert again.json() == {
        "detail": "Survei kepuasan untuk tiket ini sudah diisi. Terima kasih.",
        "code": "survey_already_answered",
    }
    assert (
        english.json()["detail"]
        == "The satisfaction survey for this ticket has already been answered. Thank you."
    )
    assert SurveyResponse.objects.count() == 1


def test_api_unknown_ticket_404(api, db):
    response = api.post(
        "/api/v1/tickets/AAAAAAAAAAAAAAAAAAAAAAAA/survey/", {"scores": ALL_FOUR}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scores": {**ALL_FOUR, "u1": 5}}, "u1"),
        ({"scores": {**ALL_FOUR, "u4": 0}}, "u4"),
        ({"scores": {**ALL_FOUR, "u2": -3}}, "u2"),
        ({"scores": {**ALL_FOUR, "u2": 10**30}}, "u2"),
        ({"scores": {**ALL_FOUR, "u7": "empat"}}, "u7"),
        ({"scores": {**ALL_FOUR, "u7": 2.5}}, "u7"),
        ({"scores": {**ALL_FOUR, "u7": True}}, "u7"),
        ({"scores": {**ALL_FOUR, "u7": None}}, "u7"),
        ({"scores": {e: v for e, v in ALL_FOUR.items() if e != "u9"}}, "u9"),
        ({"scores": {**ALL_FOUR, "u10": 4}}, "non_field_errors"),
        ({"scores": "4444"}, "non_field_errors"),
        ({"scores": [4, 4, 4, 4, 4, 4, 4, 4, 4]}, "non_field_errors"),
        ({}, "scores"),
        ({"scores": ALL_FOUR, "comment": "x" * 2001}, "comment"),
        ({"scores": ALL_FOUR, "comment": {"a": 1}}, "comment"),
    ],
)
def test_api_bad_scores_are_field_errors(api, service_a, body, field):
    ticket = done_ticket(service_a)

    response = api.post(_url(ticket), body, format="json")

    assert response.status_code == 400, response.content
    assert_documented_error(response)
    errors = response.json()
    # API.md's field-error form: {"field": ["message", ...]}, a score's message names it.
    assert all(isinstance(m, str) for messages in errors.values() for m in messages), errors
    if field in ("scores", "comment"):
        assert field in errors
    elif field == "non_field_errors":
        assert errors["scores"], errors
    else:
        assert any(m.startswith(f"{field}: ") for m in errors["scores"]), errors
    assert not SurveyResponse.objects.exists()


def test_api_field_errors_speak_indonesian_and_english(api, service_a):
    ticket = done_ticket(service_a)
    body = {"scores": {**ALL_FOUR, "u1": 9}}

    indonesian = api.post(_url(ticket), body, format="json").json()
    english = api.post(_url(ticket), body, format="json", HTTP_ACCEPT_LANGUAGE="en").json()

    assert indonesian["scores"][0].startswith("u1: ")
    assert indonesian["scores"] != english["scores"]
    assert english["scores"] == ["u1: Ensure this value is less than or equal to 4."]
    unknown = {"scores": {**ALL_FOUR, "u11": 1}}
    assert api.post(_url(ticket), unknown, format="json").json() == {
        "scores": ["Unsur tidak dikenal: u11. Gunakan u1 sampai u9."]
    }
    assert api.post(_url(ticket), unknown, format="json", HTTP_ACCEPT_LANGUAGE="en").json() == {
        "scores": ["Unknown elements: u11. Use u1 to u9."]
    }


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[", b'{"scores": ' * 5000, b"null", b'"text"', b"\xff\xfe"],
)
def test_api_malformed_bodies_are_4xx_json(api, service_a, raw):
    ticket = done_ticket(service_a)

    response = api.post(_url(ticket), raw, content_type="application/json")

    assert_documented_error(response)
    assert not SurveyResponse.objects.exists()


def test_api_get_is_not_allowed(api, service_a):
    ticket = done_ticket(service_a)

    response = api.get(_url(ticket))

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_api_survey_needs_no_account_and_ignores_the_caller(api_as, officer_b, service_a):
    ticket = done_ticket(service_a)

    response = api_as(officer_b).post(_url(ticket), {"scores": ALL_FOUR}, format="json")

    assert response.status_code == 201
    assert SurveyResponse.objects.get().officer is None


def test_served_through_the_api_then_surveyed(
    clock, hours, api, api_as, service_a, counter_a, officer_a
):
    ticket = factories.TicketFactory(service=service_a)
    staff = api_as(officer_a)
    assert staff.post(f"/api/v1/counters/{counter_a.pk}/open/").status_code == 200
    assert staff.post(f"/api/v1/counters/{counter_a.pk}/call-next/").status_code == 200
    assert staff.post(f"/api/v1/tickets/{ticket.token}/start/").status_code == 200
    early = api.post(_url(ticket), {"scores": ALL_FOUR}, format="json")
    assert staff.post(f"/api/v1/tickets/{ticket.token}/finish/").status_code == 200

    response = api.post(_url(ticket), {"scores": ALL_FOUR}, format="json")

    assert early.status_code == 409
    assert response.status_code == 201
    assert SurveyResponse.objects.get().officer == officer_a


# --- the answering window ----------------------------------------------------------


def test_the_survey_closes_survey_window_days_after_the_service(settings, service_a, clock):
    import datetime as dt

    from django.utils import timezone

    settings.SURVEY_WINDOW_DAYS = 30
    served_at = timezone.now()
    late = done_ticket(service_a, finished_at=served_at)
    in_time = done_ticket(service_a, finished_at=served_at)

    clock.shift(dt.timedelta(days=30, minutes=-1))
    assert survey_submit(token=in_time.token, answers=ALL_FOUR).ticket_id == in_time.pk
    clock.shift(dt.timedelta(minutes=2))
    with pytest.raises(SurveyClosed) as refused:
        survey_submit(token=late.token, answers=ALL_FOUR)
    assert "30 hari" in str(refused.value.detail)
    assert not SurveyResponse.objects.filter(ticket=late).exists()


def test_api_refuses_a_closed_survey_409_in_english(api, settings, service_a, clock):
    import datetime as dt

    from django.utils import timezone

    settings.SURVEY_WINDOW_DAYS = 7
    ticket = done_ticket(service_a, finished_at=timezone.now() - dt.timedelta(days=8))

    response = api.post(
        _url(ticket), {"scores": ALL_FOUR}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "survey_closed"
    assert "7 days" in response.json()["detail"]
