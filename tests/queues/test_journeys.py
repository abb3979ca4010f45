"""Journeys (paket layanan, README "Journeys"): one ticket and one code through several
lines in turn, moving on when a stage finishes and keeping the transfer's queue-time rule.

Clock frozen at Tuesday 2026-11-24 09:00 WIB. Lines: A (KTP-el baru, Dispendukcapil,
counter 1 in "Gerai Dukcapil"), S (SKCK, Polres, counter 3 in "Gerai Polres", floor 2),
B (Kartu Keluarga, Dispendukcapil, counter 1).
"""

import datetime as dt

import pytest

from agencies.models import Journey, JourneyStage
from mpp.lib.errors import NotAllowed
from queues import errors
from queues.journeys import ticket_journey
from queues.models import Ticket, TicketEvent
from queues.services import (
    ticket_book,
    ticket_call_next,
    ticket_cancel,
    ticket_check_in,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_start,
)
from reports.performance import performance
from tests.conftest import at
from tests.pow import solved

pytestmark = pytest.mark.usefixtures("clock", "hours")

S = Ticket.Status
K = TicketEvent.Kind
NIK = "3574014501900001"


@pytest.fixture
def journey(service_a, service_b, service_a2, booth_b):
    booth_b.floor = "2"
    booth_b.save()
    journey = Journey.objects.create(code="pindah", name="Pindah domisili")
    for position, service in enumerate((service_a, service_b, service_a2), start=1):
        JourneyStage.objects.create(journey=journey, position=position, service=service)
    return journey


def serve(counter, officer) -> Ticket:
    """Call the next ticket at `counter`, start and finish it."""
    ticket = ticket_call_next(counter=counter, actor=officer)
    ticket_start(ticket=ticket, actor=officer)
    return ticket_finish(ticket=ticket, actor=officer)


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def states(ticket: Ticket) -> list[str]:
    steps = ticket_journey(fresh(ticket))
    assert steps is not None
    return [step.status for step in steps]


# --- issuing ---------------------------------------------------------------------------------


def test_a_journey_ticket_is_issued_in_its_first_line(journey, service_a, service_b, service_a2):
    ticket = ticket_issue(service=service_a, journey=journey)

    ticket = fresh(ticket)
    assert (ticket.code, ticket.service_id, ticket.journey_id) == (
        "A-001",
        service_a.pk,
        journey.pk,
    )
    assert ticket.journey_plan == [service_a.pk, service_b.pk, service_a2.pk]
    assert ticket.journey_stage == 0
    assert states(ticket) == ["current", "next", "next"]


def test_a_journey_starts_only_at_its_first_stage(journey, service_b):
    with pytest.raises(errors.JourneyStartsElsewhere) as refused:
        ticket_issue(service=service_b, journey=journey)
    assert "KTP-el baru" in str(refused.value.detail)
    assert not Ticket.objects.exists()


def test_a_journey_with_an_inactive_stage_is_refused(journey, service_a, service_b):
    service_b.is_active = False
    service_b.save()
    with pytest.raises(errors.JourneyUnavailable):
        ticket_issue(service=service_a, journey=journey)


def test_a_plain_ticket_has_no_journey(service_a):
    assert ticket_journey(ticket_issue(service=service_a)) is None


def test_a_journey_can_be_booked_and_checked_in(clock, journey, service_a):
    booked = ticket_book(
        service=service_a,
        day=dt.date(2026, 11, 24),
        slot_start=dt.time(9, 30),
        nik=NIK,
        journey=journey,
    )
    assert fresh(booked).journey_id == journey.pk
    ticket = ticket_check_in(ticket=booked)
    assert ticket.status == S.WAITING and states(ticket) == ["current", "next", "next"]


# --- moving on -------------------------------------------------------------------------------


def test_finishing_a_stage_sends_the_same_ticket_to_the_next_line(
    clock, journey, open_a, officer_a, service_a, service_b
):
    ticket = ticket_issue(service=service_a, journey=journey)
    token, queued_at = ticket.token, ticket.queued_at
    clock.move_to(at(9, 10))

    moved = serve(open_a, officer_a)

    ticket = fresh(ticket)
    assert moved.pk == ticket.pk
    assert (ticket.token, ticket.code, ticket.queued_at) == (token, "A-001", queued_at)
    assert (ticket.status, ticket.service_id, ticket.counter_id) == (S.WAITING, service_b.pk, None)
    assert (ticket.called_at, ticket.started_at, ticket.finished_at) == (None, None, None)
    assert ticket.journey_stage == 1
    event = TicketEvent.objects.filter(ticket=ticket).last()
    assert (event.kind, event.actor_id, event.counter_id) == (
        K.TRANSFERRED,
        officer_a.pk,
        open_a.pk,
    )
    assert (event.from_status, event.to_status, event.service_id) == (
        S.SERVING,
        S.WAITING,
        service_b.pk,
    )
    assert event.note == "paket pindah 2/3: A -> S"
    assert states(ticket) == ["done", "current", "next"]


def test_the_next_line_keeps_the_queue_time_of_the_first(
    clock, journey, open_a, open_b, officer_a, officer_b, service_a, service_b
):
    ticket_issue(service=service_a, journey=journey)  # queued 09:00
    clock.move_to(at(9, 5))
    later = ticket_issue(service=service_b)  # S-001, queued 09:05
    clock.move_to(at(9, 20))
    serve(open_a, officer_a)  # the journey ticket joins S at 09:20, queued as of 09:00

    first = ticket_call_next(counter=open_b, actor=officer_b)

    assert first.code == "A-001"
    assert fresh(later).status == S.WAITING


def test_the_last_stage_finishes_the_journey(
    clock, journey, open_a, open_b, officer_a, officer_b, service_a, service_a2
):
    ticket = ticket_issue(service=service_a, journey=journey)
    serve(open_a, officer_a)
    serve(open_b, officer_b)
    assert fresh(ticket).service_id == service_a2.pk
    clock.move_to(at(9, 40))

    done = serve(open_a, officer_a)

    ticket = fresh(ticket)
    assert done.pk == ticket.pk and ticket.status == S.DONE
    assert ticket.finished_at == at(9, 40) and ticket.code == "A-001"
    assert states(ticket) == ["done", "done", "done"]
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", "service__prefix"))
    assert kinds == [
        (K.ISSUED, "A"),
        (K.CALLED, "A"),
        (K.STARTED, "A"),
        (K.TRANSFERRED, "S"),
        (K.CALLED, "S"),
        (K.STARTED, "S"),
        (K.TRANSFERRED, "B"),
        (K.CALLED, "B"),
        (K.STARTED, "B"),
        (K.FINISHED, "B"),
    ]


def test_each_stage_is_credited_to_its_officer_in_the_reports(
    journey, open_a, open_b, officer_a, officer_b, service_a, service_b, service_a2
):
    ticket_issue(service=service_a, journey=journey)
    serve(open_a, officer_a)
    serve(open_b, officer_b)
    serve(open_a, officer_a)

    report = performance(date_from=at(0).date(), date_to=at(0).date())

    served = {row["service"]: row["served"] for row in report.services if row["served"]}
    assert served == {service_a.pk: 1, service_b.pk: 1, service_a2.pk: 1}


def test_an_officer_of_another_agency_cannot_finish_a_stage(
    journey, open_a, officer_a, officer_b, service_a
):
    ticket_issue(service=service_a, journey=journey)
    ticket = ticket_call_next(counter=open_a, actor=officer_a)
    ticket_start(ticket=ticket, actor=officer_a)

    with pytest.raises(NotAllowed):
        ticket_finish(ticket=ticket, actor=officer_b)
    assert fresh(ticket).status == S.SERVING


# --- a missed call, a cancel ---------------------------------------------------------------


def test_a_no_show_keeps_the_rest_of_the_journey(
    journey, open_a, open_b, officer_a, officer_b, service_a, service_b
):
    ticket = ticket_issue(service=service_a, journey=journey)
    serve(open_a, officer_a)
    called = ticket_call_next(counter=open_b, actor=officer_b)

    ticket_no_show(ticket=called, actor=officer_b)

    ticket = fresh(ticket)
    assert (ticket.status, ticket.service_id, ticket.journey_stage) == (S.NO_SHOW, service_b.pk, 1)
    assert ticket.journey_plan[2:] == [journey.stages.get(position=3).service_id]
    assert states(ticket) == ["done", "missed", "next"]


def test_a_no_show_ticket_back_in_line_carries_on_its_journey(
    journey, open_a, open_b, officer_a, officer_b, service_a, service_a2
):
    """Whatever puts a missed ticket back in its line (a rejoin), the journey goes on
    from that stage: the plan and the stage stay on the ticket."""
    from queues.services import _transition

    ticket = ticket_issue(service=service_a, journey=journey)
    serve(open_a, officer_a)
    ticket_no_show(ticket=ticket_call_next(counter=open_b, actor=officer_b), actor=officer_b)
    ticket = fresh(ticket)
    _transition(
        ticket,
        from_statuses=[S.NO_SHOW],
        kind=K.CHECKED_IN,
        actor=None,
        at=at(9, 30),
        status=S.WAITING,
        finished_at=None,
    )

    serve(open_b, officer_b)

    ticket = fresh(ticket)
    assert (ticket.status, ticket.service_id) == (S.WAITING, service_a2.pk)
    assert states(ticket) == ["done", "done", "current"]


def test_cancelling_ends_the_whole_journey(journey, service_a):
    ticket = ticket_issue(service=service_a, journey=journey)
    ticket_cancel(ticket=ticket)
    assert states(ticket) == ["cancelled", "cancelled", "cancelled"]


# --- the API ---------------------------------------------------------------------------------


def test_journeys_are_listed_with_their_stages(api, journey, service_a, service_b, service_a2):
    Journey.objects.create(code="kosong", name="Tanpa tahap")  # fewer than 2 stages: hidden

    body = api.get("/api/v1/journeys/").json()

    assert [j["code"] for j in body] == ["pindah"]
    stages = body[0]["stages"]
    assert [(s["position"], s["service"], s["prefix"]) for s in stages] == [
        (1, service_a.pk, "A"),
        (2, service_b.pk, "S"),
        (3, service_a2.pk, "B"),
    ]
    assert stages[1]["agency_name"] == "Polres"


def test_kiosk_issues_a_journey_ticket(api_as, kiosk, journey, counter_a, counter_b, service_a):
    response = api_as(kiosk).post(
        "/api/v1/kiosk/tickets/", {"service": service_a.pk, "journey": journey.pk}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == "A-001" and body["status"] == "waiting"
    assert body["journey"]["name"] == "Pindah domisili" and body["journey"]["stage"] == 1
    stages = body["journey"]["stages"]
    assert [s["status"] for s in stages] == ["current", "next", "next"]
    assert stages[1]["booths"] == [{"label": "Gerai Polres", "floor": "2"}]
    assert stages[1]["agency_name"] == "Polres"


def test_a_plain_ticket_answers_journey_null(api_as, kiosk, service_a):
    response = api_as(kiosk).post("/api/v1/kiosk/tickets/", {"service": service_a.pk})
    assert response.status_code == 201 and response.json()["journey"] is None


def test_booking_a_journey_through_the_api(api, journey, service_a):
    response = api.post(
        "/api/v1/bookings/",
        {
            "service": service_a.pk,
            "journey": journey.pk,
            "date": "2026-11-25",
            "slot_start": "10:00",
            "nik": NIK,
            "phone": "081234567890",
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["journey"]["code"] == "pindah"
    assert response.json()["status"] == "booked"


@pytest.mark.parametrize(
    ("language", "words"), [("id", "dimulai di layanan KTP-el baru"), ("en", "starts at")]
)
def test_a_journey_from_the_wrong_line_is_a_clear_400(
    api_as, kiosk, journey, service_b, language, words
):
    response = api_as(kiosk).post(
        "/api/v1/kiosk/tickets/",
        {"service": service_b.pk, "journey": journey.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 400
    assert response.json()["code"] == "journey_wrong_service"
    assert words in response.json()["detail"]


@pytest.mark.parametrize(
    ("value", "language", "words"),
    [
        (999999, "id", "tidak ditemukan"),
        (999999, "en", "not found"),
        ("abc", "en", "number"),
        (True, "id", "angka"),
    ],
)
def test_a_bad_journey_id_is_a_field_error(api_as, kiosk, service_a, value, language, words):
    response = api_as(kiosk).post(
        "/api/v1/kiosk/tickets/",
        {"service": service_a.pk, "journey": value},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 400
    assert words in response.json()["journey"][0]


def test_finish_through_the_api_answers_the_next_line(
    api_as, journey, open_a, officer_a, service_a, service_b
):
    ticket_issue(service=service_a, journey=journey)
    ticket = ticket_call_next(counter=open_a, actor=officer_a)
    ticket_start(ticket=ticket, actor=officer_a)

    response = api_as(officer_a).post(f"/api/v1/tickets/{ticket.token}/finish/")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["service"], body["code"]) == ("waiting", service_b.pk, "A-001")
    assert body["journey"]["stage"] == 2


def test_the_next_counters_console_queue_shows_the_same_code(
    api_as, journey, open_a, open_b, officer_a, officer_b, service_a
):
    ticket_issue(service=service_a, journey=journey)
    serve(open_a, officer_a)

    queue = api_as(officer_b).get(f"/api/v1/counters/{open_b.pk}/queue/").json()

    codes = [t["code"] for t in (queue["results"] if isinstance(queue, dict) else queue)]
    assert codes == ["A-001"]


# --- the ticket page -------------------------------------------------------------------------


def test_the_ticket_page_shows_done_now_next_and_where(
    client, journey, open_a, officer_a, counter_b, service_a
):
    ticket = ticket_issue(service=service_a, journey=journey)
    serve(open_a, officer_a)

    page = client.get(f"/t/{ticket.token}/").content.decode()

    section = page.split('id="t-journey"')[1].split("</section>")[0]
    assert "Pindah domisili" in section
    assert [part.split('"')[0] for part in section.split('data-status="')[1:]] == [
        "done",
        "current",
        "next",
    ]
    assert "Gerai Polres, lantai 2" in section
    assert "Selanjutnya" in section and "Kartu Keluarga" in section


def test_the_ticket_page_in_english_after_a_no_show(
    client, journey, open_a, open_b, officer_a, officer_b, service_a
):
    ticket = ticket_issue(service=service_a, journey=journey)
    serve(open_a, officer_a)
    ticket_no_show(ticket=ticket_call_next(counter=open_b, actor=officer_b), actor=officer_b)

    page = client.get(f"/t/{ticket.token}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    section = page.split('id="t-journey"')[1].split("</section>")[0]
    assert "Missed the call" in section
    assert "not cancelled" in section


def test_a_plain_ticket_page_has_no_journey(client, service_a):
    ticket = ticket_issue(service=service_a)
    assert 'id="t-journey"' not in client.get(f"/t/{ticket.token}/").content.decode()


# --- the booking page ------------------------------------------------------------------------


def test_the_booking_page_offers_the_journeys_starting_here(client, journey, service_a):
    page = client.get(f"/book/{service_a.pk}/").content.decode()

    offer = page.split('id="journeys-here"')[1].split("</section>")[0]
    assert f'href="?journey={journey.pk}"' in offer and "Pindah domisili" in offer


def test_booking_a_journey_on_the_booking_page(client, journey, service_a, service_b):
    chosen = client.get(f"/book/{service_a.pk}/?journey={journey.pk}").content.decode()
    assert 'id="journey-chosen"' in chosen and "SKCK" in chosen
    assert f'name="journey" value="{journey.pk}"' in chosen
    assert f"&amp;journey={journey.pk}#slots" in chosen  # calendar links keep the choice

    response = client.post(
        f"/book/{service_a.pk}/",
        {
            "date": "2026-11-25",
            "slot": "10:00",
            "nik": NIK,
            "phone": "081234567890",
            "priority": "regular",
            "journey": str(journey.pk),
            "altcha": solved(),
        },
    )

    assert response.status_code == 303
    ticket = Ticket.objects.get()
    assert ticket.journey_id == journey.pk and ticket.status == S.BOOKED


def test_the_booking_page_ignores_a_journey_starting_elsewhere(client, journey, service_b):
    page = client.get(f"/book/{service_b.pk}/?journey={journey.pk}").content.decode()
    assert 'id="journey-chosen"' not in page
