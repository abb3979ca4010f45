"""Celery tasks of documents: the resident is told their document is ready.

Thin and safe to run twice: the message is claimed once per document in the cache
(`send_once`), and only a document still ready is announced."""

from django.utils.translation import gettext as _

from documents.models import Document
from mpp.lib import notify
from queues.tasks import SENT_TTL, _notify_task


# The message tasks' base (retries with backoff, time limits), as queues' own messages.
@_notify_task
def notify_document_ready(document_id: int) -> bool:
    document = (
        Document.objects.select_related("service__agency", "ticket")
        .filter(pk=document_id, status=Document.Status.READY)
        .exclude(ticket__phone="")
        .first()
    )
    if document is None:
        return False
    text = _(
        "Antrean MPP: berkas %(service)s Anda (kode %(code)s) sudah siap diambil di gerai "
        "%(agency)s. Ambil nomor antrean pengambilan di anjungan atau di halaman lacak berkas."
    ) % {
        "service": document.service.name,
        "code": document.code,
        "agency": document.service.agency.name,
    }
    return notify.send_once(
        key=f"notify:document_ready:{document.code}",
        phone=document.ticket.phone,
        text=text,
        kind="document_ready",
        # The WhatsApp template's parameters (messaging/templates.py: mpp_document_ready).
        params={"code": document.code, "service": document.service.name},
        ttl=SENT_TTL,
    )
