"""Planned closures under concurrency, with real threads against real PostgreSQL:
two overlapping requests for one counter never both get in, and a request is
decided once however many managers press at the same moment."""

import pytest

from agencies.models import User
from closures import errors
from closures.models import ClosureRequest, ClosureRequestEvent
from closures.services import closure_approve, closure_refuse, closure_request
from tests import factories
from tests.conftest import at
from tests.queues.test_concurrency import run_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("clock", "hours"),
]


def test_overlapping_requests_race_and_one_wins(counter_a, officer_a, officer_a2, supervisor_a):
    actors = [officer_a, officer_a2, supervisor_a] * 3

    def ask(index: int) -> str:
        try:
            closure_request(
                actor=actors[index],
                counter=counter_a,
                reason=f"Permintaan {index}",
                starts_at=at(10, index),
                ends_at=at(11, index),
            )
        except errors.ClosureOverlaps:
            return "refused"
        return "created"

    results, failures = run_threads(len(actors), ask)

    assert failures == []
    assert sorted(results) == ["created"] + ["refused"] * (len(actors) - 1)
    assert ClosureRequest.objects.count() == 1
    assert ClosureRequestEvent.objects.count() == 1


def test_racing_decisions_decide_once(counter_a, officer_a):
    managers = [
        factories.UserFactory(username=f"manager-{i}", role=User.Role.MANAGER, agency=None)
        for i in range(6)
    ]
    closure = closure_request(actor=officer_a, counter=counter_a, reason="x", ends_at=at(11))

    def decide(index: int) -> str:
        try:
            if index % 2:
                closure_refuse(closure=closure, actor=managers[index], note="Tidak")
            else:
                closure_approve(closure=closure, actor=managers[index])
        except errors.ClosureNotPending:
            return "late"
        return "decided"

    results, failures = run_threads(len(managers), decide)

    assert failures == []
    assert sorted(results) == ["decided"] + ["late"] * (len(managers) - 1)
    kinds = list(ClosureRequestEvent.objects.values_list("kind", flat=True))
    assert kinds[0] == "requested" and len(kinds) == 2
    assert ClosureRequest.objects.get().status == kinds[1]
