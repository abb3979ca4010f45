"""Tasks queued before closures/ left counters/ (issue 13) still run after the upgrade.

A message on the broker names the task as it was registered then
(`counters.closure_tasks.<name>`); a row the outbox kept during a broker outage
(PendingTask) names it as the services queued it (`counters.tasks.<name>`).
"""

import pytest

from agencies.models import User
from closures.services import closure_request
from closures.tasks import notify_closure_decided, notify_closure_requested
from mpp.celery import app
from mpp.lib.tasks import _task
from tests import factories
from tests.conftest import at

pytestmark = pytest.mark.usefixtures("clock", "hours")


@pytest.fixture
def closure(counter_a, agency_a):
    factories.UserFactory(
        username="manager", role=User.Role.MANAGER, agency=None, email="manager@mpp.test"
    )
    officer = factories.UserFactory(username="officer-a", role=User.Role.OFFICER, agency=agency_a)
    return closure_request(actor=officer, counter=counter_a, reason="Rapat", ends_at=at(11))


def test_a_message_already_on_the_broker_finds_its_task(outbox, closure):
    old = app.tasks["counters.closure_tasks.notify_closure_requested"]

    assert old.name == notify_closure_requested.name
    assert old.apply(args=[closure.pk]).get() == 1
    assert [m.kind for m in outbox] == ["closure_requested"]
    assert app.tasks["counters.closure_tasks.notify_closure_decided"].name == (
        notify_closure_decided.name
    )


def test_an_outbox_row_written_before_the_move_still_runs(outbox, closure):
    for name in ("counters.tasks.notify_closure_requested", notify_closure_requested.name):
        assert _task(name).name == notify_closure_requested.name
    assert _task("closures.tasks.notify_closure_requested").name == notify_closure_requested.name
    assert _task("counters.tasks.notify_closure_decided").name == notify_closure_decided.name

    assert _task("counters.tasks.notify_closure_requested").apply(args=[closure.pk]).get() == 1
    assert len(outbox) == 1
