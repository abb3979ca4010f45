"""Planned closures: the notifications of a request and its decision, and the effect
on new tickets while a closure is in force (the request, decision and log are in
test_closures.py; the clock and the lines as there)."""

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from agencies.models import User
from closures import errors
from closures.selectors import _covered_until, service_closed_until, until_text
from closures.services import closure_approve, closure_cancel, closure_refuse, closure_request
from closures.tasks import notify_closure_decided, notify_closure_requested
from queues import errors as queue_errors
from queues.models import Ticket
from queues.services import ticket_book, ticket_issue
from tests import factories
from tests.closures.closure_support import NIK, approved, request_counter
from tests.conftest import TUESDAY_9AM, WIB, at

pytestmark = pytest.mark.usefixtures("clock", "hours", "outbox")


def test_managers_hear_of_a_request_once_committed(
    django_capture_on_commit_callbacks, outbox, counter_a, officer_a, manager, manager2
):
    with django_capture_on_commit_callbacks(execute=True):
        request_counter(counter_a, officer_a, end=at(11, 30))

    assert sorted(m.phone for m in outbox) == ["manager2@mpp.test", "manager@mpp.test"]
    assert {m.kind for m in outbox} == {"closure_requested"}
    text = outbox[0].text
    assert "24-11-2026 09:00-11:30 WIB" in text and "Perbaikan jaringan" in text
    assert counter_a.label in text and "Dispendukcapil" in text


def test_the_request_message_is_sent_once_however_often_the_task_runs(
    outbox, counter_a, officer_a, manager
):
    closure = request_counter(counter_a, officer_a)

    assert notify_closure_requested(closure.pk) == 1
    assert notify_closure_requested(closure.pk) == 0
    assert len(outbox) == 1


def test_a_request_already_decided_is_not_announced(outbox, counter_a, officer_a, manager):
    closure = request_counter(counter_a, officer_a)
    closure_approve(closure=closure, actor=manager)

    assert notify_closure_requested(closure.pk) == 0
    assert notify_closure_requested(999_999) == 0
    assert outbox == []


def test_managers_without_an_email_are_skipped(outbox, counter_a, officer_a, manager):
    factories.UserFactory(username="no-mail", role=User.Role.MANAGER, agency=None, email="")
    closure = request_counter(counter_a, officer_a)

    assert notify_closure_requested(closure.pk) == 1


def test_a_manager_with_a_phone_gets_it_there(outbox, counter_a, officer_a, manager):
    factories.UserFactory(
        username="phoned", role=User.Role.MANAGER, agency=None, email="", phone="081298765432"
    )
    closure = request_counter(counter_a, officer_a)

    assert notify_closure_requested(closure.pk) == 2
    assert "+6281298765432" in {m.phone for m in outbox}


def test_requester_hears_the_decision(
    django_capture_on_commit_callbacks, outbox, counter_a, officer_a, manager
):
    closure = request_counter(counter_a, officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        closure_refuse(closure=closure, actor=manager, note="Antrean panjang")

    assert [(m.phone, m.kind) for m in outbox] == [("officer-a@mpp.test", "closure_refused")]
    assert "ditolak" in outbox[0].text and "Antrean panjang" in outbox[0].text
    assert notify_closure_decided(closure.pk) is False  # told once


def test_requester_hears_an_approval_and_a_managers_cancel(
    django_capture_on_commit_callbacks, outbox, counter_a, officer_a, manager
):
    closure = request_counter(counter_a, officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        closure_approve(closure=closure, actor=manager, note="Disetujui kepala MPP")
    with django_capture_on_commit_callbacks(execute=True):
        closure_cancel(closure=closure, actor=manager)

    assert [m.kind for m in outbox] == ["closure_approved", "closure_cancelled"]
    assert "disetujui" in outbox[0].text


def test_requester_cancelling_their_own_request_is_not_told(
    django_capture_on_commit_callbacks, outbox, counter_a, officer_a
):
    closure = request_counter(counter_a, officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        closure_cancel(closure=closure, actor=officer_a)

    assert outbox == []


def test_a_pending_request_has_no_decision_to_tell(outbox, counter_a, officer_a):
    closure = request_counter(counter_a, officer_a)

    assert notify_closure_decided(closure.pk) is False
    assert notify_closure_decided(999_999) is False


# --- the effect on new tickets ---------------------------------------------------------


def test_one_counter_closed_leaves_the_service_open(counter_a, counter_a2, officer_a, manager):
    approved(counter_a, officer_a, manager)

    assert service_closed_until(service=counter_a.services.first(), at=TUESDAY_9AM) is None
    assert ticket_issue(service=counter_a.services.first()).status == Ticket.Status.WAITING


def test_every_counter_closed_refuses_walk_ins_until_the_end(
    clock, service_a, service_b, counter_a, counter_a2, counter_b, officer_a, manager
):
    approved(counter_a, officer_a, manager, end=at(11))
    approved(counter_a2, officer_a, manager, end=at(11))

    with pytest.raises(errors.ServiceClosedForNow) as refused:
        ticket_issue(service=service_a)
    assert refused.value.detail == (
        "Layanan ini ditutup sementara (penutupan terencana) sampai pukul 11:00 WIB. "
        "Silakan ambil antrean setelah itu."
    )
    assert refused.value.status_code == 409
    assert ticket_issue(service=service_b).status == Ticket.Status.WAITING  # other agency
    clock.move_to(at(10, 59))
    with pytest.raises(errors.ServiceClosedForNow):
        ticket_issue(service=service_a)
    clock.move_to(at(11))
    assert ticket_issue(service=service_a).status == Ticket.Status.WAITING
    assert not Ticket.objects.filter(service=service_a, number__gt=1).exists()  # no gap


def test_a_whole_booth_closure_closes_its_services(
    service_a, service_a2, booth_a, counter_a, counter_a2, supervisor_a, manager
):
    approved(booth_a, supervisor_a, manager, end=at(12))

    for service in (service_a, service_a2):
        with pytest.raises(errors.ServiceClosedForNow):
            ticket_issue(service=service)
    assert service_closed_until(service=service_a, at=TUESDAY_9AM) == at(12)


def test_a_closure_not_started_yet_refuses_nothing(
    clock, service_a, booth_a, counter_a, supervisor_a, manager
):
    approved(booth_a, supervisor_a, manager, start=at(10), end=at(12))

    assert ticket_issue(service=service_a).number == 1
    clock.move_to(at(10))
    with pytest.raises(errors.ServiceClosedForNow):
        ticket_issue(service=service_a)


@pytest.mark.parametrize("outcome", ["pending", "refused", "cancelled"])
def test_only_approved_closures_have_an_effect(
    service_a, booth_a, counter_a, supervisor_a, manager, outcome
):
    closure = closure_request(actor=supervisor_a, booth=booth_a, reason="x", ends_at=at(12))
    if outcome == "refused":
        closure_refuse(closure=closure, actor=manager, note="Tidak")
    elif outcome == "cancelled":
        closure_cancel(closure=closure, actor=manager)

    assert ticket_issue(service=service_a).status == Ticket.Status.WAITING


def test_cancelling_reopens_at_once(service_a, booth_a, counter_a, supervisor_a, manager):
    closure = approved(booth_a, supervisor_a, manager, end=at(12))
    closure_cancel(closure=closure, actor=supervisor_a)

    assert ticket_issue(service=service_a).status == Ticket.Status.WAITING


def test_back_to_back_closures_close_until_the_last_one_ends(
    service_a, booth_a, counter_a, supervisor_a, manager
):
    approved(booth_a, supervisor_a, manager, end=at(10))
    approved(counter_a, supervisor_a, manager, start=at(10), end=at(13))

    assert service_closed_until(service=service_a, at=TUESDAY_9AM) == at(13)


def test_the_service_reopens_when_its_first_counter_does(
    service_a, counter_a, counter_a2, officer_a, manager
):
    approved(counter_a, officer_a, manager, end=at(10))
    approved(counter_a2, officer_a, manager, end=at(11, 30))

    assert service_closed_until(service=service_a, at=TUESDAY_9AM) == at(10)


def test_an_inactive_counter_does_not_keep_the_service_open(
    service_a, counter_a, counter_a2, officer_a, manager
):
    counter_a2.is_active = False
    counter_a2.save()
    approved(counter_a, officer_a, manager)

    with pytest.raises(errors.ServiceClosedForNow):
        ticket_issue(service=service_a)


def test_a_counter_of_another_booth_keeps_the_service_open(
    service_a, booth_a, counter_a, supervisor_a, manager
):
    other_booth = factories.BoothFactory(agency=booth_a.agency, label="Gerai Dukcapil 2")
    factories.CounterFactory(booth=other_booth, number=9, services=[service_a])
    approved(booth_a, supervisor_a, manager)

    assert service_closed_until(service=service_a, at=TUESDAY_9AM) is None


def test_a_service_without_counters_is_not_closed(service_b, db):
    assert service_closed_until(service=service_b, at=TUESDAY_9AM) is None


def test_service_closed_until_takes_one_query_when_nothing_is_closed(
    django_assert_num_queries, service_a, counter_a
):
    with django_assert_num_queries(1):
        assert service_closed_until(service=service_a, at=TUESDAY_9AM) is None


def test_bookings_for_a_slot_in_the_closure_are_refused(
    service_a, booth_a, counter_a, supervisor_a, manager
):
    approved(booth_a, supervisor_a, manager, start=at(10), end=at(11, 0, day=25))

    with pytest.raises(errors.ServiceClosedForNow) as refused:
        ticket_book(service=service_a, day=dt.date(2026, 11, 24), slot_start=dt.time(10), nik=NIK)
    assert "25-11-2026 pukul 11:00 WIB" in refused.value.detail
    assert ticket_book(
        service=service_a, day=dt.date(2026, 11, 24), slot_start=dt.time(9, 30), nik=NIK
    )
    wednesday = dt.date(2026, 11, 25)
    with pytest.raises(errors.ServiceClosedForNow) as refused:
        ticket_book(service=service_a, day=wednesday, slot_start=dt.time(10, 30), nik=NIK)
    assert "pukul 11:00 WIB" in refused.value.detail
    booked = ticket_book(service=service_a, day=wednesday, slot_start=dt.time(11), nik=NIK)
    assert booked.status == Ticket.Status.BOOKED


def test_day_closed_is_still_told_before_the_closure(
    clock, service_a, booth_a, counter_a, supervisor_a, manager
):
    approved(booth_a, supervisor_a, manager, end=at(12, 0, day=29))
    clock.move_to(at(10, 0, day=28))  # Saturday

    with pytest.raises(queue_errors.DayClosed):
        ticket_issue(service=service_a)


def test_the_refusal_speaks_english(service_a, booth_a, counter_a, supervisor_a, manager):
    approved(booth_a, supervisor_a, manager, end=at(11, 0, day=25))

    with translation.override("en"), pytest.raises(errors.ServiceClosedForNow) as refused:
        ticket_issue(service=service_a)
    with translation.override("en"):
        assert refused.value.detail == (
            "This service is temporarily closed (planned closure) until 25-11-2026 at 11:00 WIB. "
            "Please take a number after that."
        )


def test_until_text_on_the_same_day_and_another():
    assert until_text(at(11), at=at(9)) == "pukul 11:00 WIB"
    assert until_text(at(8, 0, day=25), at=at(9)) == "25-11-2026 pukul 08:00 WIB"


# --- through the kiosk API -----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "ditutup sementara"), ("en", "temporarily closed")],
)
def test_kiosk_api_refuses_with_a_named_error(
    api_as, kiosk, service_a, booth_a, counter_a, supervisor_a, manager, language, expected
):
    approved(booth_a, supervisor_a, manager, end=at(11))

    response = api_as(kiosk).post(
        "/api/v1/kiosk/tickets/",
        {"service": service_a.pk, "priority": "regular"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 409
    assert response.json()["code"] == "service_closed"
    assert expected in response.json()["detail"]


def test_staff_messages_use_the_malls_language(
    django_capture_on_commit_callbacks, outbox, counter_a, officer_a, manager
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        request_counter(counter_a, officer_a)

    assert outbox[0].text.startswith("Antrean MPP: pengajuan penutupan")


# --- back-to-back periods: the pure rule, checked against minute-by-minute counting ----------

MINUTES = st.integers(min_value=0, max_value=120)


@given(
    periods=st.lists(
        st.tuples(MINUTES, st.integers(min_value=1, max_value=60)), min_size=0, max_size=6
    ),
    moment=MINUTES,
)
def test_covered_until_matches_counting_minutes(periods, moment):
    base = dt.datetime(2026, 11, 24, 8, 0, tzinfo=WIB)
    minute = dt.timedelta(minutes=1)
    spans = [(base + start * minute, base + (start + length) * minute) for start, length in periods]

    def covered(m: int) -> bool:
        return any(s <= base + m * minute < e for s, e in spans)

    expected = None
    if covered(moment):
        end = moment
        while covered(end):
            end += 1
        expected = base + end * minute
    assert _covered_until(spans, base + moment * minute) == expected
