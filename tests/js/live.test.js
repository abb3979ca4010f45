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
  const snapshots = [];
  const stream = new window.LiveStream("/ws/display/", {
    event: (e) => seen.push(e.seq),
    snapshot: (s) => snapshots.push(s),
  });
  stream.receive({ type: "snapshot", seqs: { display: 10 }, epochs: { display: "e1" } });
  return { stream, seen, sent, timers, snapshots };
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

test("a new epoch is a reset: the event is delivered and a fresh snapshot asked", () => {
  const { stream, seen, sent } = load();
  // Redis lost the numbering: the next call is seq 1 of a new epoch.
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 1 });
  assert.deepStrictEqual(seen, [1]);
  assert.deepStrictEqual(sent, [{ type: "snapshot" }]);
  // The stream goes on from there, once each.
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 2 });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 2 });
  assert.deepStrictEqual(seen, [1, 2]);
  assert.strictEqual(stream.epochs.display, "e2");
});

test("the same epoch with an old seq is still ignored", () => {
  const { stream, seen, sent } = load();
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e1", seq: 3 });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e1", seq: 10 });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e1", seq: 11 });
  assert.deepStrictEqual(seen, [11]);
  assert.deepStrictEqual(sent, []);
});

test("a reset drops events held for the old numbering", () => {
  const { stream, seen, sent, timers } = load();
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e1", seq: 12 });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 1 });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 2 });
  timers.forEach((fn) => fn());
  assert.deepStrictEqual(seen, [1, 2]);
  assert.deepStrictEqual(sent, [{ type: "snapshot" }]);
});

test("a stream without a known epoch takes the first one it sees", () => {
  const { stream, seen, sent } = load();
  // The numbering was missing when the snapshot was taken (or unreadable: left out).
  stream.receive({ type: "snapshot", seqs: { display: 0, other: 0 }, epochs: { display: null } });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e3", seq: 1 });
  stream.receive({ type: "line.updated", stream: "other", epoch: "e4", seq: 1 });
  assert.deepStrictEqual(seen, [1, 1]);
  assert.deepStrictEqual({ ...stream.epochs }, { display: "e3", other: "e4" }); // copied out of the vm realm
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e3", seq: 1 });
  assert.deepStrictEqual(seen, [1, 1]);
  assert.deepStrictEqual(sent, []);
});

test("a snapshot without the stream's seq takes the next event as it comes", () => {
  const { stream, seen, sent } = load();
  stream.receive({ type: "snapshot", seqs: {}, epochs: {} });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e1", seq: 40 });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e1", seq: 41 });
  assert.deepStrictEqual(seen, [40, 41]);
  assert.deepStrictEqual(sent, []);
});

test("a heartbeat ahead of us asks for a snapshot if we stay behind", () => {
  const { stream, seen, sent, timers } = load();
  // The server sent seq 11, and this socket never got it (lost while re-subscribing).
  stream.receive({ type: "heartbeat", seqs: { display: 11 }, epochs: { display: "e1" } });
  assert.deepStrictEqual(sent, []);
  timers.forEach((fn) => fn());
  assert.deepStrictEqual(sent, [{ type: "snapshot" }]);
  assert.deepStrictEqual(seen, []);
});

test("a heartbeat ahead of an event still on its way asks nothing", () => {
  const { stream, seen, sent, timers } = load();
  stream.receive({ type: "heartbeat", seqs: { display: 11 }, epochs: { display: "e1" } });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e1", seq: 11 });
  timers.forEach((fn) => fn());
  assert.deepStrictEqual(seen, [11]);
  assert.deepStrictEqual(sent, []);
});

test("a heartbeat on a new epoch we have not seen asks for a snapshot", () => {
  const { stream, sent, timers } = load();
  stream.receive({ type: "heartbeat", seqs: { display: 1 }, epochs: { display: "e2" } });
  timers.forEach((fn) => fn());
  assert.deepStrictEqual(sent, [{ type: "snapshot" }]);
});

test("a heartbeat in step, or on lost numbering, asks nothing", () => {
  const { stream, sent, timers } = load();
  stream.receive({ type: "heartbeat", seqs: { display: 10 }, epochs: { display: "e1" } });
  // Redis lost the numbering and nothing was sent since: nothing was missed.
  stream.receive({ type: "heartbeat", seqs: { display: 0 }, epochs: { display: null } });
  stream.receive({ type: "heartbeat" });
  timers.forEach((fn) => fn());
  assert.deepStrictEqual(sent, []);
});

test("a new epoch's first event sent again reaches a TV that lost it, once", () => {
  const { stream, seen, sent } = load();
  // Redis came back; seq 1 was published before this server re-subscribed, seq 2 after.
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 2 });
  stream.receive({ type: "snapshot", seqs: { display: 2 }, epochs: { display: "e2" } });
  // The server's second sending of the new epoch's first events, 2 s later.
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 1 });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 2 });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 1 });
  assert.deepStrictEqual(seen, [2, 1]);
  assert.deepStrictEqual(sent, [{ type: "snapshot" }]);
});

test("after a heartbeat-led snapshot on a new epoch, the copies are taken once", () => {
  const { stream, seen } = load();
  // Both first events lost; the heartbeat showed us behind; the snapshot has them.
  stream.receive({ type: "snapshot", seqs: { display: 2 }, epochs: { display: "e2" } });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 1 });
  stream.receive({ type: "line.updated", stream: "display", epoch: "e2", seq: 2 });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 1 });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e2", seq: 3 });
  assert.deepStrictEqual(seen, [1, 2, 3]);
});

test("a reload replays nothing: copies before the first snapshot's seq are ignored", () => {
  const { stream, seen } = load();
  // The page's first snapshot (load() took it on epoch e1): e1's early events are old.
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e1", seq: 1 });
  stream.receive({ type: "snapshot", seqs: { display: 10 }, epochs: { display: "e1" } });
  stream.receive({ type: "ticket.called", stream: "display", epoch: "e1", seq: 2 });
  assert.deepStrictEqual(seen, []);
});

// --- LiveLine: a line kept from its snapshot and moved on by `line.changed` ---

function loadLine() {
  const timers = [];
  const context = {
    window: { location: { protocol: "http:", host: "x" } },
    WebSocket: class {}, JSON, Math, Date, Object,
    setInterval: () => 0, clearInterval: () => {},
    setTimeout: (fn) => { timers.push(fn); return timers.length; },
  };
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(path.join(__dirname, "../../static/js/live.js"), "utf8"), context);
  let stale = 0;
  const line = new context.window.LiveLine(() => { stale += 1; });
  line.load({
    service: 7, version: 4, mean_minutes: 10, open_counters: 1,
    waiting: ["P-001", "A-001", "A-002"],
    keys: [[0, 100, 0, 5], [1, 90, 0, 1], [1, 95, 0, 2]],
  });
  return { line, timers, stale: () => stale };
}

test("a line applies who left and who joined at their place", () => {
  const { line } = loadLine();
  assert.ok(line.change({ service: 7, version: 5, left: ["A-001"], joined: [] }));
  assert.ok(line.change({
    service: 7, version: 6, left: [],
    joined: [{ code: "A-003", key: [1, 92, 0, 3] }, { code: "P-002", key: [0, 101, 0, 6] }],
    mean_minutes: 12, open_counters: 2,
  }));
  assert.deepStrictEqual(line.codes(), ["P-001", "P-002", "A-003", "A-002"]);
  assert.strictEqual(line.version, 6);
  assert.deepStrictEqual([line.meanMinutes, line.openCounters], [12, 2]);
});

test("a change the line already has, or of another line, changes nothing", () => {
  const { line } = loadLine();
  assert.ok(!line.change({ service: 7, version: 4, left: ["A-001"], joined: [] }));
  assert.ok(!line.change({ service: 8, version: 5, left: ["A-001"], joined: [] }));
  assert.deepStrictEqual(line.codes(), ["P-001", "A-001", "A-002"]);
});

test("a transferred ticket joining again moves rather than doubles", () => {
  const { line } = loadLine();
  line.change({ service: 7, version: 5, left: [], joined: [{ code: "A-002", key: [0, 1, 0, 2] }] });
  assert.deepStrictEqual(line.codes(), ["A-002", "P-001", "A-001"]);
});

test("a change ahead of a missing one waits for it, in version order", () => {
  const { line, timers, stale } = loadLine();
  assert.ok(!line.change({ service: 7, version: 6, left: ["A-002"], joined: [] }));
  assert.deepStrictEqual(line.codes(), ["P-001", "A-001", "A-002"]);
  assert.ok(line.change({ service: 7, version: 5, left: ["A-001"], joined: [] }));
  assert.deepStrictEqual(line.codes(), ["P-001"]);
  assert.strictEqual(line.version, 6);
  timers.forEach((fn) => fn());
  assert.strictEqual(stale(), 0);
});

test("a change still missing after the wait asks for a fresh snapshot", () => {
  const { line, timers, stale } = loadLine();
  line.change({ service: 7, version: 7, left: ["A-002"], joined: [] });
  timers.forEach((fn) => fn());
  assert.strictEqual(stale(), 1);
  line.load({ service: 7, version: 7, waiting: ["P-001"], keys: [[0, 100, 0, 5]] });
  assert.ok(!line.change({ service: 7, version: 7, left: ["P-001"], joined: [] }));
  assert.ok(line.change({ service: 7, version: 8, left: ["P-001"], joined: [] }));
  assert.deepStrictEqual(line.codes(), []);
});

test("random changes applied in any arrival order equal the line rebuilt", () => {
  const { line } = loadLine();
  let seed = 42;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const truth = new Map([["P-001", [0, 100, 0, 5]], ["A-001", [1, 90, 0, 1]], ["A-002", [1, 95, 0, 2]]]);
  const changes = [];
  for (let v = 5, id = 10; v < 60; v += 1, id += 1) {
    const codes = [...truth.keys()];
    if (codes.length && rand(3) === 0) {
      const code = codes[rand(codes.length)];
      truth.delete(code);
      changes.push({ service: 7, version: v, left: [code], joined: [] });
    } else {
      const code = `C-${id}`;
      const key = [rand(2), 100 + rand(50), rand(1000), id];
      truth.set(code, key);
      changes.push({ service: 7, version: v, left: [], joined: [{ code, key }] });
    }
  }
  // Neighbours swapped, as two server processes may send them.
  for (let i = 0; i + 1 < changes.length; i += 3) [changes[i], changes[i + 1]] = [changes[i + 1], changes[i]];
  changes.forEach((c) => line.change(c));
  const cmp = (a, b) => { for (let i = 0; i < 4; i += 1) if (a[i] !== b[i]) return a[i] - b[i]; return 0; };
  const expected = [...truth.entries()].sort((a, b) => cmp(a[1], b[1])).map((e) => e[0]);
  assert.deepStrictEqual(line.codes(), expected);
  assert.strictEqual(line.version, 59);
});
