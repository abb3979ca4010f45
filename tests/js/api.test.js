// api.js request, refusal and clock rules, in Node with a fake fetch: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(path.join(__dirname, "../../static/js/api.js"), "utf8");
const TEXTS = {
  networkError: "No connection.",
  serverError: "Server error (HTTP {status}).",
  sessionExpired: "Your session ended. Please log in again.",
  labels: { service: "Service" },
  csrfToken: "rendered-token",
};

/* api.js in a fake page; `answers` are what fetch gives back, in order. */
function load({ cookie = "", field = null, lang = "id", answers = [] } = {}) {
  const calls = [];
  const document = {
    cookie,
    documentElement: { lang },
    querySelector: (selector) =>
      selector === "input[name=csrfmiddlewaretoken]" && field ? { value: field } : null,
  };
  const window = {
    document,
    fetch(url, init) {
      calls.push({ url, init });
      const next = answers.shift();
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
  const context = { window, JSON, Date, Intl, Object, String, Number, Array, URLSearchParams, Promise, isNaN };
  vm.createContext(context);
  vm.runInContext(SOURCE, context);
  return { MppApi: window.MppApi, calls };
}

function reply(status, body, { headers = {}, redirected = false, url = "/api/" } = {}) {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300, status, redirected, url,
    headers: { get: (name) => headers[name] || null },
    text: () => Promise.resolve(text),
  };
}

test("a POST carries JSON, the cookie's CSRF token, the page language and the idempotency key", async () => {
  const { MppApi, calls } = load({ cookie: "sessionid=s; csrftoken=from%20cookie", lang: "en", answers: [reply(201, { code: "A-001" })] });
  const answer = await MppApi.client(TEXTS).post("/api/v1/kiosk/tickets/", { service: 3 }, { idempotencyKey: "k1" });
  assert.deepStrictEqual({ ...answer }, { ok: true, status: 201, data: { code: "A-001" }, error: null, retryAfter: 0 });
  const { url, init } = calls[0];
  assert.strictEqual(url, "/api/v1/kiosk/tickets/");
  assert.strictEqual(init.method, "POST");
  assert.strictEqual(init.credentials, "same-origin");
  assert.strictEqual(init.body, '{"service":3}');
  assert.deepStrictEqual({ ...init.headers }, {
    "Accept": "application/json", "Accept-Language": "en", "X-CSRFToken": "from cookie",
    "Idempotency-Key": "k1", "Content-Type": "application/json",
  });
});

test("without the cookie the token the page was rendered with is sent, else the form's", async () => {
  const first = load({ answers: [reply(200, {})] });
  await first.MppApi.client(TEXTS).post("/x/");
  assert.strictEqual(first.calls[0].init.headers["X-CSRFToken"], "rendered-token");
  const second = load({ field: "form-token", answers: [reply(200, {})] });
  await second.MppApi.client({}).post("/x/");
  assert.strictEqual(second.calls[0].init.headers["X-CSRFToken"], "form-token");
});

test("a GET has no token and no body; a POST without a body sends {}", async () => {
  const { MppApi, calls } = load({ cookie: "csrftoken=t", answers: [reply(200, []), reply(204)] });
  const api = MppApi.client(TEXTS);
  await api.get("/api/v1/counters/1/queue/");
  const done = await api.post("/api/v1/counters/1/open/");
  assert.strictEqual(calls[0].init.body, undefined);
  assert.strictEqual(calls[0].init.headers["X-CSRFToken"], undefined);
  assert.strictEqual(calls[1].init.body, "{}");
  assert.strictEqual(done.status, 204);
  assert.strictEqual(done.data, null);
});

test("a form POST is sent form-encoded", async () => {
  const { MppApi, calls } = load({ answers: [reply(200, { message: "ok" })] });
  await MppApi.client({}).post("/kiosk/", { action: "void", token: "abc" }, { form: true });
  assert.strictEqual(String(calls[0].init.body), "action=void&token=abc");
  assert.strictEqual(calls[0].init.headers["Content-Type"], undefined);
});

test("our refusal shows its detail; field errors are labelled and joined", async () => {
  const { MppApi } = load({ answers: [
    reply(409, { detail: "Counter busy.", code: "counter_busy" }),
    reply(400, { service: ["Unknown."], priority: ["Bad.", "Worse."] }),
    reply(400, ["First.", "Second."]),
  ] });
  const api = MppApi.client(TEXTS);
  const busy = await api.post("/a/");
  assert.deepStrictEqual([busy.ok, busy.status, busy.error], [false, 409, "Counter busy."]);
  assert.strictEqual(busy.data.code, "counter_busy");
  assert.strictEqual((await api.post("/a/")).error, "Service: Unknown. Bad. Worse.");
  assert.strictEqual((await api.post("/a/")).error, "First. Second.");
});

test("an answer without a message falls back to the server error with its status", async () => {
  const { MppApi } = load({ answers: [reply(500, "<h1>Server Error</h1>"), reply(502, "")] });
  assert.strictEqual((await MppApi.client(TEXTS).post("/a/")).error, "Server error (HTTP 500).");
  assert.strictEqual((await MppApi.client({ networkError: "Try again." }).post("/a/")).error, "Try again.");
});

test("a dropped network resolves with status 0 and the network message", async () => {
  const { MppApi } = load({ answers: [new TypeError("Failed to fetch")] });
  const answer = await MppApi.client(TEXTS).post("/a/");
  assert.deepStrictEqual({ ...answer }, { ok: false, status: 0, data: null, error: "No connection.", retryAfter: 0 });
});

test("a 503 says when to retry", async () => {
  const { MppApi } = load({ answers: [reply(503, { detail: "Busy.", code: "unavailable" }, { headers: { "Retry-After": "3" } })] });
  const answer = await MppApi.client(TEXTS).post("/a/");
  assert.deepStrictEqual([answer.status, answer.retryAfter, answer.error], [503, 3, "Busy."]);
});

test("on a staff page 401, the login page and a 403 that is not our refusal mean the session ended", async () => {
  const { MppApi } = load({ answers: [
    reply(401, { detail: "Authentication credentials were not provided.", code: "not_authenticated" }),
    reply(200, "<form>login</form>", { redirected: true, url: "http://x/accounts/login/?next=/counter/" }),
    reply(403, "<h1>CSRF verification failed</h1>"),
    reply(403, { detail: "Not your agency.", code: "forbidden" }),
  ] });
  const api = MppApi.client(TEXTS);
  for (let i = 0; i < 3; i += 1) {
    const answer = await api.get("/a/");
    assert.deepStrictEqual([answer.ok, answer.status, answer.error], [false, 401, TEXTS.sessionExpired]);
  }
  const refused = await api.get("/a/");
  assert.deepStrictEqual([refused.status, refused.error], [403, "Not your agency."]);
});

test("a public page (no sessionExpired) shows a 401's own detail", async () => {
  const { MppApi } = load({ answers: [reply(401, { detail: "Log in first.", code: "not_authenticated" })] });
  const answer = await MppApi.client({ networkError: "x" }).post("/a/");
  assert.deepStrictEqual([answer.status, answer.error], [401, "Log in first."]);
});

test("errorText: detail first, the code is no message, the fallback last", () => {
  const { MppApi } = load();
  assert.strictEqual(MppApi.errorText({ detail: "No.", code: "x" }, "f"), "No.");
  assert.strictEqual(MppApi.errorText({ code: "x" }, "f"), "f");
  assert.strictEqual(MppApi.errorText({ note: ["Required."] }, "f"), "Required.");
  assert.strictEqual(MppApi.errorText({ note: [{ nested: 1 }] }, "f"), '{"nested":1}');
  assert.strictEqual(MppApi.errorText(null, "f"), "f");
  assert.strictEqual(MppApi.errorText([], "f"), "f");
});

test("clock: HH:MM in the mall's zone, whatever offset the time was written in", () => {
  const { MppApi } = load();
  assert.strictEqual(MppApi.clock("2026-12-03T10:05:00.123456+07:00", "Asia/Jakarta"), "10:05");
  assert.strictEqual(MppApi.clock("2026-12-03T03:05:00Z", "Asia/Jakarta"), "10:05");
  assert.strictEqual(MppApi.clock("2026-12-03T17:00:00Z", "Asia/Jakarta"), "00:00");
  assert.strictEqual(MppApi.clock("2026-12-03T10:05:00+07:00", "Not/AZone").length, 5);
  assert.strictEqual(MppApi.clock("", "Asia/Jakarta"), "");
  assert.strictEqual(MppApi.clock("yesterday", "Asia/Jakarta"), "");
});

test("clock agrees with the dashboard's old slice of a local ISO time, in both languages", () => {
  for (const lang of ["id", "en"]) {
    const { MppApi } = load({ lang });
    for (const iso of ["2026-12-03T00:00:00+07:00", "2026-12-03T09:07:59.999+07:00", "2026-12-03T23:59:00+07:00"]) {
      assert.strictEqual(MppApi.clock(iso, "Asia/Jakarta"), iso.slice(11, 16));
    }
  }
});
