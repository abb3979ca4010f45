/* Lobby display (layar antrean): now serving per counter, the last calls, the
 * next in line, waiting and estimated wait per agency, the clock and the
 * running text, kept live by LiveStream.
 *
 * Every call is on the board (its counter's card turns yellow, the newest
 * solid) the moment its event arrives; nothing ever covers the board. The
 * voice follows at its own pace, strictly one call after another:
 * - a call alone: the chime, then the full phrase twice;
 * - calls queued behind it (a burst): one chime for the burst, then each call
 *   once, in a shorter, brisker form: "A nol nol dua, loket dua" while the
 *   queue allows it, "A nol nol dua" (its counter is on the board) when ten
 *   arrive in the same second, so each is heard within 15 s of its call;
 *   when calls keep coming faster than that for minutes, the codes play at
 *   1.5x so the backlog shrinks instead of growing.
 *   A call never waits for a repeat of the one before it.
 * A page's first snapshot announces nothing, so a reload replays nothing; a
 * later one (after a gap in the seqs, or a reconnect) announces the calls in it
 * newer than any call this page knew of (`last_called_at`: a recall counts from
 * when it was made), each call once however it arrives. Without a WAV (or when it fails) the browser's
 * Indonesian voice speaks, else the call is shown only.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("display-config").textContent);
  var texts = config.texts;
  var HOLD_MS = 600; // after a call with nobody queued behind it
  var GATHER_MS = 300; // after the chime: calls of the same second join the burst
  var CHIME_AFTER_MS = 2000; // silent this long: the next call is a new burst
  var FRESH_MS = 60000; // a card stays marked as "just called" this long
  var KEEP_SAID = 500; // what was said, kept for tests and the soak bench
  var MAX_CLIP_MS = 20000; // a clip that never ends must not stall the queue
  // Every call heard within 15 s of its arrival, ten in the same second included:
  // plan for 12 s, with these clip lengths (espeak-ng, brisk, plus start-up time).
  var BUDGET_MS = 12000;
  var CODE_MS = 1300; // "A nol nol dua"
  var SHORT_MS = 2300; // "A nol nol dua, loket dua"
  var FAST_RATE = 1.5; // codes only, while calls keep arriving faster than they are said
  var MAX_AGENCIES = 8;
  var MAX_NEXT = 18;

  var $ = window.MppDom.$;
  var el = window.MppDom.el;

  function same(a, b) { return a !== null && a !== undefined && String(a) === String(b); }

  // --- filters (the server already sends only this TV's events: a guard) -----

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

  var offset = Date.parse(config.serverTime) - Date.now(); // server clock minus ours
  var serving = {}; // counter key -> {code, counter, booth, called_at, ...}
  var newest = null; // counter key of the newest call
  var recent = []; // newest first
  var lines = {}; // service id -> {agency, codes: [next codes], count, mean, open}
  var agencyNames = Object.assign({}, config.agencyNames || {});

  function counterKey(t) {
    return t.counter_number !== undefined && t.counter_number !== null
      ? String(t.counter_number) : String(t.counter) + "|" + String(t.booth);
  }

  /* When the ticket was last called: its recall's time, else its call's. */
  function lastCall(t) { return t.last_called_at || t.called_at || ""; }

  function calledAgo(t) {
    var at = Date.parse(lastCall(t));
    return isNaN(at) ? Infinity : Date.now() + offset - at;
  }

  // --- the board -------------------------------------------------------------

  function renderBoard() {
    var list = Object.keys(serving).map(function (k) { return serving[k]; });
    list.sort(function (a, b) { return (a.counter_number || 0) - (b.counter_number || 0); });
    var n = list.length;
    var cols = n <= 4 ? 2 : n <= 12 ? 3 : n <= 20 ? 4 : 5;
    var board = $("d-board");
    board.style.setProperty("--cols", cols);
    board.style.setProperty("--rows", Math.max(2, Math.ceil(n / cols)));
    board.replaceChildren.apply(board, list.map(function (t) {
      var key = counterKey(t);
      var cls = "d-card" + (key === newest ? " is-newest" : calledAgo(t) < FRESH_MS ? " is-fresh" : "");
      var card = el("li", cls);
      card.dataset.code = t.code;
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
      row.appendChild(el("span", "d-recent-time", clockOf(lastCall(t))));
      return row;
    });
    if (!rows.length) rows = [el("li", "d-none", texts.noCalls)];
    $("d-recent").style.setProperty("--rows", config.recentLimit);
    $("d-recent").replaceChildren.apply($("d-recent"), rows);
  }

  // --- waiting, estimated wait and the next in line ---------------------------

  /* Minutes a newcomer waits in a line: queues.selectors.line_wait_minutes. */
  function lineWait(line) {
    return Math.round(line.count * line.mean / Math.max(line.open, 1));
  }

  function agencyTotals() {
    var totals = {};
    Object.keys(lines).forEach(function (sid) {
      var line = lines[sid];
      if (!line.count) return;
      var key = String(line.agency);
      var a = totals[key] || (totals[key] = {
        id: key, name: agencyNames[key] || "", count: 0, wait: 0,
      });
      a.count += line.count;
      a.wait = Math.max(a.wait, lineWait(line));
    });
    return Object.keys(totals).map(function (k) { return totals[k]; });
  }

  function waitText(minutes) {
    return texts.aboutMinutes.replace("{n}", Math.max(1, minutes));
  }

  function waitingRow(a) {
    var row = el("li");
    row.dataset.agency = a.id;
    row.dataset.count = a.count;
    row.dataset.wait = a.wait;
    row.appendChild(el("span", "d-waiting-name", a.name));
    row.appendChild(el("span", "d-waiting-count", a.count));
    row.appendChild(el("span", "d-waiting-wait", waitText(a.wait)));
    return row;
  }

  function renderWaiting() {
    var list = agencyTotals();
    list.sort(function (a, b) { return b.count - a.count || a.name.localeCompare(b.name); });
    var fits = list.length > MAX_AGENCIES ? MAX_AGENCIES - 1 : MAX_AGENCIES;
    var rows = list.slice(0, fits).map(waitingRow);
    var rest = list.slice(fits);
    if (rest.length) {
      var row = el("li", "d-more");
      row.appendChild(el("span", "d-waiting-name",
        texts.moreAgencies.replace("%(count)s", rest.length)));
      row.appendChild(el("span", "d-waiting-count",
        rest.reduce(function (sum, a) { return sum + a.count; }, 0)));
      row.appendChild(el("span", "d-waiting-wait", ""));
      rows.push(row);
    }
    if (!rows.length) rows = [el("li", "d-none", texts.noneWaiting)];
    $("d-waiting").style.setProperty("--rows", MAX_AGENCIES);
    $("d-waiting").replaceChildren.apply($("d-waiting"), rows);
    renderNext();
  }

  /* The next codes of every line, the longest lines first (up to three each). */
  function renderNext() {
    var ids = Object.keys(lines).filter(function (sid) { return lines[sid].count > 0; });
    ids.sort(function (a, b) { return lines[b].count - lines[a].count || a - b; });
    var chips = [];
    ids.forEach(function (sid) {
      lines[sid].codes.slice(0, 3).forEach(function (code, i) {
        if (chips.length >= MAX_NEXT) return;
        var chip = el("li", i === 0 ? "is-first" : "", code);
        chip.dataset.code = code;
        chips.push(chip);
      });
    });
    if (!chips.length) chips = [el("li", "d-none", texts.noneWaiting)];
    $("d-next").replaceChildren.apply($("d-next"), chips);
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

  // announced: codes taken from the queue; spoken: what was said, when (tests read both).
  var voice = { queue: [], current: null, announced: [], spoken: [], blocked: false, idleSince: 0 };
  var chime = new Audio(config.chime);
  chime.preload = "auto";

  /* The last KEEP_SAID entries of a history list (in place: tests hold the array). */
  function keep(list, entry) {
    list.push(entry);
    if (list.length > KEEP_SAID) list.splice(0, list.length - KEEP_SAID);
  }

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

  /* The phrase `times` times with the browser's Indonesian voice; silence without one. */
  function speak(text, times) {
    var chosen = indonesianVoice();
    if (!chosen || !text) return Promise.resolve();
    return new Promise(function (resolve) {
      var timer = setTimeout(finish, times * MAX_CLIP_MS);
      function finish() { clearTimeout(timer); resolve(); }
      for (var i = 0; i < times; i++) {
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.voice = chosen;
        utterance.lang = chosen.lang;
        utterance.rate = times > 1 ? 0.9 : 1.1;
        utterance.onerror = function (e) {
          if (e.error === "not-allowed") blockedNow();
          finish();
        };
        if (i === times - 1) utterance.onend = finish;
        window.speechSynthesis.speak(utterance);
      }
    });
  }

  function blockedNow() {
    voice.blocked = true;
    $("d-unlock").hidden = false;
  }

  /* Which form to say: the full phrase for a call alone; with calls queued, the
   * short one ("A nol nol dua, loket dua") while every queued call can still
   * start within BUDGET_MS of its arrival, else the code only. */
  function formFor(item) {
    var q = voice.queue;
    if (!q.length) return pick(item, item.waited ? "short" : "full");
    var slack = Infinity;
    for (var j = 0; j < q.length; j++) {
      slack = Math.min(slack, q[j].arrived + BUDGET_MS - (Date.now() + j * CODE_MS));
    }
    return pick(item, slack >= SHORT_MS ? "short" : "code");
  }

  function pick(item, wanted) {
    return item.forms[wanted] && item.forms[wanted].text ? wanted : "full";
  }

  function caption(item, form) {
    $("d-now-code").textContent = item.code + " \u2192 " + item.counter;
    $("d-call-text").textContent = item.forms[form].text || "";
    $("d-call-tag").hidden = !item.recall;
    $("d-now").classList.toggle("is-idle", !item.forms[form].text);
  }

  function idleCaption() {
    $("d-now-code").textContent = "";
    $("d-call-text").textContent = "";
    $("d-call-tag").hidden = true;
    $("d-now").classList.add("is-idle");
  }

  /* Say one call; resolves when it is over. */
  /* How fast to play a code: faster when even codes at their own pace would leave
   * the last queued call waiting past the budget (calls arriving faster than one
   * voice can say them, for minutes), so the backlog shrinks instead of growing. */
  function rateFor(form) {
    var q = voice.queue;
    if (form !== "code" || !q.length) return 1;
    var last = q[q.length - 1];
    return Date.now() + q.length * CODE_MS > last.arrived + BUDGET_MS ? FAST_RATE : 1;
  }

  function say(item, form) {
    var clip = item.forms[form];
    var rate = rateFor(form);
    keep(voice.spoken, {
      code: item.code, counter: item.counter, recall: item.recall, form: form,
      rate: rate, arrived: item.arrived, at: Date.now(),
    });
    caption(item, form);
    var audio = audioOf(clip);
    if (!audio) return speak(clip.text, form === "full" ? 2 : 1);
    audio.playbackRate = rate; // the pitch is kept (preservesPitch)
    return play(audio).then(function (first) {
      if (first === "blocked") return blockedNow();
      if (first !== "ok") return speak(clip.text, 1);
      // Twice only for a call alone: whoever is called next must not wait for a repeat.
      if (form === "full" && !voice.queue.length) return play(audio);
    });
  }

  function pump() {
    if (voice.current || !voice.queue.length) return;
    var item = voice.current = voice.queue.shift();
    preload();
    keep(voice.announced, item.code);
    var newBurst = Date.now() - voice.idleSince > CHIME_AFTER_MS;
    var start = voice.blocked ? Promise.resolve()
      : newBurst ? play(chime).then(function (result) {
        if (result === "blocked") return blockedNow();
        if (!voice.queue.length) return wait(GATHER_MS);
      }) : Promise.resolve();
    start.then(function () {
      if (voice.blocked) return;
      return say(item, formFor(item));
    }).catch(function () { /* a failed sound still shows the call */ }).then(function () {
      return voice.queue.length ? null : wait(HOLD_MS);
    }).then(function () {
      release(item);
      if (!voice.queue.length) idleCaption();
      voice.current = null;
      voice.idleSince = Date.now();
      pump();
    });
  }

  /* A said call's clips let go of their media: an <audio> that has loaded stays alive
   * (a detached node holding its decoder) until its source is dropped, so a TV that
   * runs for days would otherwise keep three per call. */
  function release(item) {
    Object.keys(item.forms).forEach(function (name) {
      var audio = item.forms[name].audio;
      if (!audio) return;
      audio.removeAttribute("src");
      audio.load();
    });
  }

  function clip(text, url) {
    return { text: text || "", url: url || null, audio: null };
  }

  /* A clip's <audio>, made when its call is near: each one is a node with its decoder,
   * and a backlog of calls (a call a second outruns the voice) held three per queued
   * call (bench/soak.py: TV nodes 356 -> 440 with 28 calls queued). */
  function audioOf(c) {
    if (!c.audio && c.url) {
      c.audio = new Audio(c.url);
      c.audio.preload = "auto"; // loads while earlier calls are spoken
    }
    return c.audio;
  }

  var PRELOAD_CALLS = 2; // queued calls whose clips load while the current one is said

  function preload() {
    voice.queue.slice(0, PRELOAD_CALLS).forEach(function (item) {
      Object.keys(item.forms).forEach(function (name) { audioOf(item.forms[name]); });
    });
  }

  function announce(event) {
    var t = event.ticket;
    var forms = { full: clip(event.announcement, event.audio_url) };
    var compact = event.forms || {};
    ["short", "code"].forEach(function (name) {
      if (compact[name]) forms[name] = clip(compact[name].text, compact[name].audio_url);
    });
    voice.queue.push({
      code: t.code, counter: t.counter, booth: t.booth, recall: !!event.recall,
      forms: forms, arrived: Date.now(), waited: !!(voice.current || voice.queue.length),
    });
    preload();
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

  // --- calls heard ----------------------------------------------------------------

  // Each call (a code at a counter, at its last call time) is announced once, live or
  // from a snapshot; `heard.newest` is the latest call time this page knows of.
  var heard = { keys: {}, order: [], newest: "", primed: false };

  function callKey(t) { return t.code + "|" + counterKey(t) + "|" + lastCall(t); }

  /* Note the call as known; false when it already was. */
  function hear(t) {
    var key = callKey(t);
    if (heard.keys[key]) return false;
    heard.keys[key] = true;
    heard.order.push(key);
    if (heard.order.length > KEEP_SAID) delete heard.keys[heard.order.shift()];
    if (lastCall(t) > heard.newest) heard.newest = lastCall(t);
    return true;
  }

  /* The calls of a later snapshot that this page never heard of, oldest first: the
   * events it missed in a gap. The first snapshot only notes what is already called. */
  function missedCalls(data) {
    var calls = (data.now_serving || []).filter(showsTicket);
    var known = (data.recent || []).map(function (r) { return r.ticket || r; });
    var missed = !heard.primed ? [] : calls.filter(function (t) {
      return t.status === "called" && lastCall(t) > heard.newest && !heard.keys[callKey(t)];
    });
    missed.sort(function (a, b) { return lastCall(a) < lastCall(b) ? -1 : 1; });
    calls.concat(known).forEach(hear);
    heard.primed = true;
    return missed;
  }

  // --- live events -----------------------------------------------------------

  function onSnapshot(data) {
    var missed = missedCalls(data);
    serving = {};
    newest = null;
    var newestAt = "";
    if (data.server_time) offset = Date.parse(data.server_time) - Date.now();
    (data.now_serving || []).forEach(function (t) {
      if (!showsTicket(t)) return;
      var key = counterKey(t);
      serving[key] = t;
      if (lastCall(t) > newestAt) { newestAt = lastCall(t); newest = key; }
    });
    recent = (data.recent || []).map(function (r) { return r.ticket || r; })
      .filter(showsTicket).slice(0, config.recentLimit);
    lines = {};
    (data.waiting || []).forEach(function (w) {
      if (!showsAgency(w.agency_id)) return;
      agencyNames[String(w.agency_id)] = w.agency;
      (w.services || []).forEach(function (s) {
        lines[String(s.service)] = {
          agency: w.agency_id, codes: s.next || [], count: s.count || 0,
          mean: s.mean_minutes || 0, open: s.open_counters || 0,
        };
      });
    });
    if (Array.isArray(data.messages)) renderTicker(data.messages);
    $("d-offline").hidden = true;
    renderBoard();
    renderRecent();
    renderWaiting();
    missed.forEach(function (t) {
      announce({
        ticket: t, recall: lastCall(t) !== (t.called_at || ""), announcement: t.announcement,
        audio_url: t.audio_url, forms: t.forms,
      });
    });
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
    renderBoard();
    renderRecent();
    // Heard already: it came in the snapshot taken after a gap, and was said then.
    if (hear(t) || !t.last_called_at) announce(event);
    // static/queues/service_level.js counts the call into today's service level.
    document.dispatchEvent(new CustomEvent("display:called"));
  }

  /* A line's waiting codes, in call order, with its pace: replaces what we knew of it. */
  function onLine(event) {
    if (!showsAgency(event.agency)) return;
    var codes = event.waiting || [];
    var before = lines[String(event.service)] || {};
    lines[String(event.service)] = {
      // The line's head (queues/events.py DISPLAY_LINE_HEAD) and how many wait in all.
      agency: event.agency, codes: codes.slice(0, 3),
      count: event.count !== undefined ? event.count : codes.length,
      mean: event.mean_minutes !== undefined ? event.mean_minutes : before.mean || 0,
      open: event.open_counters !== undefined ? event.open_counters : before.open || 0,
    };
    renderWaiting();
  }

  window.addEventListener("resize", sizeTicker);
  sizeTicker();
  tick();
  renderRecent();
  renderWaiting();
  idleCaption();
  setInterval(renderBoard, 5000); // "just called" marks fade after FRESH_MS

  var stream = new window.LiveStream(config.ws, {
    snapshot: onSnapshot,
    "ticket.called": onCalled,
    "line.updated": onLine,
    online: function () { $("d-offline").hidden = true; },
    offline: function () { $("d-offline").hidden = false; },
  });

  // A small hook for browser tests: what was announced and said, and what is still to come.
  window.mppDisplay = {
    announced: voice.announced,
    spoken: voice.spoken,
    queueLength: function () { return voice.queue.length + (voice.current ? 1 : 0); },
    stream: stream,
  };

  // Alive signal for the manager's dashboard (static/js/heartbeat.js).
  window.mppHeartbeat("display", document.title + (location.search ? " " + location.search : ""));
})();
