/* Lobby display (layar antrean): now serving per counter, the last calls,
 * waiting per agency, the clock and the running text, kept live by LiveStream.
 *
 * Voice (DOMAIN.md "Queue tickets"): only live `ticket.called` events are
 * announced, never a snapshot, so a reload replays nothing. Announcements never
 * overlap (strict FIFO; a recall is one more item). Each is the chime, then the
 * server's WAV of the phrase twice; without a WAV, or when it fails, the
 * browser's Indonesian voice if it has one, else silence. The phrase is always
 * on screen while its turn lasts.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("display-config").textContent);
  var texts = config.texts;
  var MIN_SHOW_MS = 7000; // a silent call stays on screen long enough to read
  var HOLD_MS = 800;
  var GAP_MS = 400;
  var MAX_CLIP_MS = 20000; // a clip that never ends must not stall the queue
  var MAX_AGENCIES = 8;

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function same(a, b) { return a !== null && a !== undefined && String(a) === String(b); }

  // --- filters (the server filters only the snapshot) -----------------------

  function showsTicket(t) {
    if (config.agency !== null && !same(config.agency, t.agency_id)) return false;
    if (config.floor !== null && String(t.floor) !== config.floor) return false;
    return true;
  }

  function showsAgency(id) {
    if (config.agency !== null) return same(config.agency, id);
    if (config.floorAgencies) return config.floorAgencies.some(function (a) { return same(a, id); });
    return true;
  }

  // --- state -----------------------------------------------------------------

  var serving = {}; // counter key -> {code, counter, booth, called_at, ...}
  var newest = null; // counter key of the newest call
  var recent = []; // newest first
  var agencies = {}; // agency id -> {name, count}
  // Waiting per line, to turn a line's new length into a change of its agency's
  // total. `exact`: the snapshot gave every line's count.
  var lines = {};
  var exact = false;
  var callsSince = {}; // service id -> calls seen before its first line event

  function counterKey(t) {
    return t.counter_number !== undefined && t.counter_number !== null
      ? String(t.counter_number) : String(t.counter) + "|" + String(t.booth);
  }

  // --- the board -------------------------------------------------------------

  function renderBoard() {
    var list = Object.keys(serving).map(function (k) { return serving[k]; });
    list.sort(function (a, b) { return (a.counter_number || 0) - (b.counter_number || 0); });
    var n = list.length;
    var cols = n <= 6 ? 2 : n <= 12 ? 3 : n <= 20 ? 4 : 5;
    var board = $("d-board");
    board.style.setProperty("--cols", cols);
    board.style.setProperty("--rows", Math.max(3, Math.ceil(n / cols)));
    board.replaceChildren.apply(board, list.map(function (t) {
      var card = el("li", "d-card" + (counterKey(t) === newest ? " is-newest" : ""));
      var inner = el("div", "d-card-in");
      inner.appendChild(el("div", "d-card-code", t.code));
      var where = el("div", "d-card-where");
      where.appendChild(el("div", "d-card-counter", t.counter));
      where.appendChild(el("div", "d-card-booth", t.booth));
      inner.appendChild(where);
      card.appendChild(inner);
      return card;
    }));
    $("d-board-empty").hidden = n > 0;
  }

  function clockOf(iso) {
    // "2026-11-24T09:00:00+07:00": already the mall's time.
    return typeof iso === "string" && iso.length >= 16 ? iso.slice(11, 16) : "";
  }

  function renderRecent() {
    var rows = recent.map(function (t, i) {
      var row = el("li", i === 0 ? "is-newest" : "");
      row.appendChild(el("span", "d-recent-code", t.code));
      row.appendChild(el("span", "d-recent-counter", t.counter));
      row.appendChild(el("span", "d-recent-time", clockOf(t.called_at)));
      return row;
    });
    if (!rows.length) rows = [el("li", "d-none", texts.noCalls)];
    $("d-recent").style.setProperty("--rows", config.recentLimit);
    $("d-recent").replaceChildren.apply($("d-recent"), rows);
  }

  function renderWaiting() {
    var list = Object.keys(agencies).map(function (id) { return agencies[id]; })
      .filter(function (a) { return a.count > 0; });
    list.sort(function (a, b) { return b.count - a.count || a.name.localeCompare(b.name); });
    var fits = list.length > MAX_AGENCIES ? MAX_AGENCIES - 1 : MAX_AGENCIES;
    var rows = list.slice(0, fits).map(function (a) {
      var row = el("li");
      row.appendChild(el("span", "d-waiting-name", a.name));
      row.appendChild(el("span", "d-waiting-count", a.count));
      return row;
    });
    var rest = list.slice(fits);
    if (rest.length) {
      var row = el("li", "d-more");
      row.appendChild(el("span", "d-waiting-name",
        texts.moreAgencies.replace("%(count)s", rest.length)));
      row.appendChild(el("span", "d-waiting-count",
        rest.reduce(function (sum, a) { return sum + a.count; }, 0)));
      rows.push(row);
    }
    if (!rows.length) rows = [el("li", "d-none", texts.noneWaiting)];
    $("d-waiting").style.setProperty("--rows", MAX_AGENCIES);
    $("d-waiting").replaceChildren.apply($("d-waiting"), rows);
  }

  var tickerText = null;

  function renderTicker(messages) {
    var text = messages.join("\n");
    if (text === tickerText) return; // restarting the animation would make it jump
    tickerText = text;
    var track = $("d-ticker-track");
    track.replaceChildren.apply(track, messages.map(function (m) { return el("span", "", m); }));
    $("d-ticker").hidden = messages.length === 0;
    sizeTicker();
  }

  function sizeTicker() {
    // The same reading speed whatever the text's length: a screen width in ~14 s.
    var track = $("d-ticker-track");
    var speed = Math.max(window.innerWidth / 14, 40);
    track.style.setProperty("--ticker-seconds", Math.max(track.scrollWidth / speed, 8) + "s");
  }

  // --- the clock (server time, the mall's zone) ------------------------------

  var offset = Date.parse(config.serverTime) - Date.now();

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function tick() {
    var now = Date.now() + offset;
    var t = new Date(now + config.utcOffsetMinutes * 60000);
    $("d-date").textContent = config.days[t.getUTCDay()] + ", " + t.getUTCDate() + " " +
      config.months[t.getUTCMonth()] + " " + t.getUTCFullYear();
    $("d-time").textContent = pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes());
    $("d-sec").textContent = ":" + pad(t.getUTCSeconds());
    setTimeout(tick, 1000 - (now % 1000) + 20);
  }

  // --- voice -----------------------------------------------------------------

  var voice = { queue: [], current: null, announced: [], blocked: false };
  var chime = new Audio(config.chime);
  chime.preload = "auto";

  function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  /* Play one clip to its end: "ok", "blocked" (autoplay policy) or "failed". */
  function play(audio) {
    return new Promise(function (resolve) {
      var settled = false;
      var timer = setTimeout(function () { audio.pause(); done("ok"); }, MAX_CLIP_MS);
      function done(result) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        audio.removeEventListener("ended", onEnded);
        audio.removeEventListener("error", onError);
        resolve(result);
      }
      function onEnded() { done("ok"); }
      function onError() { done("failed"); }
      audio.addEventListener("ended", onEnded);
      audio.addEventListener("error", onError);
      if (audio.error) { done("failed"); return; }
      try { audio.currentTime = 0; } catch (e) { /* not loaded yet: starts at 0 anyway */ }
      var started;
      try { started = audio.play(); } catch (e) { done("failed"); return; }
      if (started && started.catch) {
        started.catch(function (err) {
          done(err && err.name === "NotAllowedError" ? "blocked" : "failed");
        });
      }
    });
  }

  function indonesianVoice() {
    if (!("speechSynthesis" in window)) return null;
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (/^(id|in)([-_]|$)/i.test(voices[i].lang)) return voices[i];
    }
    return null;
  }

  /* The phrase twice with the browser's Indonesian voice; silence without one. */
  function speak(text) {
    var chosen = indonesianVoice();
    if (!chosen || !text) return Promise.resolve();
    return new Promise(function (resolve) {
      var timer = setTimeout(finish, 2 * MAX_CLIP_MS);
      function finish() { clearTimeout(timer); resolve(); }
      for (var i = 0; i < 2; i++) {
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.voice = chosen;
        utterance.lang = chosen.lang;
        utterance.rate = 0.9;
        utterance.onerror = function (e) {
          if (e.error === "not-allowed") blockedNow();
          finish();
        };
        if (i === 1) utterance.onend = finish;
        window.speechSynthesis.speak(utterance);
      }
    });
  }

  function blockedNow() {
    voice.blocked = true;
    $("d-unlock").hidden = false;
  }

  function sound(item) {
    if (voice.blocked) return Promise.resolve();
    return play(chime).then(function (result) {
      if (result === "blocked") return blockedNow();
      if (!item.audio) return speak(item.text);
      return play(item.audio).then(function (first) {
        if (first === "ok") return play(item.audio);
        if (first === "blocked") return blockedNow();
        return speak(item.text);
      });
    });
  }

  function showCall(item) {
    $("d-call-code").textContent = item.code;
    $("d-call-where").textContent = texts.goTo.replace("{counter}", item.counter) +
      (item.booth ? " · " + item.booth : "");
    $("d-call-text").textContent = item.text || "";
    $("d-call-tag").hidden = !item.recall;
    $("d-call").hidden = false;
  }

  function pump() {
    if (voice.current || !voice.queue.length) return;
    var item = voice.current = voice.queue.shift();
    voice.announced.push(item.code);
    showCall(item);
    var started = Date.now();
    sound(item).catch(function () { /* a failed sound still shows the call */ }).then(function () {
      return wait(Math.max(0, MIN_SHOW_MS - (Date.now() - started)) + HOLD_MS);
    }).then(function () {
      $("d-call").hidden = true;
      return wait(GAP_MS);
    }).then(function () {
      voice.current = null;
      pump();
    });
  }

  function announce(event) {
    var t = event.ticket;
    var audio = null;
    if (event.audio_url) {
      audio = new Audio(event.audio_url);
      audio.preload = "auto"; // loads while earlier calls are spoken
    }
    voice.queue.push({
      code: t.code, counter: t.counter, booth: t.booth, recall: !!event.recall,
      text: event.announcement, audio: audio,
    });
    pump();
  }

  $("d-unlock-button").addEventListener("click", function () {
    voice.blocked = false;
    $("d-unlock").hidden = true;
    play(chime); // inside the gesture: unlocks audio and proves the speakers work
    if ("speechSynthesis" in window) window.speechSynthesis.getVoices();
  });

  if (navigator.getAutoplayPolicy && navigator.getAutoplayPolicy("mediaelement") !== "allowed") {
    blockedNow();
  }
  if ("speechSynthesis" in window) {
    window.speechSynthesis.getVoices(); // voices load asynchronously: ask early
  }

  // --- live events -----------------------------------------------------------

  function agencyEntry(id, name) {
    var key = String(id);
    if (!agencies[key]) {
      agencies[key] = { name: name || (config.agencyNames || {})[key] || "", count: 0 };
    }
    return agencies[key];
  }

  function lineCounts(services) {
    // {service id: count} or [{service|service_id, count}]
    var out = {};
    if (Array.isArray(services)) {
      services.forEach(function (s) { out[String(s.service_id || s.service)] = s.count; });
    } else if (services && typeof services === "object") {
      Object.keys(services).forEach(function (k) { out[k] = services[k]; });
    }
    return out;
  }

  function onSnapshot(data) {
    serving = {};
    newest = null;
    var newestAt = "";
    (data.now_serving || []).forEach(function (t) {
      if (!showsTicket(t)) return;
      var key = counterKey(t);
      serving[key] = t;
      if ((t.called_at || "") > newestAt) { newestAt = t.called_at; newest = key; }
    });
    recent = (data.recent || []).map(function (r) { return r.ticket || r; })
      .filter(showsTicket).slice(0, config.recentLimit);
    agencies = {};
    exact = true;
    var counts = {};
    (data.waiting || []).forEach(function (w) {
      if (!showsAgency(w.agency_id)) return;
      agencyEntry(w.agency_id, w.agency).count = w.count || 0;
      if (w.services === undefined) exact = false;
      var perLine = lineCounts(w.services);
      Object.keys(perLine).forEach(function (k) { counts[k] = perLine[k]; });
    });
    // Without per-line counts, what we knew of each line may have missed events.
    lines = exact ? counts : {};
    callsSince = {};
    if (data.server_time) offset = Date.parse(data.server_time) - Date.now();
    if (Array.isArray(data.messages)) renderTicker(data.messages);
    $("d-offline").hidden = true;
    renderBoard();
    renderRecent();
    renderWaiting();
  }

  function onCalled(event) {
    var t = event.ticket;
    if (!t || !showsTicket(t)) return;
    var key = counterKey(t);
    Object.keys(serving).forEach(function (k) {
      if (k !== key && serving[k].code === t.code) delete serving[k]; // moved on
    });
    serving[key] = Object.assign({}, t, { status: "called" });
    newest = key;
    recent = [t].concat(recent.filter(function (r) {
      return !(r.code === t.code && r.counter === t.counter);
    })).slice(0, config.recentLimit);
    var sid = String(t.service_id);
    if (lines[sid] === undefined) callsSince[sid] = (callsSince[sid] || 0) + 1;
    renderBoard();
    renderRecent();
    announce(event);
  }

  function onLine(event) {
    if (!showsAgency(event.agency)) return;
    var sid = String(event.service);
    var count = (event.waiting || []).length;
    var before = lines[sid];
    if (before === undefined) {
      // Not in the snapshot. With per-line counts it had none waiting; without
      // them, the calls seen since are the best guess of what changed.
      before = exact ? 0 : count + (callsSince[sid] || 0);
      delete callsSince[sid];
    }
    lines[sid] = count;
    var entry = agencyEntry(event.agency);
    entry.count = Math.max(0, entry.count + count - before);
    renderWaiting();
  }

  window.addEventListener("resize", sizeTicker);
  sizeTicker();
  tick();
  renderRecent();
  renderWaiting();

  var stream = new window.LiveStream(config.ws, {
    snapshot: onSnapshot,
    "ticket.called": onCalled,
    "line.updated": onLine,
    online: function () { $("d-offline").hidden = true; },
    offline: function () { $("d-offline").hidden = false; },
  });

  // A small hook for browser tests: what was announced, and what is still to come.
  window.mppDisplay = {
    announced: voice.announced,
    queueLength: function () { return voice.queue.length + (voice.current ? 1 : 0); },
    stream: stream,
  };

  // Alive signal for the manager's dashboard (static/js/heartbeat.js).
  window.mppHeartbeat("display", document.title + (location.search ? " " + location.search : ""));
})();
