"""`load_demo_activity` gives the demo mall a plausible, rule-abiding history and a today."""

import datetime as dt
import io
import itertools
from collections import Counter as Tally
from collections import defaultdict

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Max, Min

from agencies.models import Agency, Booth, User
from complaints.models import SURVEY_ELEMENTS, Complaint, ComplaintResponse, SurveyResponse
from complaints.selectors import sla_state
from complaints.survey import ikm_report
from counters.models import Counter, CounterPause, CounterSession
from documents.models import Document, DocumentEvent, PickupLine
from documents.selectors import documents_overdue
from monitoring.models import BoothAlert
from monitoring.selectors import booth_states
from queues.models import DailySequence, Ticket, TicketEvent
from queues.service_levels import within_target
from reports import attendance as attendance_report
from reports import performance as performance_report
from reports.staffing import staffing
from tests.conftest import TUESDAY_9AM, WIB, demo_loaded

# The whole demo mall is loaded first: 10-50 s (`make test-fast` leaves it out).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = TUESDAY_9AM.date()
# With the demo's real hours and holidays, the 3 working days before Tuesday 24 Nov 2026.
PAST = [dt.date(2026, 11, 19), dt.date(2026, 11, 20), dt.date(2026, 11, 23)]
MODELS = [
    Ticket,
    TicketEvent,
    DailySequence,
    CounterSession,
    CounterPause,
    BoothAlert,
    SurveyResponse,
    Complaint,
    ComplaintResponse,
    Document,
    DocumentEvent,
    PickupLine,
    User,
]


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo_activity", *args, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    """The demo mall with 3 days of history and a today (Tuesday 09:00), loaded once for
    the module in a transaction rolled back afterwards."""
    with demo_loaded(django_db_blocker):
        yield _run("--days", "3")


@pytest.fixture
def at_nine(history):
    with time_machine.travel(TUESDAY_9AM, tick=False):
        yield history


# --- the reports show figures ------------------------------------------------------------


def test_history_covers_the_last_three_working_days(at_nine):
    days = sorted(set(Ticket.objects.exclude(date=TODAY).values_list("date", flat=True)))
    assert days == PAST
    assert "3" in at_nine.splitlines()[0]


def test_attendance_coverage_varies_from_poor_to_full(at_nine):
    rows = attendance_report.attendance(date_from=PAST[0], date_to=PAST[-1])
    assert len(rows) == 22 * 5  # 22 booths x 5 days (the weekend is closed)
    open_rows = [r for r in rows if r.open]
    assert len(open_rows) == 22 * 3
    coverage = [r.coverage for r in open_rows]
    assert all(c is not None and 0 <= c <= 1 for c in coverage)
    per_booth = {s.booth_label: s.coverage for s in attendance_report.attendance_by_booth(rows)}
    assert per_booth["Gerai 01 Dispendukcapil"] > 0.85
    assert min(per_booth.values()) < 0.6  # some booths are badly staffed
    assert sum(c > 0.85 for c in per_booth.values()) >= 10  # most are not
    assert sum(r.alerts for r in rows) > 0


def test_performance_figures_are_plausible(at_nine):
    report = performance_report.performance(date_from=PAST[0], date_to=PAST[-1])
    totals = report.totals
    assert totals["served"] > 300
    assert 0 < totals["no_shows"] < totals["served"] / 5
    assert 0 < totals["wait_mean_minutes"] <= totals["wait_p90_minutes"]
    assert 0 < totals["service_mean_minutes"] <= totals["service_p90_minutes"] < 60
    busiest = max(report.services, key=lambda row: row["served"])
    assert busiest["agency_name"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert len(report.officers) >= 20
    officers = User.objects.filter(pk__in=[row["officer"] for row in report.officers])
    assert set(officers.values_list("role", flat=True)) == {User.Role.OFFICER}
    assert all(row["name"] != row["username"] for row in report.officers)


def test_ikm_index_is_in_range_with_mostly_good_scores(at_nine):
    manager = User.objects.get(username="manager")
    report = ikm_report(user=manager, date_from=PAST[0], date_to=PAST[-1])
    assert report.total.respondents > 100
    assert 65 <= report.total.index <= 95
    assert min(a.result.index for a in report.agencies) >= 25
    assert report.comments
    scores = Tally(
        score for row in SurveyResponse.objects.values_list(*SURVEY_ELEMENTS) for score in row
    )
    assert scores[3] + scores[4] > 0.75 * sum(scores.values())
    assert scores[2] > 0
    u4 = Tally(SurveyResponse.objects.values_list("u4", flat=True))
    assert u4[4] > 0.6 * sum(u4.values())  # most services are free


def test_about_forty_percent_of_served_tickets_answer_the_survey(at_nine):
    done = Ticket.objects.filter(status=Ticket.Status.DONE).exclude(date=TODAY).count()
    answered = SurveyResponse.objects.count()
    assert 0.3 * done < answered < 0.5 * done
    for survey in SurveyResponse.objects.select_related("ticket")[:50]:
        assert survey.ticket.status == Ticket.Status.DONE
        assert survey.created_at > survey.ticket.finished_at
        finisher = survey.ticket.events.get(kind=TicketEvent.Kind.FINISHED).actor_id
        assert survey.officer_id == finisher


# --- the rows keep the rules -------------------------------------------------------------


def test_numbers_are_gap_free_per_prefix_and_day_and_match_the_sequence(at_nine):
    lines = Ticket.objects.values("prefix", "date").annotate(
        n=Count("pk"), low=Min("number"), high=Max("number")
    )
    sequences = {(s.prefix, s.date): s.last_number for s in DailySequence.objects.all()}
    assert len(lines) == len(sequences) > 50
    for line in lines:
        assert line["low"] == 1 and line["high"] == line["n"], line
        assert sequences[(line["prefix"], line["date"])] == line["n"]


def test_numbers_follow_issue_order(at_nine):
    previous: dict[tuple, dt.datetime] = {}
    for prefix, day, issued in Ticket.objects.order_by("prefix", "date", "number").values_list(
        "prefix", "date", "issued_at"
    ):
        if (prefix, day) in previous:
            assert issued >= previous[(prefix, day)]
        previous[(prefix, day)] = issued


def test_every_ticket_has_its_timeline(at_nine):
    expected = {
        Ticket.Status.DONE: ["called", "started", "finished"],
        Ticket.Status.EXPIRED: ["expired"],
    }
    events = defaultdict(list)
    for ticket_id, kind, frm, to, at in TicketEvent.objects.order_by("at", "id").values_list(
        "ticket_id", "kind", "from_status", "to_status", "at"
    ):
        events[ticket_id].append((kind, frm, to, at))
    tickets = Ticket.objects.exclude(date=TODAY)
    statuses = Tally(tickets.values_list("status", flat=True))
    assert statuses[Ticket.Status.DONE] and statuses[Ticket.Status.NO_SHOW]
    assert tickets.filter(channel=Ticket.Channel.ONLINE).exists()
    assert tickets.exclude(priority=Ticket.Priority.REGULAR).exists()
    for ticket in tickets:
        timeline = events[ticket.pk]
        kinds = [kind for kind, *_ in timeline]
        first = "booked" if ticket.channel == Ticket.Channel.ONLINE else "issued"
        assert kinds[0] == first, (ticket, kinds)
        assert timeline[-1][2] == ticket.status
        for (_k1, _f1, to, _a1), (_k2, frm, _t2, _a2) in itertools.pairwise(timeline):
            assert frm == to, (ticket, timeline)  # each step starts where the last ended
        if ticket.status in expected:
            assert kinds[-len(expected[ticket.status]) :] == expected[ticket.status]
        if ticket.called_at:
            assert ticket.queued_at <= ticket.called_at
        if ticket.started_at:
            assert ticket.called_at < ticket.started_at < ticket.finished_at


def test_tickets_are_served_by_the_officer_staffing_the_counter(at_nine):
    sessions = defaultdict(list)
    for s in CounterSession.objects.exclude(closed_at__isnull=True).prefetch_related("pauses"):
        sessions[(s.counter_id, s.officer_id)].append(s)
    calls = TicketEvent.objects.filter(kind=TicketEvent.Kind.CALLED).exclude(ticket__date=TODAY)
    assert calls.count() > 300
    for event in calls:
        spans = sessions[(event.counter_id, event.actor_id)]
        assert any(s.opened_at <= event.at <= s.closed_at for s in spans), event
        for s in spans:
            for pause in s.pauses.all():
                assert not pause.started_at < event.at < pause.ended_at


def test_a_counter_serves_one_ticket_at_a_time(at_nine):
    per_counter = defaultdict(list)
    for counter, called, finished in (
        Ticket.objects.exclude(date=TODAY)
        .filter(counter__isnull=False)
        .values_list("counter_id", "called_at", "finished_at")
    ):
        per_counter[counter].append((called, finished))
    for spans in per_counter.values():
        spans.sort()
        for (_s1, end), (start, _e2) in itertools.pairwise(spans):
            assert end <= start


def test_an_officer_staffs_one_counter_at_a_time(at_nine):
    per_officer = defaultdict(list)
    for officer, opened, closed in CounterSession.objects.exclude(
        closed_at__isnull=True
    ).values_list("officer_id", "opened_at", "closed_at"):
        per_officer[officer].append((opened, closed))
    for spans in per_officer.values():
        spans.sort()
        for (_o1, closed), (opened, _c2) in itertools.pairwise(spans):
            assert closed <= opened


def test_empty_alerts_match_the_empty_booth(at_nine):
    alerts = BoothAlert.objects.filter(opened_at__date__lt=TODAY)
    assert alerts.filter(kind=BoothAlert.Kind.EMPTY).exists()
    assert alerts.exclude(acknowledged_by=None).exclude(note="").exists()
    assert not alerts.filter(closed_at__isnull=True).exists()
    for alert in alerts.filter(kind=BoothAlert.Kind.EMPTY):
        staffed = CounterSession.objects.filter(
            counter__booth=alert.booth,
            opened_at__lt=alert.closed_at,
            closed_at__gt=alert.opened_at,
        )
        assert not staffed.exists(), alert


def test_activity_is_between_eight_and_two(at_nine):
    for opened, closed in CounterSession.objects.exclude(closed_at=None).values_list(
        "opened_at", "closed_at"
    ):
        assert dt.time(8) <= opened.astimezone(WIB).time() and closed.astimezone(WIB).time() <= (
            dt.time(14)
        )


# --- complaints --------------------------------------------------------------------------


def test_a_dozen_complaints_in_varied_states(at_nine):
    complaints = list(Complaint.objects.all())
    assert len(complaints) == 12
    statuses = Tally(c.status for c in complaints)
    assert len(statuses) >= 5
    rejected = [c for c in complaints if c.status == Complaint.Status.REJECTED]
    assert len(rejected) == 1 and rejected[0].rejection_reason
    assert [sla_state(c) for c in complaints].count("overdue") == 1
    assert ComplaintResponse.objects.filter(public=True).exclude(message="").exists()
    assert ComplaintResponse.objects.filter(public=False).exclude(message="").exists()
    assert Complaint.objects.filter(agency=None).exists()
    for complaint in complaints:
        assert complaint.created_at <= TUESDAY_9AM
        for response in complaint.responses.all():
            assert complaint.created_at <= response.at <= TUESDAY_9AM


# --- today -------------------------------------------------------------------------------


def test_today_shows_serving_idle_and_empty_booths(at_nine):
    states = Tally(b["state"] for b in booth_states(at=TUESDAY_9AM))
    assert states["serving"] >= 3
    assert states["empty"] >= 2
    assert sum(states.values()) == Booth.objects.count()
    today = Ticket.objects.filter(date=TODAY)
    assert today.filter(status=Ticket.Status.WAITING).count() >= 20
    assert today.filter(status=Ticket.Status.DONE).exists()
    assert today.filter(status__in=Ticket.AT_COUNTER_STATUSES).exists()
    assert CounterSession.objects.filter(closed_at=None).count() >= 10
    assert "loket dibuka" in at_nine


# --- idempotent, and the edges -----------------------------------------------------------


def test_running_twice_changes_nothing(at_nine):
    before = _counts()
    output = _run("--days", "3")
    assert _counts() == before
    assert "0 hari dibuat" in output
    assert "sudah ada tiket" in output


def test_more_days_add_only_the_missing_ones(at_nine):
    before = Ticket.objects.count()
    _run("--days", "4")
    new_days = set(Ticket.objects.values_list("date", flat=True)) - {*PAST, TODAY}
    assert new_days == {dt.date(2026, 11, 18)}
    assert Ticket.objects.count() > before


def test_quotas_and_slot_capacities_hold(at_nine):
    per_day = Ticket.objects.values("service", "service__daily_quota", "date").annotate(
        n=Count("pk")
    )
    for row in per_day:
        assert row["service__daily_quota"] is None or row["n"] <= row["service__daily_quota"]
    per_slot = (
        Ticket.objects.exclude(slot_start=None)
        .values("service", "service__slot_capacity", "slot_start")
        .annotate(n=Count("pk"))
    )
    assert per_slot
    for row in per_slot:
        assert row["n"] <= row["service__slot_capacity"]


def test_bookings_carry_a_hashed_valid_nik_and_their_slot(at_nine):
    bookings = Ticket.objects.filter(channel=Ticket.Channel.ONLINE)
    assert bookings.count() > 10
    for ticket in bookings:
        assert len(ticket.nik_hash) == 64 and len(ticket.nik_last4) == 4
        assert ticket.slot_start < ticket.slot_end
        assert ticket.issued_at.date() < ticket.date  # booked on an earlier day
        if ticket.checked_in_at is not None:
            assert ticket.queued_at == max(ticket.slot_start, ticket.checked_in_at)


def test_the_history_feeds_a_staffing_forecast_and_service_levels(at_nine):
    # Monday 30 Nov: its history holds Monday 23 Nov (the one Monday loaded here).
    rows = staffing(day=dt.date(2026, 11, 30))
    needed = [row for row in rows if row["counters_needed"] > 0]
    assert len({row["service"] for row in needed}) >= 10
    assert {row["hour"] for row in rows} == {8, 9, 10, 11, 12, 13}
    # Today some counters opened: the plan; some services need more: gaps to flag.
    assert any(row["counters_planned"] > 0 for row in needed)
    assert any(row["gap"] > 0 for row in needed)
    levels = within_target(date_from=PAST[0], date_to=PAST[-1])
    assert levels.total.counted > 100
    assert 0.5 < levels.total.share < 1


def test_documents_in_every_status_and_pickup_lines_with_counters(at_nine):
    statuses = Tally(Document.objects.values_list("status", flat=True))
    assert set(statuses) == {"processing", "ready", "collected", "cancelled"}
    assert f"Berkas demo: {sum(statuses.values())} dibuat." in at_nine
    late = documents_overdue(today=TODAY)
    assert late and late[0].agency_id == Agency.objects.get(code="dukcapil").pk
    for document in Document.objects.prefetch_related("events"):
        timeline = [e.status for e in document.events.all()]
        assert timeline[0] == "processing" and timeline[-1] == document.status
        assert document.ticket.status == "done"
        assert document.agency_id == document.service.agency_id
    lines = PickupLine.objects.select_related("service")
    assert sorted(line.service.prefix for line in lines) == ["AMB", "AMP"]
    for line in lines:
        assert Counter.objects.filter(services=line.service).exists()
