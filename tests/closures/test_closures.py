"""Planned closures (penutupan terencana): request, decide, cancel, the log, the
notifications, and the effect on new tickets while a closure is in force.

The clock is frozen at Tuesday 2026-11-24 09:00 WIB (opening hours 08:00-14:00,
issuing until 13:30). counter_a and counter_a2 (booth_a) both serve service_a and
service_a2; counter_b (booth_b, another agency) serves service_b.
"""

import datetime as dt

import pytest

from closures import errors
from closures.models import ClosureRequest
from closures.services import closure_approve, closure_cancel, closure_refuse, closure_request
from mpp.lib.errors import NotAllowed
from tests.closures.closure_support import K, S, approved, request_counter, steps
from tests.conftest import TUESDAY_9AM, at

pytestmark = pytest.mark.usefixtures("clock", "hours", "outbox")


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
