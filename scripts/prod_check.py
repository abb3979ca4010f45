"""`make prod-check`: the production layout, started on loopback as the systemd units
describe it, then tested end to end THROUGH nginx.

What runs, all from `deploy/install render` (the units and the nginx site a VM gets):
the release unit's commands (migrate, collectstatic), then every process the target
wants (`deploy/run web|ws|worker|beat`: gunicorn, uvicorn, Celery worker and beat) with
each unit's Environment=, and Debian's nginx with the rendered site on a free loopback
port (its own prefix, pid and logs under a temporary directory). The app gets the
production configuration of .env.example (DEBUG=false, manifest static storage, HTTPS
cookies and redirects: this script plays the TLS terminator and sends
X-Forwarded-Proto: https), a fresh PostgreSQL database on 127.0.0.1:5432 and its own
Redis prefix and Celery queue.

Then, through nginx: every page of the README's page table (logged in where needed),
the API, a call made through the API arriving on /ws/display/, its voice WAV, a booth
scan by beat and the worker raising an alert seen on /ws/manager/, static files with
cache headers and gzip, /healthz. Everything it started is stopped and its database
dropped, whatever happens (try/finally, also on SIGTERM/SIGHUP).
"""

import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
import psycopg2
import redis
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mpp-demo"  # load_demo's accounts
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}
REDIS_URL = os.environ.get("PROD_CHECK_REDIS_URL", "redis://127.0.0.1:6379/15")
# Which demo account opens which page of the README's table (the rest: anybody).
PERSONAS = {"/kiosk/": "kiosk", "/counter/": "officer", "/dashboard/": "manager"}
PERSONAS["/admin/"] = "manager"
BOOT_SECONDS = 90
# The demo mall, open around the clock, and open today even on a national holiday (as an
# admin may mark it), so the check passes on any day of the year.
LOAD_DEMO = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mpp.settings")
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
from agencies.models import Closure
call_command("load_demo", all_hours=True)
Closure.objects.filter(date=timezone.localdate()).update(closed=False)
"""


class CheckFailed(Exception):
    pass


def expect(condition: object, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the units, as systemd would read them ----------------------------------------


@dataclass
class Unit:
    name: str
    exec_start: list[list[str]] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)
    working_directory: str = ""
    wants: list[str] = field(default_factory=list)
    state_directory: str = ""


def read_unit(path: Path, instance: str = "") -> Unit:
    """The few directives this check honours; %i is the template's instance name."""
    unit = Unit(name=path.name.replace("@.", f"@{instance}."))
    for raw in path.read_text().splitlines():
        key, sep, value = raw.partition("=")
        if not sep or raw.startswith("#"):
            continue
        value = value.replace("%i", instance)
        if key == "ExecStart":
            unit.exec_start.append(shlex.split(value))
        elif key == "Environment":
            for item in shlex.split(value):
                name, _, setting = item.partition("=")
                unit.environment[name] = setting
        elif key == "WorkingDirectory":
            unit.working_directory = value
        elif key == "Wants":
            unit.wants += value.split()
        elif key == "StateDirectory":
            unit.state_directory = value
    return unit


def wanted_units(rendered: Path) -> list[Unit]:
    units = []
    for name in read_unit(rendered / "antrean-mpp.target").wants:
        template, _, instance = name.removesuffix(".service").partition("@")
        units.append(read_unit(rendered / f"{template}@.service", instance))
    return units


# --- the stack ----------------------------------------------------------------------


class Stack:
    """Everything this check starts, and how to stop it again."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="mpp-prod-check-"))
        self.tmp.chmod(0o755)  # nginx's workers (www-data) read the static files in it
        ports: set[int] = set()
        while len(ports) < 3:
            ports.add(free_port())
        self.http_port, self.web_port, self.ws_port = sorted(ports)
        self.origin = f"https://127.0.0.1:{self.http_port}"
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.name = f"prodcheck{os.getpid()}"
        self.database = f"mpp_{self.name}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.one_shots: set[str] = set()  # processes that end by themselves when done
        self.created_database = False
        # One pair for every process, as one .env gives them.
        self.secrets = {name: secrets.token_urlsafe(50) for name in ("SECRET_KEY", "NIK_HASH_KEY")}

    # environment -----------------------------------------------------------------

    def app_env(self) -> dict[str, str]:
        """.env.example (the documented production configuration), with fresh secrets
        and this machine's services; nothing else from the caller's environment."""
        env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
        for line in (ROOT / ".env.example").read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                name, _, value = line.partition("=")
                env[name.strip()] = value
        env.update(self.secrets)
        return env | {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
            "REDIS_URL": REDIS_URL,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": self.origin,
            "CHANNEL_PREFIX": self.name,
            "CELERY_QUEUE": self.name,
            "STATIC_ROOT": str(self.tmp / "static"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            # The Celery round trip: a scan every 2 s, and any break is already too long.
            "MPP_BOOTH_SCAN_SECONDS": "2",
            "MPP_BOOTH_PAUSE_LIMIT_MINUTES": "0",
        }

    def unit_env(self, unit: Unit) -> dict[str, str]:
        env = self.app_env() | unit.environment
        if unit.state_directory:  # systemd's StateDirectory=, here under the temp dir
            state = self.tmp / "state" / unit.state_directory
            state.mkdir(parents=True, exist_ok=True)
            env["STATE_DIRECTORY"] = str(state)
        return env

    # steps -----------------------------------------------------------------------

    def render(self) -> Path:
        rendered = self.tmp / "rendered"
        env = os.environ | {
            "DEPLOY_APP_DIR": str(ROOT),
            "DEPLOY_LISTEN": f"127.0.0.1:{self.http_port}",
            "DEPLOY_WEB_PORT": str(self.web_port),
            "DEPLOY_WS_PORT": str(self.ws_port),
            "DEPLOY_STATIC_ROOT": str(self.tmp / "static"),
        }
        run(["deploy/install", "render", str(rendered)], env=env, cwd=ROOT)
        return rendered

    def create_database(self) -> None:
        with contextlib.closing(psycopg2.connect(**PG)) as conn:
            conn.autocommit = True
            conn.cursor().execute(f'CREATE DATABASE "{self.database}"')
        self.created_database = True

    def release(self, rendered: Path) -> None:
        unit = read_unit(rendered / "antrean-mpp-release.service")
        for command in unit.exec_start:
            run(command, env=self.unit_env(unit), cwd=unit.working_directory)

    def start(
        self, name: str, command: list[str], env: dict[str, str], cwd: str, one_shot: bool = False
    ) -> None:
        log = (self.tmp / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        if one_shot:
            self.one_shots.add(name)

    def finish(self, name: str, seconds: float) -> None:
        """Wait for a one-shot process; it must succeed."""
        code = self.processes[name].wait(seconds)
        expect(code == 0, f"{name} failed ({code}):\n" + self.log(name))

    def start_units(self, rendered: Path) -> None:
        for unit in wanted_units(rendered):
            (command,) = unit.exec_start
            self.start(unit.name, command, self.unit_env(unit), unit.working_directory)

    def start_nginx(self, rendered: Path) -> None:
        conf = self.tmp / "nginx.conf"
        conf.write_text(self.nginx_conf(rendered / "antrean-mpp.nginx.conf"))
        command = ["nginx", "-e", str(self.tmp / "nginx-error.log"), "-p", str(self.tmp)]
        command += ["-c", str(conf)]
        run([*command, "-t", "-q"], env=dict(os.environ), cwd=self.tmp)
        self.start("nginx", [*command, "-g", "daemon off;"], dict(os.environ), str(self.tmp))

    def nginx_conf(self, site: Path) -> str:
        """Debian's /etc/nginx/nginx.conf in small: the http block that includes the site,
        with every path (pid, logs, temp files) under the temp dir."""
        tmp = self.tmp
        temp_paths = "".join(
            f"  {kind}_temp_path {tmp}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user www-data;\n" if os.geteuid() == 0 else ""
        return (
            f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\n"
            f"error_log {tmp}/nginx-error.log warn;\n"
            "events { worker_connections 512; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  sendfile on;\n  access_log {tmp}/nginx-access.log;\n{temp_paths}"
            f"  include {site};\n}}\n"
        )

    def alive(self) -> None:
        for name, process in self.processes.items():
            code = process.poll()
            if code is not None and not (code == 0 and name in self.one_shots):
                raise CheckFailed(f"{name} exited ({code}):\n" + self.log(name))

    def log(self, name: str, lines: int = 30) -> str:
        path = self.tmp / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    # stopping --------------------------------------------------------------------

    def stop(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # Each clean-up on its own: one failing must not leave the others undone.
        if self.created_database:
            with (
                contextlib.suppress(psycopg2.Error),
                contextlib.closing(psycopg2.connect(**PG)) as conn,
            ):
                conn.autocommit = True
                conn.cursor().execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        with contextlib.suppress(redis.RedisError):  # cache keys, seqs, the queue, bindings
            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"*{self.name}*"):
                client.delete(key)
        shutil.rmtree(self.tmp, ignore_errors=True)


def run(command: list[str], *, env: dict[str, str], cwd: Path | str) -> None:
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    expect(done.returncode == 0, f"{shlex.join(command)} failed:\n{done.stdout}{done.stderr}")


# --- the client: a browser behind the TLS terminator -------------------------------


class BehindTLS:
    """Django marks cookies Secure (the request came over HTTPS, says X-Forwarded-Proto);
    httpx, as a browser would, never sends those over plain http. This client is the TLS
    terminator's side of loopback: it keeps them and sends them back itself."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, request: httpx.Request) -> None:
        if self.cookies:
            request.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def response(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value


def client(stack: Stack) -> httpx.Client:
    jar = BehindTLS()
    return httpx.Client(
        base_url=stack.base,
        headers={"X-Forwarded-Proto": "https"},
        timeout=30,
        event_hooks={"request": [jar.request], "response": [jar.response]},
    )


def log_in(stack: Stack, username: str) -> httpx.Client:
    session = client(stack)
    page = session.get("/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    expect(page.status_code == 200 and token, f"/login/ answered {page.status_code}")
    assert token is not None
    answer = session.post(
        "/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        headers={"Origin": stack.origin, "Referer": stack.origin + "/login/"},
    )
    expect(answer.status_code == 302, f"login as {username}: {answer.status_code}")
    return session


def api_token(session: httpx.Client, username: str) -> dict[str, str]:
    answer = session.post("/api/v1/auth/token/", json={"username": username, "password": PASSWORD})
    expect(answer.status_code == 200, f"token for {username}: {answer.status_code} {answer.text}")
    return {"Authorization": f"Token {answer.json()['token']}"}


def socket_to(stack: Stack, path: str, **headers: str) -> ClientConnection:
    url = f"ws://127.0.0.1:{stack.http_port}{path}"
    origin = Origin(headers.pop("origin")) if "origin" in headers else None
    return connect(url, origin=origin, additional_headers=headers, open_timeout=10)


def wait_for(conn: ClientConnection, match: Callable[[dict], bool], seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        with contextlib.suppress(TimeoutError):
            event = json.loads(conn.recv(timeout=left))
            if match(event):
                return event
    raise CheckFailed(f"no matching event within {seconds:.0f} s")


# --- the checks ---------------------------------------------------------------------


@contextlib.contextmanager
def step(what: str) -> Iterator[None]:
    began = time.monotonic()
    yield
    print(f"ok  {what} ({time.monotonic() - began:.1f} s)", flush=True)


def wait_until_up(stack: Stack) -> None:
    deadline = time.monotonic() + BOOT_SECONDS
    while True:
        stack.alive()
        try:
            health = httpx.get(stack.base + "/healthz", timeout=5)
            with socket_to(stack, "/ws/display/", origin=stack.origin):
                pass
            if health.status_code == 200:
                return
        except Exception as exc:  # not up yet: refused, 502 from nginx, handshake failed
            if time.monotonic() > deadline:
                raise CheckFailed(f"not up after {BOOT_SECONDS} s: {exc!r}") from exc
        time.sleep(0.5)


def readme_pages() -> list[str]:
    """Every path in the README's "Pages and API" table (first column and descriptions)."""
    text = (ROOT / "README.md").read_text()
    table = text.split("## Pages and API", 1)[1].split("\n## ", 1)[0]
    paths: list[str] = []
    for row in table.splitlines():
        if row.startswith("| `"):
            paths += [p for p in re.findall(r"`([^`]+)`", row) if p.startswith("/")]
    return list(dict.fromkeys(paths))


def page_url(path: str, values: dict[str, str]) -> str:
    def fill(match: re.Match) -> str:
        expect(match[0] in values, f"prod-check cannot fill {match[0]} in {path}")
        return values[match[0]]

    path = re.sub(r"<[a-z_]+>", fill, path)
    if path.endswith("?code="):  # where a phone lands from the kiosk's QR
        path += values["?code="]
    return quote(path, safe="/?=&")


@dataclass
class Demo:
    """What the checks made through the API, for the pages that need it."""

    kiosk: dict[str, str]
    officer: dict[str, str]
    officer_name: str
    manager: dict[str, str]
    counter: int
    booth: int
    service: int
    values: dict[str, str] = field(default_factory=dict)


def demo_accounts(stack: Stack, api: httpx.Client) -> Demo:
    agencies = api.get("/api/v1/agencies/").json()
    agency, booth, counter = next(
        (a, b, c) for a in agencies for b in a["booths"] for c in b["counters"] if c["services"]
    )
    officer_name = f"officer-{agency['code']}"  # the agency's first counter (API.md)
    return Demo(
        kiosk=api_token(api, "kiosk"),
        officer=api_token(api, officer_name),
        officer_name=officer_name,
        manager=api_token(api, "manager"),
        counter=counter["id"],
        booth=booth["id"],
        service=counter["services"][0],
    )


def check_call_reaches_the_display(stack: Stack, api: httpx.Client, demo: Demo) -> dict:
    with socket_to(stack, "/ws/display/", origin=stack.origin) as display:
        expect(json.loads(display.recv(timeout=10))["type"] == "snapshot", "no display snapshot")
        opened = api.post(f"/api/v1/counters/{demo.counter}/open/", headers=demo.officer)
        expect(opened.status_code in (200, 201), f"open counter: {opened.status_code}")
        issued = api.post(
            "/api/v1/kiosk/tickets/",
            json={"service": demo.service, "priority": "regular"},
            headers=demo.kiosk,
        )
        expect(issued.status_code == 201, f"kiosk ticket: {issued.status_code} {issued.text}")
        ticket = issued.json()
        called = api.post(f"/api/v1/counters/{demo.counter}/call-next/", headers=demo.officer)
        expect(called.status_code == 200, f"call-next: {called.status_code} {called.text}")
        expect(called.json()["code"] == ticket["code"], "call-next called another ticket")
        event = wait_for(
            display,
            lambda e: e.get("type") == "ticket.called" and e["ticket"]["code"] == ticket["code"],
            15,
        )
    return ticket | {"audio_url": event.get("audio_url")}


def check_voice(api: httpx.Client, audio_url: str | None) -> None:
    expect(audio_url, "the call carried no audio_url (is espeak-ng installed?)")
    assert audio_url is not None
    wav = api.get(audio_url)
    expect(wav.status_code == 200, f"{audio_url}: {wav.status_code}")
    expect(wav.headers["content-type"] == "audio/wav", f"{audio_url}: {wav.headers}")
    expect(wav.content[:4] == b"RIFF" and wav.content[8:12] == b"WAVE", "not a WAV file")


def serve(api: httpx.Client, demo: Demo, token: str) -> None:
    for action in ("start", "finish"):
        answer = api.post(f"/api/v1/tickets/{token}/{action}/", headers=demo.officer)
        expect(answer.status_code == 200, f"{action}: {answer.status_code} {answer.text}")


def check_scan_alert(stack: Stack, api: httpx.Client, demo: Demo) -> None:
    """Beat sends the scan, the worker runs it and publishes: the only way an
    `unattended` alert for this paused counter's booth reaches the manager's socket."""
    with socket_to(stack, "/ws/manager/", **demo.manager) as manager:
        expect(json.loads(manager.recv(timeout=10))["type"] == "snapshot", "no manager snapshot")
        paused = api.post(
            f"/api/v1/counters/{demo.counter}/pause/",
            json={"reason": "istirahat"},
            headers=demo.officer,
        )
        expect(paused.status_code in (200, 201), f"pause: {paused.status_code} {paused.text}")
        wait_for(
            manager,
            lambda e: (
                e.get("type") == "booth.alert"
                and e["alert"]["booth"] == demo.booth
                and e["alert"]["kind"] == "unattended"
                and e["alert"]["closed_at"] is None
            ),
            30,
        )


def check_api(api: httpx.Client, demo: Demo) -> dict[str, str]:
    services = api.get("/api/v1/services/")
    expect(services.status_code == 200, f"/api/v1/services/: {services.status_code}")
    bookable = next(s for s in services.json() if s.get("online_booking"))
    schema = api.get("/api/schema/")
    expect(schema.status_code == 200, f"/api/schema/: {schema.status_code}")
    complaint = api.post(
        "/api/v1/complaints/", json={"category": "other", "description": "Cek produksi."}
    )
    expect(complaint.status_code == 201, f"complaint: {complaint.status_code} {complaint.text}")
    return {"<id>": str(bookable["id"]), "<code>": complaint.json()["code"]}


def check_pages(stack: Stack, values: dict[str, str], demo: Demo) -> int:
    sessions = {
        "kiosk": log_in(stack, "kiosk"),
        "officer": log_in(stack, demo.officer_name),
        "manager": log_in(stack, "manager"),
        "": client(stack),
    }
    # The dashboard's own socket: a session made by gunicorn, read by uvicorn.
    cookie = "; ".join(f"{c.name}={c.value}" for c in sessions["manager"].cookies.jar)
    with socket_to(stack, "/ws/manager/", origin=stack.origin, Cookie=cookie) as manager:
        snapshot = json.loads(manager.recv(timeout=10))
        expect(snapshot["type"] == "snapshot", f"/ws/manager/ with a session: {snapshot}")
    qr = sessions["kiosk"].get("/kiosk/?part=qr")
    expect(qr.status_code == 200, f"/kiosk/?part=qr: {qr.status_code}")
    values["?code="] = qr.json()["value"]
    pages = readme_pages()
    for path in pages:
        persona = next((who for start, who in PERSONAS.items() if path.startswith(start)), "")
        url = page_url(path, values)
        answer = sessions[persona].get(url)
        expect(answer.status_code == 200, f"{url} as {persona or 'anybody'}: {answer.status_code}")
    missing = sessions[""].get("/no-such-page/")
    expect(missing.status_code == 404 and "URLconf" not in missing.text, "DEBUG is on")
    return len(pages)


def check_static(stack: Stack, api: httpx.Client) -> None:
    home = api.get("/")
    css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text)
    expect(css, "the home page links no hashed stylesheet (manifest storage off?)")
    assert css is not None
    answer = api.get(css[1], headers={"Accept-Encoding": "gzip"})
    expect(answer.status_code == 200, f"{css[1]}: {answer.status_code}")
    expect(answer.headers.get("content-encoding") == "gzip", f"not gzipped: {answer.headers}")
    expect("max-age=604800" in answer.headers.get("cache-control", ""), f"{answer.headers}")
    on_disk = (stack.tmp / "static" / css[1].removeprefix("/static/")).read_bytes()
    expect(answer.content == on_disk, "nginx served something else than the collected file")


def check_health(stack: Stack) -> None:
    answer = httpx.get(stack.base + "/healthz", timeout=10)
    expect(answer.status_code == 200, f"/healthz: {answer.status_code} {answer.text}")
    expect(answer.json()["status"] == "ok", f"/healthz: {answer.text}")


def main() -> int:
    began = time.monotonic()
    stack = Stack()
    # A stop from outside (CI timeout, Ctrl-C) still cleans up: finally runs.
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, lambda signum, _frame: sys.exit(128 + signum))
    try:
        expect(shutil.which("nginx"), "nginx is not installed: apt-get install nginx (as root)")
        with step("units and nginx site rendered (deploy/install render)"):
            rendered = stack.render()
        with step(f"fresh database {stack.database}, release unit (migrate, collectstatic)"):
            stack.create_database()
            stack.release(rendered)
        with step("web, ws, worker, beat, nginx up; demo mall loaded (load_demo, all hours)"):
            # The demo loads while the processes boot: they only need the schema.
            load_demo = [sys.executable, "-c", LOAD_DEMO]
            stack.start("load_demo", load_demo, stack.app_env(), str(ROOT), one_shot=True)
            stack.start_units(rendered)
            stack.start_nginx(rendered)
            wait_until_up(stack)
            stack.finish("load_demo", seconds=BOOT_SECONDS)
        api = client(stack)
        with step("demo accounts log in to the API"):
            demo = demo_accounts(stack, api)
        with step("API: a kiosk ticket called through the API reaches /ws/display/"):
            ticket = check_call_reaches_the_display(stack, api, demo)
        with step("its voice WAV"):
            check_voice(api, ticket["audio_url"])
        with step("API: ticket served, catalog, schema, a complaint filed"):
            serve(api, demo, ticket["token"])
            values = check_api(api, demo) | {"<token>": ticket["token"]}
        with step("Celery: beat's booth scan, run by the worker, alerts /ws/manager/"):
            check_scan_alert(stack, api, demo)
        with step("every page of the README's table answers 200 (DEBUG off); sessions on /ws/"):
            count = check_pages(stack, values, demo)
            print(f"    {count} pages", flush=True)
        with step("static files from nginx: hashed, gzip, cache headers"):
            check_static(stack, api)
        with step("/healthz"):
            check_health(stack)
        stack.alive()
    except Exception as exc:  # any failure: say what, and show what the processes said
        print(f"FAIL {exc!r}", file=sys.stderr)
        for name in stack.processes:
            print(f"--- {name} (last lines)\n{stack.log(name)}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
    print(f"prod-check passed in {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
