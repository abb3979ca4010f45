"""Celery tasks of planned closures.

Planned closures (penutupan terencana): tell the managers of a new request and the
requester of a decision. Thin and idempotent like queues/tasks.py: each takes the
request's id, reads its current state, and claims every message in the cache (key
per request, step and recipient) before sending, releasing it if the send fails, so
a retry or a redelivered task sends each message at most once.

A staff member's address for the notification backend (mpp/lib/notify.py) is the
account's phone, else its e-mail; accounts with neither are skipped.
"""

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from agencies.models import User
from closures.models import ClosureRequest
from closures.selectors import closure_managers, closure_target_text, period_text
from mpp.lib import notify
from mpp.lib.tasks import NOTIFY_TASK

SENT_TTL = int(dt.timedelta(days=15).total_seconds())

# Until closures/ left counters/ (issue 13) these tasks were registered as
# `counters.closure_tasks.<name>`: they keep that name, so a message already on the broker
# still finds its task after an upgrade. Outbox rows (PendingTask) written before it carry
# `counters.tasks.<name>`, which `RENAMED` in mpp/lib/tasks.py maps to the new module.
OLD_NAME = "counters.closure_tasks.{}"


def _closure(closure_id: int) -> ClosureRequest | None:
    related = ("booth__agency", "counter", "requested_by", "decided_by")
    return ClosureRequest.objects.select_related(*related).filter(pk=closure_id).first()


def _send_once(user: User, *, closure: ClosureRequest, kind: str, text: str) -> bool:
    if not user.notify_address:
        return False
    key = f"notify:{kind}:closure{closure.pk}:user{user.pk}"
    return notify.send_once(key=key, phone=user.notify_address, text=text, kind=kind, ttl=SENT_TTL)


def _facts(closure: ClosureRequest) -> dict[str, str]:
    return {
        "target": closure_target_text(closure),
        "agency": closure.booth.agency.name,
        "period": period_text(closure.starts_at, closure.ends_at),
        "reason": closure.reason,
        "note": closure.decision_note,
    }


@shared_task(name=OLD_NAME.format("notify_closure_requested"), **NOTIFY_TASK)
def notify_closure_requested(closure_id: int) -> int:
    """Every manager hears of a request while it still waits for a decision."""
    closure = _closure(closure_id)
    if closure is None or closure.status != ClosureRequest.Status.PENDING:
        return 0
    with translation.override(settings.LANGUAGE_CODE):  # staff messages: the mall's language
        text = _requested_text(closure)
    sent = [
        _send_once(user, closure=closure, kind="closure_requested", text=text)
        for user in closure_managers()
        if user.pk != closure.requested_by_id
    ]
    return sum(sent)


def _requested_text(closure: ClosureRequest) -> str:
    return _(
        "Antrean MPP: pengajuan penutupan %(target)s, %(agency)s, %(period)s. "
        "Alasan: %(reason)s. Mohon diputuskan di /dashboard/closures/."
    ) % _facts(closure)


def _decision_text(closure: ClosureRequest) -> str | None:
    Status = ClosureRequest.Status
    texts: dict[str, str] = {
        Status.APPROVED: _("Antrean MPP: penutupan %(target)s, %(period)s, disetujui. %(note)s"),
        Status.REFUSED: _(
            "Antrean MPP: pengajuan penutupan %(target)s, %(period)s, ditolak. Alasan: %(note)s"
        ),
        Status.CANCELLED: _("Antrean MPP: penutupan %(target)s, %(period)s, dibatalkan."),
    }
    text = texts.get(closure.status)
    return (text % _facts(closure)).strip() if text else None


@shared_task(name=OLD_NAME.format("notify_closure_decided"), **NOTIFY_TASK)
def notify_closure_decided(closure_id: int) -> bool:
    """The requester hears the outcome (approved, refused, or cancelled by a manager)."""
    closure = _closure(closure_id)
    if closure is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        text = _decision_text(closure)
    if text is None:
        return False
    kind = f"closure_{closure.status}"
    return _send_once(closure.requested_by, closure=closure, kind=kind, text=text)
