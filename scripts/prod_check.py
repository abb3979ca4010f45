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
import re
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

# scripts/ itself: this file runs as a script, and tests/test_stack.py loads it from its path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from prod_stack import ROOT, CheckFailed, Stack, expect

PASSWORD = "mpp-demo"  # load_demo's accounts
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
for closure in Closure.objects.filter(date=timezone.localdate()):
    closure.closed = False  # saved one by one: the cached calendar is dropped on save
    closure.save()
"""


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
