"""Planned closures (penutupan terencana): request, decide, cancel, the log, the
notifications, and the effect on new tickets while a closure is in force.

The clock is frozen at Tuesday 2026-11-24 09:00 WIB (opening hours 08:00-14:00,
issuing until 13:30). counter_a and counter_a2 (booth_a) both serve service_a and
service_a2; counter_b (booth_b, another agency) serves service_b.
"""

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from agencies.models import User
from closures import errors
from closures.models import ClosureRequest, ClosureRequestEvent
from closures.selectors import _covered_until, service_closed_until, until_text
from closures.services import closure_approve, closure_cancel, closure_refuse, closure_request
from closures.tasks import notify_closure_decided, notify_closure_requested
from mpp.lib.errors import NotAllowed
from queues import errors as queue_errors
from queues.models import Ticket
from queues.services import ticket_book, ticket_issue
from tests import factories
from tests.conftest import TUESDAY_9AM, WIB, at

pytestmark = pytest.mark.usefixtures("clock", "hours", "outbox")

S = ClosureRequest.Status
K = ClosureRequestEvent.Kind
NIK = "3574014101900001"


@pytest.fixture
def manager(db):
    return factories.UserFactory(
        username="manager", role=User.Role.MANAGER, agency=None, email="manager@mpp.test"
    )


@pytest.fixture
def manager2(db):
    return factories.UserFactory(
        username="manager2", role=User.Role.MANAGER, agency=None, email="manager2@mpp.test"
    )


@pytest.fixture
def officer_a(agency_a):
    return factories.UserFactory(
        username="officer-a", role=User.Role.OFFICER, agency=agency_a, email="officer-a@mpp.test"
    )


def request_counter(counter, actor, *, start=None, end=None, reason="Perbaikan jaringan"):
    return closure_request(
        actor=actor, counter=counter, reason=reason, starts_at=start, ends_at=end or at(11)
    )


def approved(counter_or_booth, actor, manager, *, start=None, end=None) -> ClosureRequest:
    """An approved closure of a counter, or of a whole booth when given a booth."""
    target = (
        {"counter": counter_or_booth}
        if hasattr(counter_or_booth, "booth_id")
        else {"booth": counter_or_booth}
    )
    closure = closure_request(
        actor=actor, reason="Rapat dinas", starts_at=start, ends_at=end or at(11), **target
    )
    return closure_approve(closure=closure, actor=manager)


def steps(closure) -> list[tuple[str, str, dt.datetime, str]]:
    return [
        (e.kind, e.actor.username, e.at, e.note)
        for e in ClosureRequestEvent.objects.filter(closure=closure).select_related("actor")
    ]


# --- request ------------------------------------------------------------------------------


def test_officer_requests_closing_their_counter(counter_a, officer_a, manager):
    closure = request_counter(counter_a, officer_a, end=at(11, 30))

    closure.refresh_from_db()
    assert (closure.booth, closure.counter, closure.status) == (
        counter_a.booth,
        counter_a,
        S.PENDING,
    )
    assert (closure.starts_at, closure.ends_at) == (TUESDAY_9AM, at(11, 30))
    assert (closure.requested_by, closure.requested_at) == (officer_a, TUESDAY_9AM)
    assert steps(closure) == [(K.REQUESTED, "officer-a", TUESDAY_9AM, "Perbaikan jaringan")]


def test_supervisor_requests_closing_the_whole_booth(booth_a, supervisor_a, counter_a):
    closure = closure_request(
        actor=supervisor_a, booth=booth_a, reason="  Pemadaman   listrik ", ends_at=at(13)
    )

    assert closure.counter is None
    assert closure.reason == "Pemadaman listrik"
    assert ClosureRequest.objects.get().booth == booth_a


def test_a_later_start_is_kept(counter_a, officer_a):
    closure = request_counter(counter_a, officer_a, start=at(10), end=at(12))

    assert (closure.starts_at, closure.ends_at) == (at(10), at(12))


def test_a_start_a_moment_ago_counts_as_now(counter_a, officer_a):
    closure = request_counter(counter_a, officer_a, start=at(8, 57), end=at(12))

    assert closure.starts_at == TUESDAY_9AM


def test_manager_may_request_for_any_booth(counter_b, manager):
    closure = request_counter(counter_b, manager)

    assert closure.requested_by == manager


@pytest.mark.parametrize("persona", ["officer_b", "supervisor_b", "kiosk"])
def test_another_agency_or_role_may_not_request(request, counter_a, persona):
    actor = request.getfixturevalue(persona)

    with pytest.raises(NotAllowed):
        request_counter(counter_a, actor)
    assert not ClosureRequest.objects.exists()


def test_a_supervisor_may_not_close_another_agencys_booth(booth_a, supervisor_b):
    with pytest.raises(NotAllowed):
        closure_request(actor=supervisor_b, booth=booth_a, reason="x", ends_at=at(11))


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(counter_a, officer_a, reason):
    with pytest.raises(errors.ClosureReasonRequired):
        request_counter(counter_a, officer_a, reason=reason)


def test_a_long_reason_is_cut_to_the_column(counter_a, officer_a):
    closure = request_counter(counter_a, officer_a, reason="a" * 500)

    assert len(closure.reason) == 200


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        (at(10), at(10), errors.ClosureEndsBeforeStart),
        (at(10), at(9, 30), errors.ClosureEndsBeforeStart),
        (at(8), at(10), errors.ClosureInPast),  # started an hour ago
        (None, at(8, 59), errors.ClosureInPast),
        (at(9), at(9, 0, day=24) + dt.timedelta(days=14, seconds=1), errors.ClosureTooLong),
        (TUESDAY_9AM + dt.timedelta(days=91), None, errors.ClosureTooFarAhead),
    ],
)
def test_period_rules(counter_a, officer_a, start, end, error):
    end = end or (start + dt.timedelta(hours=1))

    with pytest.raises(error):
        request_counter(counter_a, officer_a, start=start, end=end)


def test_fourteen_days_exactly_is_allowed(counter_a, officer_a):
    closure = request_counter(counter_a, officer_a, end=TUESDAY_9AM + dt.timedelta(days=14))

    assert closure.pk


def test_the_limits_come_from_settings(settings, counter_a, officer_a):
    settings.CLOSURE_MAX_DAYS = 1

    with pytest.raises(errors.ClosureTooLong) as refused:
        request_counter(counter_a, officer_a, end=TUESDAY_9AM + dt.timedelta(days=2))
    assert "1 hari" in refused.value.detail


def test_counter_of_another_booth_is_refused(counter_a, booth_b, manager):
    with pytest.raises(errors.ClosureCounterNotInBooth):
        closure_request(actor=manager, booth=booth_b, counter=counter_a, reason="x", ends_at=at(11))


def test_no_target_is_refused(manager):
    with pytest.raises(errors.ClosureNotFound):
        closure_request(actor=manager, reason="x", ends_at=at(11))


# --- overlaps -----------------------------------------------------------------------------


def test_overlapping_request_for_the_same_counter_is_refused(counter_a, officer_a):
    request_counter(counter_a, officer_a, start=at(10), end=at(12))

    with pytest.raises(errors.ClosureOverlaps) as refused:
        request_counter(counter_a, officer_a, start=at(11), end=at(13))
    assert "24-11-2026 10:00-12:00 WIB" in refused.value.detail


def test_overlap_with_an_approved_request_is_refused(counter_a, officer_a, manager):
    approved(counter_a, officer_a, manager, start=at(10), end=at(12))

    with pytest.raises(errors.ClosureOverlaps):
        request_counter(counter_a, officer_a, start=at(9, 30), end=at(10, 30))


def test_back_to_back_requests_do_not_overlap(counter_a, officer_a):
    request_counter(counter_a, officer_a, start=at(10), end=at(12))

    assert request_counter(counter_a, officer_a, start=at(12), end=at(13)).pk


def test_other_counter_of_the_booth_may_close_at_the_same_time(counter_a, counter_a2, officer_a):
    request_counter(counter_a, officer_a, start=at(10), end=at(12))

    assert request_counter(counter_a2, officer_a, start=at(10), end=at(12)).pk


def test_a_counter_inside_a_booth_closure_is_refused(counter_a, booth_a, supervisor_a):
    closure_request(actor=supervisor_a, booth=booth_a, reason="x", starts_at=at(10), ends_at=at(12))

    with pytest.raises(errors.ClosureOverlaps):
        request_counter(counter_a, supervisor_a, start=at(11), end=at(11, 30))


def test_refused_or_cancelled_requests_do_not_block(counter_a, officer_a, manager):
    first = request_counter(counter_a, officer_a)
    closure_refuse(closure=first, actor=manager, note="Layanan sedang ramai")
    second = request_counter(counter_a, officer_a)
    closure_cancel(closure=second, actor=officer_a)

    assert request_counter(counter_a, officer_a).status == S.PENDING


# --- decide ----------------------------------------------------------------------------


def test_manager_approves_with_a_note(clock, counter_a, officer_a, manager):
    closure = request_counter(counter_a, officer_a)
    clock.move_to(at(9, 5))

    closure = closure_approve(closure=closure, actor=manager, note="  Silakan ")

    closure.refresh_from_db()
    assert closure.status == S.APPROVED
    assert (closure.decided_by, closure.decided_at, closure.decision_note) == (
        manager,
        at(9, 5),
        "Silakan",
    )
    assert steps(closure)[1:] == [(K.APPROVED, "manager", at(9, 5), "Silakan")]


def test_manager_refuses_saying_why(counter_a, officer_a, manager):
    closure = request_counter(counter_a, officer_a)

    closure = closure_refuse(closure=closure, actor=manager, note="Antrean sedang panjang")

    assert ClosureRequest.objects.get().status == S.REFUSED
    assert steps(closure)[-1][:2] == (K.REFUSED, "manager")
    assert steps(closure)[-1][3] == "Antrean sedang panjang"


@pytest.mark.parametrize("note", ["", "  "])
def test_refusal_needs_a_note(counter_a, officer_a, manager, note):
    closure = request_counter(counter_a, officer_a)

    with pytest.raises(errors.RefusalNoteRequired):
        closure_refuse(closure=closure, actor=manager, note=note)
    assert ClosureRequest.objects.get().status == S.PENDING


@pytest.mark.parametrize("persona", ["officer_a", "supervisor_a", "officer_b", "kiosk"])
@pytest.mark.parametrize("decide", ["approve", "refuse"])
def test_only_managers_decide(request, counter_a, officer_a, persona, decide):
    closure = request_counter(counter_a, officer_a)
    actor = request.getfixturevalue(persona)
    step = closure_approve if decide == "approve" else closure_refuse

    with pytest.raises(NotAllowed):
        step(closure=closure, actor=actor, note="ok")
    assert ClosureRequest.objects.get().status == S.PENDING


def test_a_decided_request_cannot_be_decided_again(counter_a, officer_a, manager, manager2):
    closure = request_counter(counter_a, officer_a)
    closure_approve(closure=closure, actor=manager)
    stale = ClosureRequest.objects.get(pk=closure.pk)
    stale.status = S.PENDING  # what a second manager's page still shows

    with pytest.raises(errors.ClosureNotPending) as refused:
        closure_refuse(closure=stale, actor=manager2, note="Tidak")
    assert "Disetujui" in refused.value.detail
    assert ClosureRequest.objects.get().status == S.APPROVED


def test_an_ended_request_cannot_be_approved(clock, counter_a, officer_a, manager):
    closure = request_counter(counter_a, officer_a, end=at(10))
    clock.move_to(at(10))

    with pytest.raises(errors.ClosureAlreadyEnded):
        closure_approve(closure=closure, actor=manager)


# --- cancel ---------------------------------------------------------------------------


def test_requester_cancels_a_pending_request(counter_a, officer_a):
    closure = request_counter(counter_a, officer_a)

    closure = closure_cancel(closure=closure, actor=officer_a, note="Jaringan sudah pulih")

    assert ClosureRequest.objects.get().status == S.CANCELLED
    assert steps(closure)[-1] == (K.CANCELLED, "officer-a", TUESDAY_9AM, "Jaringan sudah pulih")


def test_cancelling_a_closure_in_force_ends_it_now(clock, counter_a, officer_a, manager):
    closure = approved(counter_a, officer_a, manager, end=at(12))
    clock.move_to(at(10, 15))

    closure_cancel(closure=closure, actor=manager)

    closure.refresh_from_db()
    assert (closure.status, closure.starts_at, closure.ends_at) == (S.CANCELLED, at(9), at(10, 15))
    assert not ClosureRequest.objects.in_force(at(10, 15)).exists()


def test_cancelling_an_approved_closure_before_it_starts_keeps_its_times(
    counter_a, officer_a, manager
):
    closure = approved(counter_a, officer_a, manager, start=at(10), end=at(12))

    closure_cancel(closure=closure, actor=officer_a)

    closure.refresh_from_db()
    assert (closure.status, closure.starts_at, closure.ends_at) == (S.CANCELLED, at(10), at(12))


@pytest.mark.parametrize("persona", ["officer_a2", "supervisor_a", "officer_b", "kiosk"])
def test_only_the_requester_or_a_manager_cancels(request, counter_a, officer_a, persona):
    closure = request_counter(counter_a, officer_a)

    with pytest.raises(NotAllowed):
        closure_cancel(closure=closure, actor=request.getfixturevalue(persona))
    assert ClosureRequest.objects.get().status == S.PENDING


def test_a_refused_request_cannot_be_cancelled(counter_a, officer_a, manager):
    closure = request_counter(counter_a, officer_a)
    closure_refuse(closure=closure, actor=manager, note="Tidak")

    with pytest.raises(errors.ClosureNotCancellable):
        closure_cancel(closure=closure, actor=officer_a)


def test_an_ended_closure_cannot_be_cancelled(clock, counter_a, officer_a, manager):
    closure = approved(counter_a, officer_a, manager, end=at(10))
    clock.move_to(at(10, 1))

    with pytest.raises(errors.ClosureAlreadyEnded):
        closure_cancel(closure=closure, actor=manager)
    assert ClosureRequest.objects.get().status == S.APPROVED


def test_every_step_is_logged_with_who_and_when(clock, counter_a, officer_a, manager):
    closure = request_counter(counter_a, officer_a, start=at(10), end=at(12))
    clock.move_to(at(9, 10))
    closure_approve(closure=closure, actor=manager, note="Ok")
    clock.move_to(at(9, 20))
    closure_cancel(closure=closure, actor=officer_a, note="Tidak jadi")

    assert steps(closure) == [
        (K.REQUESTED, "officer-a", at(9), "Perbaikan jaringan"),
        (K.APPROVED, "manager", at(9, 10), "Ok"),
        (K.CANCELLED, "officer-a", at(9, 20), "Tidak jadi"),
    ]


# --- notifications -------------------------------------------------------------------


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
