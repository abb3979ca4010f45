"""What the closure tests share: requesting, approving and reading the log."""

import datetime as dt

from django.test import Client

from closures.models import ClosureRequest, ClosureRequestEvent
from closures.services import closure_approve, closure_request
from tests.conftest import at

S = ClosureRequest.Status
K = ClosureRequestEvent.Kind
NIK = "3574014101900001"
NIK2 = "3574014101900002"


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


def close_booth(booth, manager, *, start=None, end=None):
    """An approved closure of the whole booth (asked by the manager, who may ask for any)."""
    closure = closure_request(
        actor=manager, booth=booth, reason="Rapat dinas", starts_at=start, ends_at=end or at(11)
    )
    return closure_approve(closure=closure, actor=manager)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
