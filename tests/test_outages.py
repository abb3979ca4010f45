"""Outages with real services, no mocks (README "Reliability"; API.md "Outages").

This module runs its own PostgreSQL cluster (initdb in a temporary directory, run as user
postgres on a free port, migrated) and its own redis-server (free port), and one uvicorn
on both, exactly as production serves the app. It then stops them under the app's feet:
- Redis down mid-traffic: kiosk tickets are issued (201) or refused with a JSON 503,
  never saved behind an error; a retry with the same Idempotency-Key gives the same
  ticket; anonymous API calls are not turned into 500s by the throttle's cache.
- the broker (the same Redis) down: a supervisor's public complaint reply is saved once
  and answered 200; its message task waits in the outbox and reaches the broker's queue
  once Redis is back.
- Redis restarted without its data: the lobby TV (the real display page in Chromium)
  shows the next call within 10 s of Redis returning, on the stream's new epoch,
  and announces it; the called resident's ticket page says "called" within 10 s too.
- PostgreSQL down: the API answers a JSON 503 `unavailable` in Indonesian or English,
  HTML pages a friendly 503 page, /healthz a 503 naming the database; after PostgreSQL
  restarts everything works again without restarting the app.
The shared PostgreSQL (5432) and Redis (6379) are never touched.
"""

import base64
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg2
import pytest
import redis

from tests.browser.conftest import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    AsgiServer,
    _free_port,
)

pytestmark = pytest.mark.slow

PG_BIN = Path(shutil.which("pg_ctl") or "/usr/lib/postgresql/15/bin/pg_ctl").parent


def _as_postgres(*command: str) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *command],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class PrivatePostgres:
    """A throwaway cluster (fsync off) in a temporary directory, owned by user postgres."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="mpp-outage-pg-"))
        shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"
        self.port = _free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/mpp"
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]
        _as_postgres(*initdb, "--no-sync", "--no-instructions")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = str(self.dir / "log")
        pg_ctl = str(PG_BIN / "pg_ctl")
        _as_postgres(pg_ctl, "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def connect(self, dbname: str = "mpp"):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname)

    def count(self, sql: str, *params: object) -> int:
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """redis-server on a free port, no persistence: stopping it loses everything, as a
    crashed Redis does. `aof_dir` keeps an append-only file there instead (fsync on
    every write), as docker-compose.yml's Redis does: a restart keeps the queues."""

    def __init__(self, aof_dir: Path | None = None) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.aof_dir = aof_dir

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        if self.aof_dir is None:
            command += ["--save", "", "--appendonly", "no"]
        else:
            command += ["--save", "", "--dir", str(self.aof_dir)]
            command += ["--appendonly", "yes", "--appendfsync", "always"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = self.client()
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def shutdown_nosave(self) -> None:
        """`SHUTDOWN NOSAVE`: gone at once, with no snapshot (only the AOF survives)."""
        with contextlib.suppress(redis.ConnectionError):
            self.client().shutdown(nosave=True)
        if self.process is not None:
            self.process.wait(10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=2)


SEED = """
import datetime as dt, json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from rest_framework.authtoken.models import Token
from agencies.models import OpeningHours, User
from complaints.models import Complaint
from complaints.services import complaint_file
from tests import factories

for weekday in range(7):
    OpeningHours.objects.update_or_create(weekday=weekday, defaults={
        "opens_at": dt.time(0, 0), "closes_at": dt.time(23, 59), "issue_cutoff_minutes": 0})
agency = factories.AgencyFactory()
service = factories.ServiceFactory(agency=agency)
booth = factories.BoothFactory(agency=agency)
counter = factories.CounterFactory(booth=booth, services=[service])
officer = factories.UserFactory(role=User.Role.OFFICER, agency=agency)
kiosk = factories.UserFactory(role=User.Role.KIOSK, agency=None)
supervisor = factories.UserFactory(role=User.Role.SUPERVISOR, agency=agency)
complaint = complaint_file(category=Complaint.Category.choices[0][0], agency=agency,
    description="Antrean tidak bergerak.", contact="081234567890")
print(json.dumps({
    "service": service.pk,
    "counter": counter.pk,
    "complaint": complaint.code,
    "officer": "Token " + Token.objects.create(user=officer).key,
    "kiosk": "Token " + Token.objects.create(user=kiosk).key,
    "supervisor": "Token " + Token.objects.create(user=supervisor).key,
}))
"""


@dataclass
class Stack:
    pg: PrivatePostgres
    redis: PrivateRedis
    server: AsgiServer
    env: dict[str, str]
    seed: dict[str, object]

    def post_ticket(self, key: str) -> httpx.Response:
        return httpx.post(
            self.server.url + "/api/v1/kiosk/tickets/",
            json={"service": self.seed["service"], "priority": "regular"},
            headers={"Authorization": self.seed["kiosk"], "Idempotency-Key": key},
            timeout=10,
        )

    def as_officer(self, path: str) -> httpx.Response:
        """POST an officer's action (`/api/v1/...`) at the seeded counter's agency."""
        return httpx.post(
            self.server.url + path, headers={"Authorization": self.seed["officer"]}, timeout=10
        )

    def tickets(self) -> int:
        return self.pg.count("SELECT count(*) FROM queues_ticket")

    def manage(self, code: str) -> str:
        """Run Python with Django set up against this stack; returns its stdout."""
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done.stdout


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    cache = PrivateRedis()
    cache.start()
    pg = PrivatePostgres()
    server = AsgiServer("unused")
    try:
        pg.start()
        with contextlib.closing(pg.connect("postgres")) as conn:
            conn.autocommit = True
            conn.cursor().execute("CREATE DATABASE mpp")
        env = {
            **server.env,
            "DATABASE_URL": pg.url,
            "REDIS_URL": cache.url,
            "CHANNEL_PREFIX": f"outage{uuid.uuid4().hex[:8]}",
            "DJANGO_SETTINGS_MODULE": "mpp.settings",
        }
        server.env = env
        # The server boots while the database migrates (its /healthz only needs a connection).
        with ThreadPoolExecutor(1) as pool:
            booted = pool.submit(server.start)
            seed_run = subprocess.run(
                [sys.executable, "-c", SEED], cwd=ROOT, env=env, capture_output=True, timeout=180
            )
            booted.result()
        assert seed_run.returncode == 0, seed_run.stderr.decode()[-3000:]
        seed = json.loads(seed_run.stdout.decode().strip().splitlines()[-1])
        yield Stack(pg=pg, redis=cache, server=server, env=env, seed=seed)
    finally:
        server.stop()
        cache.stop()
        pg.remove()


def _look_at_the_outage_page(url: str) -> str:
    """A resident's phone (390x844) opens the home page while PostgreSQL is down: the
    friendly page, styled (its CSS is a static file). Returns its visible heading."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale="id-ID")
            page.goto(url)
            page.screenshot(path=str(ARTIFACTS / "outage-503-phone.png"))
            return page.locator("h1").inner_text()
        finally:
            browser.close()


def _unavailable(response: httpx.Response) -> bool:
    return (
        response.status_code == 503
        and response.headers["content-type"].startswith("application/json")
        and response.json()["code"] == "unavailable"
    )


def test_redis_down_mid_traffic_never_saves_a_ticket_behind_an_error(stack):
    keys = [str(uuid.uuid4()) for _ in range(10)]
    before = stack.tickets()
    answers: dict[str, httpx.Response] = {}
    try:
        for index, key in enumerate(keys):
            if index == 3:
                stack.redis.stop()
            answers[key] = stack.post_ticket(key)
        # The throttle's cache is Redis too: anonymous API calls go on.
        anonymous = httpx.get(stack.server.url + "/api/v1/agencies/", timeout=10)
        health = httpx.get(stack.server.url + "/healthz", timeout=10)
    finally:
        stack.redis.start()

    issued = {k: r.json()["token"] for k, r in answers.items() if r.status_code == 201}
    refused = [k for k, r in answers.items() if r.status_code != 201]
    for key in refused:
        assert _unavailable(answers[key]), answers[key].text
    # Every saved ticket was answered 201: no orphan to be called later as a no-show.
    assert stack.tickets() - before == len(issued)
    # The queue survives: tickets kept coming while Redis was down.
    assert len(issued) > 3, {k: r.status_code for k, r in answers.items()}
    assert anonymous.status_code == 200, anonymous.text
    assert health.status_code == 503 and health.json()["channel_layer"].startswith("error")

    # Redis is back: the kiosk retries every request with its key.
    for key in keys:
        again = stack.post_ticket(key)
        if key in issued:
            assert again.status_code == 200, again.text
            assert again.json()["token"] == issued[key]
        else:
            assert again.status_code == 201, again.text
    assert stack.tickets() - before == len(keys)


def test_broker_down_complaint_reply_is_saved_once_and_its_message_queued_later(stack):
    code = stack.seed["complaint"]
    url = f"{stack.server.url}/api/v1/staff/complaints/{code}/respond/"
    headers = {"Authorization": stack.seed["supervisor"]}
    stack.redis.stop()
    try:
        reply = httpx.post(
            url, json={"message": "Sudah kami tindak lanjuti.", "public": True}, headers=headers
        )
        assert reply.status_code == 200, reply.text
        responses = stack.pg.count("SELECT count(*) FROM complaints_complaintresponse")
        assert responses == 1
        pending = stack.pg.count(
            "SELECT count(*) FROM mpp_pendingtask WHERE task = %s",
            "complaints.tasks.notify_complaint_reply",
        )
        assert pending == 1
    finally:
        stack.redis.start()

    # Beat's sweep (every minute) once the broker is back; run here and now.
    sent = stack.manage(
        "import django; django.setup()\n"
        "from mpp.lib.tasks import pending_tasks_resend\n"
        "print(pending_tasks_resend())"
    )
    assert sent.strip().splitlines()[-1] == "1"
    assert stack.pg.count("SELECT count(*) FROM mpp_pendingtask") == 0
    response_id = stack.pg.count("SELECT max(id) FROM complaints_complaintresponse")
    queued = [json.loads(raw) for raw in stack.redis.client().lrange("celery", 0, -1)]
    delivered = [
        json.loads(base64.b64decode(message["body"]))[0]
        for message in queued
        if message["headers"]["task"] == "complaints.tasks.notify_complaint_reply"
    ]
    assert delivered == [[response_id]]


def test_postgres_down_answers_503_everywhere_then_recovers_without_restart(stack):
    api = stack.server.url + "/api/v1/agencies/"
    stack.pg.stop()
    try:
        indonesian = httpx.get(api, headers={"Accept-Language": "id"}, timeout=10)
        english = httpx.get(api, headers={"Accept-Language": "en"}, timeout=10)
        kiosk = stack.post_ticket(str(uuid.uuid4()))
        page = httpx.get(stack.server.url + "/", headers={"Accept-Language": "id"}, timeout=10)
        health = httpx.get(stack.server.url + "/healthz", timeout=10)
        heading = _look_at_the_outage_page(stack.server.url + "/")
    finally:
        stack.pg.start()

    for response in (indonesian, english, kiosk):
        assert _unavailable(response), response.text
        assert response.headers["Retry-After"]
    assert "tidak tersedia" in indonesian.json()["detail"]
    assert "unavailable" in english.json()["detail"]
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "Layanan sementara tidak tersedia" in page.text
    assert "Traceback" not in page.text and "Server Error" not in page.text
    assert heading == "Layanan sementara tidak tersedia"
    assert health.status_code == 503
    assert health.json()["database"].startswith("error")

    # PostgreSQL is back: the same server answers again.
    assert httpx.get(api, timeout=10).status_code == 200
    assert stack.post_ticket(str(uuid.uuid4())).status_code == 201
    assert httpx.get(stack.server.url + "/", timeout=10).status_code == 200
    assert httpx.get(stack.server.url + "/healthz", timeout=10).json()["database"] == "ok"


ON_BOARD = """(code) => [...document.querySelectorAll("#d-board .d-card")]
    .some((card) => card.dataset.code === code)"""
NEW_EPOCH = """(epoch) => window.mppDisplay.stream.epochs.display
    && window.mppDisplay.stream.epochs.display !== epoch"""


def _call_next(stack: Stack) -> dict:
    response = stack.as_officer(f"/api/v1/counters/{stack.seed['counter']}/call-next/")
    assert response.status_code == 200, response.text
    return response.json()


def test_displays_show_the_next_call_within_10_s_of_redis_returning_empty(stack):
    """The lobby TV (the real display page in Chromium, 1920x1080) over a Redis restart
    that loses every key and subscription: the numbering starts again under a new epoch,
    and the first call after Redis is back reaches the board within 10 s, and the voice;
    the called resident's phone (the ticket page, 390x844) says so within 10 s too."""
    from playwright.sync_api import sync_playwright

    opened = stack.as_officer(f"/api/v1/counters/{stack.seed['counter']}/open/")
    assert opened.status_code == 200, opened.text
    for _ in range(3):
        assert stack.post_ticket(str(uuid.uuid4())).status_code == 201

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tv = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="id-ID")
            tv.goto(stack.server.url + "/display/")
            tv.wait_for_function(
                "() => window.mppDisplay && window.mppDisplay.stream.seqs.display !== undefined"
            )
            # Calls before the outage: the TV's seq is past 1 on the first epoch.
            for _ in range(2):
                ticket = _call_next(stack)
                tv.wait_for_function(ON_BOARD, arg=ticket["code"])
                done = stack.as_officer(f"/api/v1/tickets/{ticket['token']}/no-show/")
                assert done.status_code == 200, done.text
            tv.wait_for_function("() => window.mppDisplay.stream.seqs.display > 1")
            epoch = tv.evaluate("() => (window.mppDisplay.stream.epochs || {}).display")
            # The resident next in line follows their ticket on a phone.
            queue = httpx.get(
                f"{stack.server.url}/api/v1/counters/{stack.seed['counter']}/queue/",
                headers={"Authorization": stack.seed["officer"]},
                timeout=10,
            )
            following = queue.json()[0]
            phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="id-ID")
            phone.goto(f"{stack.server.url}/t/{following['token']}/")
            phone.wait_for_function(
                "() => document.getElementById('t-ticket').dataset.status === 'waiting'"
            )

            stack.redis.stop()  # no persistence: every key and subscription is gone
            time.sleep(3)
            stack.redis.start()
            back = time.monotonic()
            # At once: before the server has re-subscribed to the display group.
            code = _call_next(stack)["code"]
            assert code == following["code"]
            tv.wait_for_function(ON_BOARD, arg=code, timeout=10_000)
            shown = time.monotonic() - back
            tv.screenshot(path=str(ARTIFACTS / "tv-after-redis-restart.png"))
            assert shown < 10
            # The phone says "called" too (its ticket stream lost its numbering as well).
            phone.wait_for_function(
                "() => !document.getElementById('t-called').hidden", timeout=10_000
            )
            told = time.monotonic() - back
            assert told < 10
            # ...and announced, even when the process had not re-subscribed yet when it
            # was published (the first events of a new epoch are sent again 2 s later).
            tv.wait_for_function(
                "(code) => window.mppDisplay.announced.includes(code)", arg=code, timeout=30_000
            )
            announced = time.monotonic() - back
            # The TV follows the stream's new numbering: later events are not taken as old.
            assert epoch
            tv.wait_for_function(NEW_EPOCH, arg=epoch)
            seq = tv.evaluate("() => window.mppDisplay.stream.seqs.display")
            print(
                f"after Redis returned: board {shown:.2f} s, voice {announced:.2f} s, "
                f"phone {told:.2f} s, seq {seq}"
            )
            ticket = stack.post_ticket(str(uuid.uuid4()))
            assert ticket.status_code == 201
            # The next event (the line grew) is taken, as it is not old.
            tv.wait_for_function("(seq) => window.mppDisplay.stream.seqs.display > seq", arg=seq)
        finally:
            browser.close()
