"""Personas and shared fixtures.

The clock is frozen by default at a Tuesday 09:00 WIB (inside opening hours);
tests that need another moment use the `clock` fixture to move it.
"""

import copy
import datetime as dt
import io
import os
import time
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from agencies.models import User
from agencies.services import opening_hours_set_all_day
from console.services import counter_open
from queues.services import ticket_call_next, ticket_issue, ticket_start
from tests import factories

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
# Tuesday 2026-11-24 09:00 WIB: a working day, inside opening hours.
TUESDAY_9AM = dt.datetime(2026, 11, 24, 9, 0, tzinfo=WIB)
# The week the frozen clock stands in (Monday 23 November 2026 to Sunday the 29th).
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = (
    dt.date(2026, 11, day) for day in range(23, 30)
)


# Personas get real passwords; the default hasher costs ~0.3 s per user.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(hour: int, minute: int = 0, second: int = 0, *, day: dt.date | int = TUESDAY) -> dt.datetime:
    """A moment in WIB: on the frozen Tuesday unless `day` (a date, or a day of November
    2026, the frozen clock's month) says otherwise."""
    if isinstance(day, int):
        day = TUESDAY.replace(day=day)
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=WIB)


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """A test database per process, so parallel runs on one server never collide."""
    from django.conf import settings

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_mpp_{os.getpid()}"


@pytest.fixture(scope="session", autouse=True)
def flush_by_delete():
    """Transactional tests empty every table when they end (Django's flush). PostgreSQL's
    TRUNCATE makes new files for each of the ~40 tables and their indexes, about 0.5 s a
    test here, where DELETE of a test's few rows takes 0.02 s. Flush runs in one
    transaction and Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so the
    order of the DELETEs does not matter; sequences are not reset, as with TRUNCATE."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        delete = style.SQL_KEYWORD("DELETE FROM")
        return [f"{delete} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


# A Redis namespace per run, as the database is per run: the cache's keys, the channel
# layer's groups and the seq counters of this run carry this prefix, so two runs (or a
# developer's worker) on one Redis never see or clear each other's keys.
RUN_PREFIX = f"{os.environ.get('CHANNEL_PREFIX') or 'mpp'}-run{os.getpid()}"


@pytest.fixture(scope="session", autouse=True)
def redis_namespace():
    from django.conf import settings
    from django.test import override_settings

    caches = copy.deepcopy(settings.CACHES)
    if "KEY_PREFIX" in caches["default"]:  # the Redis cache (not locmem)
        caches["default"]["KEY_PREFIX"] = f"{RUN_PREFIX}:cache"
    layers = copy.deepcopy(settings.CHANNEL_LAYERS)
    if "prefix" in layers["default"].get("CONFIG", {}):
        layers["default"]["CONFIG"]["prefix"] = RUN_PREFIX
    os.environ["CHANNEL_PREFIX"] = RUN_PREFIX  # the servers and workers tests start
    with override_settings(CHANNEL_PREFIX=RUN_PREFIX, CACHES=caches, CHANNEL_LAYERS=layers):
        yield RUN_PREFIX
    if settings.REDIS_URL:  # the run's seq counters would otherwise linger for days
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        for name in client.scan_iter(match=f"{RUN_PREFIX}:*", count=1000):
            client.delete(name)


@pytest.fixture(scope="session", autouse=True)
def publisher_keeps_nothing():
    """A test that never commits runs on_commit work by hand (execute=True); the live
    events' publisher then reads on its own connection, without the test's rows. What it
    reads there must not be kept for the test to find (mpp.lib.kept)."""
    from mpp.lib import kept, realtime

    lanes = {f"mpp-publisher-{lane}" for lane in realtime.LANES}
    kept.UNKEPT_THREADS.update(lanes)
    yield
    kept.UNKEPT_THREADS.difference_update(lanes)


@pytest.fixture(autouse=True)
def empty_cache(redis_namespace):
    # The cache is a real Redis: nothing cached may leak from one test to the next.
    # clear() deletes this run's keys only (mpp/lib/cache.py), never FLUSHDB.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """A test that switches to English must not leave the next one speaking it."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def settle_live_events():
    """Events published after commit are sent before the test's database goes away."""
    yield
    from mpp.lib import realtime

    assert realtime.flush(timeout=60, close_connections=True), "the publisher did not drain"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path_factory):
    # Calls render WAVs into MEDIA_ROOT/voice: keep them out of the work tree.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def celery_runs_inline():
    """Tasks queued by services run in-process: no worker drains the test broker.

    The one test that runs a real worker switches this off itself.
    """
    from mpp.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def not_eager(settings):
    """Tasks go to the broker, for the tests that run a real worker (tests/workers.py)."""
    from mpp.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture
def outbox(settings):
    """Messages to residents and staff (mpp.lib.notify) kept in memory for the test to read."""
    from mpp.lib import notify

    settings.NOTIFY_BACKEND = "mpp.lib.notify.MemoryBackend"
    notify.outbox.clear()
    yield notify.outbox
    notify.outbox.clear()


@pytest.fixture
def clock():
    with time_machine.travel(TUESDAY_9AM, tick=False) as traveller:
        yield traveller


@pytest.fixture
def hours(db):
    factories.create_opening_hours()


@pytest.fixture
def always_open(transactional_db):
    """Opening hours around the clock: server processes (uvicorn) run on the real clock."""
    opening_hours_set_all_day()


@pytest.fixture
def clear_of_midnight():
    """Server processes (uvicorn, Celery) run on the real clock, where the all-day hours
    end at 23:59 and today's tickets become yesterday's at midnight: in the day's last
    three minutes (WIB) the test waits for the next day rather than skipping."""
    now = dt.datetime.now(WIB)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=WIB)
    if midnight - now < dt.timedelta(minutes=3):
        time.sleep((midnight - now).total_seconds() + 1)


@contextmanager
def demo_loaded(django_db_blocker) -> Iterator[None]:
    """The demo mall (load_demo, at the frozen Tuesday 09:00) in a transaction rolled back
    on exit: load_demo takes seconds, so a module loads it once, in a module-scoped
    fixture, and each of its tests runs in a savepoint of that transaction. Module
    fixtures run before the per-test fast hasher: the demo's staff get it here too."""
    from django.test import override_settings

    fast = override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS)
    with django_db_blocker.unblock(), time_machine.travel(TUESDAY_9AM, tick=False), fast:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo mall, loaded once for the module and rolled back afterwards."""
    with demo_loaded(django_db_blocker):
        yield


@pytest.fixture
def agency_a(db):
    return factories.AgencyFactory(code="dukcapil", name="Dispendukcapil")


@pytest.fixture
def agency_b(db):
    return factories.AgencyFactory(code="polres", name="Polres", kind="vertical")


@pytest.fixture
def service_a(agency_a):
    return factories.ServiceFactory(agency=agency_a, prefix="A", name="KTP-el baru")


@pytest.fixture
def service_a2(agency_a):
    return factories.ServiceFactory(agency=agency_a, prefix="B", name="Kartu Keluarga")


@pytest.fixture
def service_b(agency_b):
    return factories.ServiceFactory(agency=agency_b, prefix="S", name="SKCK")


@pytest.fixture
def booth_a(agency_a):
    return factories.BoothFactory(agency=agency_a, label="Gerai Dukcapil")


@pytest.fixture
def booth_b(agency_b):
    return factories.BoothFactory(agency=agency_b, label="Gerai Polres")


@pytest.fixture
def counter_a(booth_a, service_a, service_a2):
    return factories.CounterFactory(booth=booth_a, number=1, services=[service_a, service_a2])


@pytest.fixture
def counter_a2(booth_a, service_a, service_a2):
    return factories.CounterFactory(booth=booth_a, number=2, services=[service_a, service_a2])


@pytest.fixture
def counter_b(booth_b, service_b):
    return factories.CounterFactory(booth=booth_b, number=3, services=[service_b])


@pytest.fixture
def officer_a(agency_a):
    return factories.UserFactory(username="officer-a", role=User.Role.OFFICER, agency=agency_a)


@pytest.fixture
def officer_a2(agency_a):
    return factories.UserFactory(username="officer-a2", role=User.Role.OFFICER, agency=agency_a)


@pytest.fixture
def officer_b(agency_b):
    return factories.UserFactory(username="officer-b", role=User.Role.OFFICER, agency=agency_b)


# Counters at work: opened by their officer, holding a called, then a serving ticket.
@pytest.fixture
def open_a(counter_a, officer_a):
    counter_open(counter=counter_a, officer=officer_a)
    return counter_a


@pytest.fixture
def open_b(counter_b, officer_b):
    counter_open(counter=counter_b, officer=officer_b)
    return counter_b


@pytest.fixture
def called(open_a, officer_a, service_a):
    ticket_issue(service=service_a)
    return ticket_call_next(counter=open_a, actor=officer_a)


@pytest.fixture
def serving(called, officer_a):
    return ticket_start(ticket=called, actor=officer_a)


@pytest.fixture
def supervisor_a(agency_a):
    return factories.UserFactory(
        username="supervisor-a", role=User.Role.SUPERVISOR, agency=agency_a
    )


@pytest.fixture
def supervisor_b(agency_b):
    return factories.UserFactory(
        username="supervisor-b", role=User.Role.SUPERVISOR, agency=agency_b
    )


@pytest.fixture
def manager(db):
    return factories.UserFactory(username="manager", role=User.Role.MANAGER, agency=None)


@pytest.fixture
def kiosk(db):
    return factories.UserFactory(username="kiosk", role=User.Role.KIOSK, agency=None)


@pytest.fixture
def api():
    """An anonymous resident's API client."""
    return APIClient()


@pytest.fixture
def api_as():
    """api_as(user) -> an API client authenticated as that user."""

    def make(user):
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture
def busy_day(clock, hours, counter_a, counter_b, officer_a, service_a, service_a2, service_b):
    """A morning at the mall through the services: tickets issued at agency A (7) and B (3),
    three called at A's counter (two served, one being served), complaints filed, and
    agency B's booth left empty past its grace (one open alert). Returns the figures."""
    from django.utils import timezone

    from complaints.models import Complaint
    from complaints.services import complaint_file
    from console.services import counter_open
    from monitoring.services import booth_scan
    from queues.services import ticket_call_next, ticket_finish, ticket_issue, ticket_start

    for service, count in ((service_a, 5), (service_a2, 2), (service_b, 3)):
        for _ in range(count):
            ticket_issue(service=service)
    counter_open(counter=counter_a, officer=officer_a)
    for finish in (True, True, False):
        ticket = ticket_call_next(counter=counter_a, actor=officer_a)
        ticket = ticket_start(ticket=ticket, actor=officer_a)
        if finish:
            ticket_finish(ticket=ticket, actor=officer_a)
    for category in (Complaint.Category.WAITING, Complaint.Category.STAFF):
        complaint_file(
            category=category, description="Antrean lama sekali.", agency=counter_a.booth.agency
        )
    booth_scan(at=timezone.now())
    return {
        "issued": {"dukcapil": 7, "polres": 3},
        "called": {"dukcapil": 3, "polres": 0},
        "waiting": {"dukcapil": 4, "polres": 3},
        "alerts_open": {"polres": 1},
    }


@pytest.fixture
def cloud_api(settings):
    """A WhatsApp Cloud API on loopback (tests/cloud_api.py), the settings pointing at it
    and WhatsApp as the message backend (messages it does not take go to the outbox)."""
    from mpp.lib import notify
    from tests import cloud_api as fake

    with fake.running() as api:
        settings.NOTIFY_BACKEND = "messaging.backend.WhatsAppBackend"
        settings.WHATSAPP_FALLBACK_BACKEND = "mpp.lib.notify.MemoryBackend"
        settings.WHATSAPP_BASE_URL = api.url
        settings.WHATSAPP_API_VERSION = fake.VERSION
        settings.WHATSAPP_PHONE_NUMBER_ID = fake.PHONE_NUMBER_ID
        settings.WHATSAPP_ACCESS_TOKEN = fake.TOKEN
        settings.WHATSAPP_APP_SECRET = "test-app-secret"
        settings.WHATSAPP_VERIFY_TOKEN = "test-verify-token"
        notify.outbox.clear()
        yield api
        notify.outbox.clear()
