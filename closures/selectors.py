"""Reads about planned closures (penutupan terencana), scoped to what a user may see.

The effect of a closure on residents is read here too: `service_closed_until` is the
one call queues/services/ makes before issuing or transferring; `line_closures` reads
a line's closures once so booking slots over any number of days are marked without a
query each; `services_closed_until` gives every closed line at once (kiosk, console).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Booth, Service, User
from agencies.selectors import Slot
from closures.models import ClosureRequest, ClosureRequestEvent
from counters.models import Counter
from mpp.lib.kept import kept

Status = ClosureRequest.Status
LIVE_STATUSES = (Status.PENDING, Status.APPROVED)
STAFF_ROLES = (User.Role.OFFICER, User.Role.SUPERVISOR)


def user_may_request_closure(*, user: User, agency_id: int) -> bool:
    """Officers and supervisors for their own agency's booths; managers for all."""
    if not user.is_authenticated:
        return False
    if user.is_manager:
        return True
    return user.role in STAFF_ROLES and user.agency_id == agency_id


def user_may_cancel_closure(*, user: User, closure: ClosureRequest) -> bool:
    return user.is_authenticated and (user.is_manager or closure.requested_by_id == user.pk)


def closures_for_user(*, user: User) -> QuerySet[ClosureRequest]:
    """Managers see every request; officers and supervisors their agency's; others none."""
    closures = ClosureRequest.objects.select_related(
        "booth__agency", "counter", "requested_by", "decided_by"
    ).prefetch_related(
        Prefetch("events", queryset=ClosureRequestEvent.objects.select_related("actor"))
    )
    if user.is_authenticated and user.is_manager:
        return closures
    if not user.is_authenticated or user.role not in STAFF_ROLES or user.agency_id is None:
        return closures.none()
    return closures.filter(booth__agency_id=user.agency_id)


def closure_get_for_user(*, user: User, closure_id: int) -> ClosureRequest:
    """The request, if `user` may see it; ClosureRequest.DoesNotExist otherwise (a 404)."""
    return closures_for_user(user=user).get(pk=closure_id)


def closure_targets_for_user(*, user: User) -> list[tuple[Booth, list[Counter]]]:
    """The booths (and their active counters) `user` may ask to close, in floor order."""
    booths = Booth.objects.select_related("agency").prefetch_related(
        Prefetch("counters", queryset=Counter.objects.filter(is_active=True).order_by("number"))
    )
    if not user.is_manager:
        if user.role not in STAFF_ROLES or user.agency_id is None:
            return []
        booths = booths.filter(agency_id=user.agency_id)
    return [(booth, list(booth.counters.all())) for booth in booths.order_by("floor", "label")]


def closures_live_for_booth(*, booth: Booth, at: dt.datetime) -> QuerySet[ClosureRequest]:
    """Pending or approved requests of the booth that have not ended yet, soonest first."""
    return (
        ClosureRequest.objects.select_related("counter", "requested_by")
        .filter(booth=booth, status__in=LIVE_STATUSES, ends_at__gt=at)
        .order_by("starts_at", "id")
    )


@dataclass(frozen=True)
class ClosureNotice:
    """One line of the console's closure banner."""

    in_force: bool
    target: str
    period: str
    reason: str


def closure_notices_for_counter(*, counter: Counter, at: dt.datetime) -> list[ClosureNotice]:
    """Approved closures that shut this counter (its own, or its whole booth's), in force
    now or starting before the day ends: what the officer must plan the queue around."""
    if _none_ahead(at):
        return []
    tomorrow = timezone.localdate(at) + dt.timedelta(days=1)
    day_end = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    closures = (
        _approved_from(at)
        .filter(Q(counter=counter) | Q(counter__isnull=True), booth_id=counter.booth_id)
        .filter(starts_at__lt=day_end)
        .select_related("booth", "counter")
        .order_by("starts_at", "id")
    )
    return [
        ClosureNotice(
            in_force=closure.starts_at <= at,
            target=closure_target_text(closure),
            period=period_text(closure.starts_at, closure.ends_at),
            reason=closure.reason,
        )
        for closure in closures
    ]


def closures_overlapping(
    *, booth: Booth, counter: Counter | None, starts_at: dt.datetime, ends_at: dt.datetime
) -> QuerySet[ClosureRequest]:
    """Pending or approved requests for the same target over any of the same time.

    A counter's target also covers a request for its whole booth (it would close it anyway).
    """
    same_time = ClosureRequest.objects.filter(
        booth=booth, status__in=LIVE_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if counter is None:
        return same_time.filter(counter__isnull=True)
    return same_time.filter(Q(counter=counter) | Q(counter__isnull=True))


def closure_stopped_lines(*, closures: list[ClosureRequest]) -> dict[int, list[Service]]:
    """The lines each request would stop, in two queries however many there are: those
    whose every active counter is the closed counter (or in the closed booth). Other
    approved closures are left out: this is what the decision itself changes. (The
    bookings it would touch are the queue's: queues.selectors.bookings_in_periods.)"""
    if not closures:
        return {}
    links = list(
        Counter.services.through.objects.filter(counter__is_active=True).values_list(
            "counter_id", "counter__booth_id", "service_id"
        )
    )
    counters_of: dict[int, set[int]] = {}
    for counter_id, _booth_id, service_id in links:
        counters_of.setdefault(service_id, set()).add(counter_id)
    stopped: dict[int, set[int]] = {}
    for closure in closures:
        closed = {
            counter_id
            for counter_id, booth_id, _service_id in links
            if booth_id == closure.booth_id and closure.counter_id in (None, counter_id)
        }
        stopped[closure.pk] = {sid for sid, ids in counters_of.items() if ids and ids <= closed}
    every = set().union(*stopped.values())
    services = list(Service.objects.filter(pk__in=every, is_active=True).order_by("name"))
    return {pk: [s for s in services if s.pk in ids] for pk, ids in stopped.items()}


def _covered_until(periods: Iterable[tuple[dt.datetime, dt.datetime]], at: dt.datetime):
    """The end of the run of back-to-back periods covering `at`, or None when none covers it."""
    moment, end = at, None
    for starts_at, ends_at in sorted(periods):
        if starts_at > moment:
            break
        if ends_at > moment:
            moment = end = ends_at
    return end


@dataclass(frozen=True)
class LineClosures:
    """The approved closures touching one line (layanan), read once: whether it is closed
    at a moment or during a slot is then answered without a query, for any number of days.

    `counters`: (counter id, booth id) of the active counters serving the line;
    `closures`: (booth id, counter id or None for the whole booth, starts_at, ends_at).
    """

    counters: tuple[tuple[int, int], ...] = ()
    closures: tuple[tuple[int, int | None, dt.datetime, dt.datetime], ...] = ()

    def closed_until(self, at: dt.datetime) -> dt.datetime | None:
        """When the line takes tickets again, if every counter serving it is closed at `at`."""
        if not self.closures or not self.counters:
            return None
        until: dt.datetime | None = None
        for counter_id, booth_id in self.counters:
            periods = [
                (starts_at, ends_at)
                for booth, counter, starts_at, ends_at in self.closures
                if booth == booth_id and counter in (None, counter_id)
            ]
            end = _covered_until(periods, at)
            if end is None:
                return None
            until = end if until is None else min(until, end)
        return until

    def closed_during(self, start: dt.datetime, end: dt.datetime) -> dt.datetime | None:
        """`closed_until` of the first closed moment from `start` to `end`, or None.

        The line can only close at `start` or where a closure starts, so those are the
        moments to look at: a slot that a closure cuts into is closed too.
        """
        starts = sorted({c[2] for c in self.closures if start < c[2] < end})
        for moment in (start, *starts):
            until = self.closed_until(moment)
            if until is not None:
                return until
        return None


def _approved_from(at: dt.datetime) -> QuerySet[ClosureRequest]:
    return ClosureRequest.objects.filter(status=Status.APPROVED, ends_at__gt=at)


# When the approved closures not yet ended end (none, most days), kept in the cache until
# a request changes (mpp.lib.kept; closures/apps.py): every ticket issued, booked or
# transferred asks whether its line is closed, and the answer is "no" without a query
# while no approved closure lies ahead at all.
APPROVED_AHEAD_KEY = "closures:approved-ahead"


def _none_ahead(at: dt.datetime) -> bool:
    """Whether no approved closure ends after `at` (False: ask the database)."""
    ahead = kept(APPROVED_AHEAD_KEY, _read_ahead)
    return at >= ahead["from"] and not any(end > at for end in ahead["ends"])


def _read_ahead() -> dict:
    now = timezone.now()
    return {"from": now, "ends": list(_approved_from(now).values_list("ends_at", flat=True))}


_CLOSURE_FIELDS = ("booth_id", "counter_id", "starts_at", "ends_at")


def line_closures(*, service: Service, at: dt.datetime) -> LineClosures:
    """The approved closures of the line not ended at `at` (later ones included).

    No query while no approved closure lies ahead at all (kept in the cache), one when
    none touches the service, two otherwise.
    """
    if _none_ahead(at):
        return LineClosures()
    closures = tuple(
        _approved_from(at)
        .filter(booth__counters__services=service, booth__counters__is_active=True)
        .distinct()
        .values_list(*_CLOSURE_FIELDS)
    )
    if not closures:
        return LineClosures()
    counters = Counter.objects.filter(services=service, is_active=True)
    return LineClosures(tuple(counters.values_list("pk", "booth_id")), closures)


def service_closed_until(*, service: Service, at: dt.datetime) -> dt.datetime | None:
    """When the service takes tickets again, if at `at` every active counter serving it
    is under an approved closure (of the counter or its whole booth); else None.

    A counter that is not closed keeps the service open even if nobody staffs it yet:
    staffing comes and goes within the day, a planned closure is the agency's word.
    See `line_closures` for what it costs.
    """
    return line_closures(service=service, at=at).closed_until(at)


def services_closed_until(*, at: dt.datetime) -> dict[int, dt.datetime]:
    """Every service closed at `at` (see `service_closed_until`) with when it reopens.

    For lists (kiosk, console): no query while no approved closure lies ahead, one when
    nothing is closed, two otherwise.
    """
    if _none_ahead(at):
        return {}
    closures = tuple(_approved_from(at).values_list(*_CLOSURE_FIELDS))
    if not closures:
        return {}
    links = Counter.services.through.objects.filter(counter__is_active=True).values_list(
        "service_id", "counter_id", "counter__booth_id"
    )
    counters_of: dict[int, list[tuple[int, int]]] = {}
    for service_id, counter_id, booth_id in links:
        counters_of.setdefault(service_id, []).append((counter_id, booth_id))
    closed = {}
    for service_id, counters in counters_of.items():
        until = LineClosures(tuple(counters), closures).closed_until(at)
        if until is not None:
            closed[service_id] = until
    return closed


def slots_mark_closed(slots: list[Slot], closures: LineClosures) -> list[Slot]:
    """The slots, with those a closure cuts into left with no place and the reason why."""
    if not closures.closures:
        return slots
    marked = []
    for slot in slots:
        until = closures.closed_during(slot.start, slot.end)
        if until is not None:
            reason = line_closed_text(until, at=slot.start)
            slot = replace(slot, remaining=0, closed_reason=reason)
        marked.append(slot)
    return marked


def slots_closed_day_reason(slots: list[Slot]) -> str:
    """The reason when planned closures take every slot of a day (it shows as closed)."""
    if slots and all(slot.closed for slot in slots):
        return slots[-1].closed_reason  # the latest reopening of the day's slots
    return ""


def line_closed_text(until: dt.datetime, *, at: dt.datetime) -> str:
    """ "Layanan ditutup sementara sampai pukul 11:00 WIB." (the date when not `at`'s day)."""
    return _("Layanan ditutup sementara sampai %(until)s.") % {"until": until_text(until, at=at)}


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


def until_text(until: dt.datetime, *, at: dt.datetime) -> str:
    """ "pukul 12:00 WIB" on the same day as `at`, else "25-11-2026 12:00 WIB"."""
    local = _local(until)
    if local.date() == _local(at).date():
        return _("pukul %(time)s WIB") % {"time": local.strftime("%H:%M")}
    return _("%(date)s pukul %(time)s WIB") % {
        "date": local.strftime("%d-%m-%Y"),
        "time": local.strftime("%H:%M"),
    }


def period_text(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "24-11-2026 10:00-12:00 WIB", or with both dates when it spans days."""
    start, end = _local(starts_at), _local(ends_at)
    if start.date() == end.date():
        return f"{start:%d-%m-%Y %H:%M}-{end:%H:%M} WIB"
    return f"{start:%d-%m-%Y %H:%M} - {end:%d-%m-%Y %H:%M} WIB"


def closure_target_text(closure: ClosureRequest) -> str:
    if closure.counter_id is None:
        return _("%(booth)s (seluruh gerai)") % {"booth": closure.booth.label}
    assert closure.counter is not None
    return _("%(counter)s, %(booth)s") % {
        "counter": closure.counter.label,
        "booth": closure.booth.label,
    }


def closure_managers() -> QuerySet[User]:
    """Who decides on requests: the MPP's managers (and admins) with an active account."""
    return User.objects.filter(
        Q(role__in=(User.Role.MANAGER, User.Role.ADMIN)) | Q(is_superuser=True), is_active=True
    ).order_by("pk")
