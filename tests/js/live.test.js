// live.js stream rules, in Node with a fake browser: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

function load() {
  const sent = [];
  const timers = [];
  class FakeSocket {
    constructor() { this.readyState = 1; }
    send(text) { sent.push(JSON.parse(text)); }
    close() {}
  }
  FakeSocket.OPEN = 1;
  const window = { location: { protocol: "http:", host: "x" } };
  const context = {
    window, WebSocket: FakeSocket, JSON, Math, Date, Object,
    setInterval: () => 0, clearInterval: () => {},
    setTimeout: (fn) => { timers.push(fn); return timers.length; },
  };
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(path.join(__dirname, "../../static/js/live.js"), "utf8"), context);
  const seen = [];
  const stream = new window.LiveStream("/ws/display/", { event: (e) => seen.push(e.seq) });
  stream.receive({ type: "snapshot", seqs: { display: 10 } });
  return { stream, seen, sent, timers };
}

test("events in order are delivered once", () => {
  const { stream, seen } = load();
  stream.receive({ type: "ticket.called", stream: "display", seq: 11 });
  stream.receive({ type: "ticket.called", stream: "display", seq: 11 });
  stream.receive({ type: "ticket.called", stream: "display", seq: 9 });
  assert.deepStrictEqual(seen, [11]);
});

test("a reordered pair is delivered in seq order, without a snapshot", () => {
  const { stream, seen, sent, timers } = load();
  stream.receive({ type: "ticket.called", stream: "display", seq: 12 });
  assert.deepStrictEqual(seen, []);
  stream.receive({ type: "ticket.called", stream: "display", seq: 11 });
  assert.deepStrictEqual(seen, [11, 12]);
  timers.forEach((fn) => fn());
  assert.deepStrictEqual(sent, []);
});

test("a seq still missing after the wait asks for a fresh snapshot", () => {
  const { stream, seen, sent, timers } = load();
  stream.receive({ type: "ticket.called", stream: "display", seq: 13 });
  timers.forEach((fn) => fn());
  assert.deepStrictEqual(seen, []);
  assert.deepStrictEqual(sent, [{ type: "snapshot" }]);
});
