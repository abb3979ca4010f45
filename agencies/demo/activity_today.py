"""The demo's complaints and "today": both through the real services.

Complaints are filed and answered with `complaint_file` / `complaint_respond`, then
moved back in time (filing date, due date, thread times) so the inbox shows a spread
of ages, one of them overdue. Today's counters and tickets are opened, issued, called
and served with the queue services, so screens and events behave as in real use.
"""

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.demo import activity_data as data
from agencies.selectors import day_schedule
from complaints.models import Complaint, ComplaintResponse
from complaints.selectors import due_at_for
from complaints.services import complaint_file, complaint_respond, sla_days
from console.services import (
    counter_call_next,
    counter_finish,
    counter_open,
    counter_pause,
    counter_start,
)
from counters.models import Counter
from monitoring.services import booth_scan
from mpp.lib.errors import ApplicationError
from queues.models import Ticket
from queues.services import ticket_issue

if TYPE_CHECKING:
    from agencies.demo.activity import DemoMall
    from agencies.models import User


# --- complaints -------------------------------------------------------------------------


def complaints_load(*, mall: "DemoMall", now: dt.datetime) -> int:
    """File the demo complaints not filed yet (matched by their text); returns how many."""
    agencies = {agency.code: agency for agency in mall.agencies}
    filed = set(
        Complaint.objects.filter(
            description__in=[c.description for c in data.COMPLAINTS]
        ).values_list("description", flat=True)
    )
    count = 0
    for spec in data.COMPLAINTS:
        if spec.description in filed or (spec.agency and spec.agency not in agencies):
            continue
        with transaction.atomic():
            _complaint(spec, agencies.get(spec.agency or ""), mall, now)
        count += 1
    return count


def _complaint(spec: data.ComplaintData, agency, mall: "DemoMall", now: dt.datetime) -> None:
    filed_at = _working_time(now - dt.timedelta(days=spec.days_ago), now)
    author = (mall.supervisors.get(agency.pk) if agency else None) or mall.manager
    complaint = complaint_file(
        category=spec.category,
        description=spec.description,
        agency=agency,
        name=spec.name,
        contact=spec.contact,
        channel=spec.channel,
        filed_by=author if spec.channel == Complaint.Channel.STAFF else None,
    )
    last = filed_at
    for step in spec.steps:
        response = complaint_respond(
            complaint=complaint,
            author=author,
            message=step.message,
            public=step.public,
            status=step.status,
            reason=spec.rejection_reason if step.status == Complaint.Status.REJECTED else "",
        )
        last = min(filed_at + dt.timedelta(hours=step.hours), now)
        ComplaintResponse.objects.filter(pk=response.pk).update(at=last)
    Complaint.objects.filter(pk=complaint.pk).update(
        created_at=filed_at,
        updated_at=last,
        due_at=due_at_for(filed_at=filed_at, days=sla_days(agency)),
    )


def _working_time(at: dt.datetime, now: dt.datetime) -> dt.datetime:
    """`at` moved to 09:30 that day, but never after now."""
    local = timezone.localtime(at).replace(hour=9, minute=30, second=0, microsecond=0)
    return min(local, now)


# --- today ------------------------------------------------------------------------------


def today_load(*, mall: "DemoMall", now: dt.datetime, rng: random.Random) -> str:
    """Open some counters, issue waiting tickets, serve a few; a sentence on what was done."""
    schedule = day_schedule(day=timezone.localdate(now))
    if not schedule.issuing(now):
        return _("Hari ini dilewati: di luar jam layanan.")
    if Ticket.objects.filter(date=schedule.date).exists():
        return _("Hari ini dilewati: sudah ada tiket hari ini.")
    opened = _open_counters(mall, rng)
    issued = _issue(mall, rng, {counter.booth_id for counter, _officer in opened})
    served = sum(_work(counter, officer, rng) for counter, officer in opened)
    booth_scan(at=timezone.now())  # as the scheduler would soon: empty booths turn red
    return _("Hari ini: %(counters)d loket dibuka, %(tickets)d tiket, %(served)d dilayani.") % {
        "counters": len(opened),
        "tickets": issued,
        "served": served,
    }


def _open_counters(mall: "DemoMall", rng: random.Random) -> list[tuple[Counter, "User"]]:
    """Most good booths open one or two counters; poorly staffed ones mostly stay empty."""
    opened = []
    for booth in mall.booths:
        profile = mall.profile(booth)
        if profile == "poor" or (profile == "medium" and rng.random() < 0.4):
            continue
        counters = mall.counters.get(booth.pk, [])
        how_many = 3 if booth.agency.code == "dukcapil" else rng.choice([1, 1, 2])
        officers = mall.officers.get(booth.agency_id, [])
        for counter, officer in list(zip(counters, officers, strict=False))[:how_many]:
            try:
                counter_open(counter=counter, officer=officer)
            except ApplicationError:
                continue  # someone already works there: leave it as it is
            opened.append((counter, officer))
    return opened


def _issue(mall: "DemoMall", rng: random.Random, open_booths: set[int]) -> int:
    issued = 0
    for booth in mall.booths:
        busy = booth.agency.code == "dukcapil"
        for service in mall.services.get(booth.agency_id, [])[:6]:
            if booth.pk not in open_booths and rng.random() < 0.7:
                continue
            for _n in range(rng.randint(1, 5) if busy else rng.randint(0, 2)):
                priority = rng.choice(_priorities()) if rng.random() < 0.1 else "regular"
                try:
                    ticket_issue(service=service, priority=priority, actor=mall.kiosk)
                except ApplicationError:
                    break
                issued += 1
    return issued


def _priorities() -> list[str]:
    return [p for p in Ticket.Priority.values if p != Ticket.Priority.REGULAR]


def _work(counter: Counter, officer: "User", rng: random.Random) -> int:
    """Serve 0-2 tickets, then leave the counter idle, calling, serving or on a break."""
    served = 0
    try:
        for _n in range(rng.choice([0, 1, 1, 2])):
            ticket = counter_call_next(counter=counter, actor=officer)
            if ticket is None:
                return served
            counter_start(ticket=ticket, actor=officer)
            counter_finish(ticket=ticket, actor=officer)
            served += 1
        ending = rng.choice(["serving", "serving", "called", "idle", "pause"])
        if ending == "pause":
            counter_pause(counter=counter, actor=officer, reason=data.PAUSE_REASONS[1])
        elif ending != "idle":
            ticket = counter_call_next(counter=counter, actor=officer)
            if ticket is not None and ending == "serving":
                counter_start(ticket=ticket, actor=officer)
    except ApplicationError:
        pass  # e.g. a closure in force: the counter stays as it is
    return served
