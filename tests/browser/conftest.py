"""Real headless Chromium (Debian's, driven by Playwright) against a real ASGI
server (uvicorn, as production serves websockets) on the test PostgreSQL.

The server is a subprocess pointed at pytest-django's test database, so tests
here use `transactional_db` (their writes must be committed to be seen).
Screenshots go to test-artifacts/.
"""

import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.core.management import call_command

from console.services import counter_open
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]

pytestmark = pytest.mark.browser

# Playwright's sync API keeps an event loop running in this thread; the ORM calls
# that tests (and database teardown) make between browser steps are plain sync code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AsgiServer:
    """uvicorn serving mpp.asgi on the test database; can be stopped and started again."""

    def __init__(self, database_name: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        db = settings.DATABASES["default"]
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{database_name}",
            "REDIS_URL": settings.REDIS_URL,
            "DEBUG": "false",
            # Production settings refuse to start without one; hashes must match ours.
            "NIK_HASH_KEY": settings.NIK_HASH_KEY,
            "DJANGO_SETTINGS_MODULE": "tests.browser.server_settings",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SESSION_COOKIE_SECURE": "false",
            "WHITENOISE_USE_FINDERS": "true",
            "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "MEDIA_ROOT": str(ARTIFACTS / "media"),
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # only this test process needs it
        self.process: subprocess.Popen | None = None
        self.log = ARTIFACTS / f"uvicorn-{self.port}.log"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "uvicorn",
            "mpp.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
        ]

    def start(self) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"{self.command()[:3]} did not start; see {self.log}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


class DeployedServer(AsgiServer):
    """`deploy/run web` (gunicorn, HTTP) or `deploy/run ws` (uvicorn, websockets): the
    production commands and flags, one worker, on the test database like AsgiServer."""

    def __init__(self, database_name: str, process: str) -> None:
        super().__init__(database_name)
        self.process_name = process
        host, port = ("WEB_HOST", "WEB_PORT") if process == "web" else ("WS_HOST", "WS_PORT")
        workers = "WEB_WORKERS" if process == "web" else "WS_WORKERS"
        self.env.update({host: "127.0.0.1", port: str(self.port), workers: "1"})
        self.log = ARTIFACTS / f"{process}-{self.port}.log"

    def command(self) -> list[str]:
        return [str(ROOT / "deploy" / "run"), self.process_name]


@pytest.fixture(scope="session")
def asgi_server(django_db_setup, django_db_blocker):
    server = AsgiServer(settings.DATABASES["default"]["NAME"])
    server.start()
    yield server
    server.stop()


# Package scope: the sync API keeps a loop running in this thread, which would
# break every asyncio test (websockets) that runs after these.
@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """new_page(width, height) -> a page in a fresh context (no shared cookies)."""
    contexts = []

    def make(width: int = 1280, height: int = 800, **options):
        options.setdefault("locale", "id-ID")
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, name): save a PNG under test-artifacts/."""

    def save(page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return save


@pytest.fixture(autouse=True)
def fast_password_hasher():
    """Overrides the suite's MD5 hasher: the server process must verify these passwords."""


@pytest.fixture
def phone(new_page):
    """A resident's phone: 390 px wide, touch."""
    return new_page(390, 844, is_mobile=True, has_touch=True)


@pytest.fixture
def demo_with_activity(transactional_db):
    """The demo a newcomer meets (`make run`): the mall open around the clock, with two
    days of use; every account's password is secret-pass."""
    call_command("load_demo", "--all-hours", "--password", "secret-pass", stdout=io.StringIO())
    call_command(
        "load_demo_activity", "--days", "2", "--password", "secret-pass", stdout=io.StringIO()
    )


def ktp_service(**fields):
    """Dukcapil's lost-KTP-el service, the residents' pages' example, with one counter."""
    service = factories.ServiceFactory(
        name="Penggantian KTP-el hilang atau rusak",
        prefix="K",
        agency__name="Dinas Kependudukan dan Pencatatan Sipil",
        **fields,
    )
    factories.CounterFactory(booth__agency=service.agency, label="Loket 1", services=[service])
    return service


def login(page, base_url: str, username: str, password: str = "secret-pass") -> None:
    page.goto(base_url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.fixture
def line(always_open):
    """A line "A" (KTP-el baru) served by an open "Loket 3": (service, counter, officer)."""
    service = factories.ServiceFactory(name="KTP-el baru", prefix="A")
    counter = factories.CounterFactory(
        booth__agency=service.agency, number=3, label="Loket 3", services=[service]
    )
    officer = factories.UserFactory(agency=service.agency)
    counter_open(counter=counter, officer=officer)
    return service, counter, officer
