/* Live stream client shared by the lobby display, the ticket page and the console.
 *
 * Protocol (see README "Live events"): on connect the server sends
 * {"type": "snapshot", "seqs": {stream: n}, "epochs": {stream: e}, ...}; then
 * events carrying {"stream", "epoch", "seq"}. An event whose seq is not last+1
 * on its stream means we missed something: ask for a fresh snapshot
 * ({"type": "snapshot"}). Older or repeated seqs are ignored, so nothing is
 * shown (or announced) twice. A new epoch means the server's numbering was
 * reset (Redis lost it) and counts from 1 again: that event is shown, and a
 * fresh snapshot fills in what the reset lost.
 * Reconnects with exponential backoff and jitter; heartbeats both ways.
 */
(function (global) {
  "use strict";

  function LiveStream(path, handlers) {
    this.path = path;
    this.handlers = handlers || {};
    this.seqs = {};
    this.epochs = {};
    this.attempt = 0;
    this.socket = null;
    this.closedByUs = false;
    this.lastMessageAt = Date.now();
    this.connect();
    var self = this;
    this.pingTimer = setInterval(function () { self.ping(); }, 20000);
  }

  LiveStream.prototype.url = function () {
    var scheme = global.location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + global.location.host + this.path;
  };

  LiveStream.prototype.connect = function () {
    var self = this;
    var socket = new WebSocket(this.url());
    this.socket = socket;
    socket.onopen = function () {
      self.attempt = 0;
      self.lastMessageAt = Date.now();
      self.emit("online");
    };
    socket.onmessage = function (message) {
      self.lastMessageAt = Date.now();
      var data;
      try { data = JSON.parse(message.data); } catch (e) { return; }
      self.receive(data);
    };
    socket.onclose = function (event) {
      // 4401/4403/4404: refused (not logged in, not allowed, unknown): retrying won't help.
      if (event.code === 4401 || event.code === 4403 || event.code === 4404) {
        self.closedByUs = true;
        clearInterval(self.pingTimer);
        self.emit("refused", { code: event.code });
        return;
      }
      self.emit("offline");
      if (!self.closedByUs) self.retry();
    };
    socket.onerror = function () { try { socket.close(); } catch (e) { /* closing anyway */ } };
  };

  LiveStream.prototype.retry = function () {
    var self = this;
    var base = Math.min(30000, 500 * Math.pow(2, this.attempt));
    var delay = base / 2 + Math.random() * base / 2; // jitter: TVs must not reconnect in step
    this.attempt += 1;
    setTimeout(function () { self.connect(); }, delay);
  };

  LiveStream.prototype.send = function (data) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(data));
    }
  };

  LiveStream.prototype.ping = function () {
    // No message (not even a heartbeat) for 60 s: the connection is dead.
    if (Date.now() - this.lastMessageAt > 60000 && this.socket) {
      this.socket.close();
      return;
    }
    this.send({ type: "ping" });
  };

  LiveStream.prototype.resnapshot = function () {
    this.send({ type: "snapshot" });
  };

  LiveStream.prototype.receive = function (data) {
    if (data.type === "snapshot") {
      var epochs = data.epochs || {};
      var seqs = data.seqs || {};
      Object.keys(epochs).forEach(function (name) {
        this.missed(name, epochs[name], seqs[name] + 1);
      }, this);
      this.seqs = Object.assign({}, seqs);
      this.epochs = Object.assign({}, epochs);
      this.held = {};
      this.emit("snapshot", data);
      return;
    }
    if (data.type === "heartbeat") {
      this.check(data);
      return;
    }
    if (data.type === "pong") return;
    if (data.stream && typeof data.seq === "number") {
      var epoch = this.epochs[data.stream];
      if (epoch && data.epoch && data.epoch !== epoch) {
        this.reset(data);
        return;
      }
      if (this.late(data)) return;
      var last = this.seqs[data.stream];
      if (last !== undefined && data.seq <= last) return; // already seen
      if (last !== undefined && data.seq > last + 1) {
        this.hold(data); // ahead of a missing seq: wait for it briefly
        return;
      }
      this.seqs[data.stream] = data.seq;
      if (data.epoch) this.epochs[data.stream] = data.epoch;
    }
    this.deliver(data);
    if (data.stream) this.release(data.stream);
  };

  // The stream counts again from 1 under a new epoch: the event is new (a call
  // made after Redis came back is shown and announced); what was sent while the
  // numbering was lost comes with the fresh snapshot.
  LiveStream.prototype.reset = function (data) {
    this.missed(data.stream, data.epoch, data.seq);
    this.epochs[data.stream] = data.epoch;
    this.seqs[data.stream] = data.seq;
    if (this.held) delete this.held[data.stream];
    this.deliver(data);
    this.resnapshot();
  };

  // We move to a new epoch at `from`: its events below that never reached us
  // (sent before the server had re-subscribed after Redis came back). The server
  // sends a new epoch's first events once more 2 s later: take each of those once,
  // so a call lost then is still announced.
  LiveStream.prototype.missed = function (name, epoch, from) {
    var known = this.epochs[name];
    if (!known || !epoch || known === epoch) return;
    this.unseen = this.unseen || {};
    this.unseen[name] = { epoch: epoch, below: from, seen: {} };
  };

  LiveStream.prototype.late = function (data) {
    var unseen = this.unseen && this.unseen[data.stream];
    if (!unseen || data.epoch !== unseen.epoch || data.seq >= unseen.below) return false;
    if (!unseen.seen[data.seq]) {
      unseen.seen[data.seq] = true;
      this.deliver(data);
    }
    return true;
  };

  // Heartbeats carry the server's last seq (and epoch) per stream. Behind it a
  // second later (an event may be on its way), we lost the latest event (one sent
  // while Redis came back, before the server re-subscribed): take a fresh snapshot.
  LiveStream.prototype.check = function (beat) {
    var self = this;
    if (this.checkTimer || !this.behind(beat)) return;
    this.checkTimer = setTimeout(function () {
      self.checkTimer = null;
      if (self.behind(beat)) self.resnapshot();
    }, 1000);
  };

  LiveStream.prototype.behind = function (beat) {
    var seqs = beat.seqs || {};
    var epochs = beat.epochs || {};
    var self = this;
    return Object.keys(seqs).some(function (name) {
      var epoch = self.epochs[name];
      if (epoch && epochs[name] && epochs[name] !== epoch) return true;
      var last = self.seqs[name];
      return last !== undefined && seqs[name] > last;
    });
  };

  LiveStream.prototype.deliver = function (data) {
    this.emit(data.type, data);
    this.emit("event", data);
  };

  // Two server processes may publish one stream's events out of order by a few
  // milliseconds; hold a too-new event up to 1 s for the missing one, so a call
  // is still announced. Only a seq still missing then means a lost event:
  // take a fresh snapshot (which announces nothing, so nothing is replayed).
  LiveStream.prototype.hold = function (data) {
    var self = this;
    var held = this.held || (this.held = {});
    var stream = held[data.stream] || (held[data.stream] = {});
    stream[data.seq] = data;
    if (!this.holdTimer) {
      this.holdTimer = setTimeout(function () {
        self.holdTimer = null;
        if (Object.keys(self.held || {}).length) {
          self.held = {};
          self.resnapshot();
        }
      }, 1000);
    }
  };

  LiveStream.prototype.release = function (name) {
    var stream = this.held && this.held[name];
    while (stream && stream[this.seqs[name] + 1]) {
      var next = stream[this.seqs[name] + 1];
      delete stream[this.seqs[name] + 1];
      this.seqs[name] = next.seq;
      this.deliver(next);
    }
    if (stream && !Object.keys(stream).length) delete this.held[name];
  };

  LiveStream.prototype.emit = function (name, data) {
    var handler = this.handlers[name];
    if (handler) handler(data, this);
  };

  LiveStream.prototype.close = function () {
    this.closedByUs = true;
    clearInterval(this.pingTimer);
    if (this.socket) this.socket.close();
  };

  /* A line's waiting codes, kept by the page from its snapshot's `line`
   * ({service, waiting, keys, version, mean_minutes, open_counters}) and moved on by
   * `line.changed` events ({service, version, left: [code], joined: [{code, key}],
   * mean_minutes, open_counters}), version + 1 each. A change at or below our
   * version is already in what we have. One further ahead means one is missing
   * (sent from another server process, it may still come): hold it up to 1 s, then
   * call `stale()` (the page asks for a snapshot and loads it). Codes are placed by
   * their call-order key: [priority rank, queue time (s, us), id]. */
  function LiveLine(stale) {
    this.stale = stale || function () {};
    this.service = null;
    this.version = null;
    this.entries = [];
    this.held = {};
    this.timer = null;
  }

  LiveLine.prototype.load = function (line) {
    if (!line) return;
    var keys = line.keys || [];
    this.service = line.service;
    this.version = typeof line.version === "number" ? line.version : null;
    this.entries = (line.waiting || []).map(function (code, i) {
      return { code: code, key: keys[i] || [] };
    });
    this.pace(line);
    this.held = {};
  };

  LiveLine.prototype.pace = function (data) {
    if (data.mean_minutes !== undefined) this.meanMinutes = data.mean_minutes;
    if (data.open_counters !== undefined) this.openCounters = data.open_counters;
  };

  /* true when the line moved (the page should render). */
  LiveLine.prototype.change = function (event) {
    if (String(event.service) !== String(this.service) || this.version === null) return false;
    if (event.version <= this.version) return false;
    if (event.version > this.version + 1) {
      this.held[event.version] = event;
      this.wait();
      return false;
    }
    this.apply(event);
    while (this.held[this.version + 1]) {
      var next = this.held[this.version + 1];
      delete this.held[this.version + 1];
      this.apply(next);
    }
    return true;
  };

  LiveLine.prototype.apply = function (event) {
    var gone = {};
    (event.left || []).forEach(function (code) { gone[code] = true; });
    (event.joined || []).forEach(function (j) { gone[j.code] = true; });
    this.entries = this.entries.filter(function (e) { return !gone[e.code]; });
    (event.joined || []).forEach(function (j) {
      var at = 0;
      while (at < this.entries.length && before(this.entries[at].key, j.key)) at += 1;
      this.entries.splice(at, 0, { code: j.code, key: j.key });
    }, this);
    this.pace(event);
    this.version = event.version;
  };

  function before(a, b) {
    for (var i = 0; i < Math.max(a.length, b.length); i += 1) {
      if (a[i] === b[i]) continue;
      if (a[i] === undefined) return true;
      if (b[i] === undefined) return false;
      return a[i] < b[i];
    }
    return false;
  }

  LiveLine.prototype.wait = function () {
    var self = this;
    if (this.timer) return;
    this.timer = setTimeout(function () {
      self.timer = null;
      if (Object.keys(self.held).some(function (v) { return Number(v) > self.version; })) {
        self.held = {};
        self.stale();
      }
    }, 1000);
  };

  LiveLine.prototype.codes = function () {
    return this.entries.map(function (e) { return e.code; });
  };

  global.LiveStream = LiveStream;
  global.LiveLine = LiveLine;
})(window);
