"""Celery tasks of complaints: the overdue escalation (beat) and the reply message.

Thin and idempotent, like queues.tasks: the escalation marks each complaint once,
and a reply message is claimed in the cache before it is sent, so a retried or
redelivered task sends it at most once. Texts never hold the reporter's name.
"""

import datetime as dt

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import services
from complaints.models import ComplaintResponse
from mpp.lib import notify
from mpp.lib.tasks import HOUSEKEEPING_TASK, NOTIFY_TASK

SENT_TTL = int(dt.timedelta(days=7).total_seconds())


@shared_task(**HOUSEKEEPING_TASK)
def escalate_overdue() -> int:
    """Beat, every 15 minutes: escalate open complaints past their deadline."""
    return len(services.complaints_escalate_overdue(at=timezone.now()))


@shared_task(**HOUSEKEEPING_TASK)
def purge_reporter_data() -> int:
    """Beat, daily: forget reporters' names and contacts past the retention period."""
    return services.complaints_purge_reporter_data(at=timezone.now())


@shared_task(**NOTIFY_TASK)
def notify_complaint_reply(response_id: int) -> bool:
    """Tell the reporter (by the phone they left) that a public reply was posted."""
    response = (
        ComplaintResponse.objects.select_related("complaint")
        .filter(pk=response_id, public=True)
        .exclude(message="")
        .first()
    )
    if response is None or not response.complaint.contact.startswith("+62"):
        return False
    text = _(
        "MPP: pengaduan %(code)s mendapat tanggapan baru (status: %(status)s). "
        "Lihat di halaman /complaints/%(code)s/"
    ) % {"code": response.complaint.code, "status": response.complaint.get_status_display()}
    return notify.send_once(
        key=f"notify:complaint_reply:{response.pk}",
        phone=response.complaint.contact,
        text=text,
        kind="complaint_reply",
        ttl=SENT_TTL,
    )
