"""The mall's network may have no internet: nothing the server sends or runs refers to
another host (README "LAN-only").

Three scans: every page of the README's page table as rendered (attributes, CSS
`url()`, anything with a scheme), the files under static/ and templates/, and the
Python code that runs tasks and services. What is allowed, and why, is listed here
by exact URL and file.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from agencies.models import User
from complaints.models import Complaint
from queues.models import Ticket
from tests import factories

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LOCAL_HOSTS = {"testserver", "127.0.0.1", "localhost", "[::1]"}

# XML namespace names: identifiers a parser compares as strings, never fetched.
NAMESPACES = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1999/xlink",
}
# Vendored files (static/vendor/, pinned third-party code) keep URLs that are text, not
# requests. Each one by file and exact URL (or URL prefix ending in "/"):
VENDOR_ALLOWED = {
    # Svelte (inside ALTCHA's build) throws errors whose message is a documentation URL.
    ("vendor/altcha/altcha.js", "https://svelte.dev/e/"): "text of thrown errors",
    # ALTCHA's error when Web Crypto is missing: text of the error message.
    (
        "vendor/altcha/altcha.js",
        "https://developer.mozilla.org/en-US/docs/Web/Security/Secure_Contexts",
    ): "text of a thrown error",
    (
        "vendor/altcha/worker.js",
        "https://developer.mozilla.org/en-US/docs/Web/Security/Secure_Contexts",
    ): "text of a thrown error",
    # The widget's logo and "Protected by ALTCHA" footer link there; our only widget
    # hides both (hidelogo hidefooter: test_the_altcha_widget_links_nowhere).
    ("vendor/altcha/altcha.js", "https://altcha.org/"): "hidden logo and footer link",
}
# Licence texts name their authors' sites; they are files nobody's page loads.
LICENCE_FILES = {"LICENSE", "LICENSE.txt", "LICENCE", "COPYING"}
TEXT_SUFFIXES = {".js", ".mjs", ".css", ".svg", ".html", ".txt", ".json", ".webmanifest"}

WITH_SCHEME = re.compile(r"\b(?:https?|wss?|ftp)://[^\s\"'<>()`\\]+", re.I)
PROTOCOL_RELATIVE = re.compile(
    r"""(?:\b(?:src|href|action|srcset|poster|formaction)\s*=\s*["']?|url\(\s*["']?)//[^\s"'<>)]+""",
    re.I,
)


def external_references(text: str) -> list[str]:
    """URLs in `text` naming a host other than this server (namespaces excepted)."""
    found = []
    for match in WITH_SCHEME.finditer(text):
        url = match.group(0).rstrip(".,;")
        if url in NAMESPACES or urlsplit(url).netloc.lower() in LOCAL_HOSTS:
            continue
        found.append(url)
    for match in PROTOCOL_RELATIVE.finditer(text):
        host = match.group(0).split("//", 1)[1].split("/", 1)[0].lower()
        if host not in LOCAL_HOSTS:
            found.append(match.group(0))
    return found


def test_the_scan_sees_what_it_must_refuse():
    page = """<link href="https://fonts.googleapis.com/css2?family=Inter" rel="stylesheet">
      <script src="//cdn.example.com/x.js"></script><form action="http://10.0.0.9/x">
      <div style="background: url('https://img.example.org/a.png')"></div>
      <img srcset="//cdn.example.com/a.png 2x"><a href="wss://push.example.net/">
      <svg xmlns="http://www.w3.org/2000/svg"></svg><a href="http://testserver/ok">
      <img src="/static/ok.png"> <a href="mailto:x@y.id"> // a comment.like.this
    """
    assert external_references(page) == [
        "https://fonts.googleapis.com/css2?family=Inter",
        "http://10.0.0.9/x",
        "https://img.example.org/a.png",
        "wss://push.example.net/",
        'src="//cdn.example.com/x.js',
        'srcset="//cdn.example.com/a.png',
    ]


# --- every page of the README's table, rendered --------------------------------------


def readme_pages() -> list[str]:
    text = README.read_text().split("## Pages and API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", text, flags=re.M)


@pytest.fixture
def mall(busy_day, service_a, agency_a, manager, kiosk):
    """The busy morning plus what some pages need: an admin, a served ticket, a complaint."""
    factories.UserFactory(
        username="admin", role=User.Role.MANAGER, agency=None, is_staff=True, is_superuser=True
    )
    return {
        "service": service_a.pk,
        "agency": agency_a.pk,
        "waiting": Ticket.objects.filter(status="waiting").first().token,
        "done": Ticket.objects.filter(status="done").first().token,
        "complaint": Complaint.objects.first().code,
    }


# README row -> (who asks, the URLs that row stands for). A new row needs an entry here.
PAGES = {
    "/": ("anonymous", ["/", "/login/"]),
    "/?q=ktp hilang": ("anonymous", ["/?q=ktp+hilang"]),
    "/services/<id>/": ("anonymous", ["/services/{service}/"]),
    "/book/<id>/": ("anonymous", ["/book/{service}/"]),
    "/kiosk/": ("kiosk", ["/kiosk/", "/kiosk/survey/", "/complaints/new/"]),
    "/display/": ("anonymous", ["/display/", "/display/?agency={agency}", "/display/?floor=1"]),
    "/counter/": ("officer-a", ["/counter/"]),
    "/t/<token>/": ("anonymous", ["/t/{waiting}/", "/t/{done}/"]),
    "/checkin/?code=": ("anonymous", ["/checkin/?code=ABC"]),
    "/survey/<token>/": ("anonymous", ["/survey/{done}/"]),
    "/complaints/new/": ("anonymous", ["/complaints/new/", "/complaints/{complaint}/"]),
    "/dashboard/": ("manager", ["/dashboard/"]),
    "/dashboard/reports/": (
        "manager",
        [
            "/dashboard/reports/",
            "/dashboard/reports/attendance/",
            "/dashboard/reports/performance/",
            "/dashboard/reports/ikm/",
        ],
    ),
    "/dashboard/complaints/": (
        "manager",
        ["/dashboard/complaints/", "/dashboard/complaints/{complaint}/"],
    ),
    "/dashboard/closures/": ("manager", ["/dashboard/closures/"]),
    "/api/docs/": ("anonymous", ["/api/docs/", "/api/docs/?script=", "/api/schema/"]),
    "/admin/": ("admin", ["/admin/", "/admin/queues/ticket/", "/admin/agencies/service/"]),
    "/healthz": ("anonymous", ["/healthz"]),
    "/metrics": ("anonymous", ["/metrics"]),
}

# Pages that answer with an error page on purpose (scanned all the same).
STATUS = {"/checkin/?code=ABC": 400}  # an unknown code: the page says so


def test_every_readme_page_has_urls_to_scan():
    assert set(readme_pages()) == set(PAGES)


def test_no_page_refers_to_another_host(mall, settings):
    settings.ALTCHA_REQUIRED = True  # the booking page with its proof-of-work widget
    clients = {"anonymous": Client()}
    for username in ("kiosk", "officer-a", "manager", "admin"):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    found = {}
    scanned = 0
    for who, urls in PAGES.values():
        for url in urls:
            response = clients[who].get(url.format(**mall))
            expected = STATUS.get(url, 200)
            assert response.status_code == expected, (url, who, response.status_code)
            body = b"".join(response) if response.streaming else response.content
            scanned += 1
            if bad := external_references(body.decode()):
                found[url] = bad
    assert found == {}
    assert scanned >= 30


def test_swagger_ui_does_not_ask_the_online_validator(db):
    # Swagger UI's default validatorUrl sends the schema's address to validator.swagger.io
    # for a badge image (not from loopback, so only on the mall's LAN): switched off.
    script = Client().get("/api/docs/?script=").content.decode()
    assert '"validatorUrl": null' in script


def test_the_altcha_widget_links_nowhere():
    for template in (ROOT / "templates").rglob("*.html"):
        for widget in re.findall(r"<altcha-widget\b[^>]*>", template.read_text()):
            assert " hidelogo" in widget and " hidefooter" in widget, template


# --- files: static/ and templates/, then the code behind tasks and services ----------


def test_static_files_and_templates_refer_to_no_other_host():
    found = {}
    for folder in ("static", "templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
                continue
            if path.name in LICENCE_FILES:
                continue
            relative = path.relative_to(ROOT / folder).as_posix()
            bad = [
                url
                for url in external_references(path.read_text(errors="replace"))
                if not _vendor_allows(relative, url)
            ]
            if bad:
                found[f"{folder}/{relative}"] = sorted(set(bad))
    assert found == {}


def _vendor_allows(relative: str, url: str) -> bool:
    return relative.startswith("vendor/") and any(
        file == relative and (url == allowed or (allowed.endswith("/") and url.startswith(allowed)))
        for file, allowed in VENDOR_ALLOWED
    )


def test_every_vendor_allowance_is_still_needed():
    # An allowance for a URL no longer there would let a real one back in unnoticed.
    for file, allowed in VENDOR_ALLOWED:
        assert allowed in (ROOT / "static" / file).read_text(), (file, allowed)


def test_tasks_and_services_refer_to_no_other_host():
    found = {}
    apps = ("agencies", "counters", "queues", "complaints", "console", "messaging", "whatsapp")
    for app in (*apps, "mpp"):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            if bad := external_references(path.read_text()):
                found[str(path.relative_to(ROOT))] = bad
    assert found == {}
