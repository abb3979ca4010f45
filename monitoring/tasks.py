"""Celery tasks of booth monitoring: the scan (beat, every minute) and the message to
the people who must know about a new alert.

Thin and idempotent: the scan is safe to run twice (it settles alerts to what the
rules say), and each message is claimed in the cache per alert and recipient before
it is sent, so a retry or a redelivered task tells nobody twice.
"""

import datetime as dt

from celery import shared_task
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from agencies.models import User
from monitoring import services
from monitoring.models import BoothAlert
from mpp.lib import notify
from mpp.lib.tasks import NOTIFY_TASK

SENT_TTL = int(dt.timedelta(days=2).total_seconds())


# Until monitoring/ left counters/ (issue 13) these tasks were `counters.tasks.<name>`:
# they keep that name, which the beat schedule, messages on the broker and outbox rows
# (PendingTask) carry.
OLD_NAME = "counters.tasks.{}"


@shared_task(
    name=OLD_NAME.format("scan_booths"),
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=45,
    time_limit=55,
    ignore_result=True,
)
def scan_booths() -> dict[str, int]:
    """Every minute (beat): open and close booth alerts as of now."""
    result = services.booth_scan(at=timezone.now())
    return {"opened": len(result.opened), "closed": len(result.closed)}


def alert_recipients(alert: BoothAlert) -> list[User]:
    """The MPP's managers and the booth's agency's supervisors (active accounts)."""
    who = Q(role__in=[User.Role.MANAGER, User.Role.ADMIN]) | Q(
        role=User.Role.SUPERVISOR, agency_id=alert.booth.agency_id
    )
    return list(User.objects.filter(who, is_active=True).order_by("pk"))


def staff_address(user: User) -> str:
    """Where a staff message goes: the account's phone or e-mail, else its user name
    for the backend to resolve."""
    return user.notify_address or f"@{user.get_username()}"


def alert_text(alert: BoothAlert) -> str:
    params = {
        "booth": alert.booth.label,
        "agency": alert.booth.agency.name,
        "time": time_format(timezone.localtime(alert.opened_at), "H:i"),
    }
    if alert.kind == BoothAlert.Kind.EMPTY:
        return _("Antrean MPP: gerai %(booth)s (%(agency)s) kosong sejak %(time)s WIB.") % params
    return (
        _("Antrean MPP: gerai %(booth)s (%(agency)s) tidak melayani antrean sejak %(time)s WIB.")
        % params
    )


@shared_task(name=OLD_NAME.format("notify_booth_alert"), reject_on_worker_lost=True, **NOTIFY_TASK)
def notify_booth_alert(alert_id: int) -> int:
    """Tell managers and the agency's supervisors that an alert opened; returns how many
    messages were sent now. An alert already closed again is not worth a message."""
    alert = (
        BoothAlert.objects.select_related("booth__agency")
        .filter(pk=alert_id, closed_at__isnull=True)
        .first()
    )
    if alert is None:
        return 0
    with override("id"):
        text = alert_text(alert)
    sent = 0
    for user in alert_recipients(alert):
        key = f"notify:booth_alert:{alert.pk}:{user.pk}"
        address = staff_address(user)
        sent += notify.send_once(
            key=key, phone=address, text=text, kind="booth_alert", ttl=SENT_TTL
        )
    return sent
