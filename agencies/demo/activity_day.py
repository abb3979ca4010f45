"""One past day of the demo mall (satu hari riwayat demo): who staffed which counter when,
who came for which service, and how each line was served, then the rows.

Built by `agencies.demo.activity.demo_activity_load`, one transaction per day.
"""

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from agencies.demo import activity_data as data
from agencies.models import Booth, Service, User
from agencies.selectors import DaySchedule
from complaints.models import SurveyResponse
from counters.models import Counter, CounterPause, CounterSession
from monitoring.models import BoothAlert
from monitoring.services import ALERTING_BOOTHS_KEY
from mpp.lib.identity import nik_hash
from mpp.lib.kept import forget
from queues.models import DailySequence, Ticket, TicketEvent

if TYPE_CHECKING:
    from agencies.demo.activity import ActivitySummary, DemoMall

Status, Kind, Priority = Ticket.Status, TicketEvent.Kind, Ticket.Priority
# Realistic activity whatever the configured hours (the demo may be open all day).
DAY_START, DAY_END = dt.time(8, 0), dt.time(14, 0)
EMPTY_GRACE = dt.timedelta(minutes=15)
PAUSE_LIMIT = dt.timedelta(minutes=30)
PRIORITIES = [Priority.ELDERLY, Priority.DISABLED, Priority.PREGNANT, Priority.CHILD]


@dataclass
class _Session:
    counter: Counter
    officer: User
    opened: dt.datetime
    closed: dt.datetime
    pauses: list[tuple[dt.datetime, dt.datetime, str]] = field(default_factory=list)

    def staffed(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """The session minus its breaks."""
        pieces, start = [], self.opened
        for p_start, p_end, _reason in sorted(self.pauses):
            if p_start > start:
                pieces.append((start, p_start))
            start = max(start, p_end)
        if self.closed > start:
            pieces.append((start, self.closed))
        return pieces


@dataclass
class _Ticket:
    """A ticket being simulated, before it becomes rows."""

    service: Service
    issued: dt.datetime
    queued: dt.datetime | None
    channel: str = Ticket.Channel.KIOSK
    priority: str = Priority.REGULAR
    slot: tuple[dt.datetime, dt.datetime] | None = None
    checked_in: dt.datetime | None = None
    status: str = Status.WAITING
    counter: Counter | None = None
    officer: User | None = None
    called: dt.datetime | None = None
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    recalled: dt.datetime | None = None
    nik: str = ""

    @property
    def queue_time(self) -> dt.datetime:
        """When it joined the line (only tickets in line are served)."""
        assert self.queued is not None
        return self.queued


# --- one past day -----------------------------------------------------------------------


def _at(day: dt.date, t: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, t, tzinfo=timezone.get_current_timezone())


def _minutes(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(seconds=int(rng.uniform(low, high) * 60))


def around_the_clock(schedule: DaySchedule) -> bool:
    """A day the mall is open (nearly) all day: `load_demo --all-hours`."""
    if not schedule.open or schedule.opens_at is None or schedule.closes_at is None:
        return False
    return schedule.closes_at - schedule.opens_at >= dt.timedelta(hours=20)


class DayBuilder:
    def __init__(
        self,
        mall: "DemoMall",
        schedule: DaySchedule,
        rng: random.Random,
        summary: "ActivitySummary",
    ):
        assert schedule.opens_at is not None and schedule.closes_at is not None
        self.mall, self.rng, self.summary = mall, rng, summary
        self.day = schedule.date
        if around_the_clock(schedule):
            # The --all-hours demo: the reports measure against the whole day, so the
            # day's activity is spread over it too (else every coverage reads ~5%).
            self.start, self.end = schedule.opens_at, schedule.closes_at
        else:
            self.start = max(_at(self.day, DAY_START), schedule.opens_at)
            self.end = min(_at(self.day, DAY_END), schedule.closes_at)
        self.closes = schedule.closes_at
        self.sessions: list[_Session] = []
        self.alerts: list[BoothAlert] = []
        self.tickets: list[_Ticket] = []
        self.slots: dict[tuple[int, dt.datetime], int] = defaultdict(int)

    def build(self) -> None:
        if self.end - self.start < dt.timedelta(hours=1):
            return
        for booth in self.mall.booths:
            sessions = self._staff(booth)
            self.sessions.extend(sessions)
            self._alerts(booth, sessions)
            tickets = self._arrivals(booth)
            _Line(self, booth, sessions, tickets).serve()
            self.tickets.extend(tickets)
        self._save()

    # staffing ------------------------------------------------------------------------

    def _staff(self, booth: Booth) -> list[_Session]:
        profile = self.mall.profile(booth)
        rng = self.rng
        if profile == "poor" and rng.random() < 0.2:
            return []  # nobody came all day
        officers = list(self.mall.officers.get(booth.agency_id, []))
        sessions = []
        for index, counter in enumerate(self.mall.counters.get(booth.pk, [])):
            if not officers:
                break
            keep = {"good": 0.9, "medium": 0.4, "poor": 0.15}[profile]
            if index > 0 and rng.random() > keep:
                continue
            officer = officers.pop(0)
            sessions.extend(self._sessions_of(counter, officer, profile))
        return sessions

    def _sessions_of(self, counter: Counter, officer: User, profile: str) -> list[_Session]:
        rng = self.rng
        late, early = {
            "good": ((0, 12), (0, 8)),
            "medium": ((15, 60), (15, 60)),
            "poor": ((40, 120), (30, 100)),
        }[profile]
        opened = self.start + _minutes(rng, *late)
        closed = self.end - _minutes(rng, *early)
        if closed - opened < dt.timedelta(minutes=30):
            return []
        spans = [(opened, closed)]
        if profile != "good" and rng.random() < 0.4:
            # Left the booth for a while without a break (e.g. called back to the office).
            gap_start = opened + (closed - opened) * rng.uniform(0.3, 0.5)
            gap_end = gap_start + _minutes(rng, 25, 70)
            if gap_end < closed - dt.timedelta(minutes=20):
                spans = [(opened, gap_start), (gap_end, closed)]
        sessions = [_Session(counter, officer, s, e) for s, e in spans]
        last = sessions[-1]
        lunch = _at(self.day, dt.time(11, 45)) + _minutes(rng, 0, 30)
        if last.opened < lunch and lunch + dt.timedelta(minutes=45) < last.closed:
            length = _minutes(rng, 15, 33 if profile == "good" else 60)
            last.pauses.append((lunch, lunch + length, data.PAUSE_REASONS[0]))
        first = sessions[0]
        if rng.random() < 0.15:
            at = first.opened + (first.closed - first.opened) * rng.uniform(0.1, 0.3)
            first.pauses.append((at, at + _minutes(rng, 5, 20), rng.choice(data.PAUSE_REASONS[1:])))
        return sessions

    def _alerts(self, booth: Booth, sessions: list[_Session]) -> None:
        """The alerts the booth scan would have raised: empty after a 15-minute gap,
        unattended when a break ran past 30 minutes."""
        spans = _merge([(s.opened, s.closed) for s in sessions])
        cursor = self.start
        for s_start, s_end in [*spans, (self.end, self.end)]:
            if s_start - cursor > EMPTY_GRACE:
                self._alert(booth, BoothAlert.Kind.EMPTY, "no_counter_open", cursor, s_start)
            cursor = max(cursor, s_end)
        for session in sessions:
            for p_start, p_end, _reason in session.pauses:
                if p_end - p_start > PAUSE_LIMIT:
                    self._alert(booth, BoothAlert.Kind.UNATTENDED, "break_overrun", p_start, p_end)

    def _alert(self, booth: Booth, kind: str, reason: str, since: dt.datetime, until: dt.datetime):
        grace = EMPTY_GRACE if kind == BoothAlert.Kind.EMPTY else PAUSE_LIMIT
        alert = BoothAlert(
            booth=booth, kind=kind, reason=reason, opened_at=since + grace, closed_at=until
        )
        if self.rng.random() < 0.5:
            who = self.mall.supervisors.get(booth.agency_id) or self.mall.manager
            alert.acknowledged_by = who
            alert.acknowledged_at = alert.opened_at + _minutes(self.rng, 3, 20)
            alert.note = self.rng.choice(
                [
                    "Petugas terlambat karena apel pagi di kantor dinas.",
                    "Sudah ditelepon, petugas segera kembali ke gerai.",
                    "Petugas sakit, pengganti belum ada.",
                    "Jaringan kantor bermasalah, petugas ke kantor induk.",
                ]
            )
        self.alerts.append(alert)

    # demand --------------------------------------------------------------------------

    def _arrivals(self, booth: Booth) -> list[_Ticket]:
        rng = self.rng
        mean = data.DEMAND.get(booth.agency.code, data.DEFAULT_DEMAND)
        weekday = {0: 1.25, 1: 1.1, 2: 1.0, 3: 0.95, 4: 0.7, 5: 0.8, 6: 0.6}[self.day.weekday()]
        services = self.mall.services.get(booth.agency_id, [])
        weights = [data.SERVICE_WEIGHTS[r] if r < 6 else 0.5 for r in range(len(services))]
        tickets: list[_Ticket] = []
        for service, weight in zip(services, weights, strict=True):
            expected = mean * weekday * weight / sum(weights)
            count = max(0, round(rng.gauss(expected, math.sqrt(expected))))
            if service.daily_quota is not None:
                count = min(count, service.daily_quota)
            tickets.extend(self._ticket(service) for _ in range(count))
        return tickets

    def _ticket(self, service: Service) -> _Ticket:
        rng = self.rng
        last_issue = self.end - dt.timedelta(minutes=30)
        arrival = self.start + (last_issue - self.start) * rng.betavariate(1.5, 2.5)
        arrival = arrival.replace(microsecond=0)
        if service.online_booking and rng.random() < 0.2:
            booking = self._booking(service, arrival)
            if booking is not None:
                return booking
        ticket = _Ticket(service=service, issued=arrival, queued=arrival)
        if rng.random() < 0.15:
            ticket.channel = Ticket.Channel.ASSISTED
        if rng.random() < 0.08:
            ticket.priority = rng.choice(PRIORITIES)
        return ticket

    def _booking(self, service: Service, arrival: dt.datetime) -> _Ticket | None:
        """An online booking for the slot of `arrival`, or None when that slot is full."""
        rng = self.rng
        length = dt.timedelta(minutes=service.slot_minutes)
        offset = (arrival - self.start) // length
        slot_start = self.start + offset * length
        if self.slots[(service.pk, slot_start)] >= service.slot_capacity:
            return None
        self.slots[(service.pk, slot_start)] += 1
        booked = _at(self.day - dt.timedelta(days=rng.randint(1, 6)), dt.time(rng.randint(6, 21)))
        nik = f"357401{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(60, 99)}"
        ticket = _Ticket(
            service=service,
            issued=booked + _minutes(rng, 0, 59),
            queued=None,
            channel=Ticket.Channel.ONLINE,
            slot=(slot_start, slot_start + length),
            nik=nik + f"{rng.randint(1, 9999):04d}",
        )
        if rng.random() < 0.1:  # never came: expired to no-show after slot + grace
            ticket.status = Status.NO_SHOW
            ticket.finished = (
                slot_start + length + dt.timedelta(minutes=service.checkin_grace_minutes)
            )
            return ticket
        ticket.checked_in = max(self.start, slot_start - _minutes(rng, 0, 20))
        ticket.queued = max(slot_start, ticket.checked_in)
        return ticket

    # rows ----------------------------------------------------------------------------

    def _save(self) -> None:
        self._save_sessions()
        BoothAlert.objects.bulk_create(self.alerts)
        forget(ALERTING_BOOTHS_KEY)  # bulk_create sends no post_save
        self.summary.alerts += len(self.alerts)
        rows = self._number_tickets()
        Ticket.objects.bulk_create([row for row, _ in rows])
        TicketEvent.objects.bulk_create(
            [event for row, sim in rows for event in _events(row, sim, self)]
        )
        surveys = [s for row, sim in rows if (s := self._survey(row, sim)) is not None]
        SurveyResponse.objects.bulk_create(surveys)
        self.summary.tickets += len(rows)
        self.summary.surveys += len(surveys)

    def _save_sessions(self) -> None:
        rows = [
            CounterSession(
                counter=s.counter, officer=s.officer, opened_at=s.opened, closed_at=s.closed
            )
            for s in self.sessions
        ]
        CounterSession.objects.bulk_create(rows)
        CounterPause.objects.bulk_create(
            CounterPause(session=row, reason=reason, started_at=p_start, ended_at=p_end)
            for row, s in zip(rows, self.sessions, strict=True)
            for p_start, p_end, reason in s.pauses
        )
        self.summary.sessions += len(rows)

    def _number_tickets(self) -> list[tuple[Ticket, _Ticket]]:
        """Numbers 1..n per prefix in order of issue, and the day's sequence rows."""
        by_prefix: dict[str, list[_Ticket]] = defaultdict(list)
        for sim in self.tickets:
            by_prefix[sim.service.prefix].append(sim)
        rows = []
        for prefix, sims in sorted(by_prefix.items()):
            sims.sort(key=lambda s: s.issued)
            for number, sim in enumerate(sims, start=1):
                rows.append((_ticket_row(sim, prefix, number, self.day), sim))
            DailySequence.objects.update_or_create(
                prefix=prefix, date=self.day, defaults={"last_number": len(sims)}
            )
        return rows

    def _survey(self, row: Ticket, sim: _Ticket) -> SurveyResponse | None:
        rng = self.rng
        if sim.status != Status.DONE or rng.random() > 0.4:
            return None
        assert sim.finished is not None
        mood = rng.choices([4, 3, 2], weights=[45, 45, 10])[0]
        scores = {}
        for element in ("u1", "u2", "u3", "u5", "u6", "u7", "u8", "u9"):
            scores[element] = max(1, min(4, mood + rng.choices([0, -1, 1], [70, 18, 12])[0]))
        scores["u4"] = 4 if sim.service.is_free or rng.random() < 0.3 else rng.choice([2, 3, 3, 4])
        wait = (sim.called or sim.finished) - (sim.queued or sim.issued)
        if wait > dt.timedelta(minutes=60):  # a long wait shows in u3
            scores["u3"] = max(1, scores["u3"] - 1)
        comment = rng.choice(data.SURVEY_COMMENTS) if rng.random() < 0.2 else ""
        return SurveyResponse(
            ticket=row,
            agency_id=sim.service.agency_id,
            service=sim.service,
            officer=sim.officer,
            comment=comment,
            created_at=sim.finished + _minutes(rng, 1, 30),
            **scores,
        )


def _merge(spans: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _ticket_row(sim: _Ticket, prefix: str, number: int, day: dt.date) -> Ticket:
    slot_start, slot_end = sim.slot or (None, None)
    return Ticket(
        prefix=prefix,
        number=number,
        date=day,
        service=sim.service,
        channel=sim.channel,
        priority=sim.priority,
        priority_rank=0 if sim.priority != Priority.REGULAR else 1,
        status=sim.status,
        slot_start=slot_start,
        slot_end=slot_end,
        queued_at=sim.queued,
        issued_at=sim.issued,
        checked_in_at=sim.checked_in,
        called_at=sim.called,
        started_at=sim.started,
        finished_at=sim.finished,
        counter=sim.counter,
        nik_hash=nik_hash(sim.nik) if sim.nik else "",
        nik_last4=sim.nik[-4:],
    )


def _events(row: Ticket, sim: _Ticket, day: DayBuilder) -> list[TicketEvent]:
    """One event per transition, as the services would have logged them."""
    events = []

    def log(kind: str, at: dt.datetime, frm: str, to: str, actor=None, counter=None) -> None:
        events.append(
            TicketEvent(
                ticket=row,
                kind=kind,
                at=at,
                actor=actor,
                counter=counter,
                service=sim.service,
                from_status=frm,
                to_status=to,
            )
        )

    if sim.channel == Ticket.Channel.ONLINE:
        log(Kind.BOOKED, sim.issued, "", Status.BOOKED)
        if sim.checked_in is None:
            assert sim.finished is not None
            log(Kind.NO_SHOW, sim.finished, Status.BOOKED, Status.NO_SHOW)
            return events
        log(Kind.CHECKED_IN, sim.checked_in, Status.BOOKED, Status.WAITING, day.mall.kiosk)
    else:
        kiosk = sim.channel == Ticket.Channel.KIOSK
        log(Kind.ISSUED, sim.issued, "", Status.WAITING, day.mall.kiosk if kiosk else sim.officer)
    if sim.called is None:
        log(Kind.EXPIRED, day.closes, Status.WAITING, Status.EXPIRED)
        return events
    officer, counter = sim.officer, sim.counter
    log(Kind.CALLED, sim.called, Status.WAITING, Status.CALLED, officer, counter)
    if sim.recalled is not None:
        log(Kind.RECALLED, sim.recalled, Status.CALLED, Status.CALLED, officer, counter)
    assert sim.finished is not None
    if sim.status == Status.NO_SHOW:
        log(Kind.NO_SHOW, sim.finished, Status.CALLED, Status.NO_SHOW, officer, counter)
        return events
    assert sim.started is not None
    log(Kind.STARTED, sim.started, Status.CALLED, Status.SERVING, officer, counter)
    log(Kind.FINISHED, sim.finished, Status.SERVING, Status.DONE, officer, counter)
    return events


# --- serving a booth's line for a day -----------------------------------------------------


class _Line:
    """Each staffed counter, whenever it is free, calls the first waiting ticket it serves
    (priority first, then queue time), as `ticket_call_next` would."""

    def __init__(
        self, day: DayBuilder, booth: Booth, sessions: list[_Session], tickets: list[_Ticket]
    ):
        self.day, self.rng = day, day.rng
        self.waiting = sorted(
            (t for t in tickets if t.queued is not None and t.status == Status.WAITING),
            key=lambda t: t.queue_time,
        )
        self.shifts: dict[int, list[tuple[dt.datetime, dt.datetime, _Session]]] = defaultdict(list)
        for session in sessions:
            for start, end in session.staffed():
                self.shifts[session.counter.pk].append((start, end, session))

    def serve(self) -> None:
        free = {pk: shifts[0][0] for pk, shifts in self.shifts.items() if shifts}
        while free and self.waiting:
            counter_id = min(free, key=lambda pk: (free[pk], pk))
            shift = self._shift(counter_id, free[counter_id])
            if shift is None:
                del free[counter_id]
                continue
            at, session = shift
            ticket = self._next(counter_id, at)
            if ticket is None:
                later = self._next_arrival(counter_id, at)
                if later is None:
                    del free[counter_id]
                else:
                    free[counter_id] = later
                continue
            free[counter_id] = self._call(ticket, at, session)
        for ticket in self.waiting:
            ticket.status = Status.EXPIRED
            ticket.finished = self.day.closes

    def _shift(self, counter_id: int, at: dt.datetime):
        """The first staffed moment at or after `at` (leaving time for one applicant)."""
        for start, end, session in self.shifts[counter_id]:
            moment = max(at, start)
            if moment < end - dt.timedelta(minutes=5):
                return moment, session
        return None

    def _next(self, counter_id: int, at: dt.datetime) -> _Ticket | None:
        serves = self.day.mall.served_by.get(counter_id, set())
        ready = [t for t in self.waiting if t.queue_time <= at and t.service.pk in serves]
        if not ready:
            return None
        ticket = min(
            ready, key=lambda t: (0 if t.priority != Priority.REGULAR else 1, t.queue_time)
        )
        self.waiting.remove(ticket)
        return ticket

    def _next_arrival(self, counter_id: int, at: dt.datetime) -> dt.datetime | None:
        serves = self.day.mall.served_by.get(counter_id, set())
        later = [t.queue_time for t in self.waiting if t.queue_time > at and t.service.pk in serves]
        return min(later) if later else None

    def _call(self, ticket: _Ticket, at: dt.datetime, session: _Session) -> dt.datetime:
        rng = self.rng
        ticket.counter, ticket.officer = session.counter, session.officer
        ticket.called = at + _minutes(rng, 0.1, 1.5)
        if rng.random() < 0.06:
            ticket.recalled = ticket.called + _minutes(rng, 1, 2)
            ticket.status = Status.NO_SHOW
            ticket.finished = ticket.recalled + _minutes(rng, 1, 3)
            return ticket.finished
        ticket.started = ticket.called + _minutes(rng, 0.5, 2.5)
        expected = ticket.service.expected_service_minutes
        ticket.finished = ticket.started + _minutes(rng, expected * 0.5, expected * 1.6)
        ticket.status = Status.DONE
        return ticket.finished + _minutes(rng, 0, 1)
