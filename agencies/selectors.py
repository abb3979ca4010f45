"""Reads about the catalog and the mall's calendar (jam layanan, hari libur)."""

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Closure, OpeningHours, Service
from mpp.lib.kept import forget, kept


@dataclass(frozen=True)
class DaySchedule:
    """The mall's hours on one date, as aware datetimes; `open` False with a reason."""

    date: dt.date
    open: bool
    reason: str = ""
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    break_start: dt.datetime | None = None
    break_end: dt.datetime | None = None
    cutoff_at: dt.datetime | None = None
    breaks: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)

    def in_break(self, at: dt.datetime) -> bool:
        return any(start <= at < end for start, end in self.breaks)

    def issuing(self, at: dt.datetime) -> bool:
        """Whether a walk-in ticket may be issued at `at` (opening to cutoff, not in a break)."""
        if not self.open or self.opens_at is None or self.cutoff_at is None:
            return False
        early = dt.timedelta(minutes=settings.MPP_ISSUE_EARLY_MINUTES)
        return self.opens_at - early <= at < self.cutoff_at and not self.in_break(at)

    def resumes_at(self, at: dt.datetime) -> dt.datetime | None:
        """When issuing resumes today after `at`, or None when it does not today."""
        if not self.open or self.opens_at is None:
            return None
        first_issue = self.opens_at - dt.timedelta(minutes=settings.MPP_ISSUE_EARLY_MINUTES)
        if at < first_issue:
            return first_issue
        for start, end in self.breaks:
            if start <= at < end:
                return end
        return None


_WEEKEND_REASON = {5: "Sabtu", 6: "Minggu"}


# The calendar's rows near today (the week's opening hours, the closed dates from
# yesterday to CALENDAR_DAYS ahead) are kept in the cache until an opening-hours row or a
# closure changes (mpp.lib.kept; agencies/apps.py): every ticket issued, booked or
# checked in, and every booth state, asks for a day's schedule, and two queries each was
# a fifth of a kiosk issue's.
CALENDAR_KEY = "agencies:calendar"
CALENDAR_DAYS = 62
_HOURS_FIELDS = ("weekday", "opens_at", "closes_at", "break_start", "break_end")


def day_schedule(*, day: dt.date) -> DaySchedule:
    calendar = _calendar(day)
    if calendar is None:  # far from today: not kept
        closure = Closure.objects.filter(date=day, closed=True).first()
        hours = None if closure else OpeningHours.objects.filter(weekday=day.weekday()).first()
        return _schedule(day, closure, hours)
    reason = calendar["closed"].get(day.isoformat())
    if reason is not None:
        return _schedule(day, Closure(date=day, reason=reason), None)
    values = calendar["week"].get(day.weekday())
    return _schedule(day, None, OpeningHours(**values) if values else None)


def _calendar(day: dt.date) -> dict | None:
    """The kept calendar when it holds `day`; None for a day far from today."""
    calendar = kept(CALENDAR_KEY, _read_calendar)
    if calendar["first"] != _calendar_first():  # kept since before midnight
        forget(CALENDAR_KEY)
        calendar = kept(CALENDAR_KEY, _read_calendar)
    return calendar if calendar["first"] <= day <= calendar["last"] else None


def _calendar_first() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def _read_calendar() -> dict:
    first = _calendar_first()
    last = first + dt.timedelta(days=CALENDAR_DAYS)
    closures = Closure.objects.filter(date__range=(first, last), closed=True)
    week = OpeningHours.objects.values(*_HOURS_FIELDS, "issue_cutoff_minutes")
    return {
        "first": first,
        "last": last,
        "closed": {c.date.isoformat(): c.reason for c in closures.only("date", "reason")},
        "week": {row["weekday"]: row for row in week},
    }


def day_schedules(*, first: dt.date, last: dt.date) -> list[DaySchedule]:
    """`day_schedule` of every day from `first` to `last`, in two queries."""
    closures: dict[dt.date, Closure] = {}
    for closure in Closure.objects.filter(date__range=(first, last), closed=True).order_by("pk"):
        closures.setdefault(closure.date, closure)
    week = {hours.weekday: hours for hours in OpeningHours.objects.order_by("-pk")}
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [_schedule(day, closures.get(day), week.get(day.weekday())) for day in days]


def _schedule(day: dt.date, closure: Closure | None, hours: OpeningHours | None) -> DaySchedule:
    if closure is not None:
        return DaySchedule(date=day, open=False, reason=closure.reason)
    if hours is None:
        weekday = OpeningHours.Weekday(day.weekday()).label
        return DaySchedule(date=day, open=False, reason=_("MPP tutup pada hari %s.") % weekday)
    tz = timezone.get_current_timezone()

    def at(t: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, t, tzinfo=tz)

    closes = at(hours.closes_at)
    breaks = []
    if hours.break_start and hours.break_end:
        breaks.append((at(hours.break_start), at(hours.break_end)))
    return DaySchedule(
        date=day,
        open=True,
        opens_at=at(hours.opens_at),
        closes_at=closes,
        break_start=breaks[0][0] if breaks else None,
        break_end=breaks[0][1] if breaks else None,
        cutoff_at=closes - dt.timedelta(minutes=hours.issue_cutoff_minutes),
        breaks=breaks,
    )


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    capacity: int
    remaining: int
    # Set when a planned closure cuts into the slot (closures.selectors).
    closed_reason: str = ""

    @property
    def closed(self) -> bool:
        return bool(self.closed_reason)


def service_slot_starts(*, service: Service, schedule: DaySchedule) -> list[dt.datetime]:
    """Booking slots: from opening, `slot_minutes` long, ending by the cutoff, none in a break."""
    if not schedule.open or schedule.opens_at is None or schedule.cutoff_at is None:
        return []
    step = dt.timedelta(minutes=service.slot_minutes)
    starts = []
    start = schedule.opens_at
    while start + step <= schedule.cutoff_at:
        end = start + step
        if not any(start < b_end and b_start < end for b_start, b_end in schedule.breaks):
            starts.append(start)
        start = end
    return starts


def agency_catalog() -> list[Agency]:
    """Agencies for the home page, each with `active_services` (by name) and its booths:
    three queries however many agencies."""
    services = Service.objects.filter(is_active=True).order_by("name")
    agencies = Agency.objects.prefetch_related(
        "booths", Prefetch("services", queryset=services, to_attr="active_services")
    )
    return list(agencies)


def service_list(*, agency_id: int | None = None, query: str = "") -> QuerySet[Service]:
    services = Service.objects.filter(is_active=True).select_related("agency")
    if agency_id is not None:
        services = services.filter(agency_id=agency_id)
    for word in query.split()[:10]:
        services = services.filter(_search_q(word))
    return services


def service_find(*, query: str, agency_id: int | None = None, limit: int = 500) -> list[Service]:
    """The API's `?q=`: the portal's ranking (service_search) first, then any other
    service holding every word as typed (a word the ranking folds away, as "keluarga"
    inside "kk", still finds its service)."""
    ranked = service_search(query=query, limit=limit, agency_id=agency_id)
    seen = {service.pk for service in ranked}
    literal = service_list(agency_id=agency_id, query=query).exclude(pk__in=seen).order_by("name")
    return (ranked + list(literal))[:limit]


def _search_q(word: str) -> Q:
    return (
        Q(name__icontains=word)
        | Q(keywords__icontains=word)
        | Q(agency__name__icontains=word)
        | Q(description__icontains=word)
    )


def service_get(*, service_id: int) -> Service:
    return Service.objects.select_related("agency").get(pk=service_id, is_active=True)


# --- Search that forgives how people write -------------------------------------------

# Spellings folded to one form, applied to queries and services alike (longest first).
_SEARCH_PHRASES = [
    ("surat berkelakuan baik", "skck"),
    ("surat kelakuan baik", "skck"),
    ("surat keterangan catatan kepolisian", "skck"),
    ("kartu tanda penduduk", "ktp"),
    ("ktp elektronik", "ktp"),
    ("akta lahir", "akta kelahiran"),
    ("akta mati", "akta kematian"),
    ("e ktp", "ktp"),
    ("ktp el", "ktp"),
    ("kartu keluarga", "kk"),
]
_SEARCH_WORDS = {
    "ektp": "ktp",
    "ktpel": "ktp",
    "akte": "akta",
    "passport": "paspor",
    "pasport": "paspor",
    "paspot": "paspor",
    "sertipikat": "sertifikat",
    "umroh": "umrah",
    "kehilangan": "hilang",
    "perpanjangan": "perpanjang",
    "memperpanjang": "perpanjang",
    "pendaftaran": "daftar",
    "mendaftar": "daftar",
    "bpjstk": "bpjs",
    "bpjskes": "bpjs",
    "jamsostek": "bpjs",
    "nikah": "menikah",
}
# Words that say nothing about which service is meant.
_STOP_WORDS = frozenset(
    [
        "buat",
        "bikin",
        "membuat",
        "pembuatan",
        "urus",
        "ngurus",
        "mengurus",
        "pengurusan",
        "cara",
        "syarat",
        "persyaratan",
        "mau",
        "ingin",
        "saya",
        "aku",
        "kami",
        "yang",
        "di",
        "ke",
        "dari",
        "untuk",
        "dan",
        "atau",
        "apa",
        "bagaimana",
        "gimana",
        "tolong",
        "layanan",
        "pelayanan",
        "bagaimanakah",
        "dong",
        "sih",
        "nya",
        "the",
        "a",
        "of",
        "for",
        "how",
        "to",
        "my",
    ]
)
# Words that qualify a service (lost, new, damaged ...): they rank, but are not required.
_QUALIFIERS = frozenset(
    [
        "hilang",
        "rusak",
        "baru",
        "lama",
        "ganti",
        "penggantian",
        "perubahan",
        "ubah",
        "perpanjang",
        "habis",
        "mati",
    ]
)
_FIELD_WEIGHTS = {"name": 10.0, "keywords": 6.0, "agency": 3.0, "description": 1.0}


def _search_normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9,]+", " ", text)
    text = " ".join(_SEARCH_WORDS.get(word, word) for word in text.split())
    text = f" {text} "
    for phrase, canonical in _SEARCH_PHRASES:
        text = text.replace(f" {phrase} ", f" {canonical} ")
    return " ".join(text.split())


def _search_tokens(text: str) -> list[str]:
    return _search_normalize(text).replace(",", " ").split()


def _token_score(token: str, words: set[str]) -> float:
    """1 for the word itself, less for a prefix or a small typo, 0 otherwise."""
    if token in words:
        return 1.0
    if len(token) >= 4 and any(w.startswith(token) for w in words):
        return 0.7
    if len(token) >= 5 and difflib.get_close_matches(token, list(words), n=1, cutoff=0.8):
        return 0.5
    return 0.0


def service_search(*, query: str, limit: int = 20, agency_id: int | None = None) -> list[Service]:
    """Active services best matching an everyday phrasing, best first.

    Case, punctuation and common spellings are folded ("e-KTP", "akte lahir",
    "passport"); filler words ("bikin", "urus") are dropped; qualifiers
    ("hilang", "baru") rank but are not required. A word counts most in the
    name, then the keywords, the agency, the description. The home page and the
    API's `?q=` both rank with this, so a kiosk or an app finds what a person means.
    """
    tokens = [t for t in _search_tokens(query[:200]) if t][:10]
    content = [t for t in tokens if t not in _STOP_WORDS]
    if not content:
        return []
    required = [t for t in content if t not in _QUALIFIERS] or content
    phrase = " ".join(content)
    services = Service.objects.filter(is_active=True).select_related("agency")
    if agency_id is not None:
        services = services.filter(agency_id=agency_id)
    scored = []
    for service in services:
        fields = {
            "name": set(_search_tokens(service.name)),
            "keywords": set(_search_tokens(service.keywords)),
            "agency": set(_search_tokens(f"{service.agency.name} {service.agency.code}")),
            "description": set(_search_tokens(service.description)),
        }
        matched = 0
        score = 0.0
        for token in content:
            best = max(
                _token_score(token, words) * w
                for f, w in _FIELD_WEIGHTS.items()
                for words in [fields[f]]
            )
            score += best
            if best and token in required:
                matched += 1
        if matched == 0:
            continue
        entries = [e.strip() for e in _search_normalize(service.keywords).split(",")]
        name = f" {_search_normalize(service.name)} "
        # A keyword entry that is the query itself (filler words included) settles ties.
        if phrase in entries or " ".join(tokens) in entries:
            score += 3
        elif any(f" {phrase} " in f" {e} " for e in entries):
            score += 2
        if len(content) > 1 and f" {phrase} " in name:
            score += 5
        # Among equals, the service whose name is mostly the query is the likelier one.
        score += len(fields["name"] & set(content)) / max(len(fields["name"]), 1)
        scored.append((matched, score, service))
    scored.sort(key=lambda row: (-row[0], -row[1], row[2].name))
    return [service for _, _, service in scored[:limit]]
