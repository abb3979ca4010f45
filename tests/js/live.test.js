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
