"""Soak: the lobby TV and the kiosk in Chromium through a compressed hour of calls.

    .venv/bin/python bench/soak.py [--calls 3600] [--interval 1.0] [--warmup 120]
        [--sample 120] [--kiosk-every 30]

What it does (loopback only, stops by itself; --calls x --interval seconds plus ~1 min):
1. Drops and recreates the PostgreSQL database `mpp_bench_soak`, migrates it and
   seeds the bench mall (bench/_django.py: one agency open around the clock,
   --lines call lines with enough waiting tickets, --counters counters with an
   officer token each) and gives the kiosk account a password.
2. Starts a redis-server of its own on a free loopback port and one uvicorn
   serving the whole app (HTTP and websockets, as the demo and API.md's single
   ASGI app do), with espeak-ng, so every call carries its real WAVs.
3. Opens Debian's Chromium (headless, autoplay allowed): a 1920x1080 TV on
   /display/ and a 1080x1920 kiosk on /kiosk/, signed in as the kiosk.
4. Makes a call every --interval s through the API (call-next, round-robin over
   the counters; a counter's previous ticket is marked no-show through the API
   first). Every --kiosk-every calls the kiosk issues a ticket by touch (agency,
   service, "Reguler", "Tiket sudah keluar") and is back home.
5. After --warmup calls and then every --sample calls: forces a garbage collection
   and reads each page's JS heap, DOM nodes and event listeners (Chrome DevTools
   Protocol `HeapProfiler.collectGarbage`, `Performance.getMetrics`). The TV's
   spoken calls are collected as they are said (window.mppDisplay.spoken).

Prints the samples, each figure's growth from the first sample after warm-up to the
last (target: under 10%), and the calls the TV never said or said twice (target: 0
and 0). A measurement, not a test: it never fails on a figure.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _realtime_sockets as realtime_sockets
from bench import _tickets_setup as base
from bench import realtime

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--autoplay-policy=no-user-gesture-required",
]
KIOSK_PASSWORD = "bench-kiosk-password"  # noqa: S105 - a throwaway account, throwaway database
FIGURES = ("JSHeapUsedSize", "Nodes", "JSEventListeners")
DB_NAME = "mpp_bench_soak"  # its own, so it never drops another bench's database


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=3600, help="calls in all (3600)")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between calls (1)")
    parser.add_argument("--warmup", type=int, default=120, help="calls before the first sample")
    parser.add_argument("--sample", type=int, default=120, help="calls between samples (120)")
    parser.add_argument("--kiosk-every", type=int, default=30, help="calls per kiosk ticket (30)")
    parser.add_argument("--counters", type=int, default=8, help="counters calling (8)")
    parser.add_argument("--lines", type=int, default=4, help="service lines (4)")
    parser.add_argument("--redis-url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (args.warmup < args.calls and args.sample > 0 and args.interval > 0):
        parser.error("warmup < calls, sample > 0, interval > 0")
    args.workers = 1
    return args


def seed(args: argparse.Namespace) -> dict[str, Any]:
    args.database_url = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    base.recreate_database(DB_NAME)
    base.django_command(args, "manage.py", "migrate", "--noinput")
    per_line = args.calls // args.lines + args.counters + 10
    options = {
        "lines": args.lines,
        "counters": args.counters,
        "queue_depth": per_line,
        "depths": [],
    }
    info = json.loads(base.django_command(args, "-m", "bench._django", "seed", json.dumps(options)))
    base.django_command(
        args,
        "manage.py",
        "shell",
        "-c",
        "from agencies.models import User; u = User.objects.get(username='bench-kiosk'); "
        f"u.set_password('{KIOSK_PASSWORD}'); u.must_change_password = False; u.save()",
    )
    # One letter per line, as a real mall's prefixes are ("A-150", not "C1-150"): the
    # voice says what a lobby would hear.
    base.django_command(
        args,
        "manage.py",
        "shell",
        "-c",
        "from agencies.models import Service\n"
        "from queues.models import DailySequence, Ticket\n"
        "lines = Service.objects.filter(code__startswith='call-').order_by('code')\n"
        "for letter, line in zip('ABCDEFGHJKLMNPRSTUVWYZ', lines):\n"
        "    Ticket.objects.filter(service=line).update(prefix=letter)\n"
        "    DailySequence.objects.filter(prefix=line.prefix).update(prefix=letter)\n"
        "    line.prefix = letter\n"
        "    line.save(update_fields=['prefix'])\n",
    )
    return info


class Caller:
    """Call-next round-robin; each counter's previous ticket is marked no-show first."""

    def __init__(self, url: str, counters: list[dict[str, Any]]) -> None:
        self.client = httpx.Client(base_url=url, timeout=30)
        self.counters = counters
        self.current: dict[int, str] = {}
        self.turn = 0
        self.codes: list[str] = []
        self.errors: dict[int, int] = {}

    def open_counters(self) -> None:
        for counter in self.counters:
            headers = {"Authorization": f"Token {counter['token']}"}
            response = self._post(f"/api/v1/counters/{counter['id']}/open/", headers)
            if response is None or response.status_code != 200:
                raise SystemExit(f"could not open counter {counter['id']}")

    def call(self) -> None:
        counter = self.counters[self.turn % len(self.counters)]
        self.turn += 1
        headers = {"Authorization": f"Token {counter['token']}"}
        previous = self.current.pop(counter["id"], None)
        if previous:
            self._post(f"/api/v1/tickets/{previous}/no-show/", headers)
        response = self._post(f"/api/v1/counters/{counter['id']}/call-next/", headers)
        if response is not None and response.status_code == 200:
            ticket = response.json()
            self.current[counter["id"]] = ticket["token"]
            self.codes.append(ticket["code"])

    def _post(self, path: str, headers: dict[str, str]) -> httpx.Response | None:
        try:
            response = self.client.post(path, headers=headers)
        except httpx.HTTPError:
            self.errors[0] = self.errors.get(0, 0) + 1
            return None
        if response.status_code >= 400:
            self.errors[response.status_code] = self.errors.get(response.status_code, 0) + 1
        return response


def metrics(page: Any, cdp: Any) -> dict[str, float]:
    cdp.send("HeapProfiler.collectGarbage")
    page.wait_for_timeout(200)
    cdp.send("HeapProfiler.collectGarbage")
    values = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: values.get(name, 0.0) for name in FIGURES}


def kiosk_ticket(page: Any, agency: int, service_name: str) -> bool:
    try:
        page.locator(f"[data-agency='{agency}']").first.click(timeout=10_000)
        page.locator("#k-service-list button", has_text=service_name).first.click(timeout=10_000)
        page.locator("#k-priority-list button", has_text="Reguler").click(timeout=10_000)
        page.locator("#k-print-ok").click(timeout=15_000)
        page.locator("#k-home").wait_for(state="visible", timeout=10_000)
        return True
    except Exception as error:  # a bench records a failed tap and goes on
        print(f"  kiosk tap failed: {str(error).splitlines()[0]}", flush=True)
        return False


def collect_board(tv: Any, board: set[str]) -> None:
    board.update(
        tv.evaluate(
            "() => Array.from(document.querySelectorAll('#d-board .d-card'), c => c.dataset.code)"
        )
    )


def collect_spoken(tv: Any, heard: dict[tuple[str, float], dict[str, Any]]) -> None:
    for entry in tv.evaluate("() => window.mppDisplay.spoken.slice()"):
        heard[(entry["code"], entry["at"])] = entry


def growth(first: float, last: float) -> str:
    return f"{(last - first) / first * 100:+.1f}%" if first else "n/a"


def run(args: argparse.Namespace) -> None:
    from playwright.sync_api import sync_playwright

    began = time.monotonic()
    info = seed(args)
    logs = Path(tempfile.mkdtemp(prefix="mpp-bench-soak-"))
    media = logs / "media"
    env = realtime.app_env(args, media)
    # Over plain HTTP on loopback: the session cookie must not ask for HTTPS, and the
    # pages' static files come from the apps' folders (no collectstatic here).
    env.update(SESSION_COOKIE_SECURE="false", WHITENOISE_USE_FINDERS="true")
    server = realtime.uvicorn(args, env, logs)
    server.wait_ready()
    url = f"http://127.0.0.1:{server.port}"
    print(f"  server:   uvicorn mpp.asgi:application (HTTP and websockets), {url}; logs {logs}")
    print(f"  setup:    {time.monotonic() - began:.1f} s; {os.cpu_count()} cores")
    caller = Caller(url, info["counters"])
    caller.open_counters()
    heard: dict[tuple[str, float], dict[str, Any]] = {}
    board: set[str] = set()
    samples: list[dict[str, Any]] = []
    kiosk_ok = kiosk_failed = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tv = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
            tv.goto(url + "/display/")
            tv.wait_for_function(
                "() => window.mppDisplay && window.mppDisplay.stream.seqs.display !== undefined"
            )
            kiosk = browser.new_context(viewport={"width": 1080, "height": 1920}).new_page()
            kiosk.goto(url + "/login/")
            kiosk.fill("input[name=username]", "bench-kiosk")
            kiosk.fill("input[name=password]", KIOSK_PASSWORD)
            kiosk.locator("form [type=submit]").first.click()
            kiosk.wait_for_load_state()
            kiosk.goto(url + "/kiosk/")
            kiosk.locator("#k-home").wait_for(state="visible")
            cdp = {
                "tv": tv.context.new_cdp_session(tv),
                "kiosk": kiosk.context.new_cdp_session(kiosk),
            }
            for session in cdp.values():
                session.send("Performance.enable")
            service_name = "Layanan bench C1"  # the kiosk lists lines a counter serves
            started = time.monotonic()
            for n in range(1, args.calls + 1):
                due = started + n * args.interval
                caller.call()
                if n % args.kiosk_every == 0:
                    if kiosk_ticket(kiosk, info["agency"], service_name):
                        kiosk_ok += 1
                    else:
                        kiosk_failed += 1
                        kiosk.goto(url + "/kiosk/")
                if n % 4 == 0:  # a card stays on the board for --counters calls
                    collect_spoken(tv, heard)
                    collect_board(tv, board)
                if n >= args.warmup and (n - args.warmup) % args.sample == 0:
                    sample = {"calls": n, "at_s": round(time.monotonic() - started)}
                    for name, page in (("tv", tv), ("kiosk", kiosk)):
                        sample[name] = metrics(page, cdp[name])
                    samples.append(sample)
                    print(
                        f"  {n:5d} calls {sample['at_s']:5d} s  "
                        + "  ".join(
                            f"{name}: heap {sample[name]['JSHeapUsedSize'] / 1e6:.2f} MB, "
                            f"{sample[name]['Nodes']:.0f} nodes, "
                            f"{sample[name]['JSEventListeners']:.0f} listeners"
                            for name in ("tv", "kiosk")
                        ),
                        flush=True,
                    )
                pause = due - time.monotonic()
                if pause > 0:
                    tv.wait_for_timeout(pause * 1000)
            # The voice works through what is left; then nothing more may come.
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                collect_spoken(tv, heard)
                if tv.evaluate("() => window.mppDisplay.queueLength()") == 0:
                    break
                tv.wait_for_timeout(1000)
            tv.wait_for_timeout(2000)
            collect_spoken(tv, heard)
            collect_board(tv, board)
            behind = tv.evaluate("() => window.mppDisplay.queueLength()")
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(media, ignore_errors=True)
    report(args, caller, heard, board, samples, kiosk_ok, kiosk_failed, behind)
    print(f"\nTotal {time.monotonic() - began:.0f} s; database `{DB_NAME}` kept.")


def report(
    args: argparse.Namespace,
    caller: Caller,
    heard: dict[tuple[str, float], dict[str, Any]],
    board: set[str],
    samples: list[dict[str, Any]],
    kiosk_ok: int,
    kiosk_failed: int,
    behind: int,
) -> None:
    said: dict[str, int] = {}
    for code, _ in heard:
        said[code] = said.get(code, 0) + 1
    called = set(caller.codes)
    missed = sorted(called - set(said))
    twice = sorted(code for code, count in said.items() if count > 1)
    waits = sorted((entry["at"] - entry["arrived"]) / 1000 for entry in heard.values())
    faster = sum(1 for entry in heard.values() if entry.get("rate", 1) > 1)
    print()
    print(f"Calls made: {len(caller.codes)} of {args.calls}; HTTP errors {caller.errors or 0}")
    print(f"On the TV's board: {len(called & board)} of {len(called)} calls")
    print(f"Kiosk tickets by touch: {kiosk_ok} ({kiosk_failed} failed)")
    print(
        f"TV said: {len(said)} calls; never said: {len(missed)}; said twice: {len(twice)}; "
        f"still queued at the end: {behind}"
    )
    if waits:
        print(
            f"Voice wait (arrival -> spoken): p50 {realtime_sockets.pct(waits, 0.5) / 1000:.1f} s, "
            f"p99 {realtime_sockets.pct(waits, 0.99) / 1000:.1f} s, max {waits[-1]:.1f} s; "
            f"{faster} said at the faster rate"
        )
    if missed[:10] or twice[:10]:
        print(f"  never said (first 10): {missed[:10]}; twice (first 10): {twice[:10]}")
    if len(samples) >= 2:
        first, last = samples[0], samples[-1]
        print(f"Growth from {first['calls']} to {last['calls']} calls (target under 10%):")
        for name in ("tv", "kiosk"):
            print(
                f"  {name:5s} "
                + ", ".join(
                    f"{figure} {first[name][figure]:.0f} -> {last[name][figure]:.0f} "
                    f"({growth(first[name][figure], last[name][figure])})"
                    for figure in FIGURES
                )
            )


def main() -> None:
    args = parse_args()
    print("Antrean MPP soak: lobby TV and kiosk in Chromium")
    redis_server = realtime.start_private_redis(args)
    try:
        run(args)
    finally:
        redis_server.stop()


if __name__ == "__main__":
    main()
