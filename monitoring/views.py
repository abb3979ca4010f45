"""The manager's live floor view (/dashboard/).

Server-rendered from the same snapshot `/ws/manager/` sends, then kept live by
`static/counters/dashboard.js` over that socket; figures, waiting and silent devices
are refreshed by polling `/dashboard/?part=summary` (they change with every ticket).
Managers see every booth, an agency's supervisor its own; anyone else gets a 403 page.
"""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agencies.selectors import day_schedules
from complaints.models import Complaint
from documents.selectors import documents_overdue
from monitoring.models import BoothAlert
from monitoring.selectors import STATES, monitoring_snapshot, user_may_monitor
from mpp.lib.pages import role_refused


def state_labels() -> dict[str, str]:
    return {
        "serving": _("Melayani"),
        "idle": _("Siaga"),
        "empty": _("Kosong"),
        "unattended": _("Tidak melayani"),
        "closed": pgettext("keadaan gerai", "Tutup"),
    }


def reason_labels() -> dict[str, str]:
    return {
        "no_counter_open": _("Tidak ada loket yang dibuka"),
        "no_call": _("Antrean menunggu, tidak ada panggilan"),
        "break_overrun": _("Istirahat melewati batas"),
    }


def _texts() -> dict[str, Any]:
    return {
        "states": state_labels(),
        "kinds": {value: str(label) for value, label in BoothAlert.Kind.choices},
        "reasons": reason_labels(),
        "online": _("Terhubung langsung"),
        "offline": _("Terputus, mencoba lagi…"),
        "refused": _("Akses ditolak. Muat ulang halaman atau masuk kembali."),
        "counters": _("{open} dari {total} loket buka"),
        "floor": _("lantai {floor}"),
        "waiting": _("{n} menunggu"),
        "longest": _("terlama {n} mnt"),
        "since": _("sejak {time}"),
        "acknowledge": _("Tanggapi"),
        "note": _("Catatan tanggapan"),
        "noteRequired": _("Tulis catatan tanggapan."),
        "acknowledgedBy": _("Ditanggapi oleh {name}: {note}"),
        "acknowledged": _("Peringatan ditanggapi."),
        "noAlerts": _("Tidak ada peringatan terbuka."),
        "noWaiting": _("Tidak ada yang menunggu."),
        "noDevices": _("Semua layar dan anjungan aktif."),
        "silentFor": _("diam {n} mnt"),
        "deviceKinds": {"display": _("Layar antrean"), "kiosk": _("Anjungan")},
        "deviceFloor": _("Lantai {floor}"),
        "wholeMall": _("Seluruh MPP"),
        "lastSeen": _("terakhir {time}"),
        "minutes": _("{n} mnt"),
        "categories": {value: str(label) for value, label in Complaint.Category.choices},
        "noOverdue": _("Tidak ada pengaduan yang lewat batas waktu."),
        "dueAt": _("batas {date}"),
        "escalated": _("Pengaduan {code} lewat batas waktu dan dieskalasi."),
        "noAgency": _("Tanpa instansi"),
        "none": "-",
        "networkError": _("Tidak dapat menghubungi server. Periksa koneksi lalu coba lagi."),
        "sessionExpired": _("Sesi Anda berakhir. Silakan masuk kembali."),
    }


def staffing_texts() -> dict[str, str]:
    return {
        # The same sentence as the page's (templates/monitoring/_service_levels.html).
        "serviceLevelOf": _(
            "%(within)s dari %(counted)s pemohon dipanggil dalam target waktu tunggu"
        ),
        "levels": {
            "green": _("Baik"),
            "amber": _("Perlu perhatian"),
            "red": _("Di bawah target"),
            "none": _("Belum ada data"),
        },
        "noServiceLevel": _("Belum ada pemohon yang dipanggil hari ini."),
        "noForecast": _("Tidak ada kebutuhan loket: belum ada riwayat hari yang sama."),
        "gapHours": _("kurang pada jam {hours}"),
        "noGap": _("cukup"),
        "staffingGaps": _("{n} layanan kurang loket"),
        "staffingError": _("Prakiraan kebutuhan loket tidak dapat dimuat."),
        "moreServices": _("+{n} layanan lain dengan loket cukup"),
    }


def next_open_day(today: dt.date) -> dt.date | None:
    """The first day after `today` the mall opens, within two weeks (two queries)."""
    first = today + dt.timedelta(days=1)
    schedules = day_schedules(first=first, last=first + dt.timedelta(days=13))
    return next((s.date for s in schedules if s.open), None)


def _refused(request: HttpRequest) -> HttpResponse:
    message = _(
        "Dasbor pemantauan hanya untuk pengelola MPP dan supervisor instansi. "
        "Akun Anda (%(role)s) tidak dapat membukanya."
    )
    return role_refused(request, template="counters/refused.html", message=message)


@never_cache
@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_may_monitor(user=user):
        return _refused(request)
    agency_id = None if user.is_manager else user.agency_id
    snapshot = monitoring_snapshot(agency_id=agency_id)
    if request.GET.get("part") == "summary":
        return JsonResponse(snapshot)
    config = {
        "ws": "/ws/manager/",
        "summaryUrl": f"{request.path}?part=summary",
        "ackUrl": "/api/v1/booth-alerts/{id}/acknowledge/",
        "complaintUrl": "/dashboard/complaints/{code}/",
        "csrfToken": get_token(request),
        "zone": settings.TIME_ZONE,
        "snapshot": snapshot,
        "texts": _texts(),
        "manager": agency_id is None,
    }
    forecast_day = next_open_day(timezone.localdate())
    if forecast_day is not None:
        query = {"date": forecast_day.isoformat(), **({"agency": agency_id} if agency_id else {})}
        config["staffingUrl"] = "/api/v1/reports/staffing/?" + urlencode(query)
    config["staffingTexts"] = staffing_texts()
    states = state_labels()
    reasons = reason_labels()
    booths = [{**b, "state_label": states[b["state"]]} for b in snapshot["booths"]]
    alerts = [
        {**a, "reason_label": reasons.get(a["reason"], a["reason"])} for a in snapshot["alerts"]
    ]
    categories = dict(Complaint.Category.choices)
    overdue = [
        {**c, "category_label": categories.get(c["category"], c["category"])}
        for c in snapshot["complaints"]["overdue"]
    ]
    late_documents = documents_overdue(
        today=timezone.localdate(), agency_ids=None if agency_id is None else [agency_id]
    )
    context = {
        "overdue_complaints": overdue,
        "documents_overdue": late_documents,
        "documents_overdue_total": sum(row.overdue for row in late_documents),
        "booths": booths,
        "alerts": alerts,
        "config": config,
        "snapshot": snapshot,
        "legend": [(state, states[state]) for state in STATES],
        "agency": user.agency if agency_id is not None else None,
        "total_level_label": staffing_texts()["levels"][
            snapshot["service_levels"]["total"]["level"]
        ],
        "staffing_percent": settings.STAFFING_TARGET_PERCENT,
        "forecast_day": forecast_day and formats.date_format(forecast_day, "l, j F Y"),
    }
    return render(request, "monitoring/dashboard.html", context)
