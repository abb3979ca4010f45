/* A resident's ticket page, kept live by LiveStream on /ws/tickets/<token>/.
 *
 * The server renders the first state; this script follows `ticket.updated`
 * (status, counter) and `line.changed` (who left and joined the line, in call
 * order: my place is the index of my code, the estimate is people ahead x mean
 * minutes / open counters). When the ticket is called it shows a full-screen
 * alert, rings the chime and vibrates, once per call.
 */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  var config = JSON.parse($("ticket-config").textContent);
  var texts = config.texts;
  var ACTIVE = ["booked", "waiting", "called", "serving"];
  var state = {
    status: config.status, service: config.service, agency: config.agency,
    counter: config.counter, ahead: config.peopleAhead, position: config.position,
    minutes: config.minutes, rejoinUntil: config.rejoinUntil,
  };
  // The phone's clock may be off: count the rejoin window on the server's.
  var clockSkew = Date.parse(config.now) - Date.now();
  var alertedAt = null; // called_at of the call already alerted
  document.documentElement.classList.add("js");
  remember();

  // The phone keeps its own bookings so /checkin/ (the kiosk's QR) can offer them.
  function remember() {
    try {
      var kept = JSON.parse(localStorage.getItem("mpp.tickets") || "[]").filter(function (t) {
        return t && t.token !== config.token;
      });
      kept.unshift({ token: config.token, code: config.code, date: config.date,
        service: config.serviceName });
      localStorage.setItem("mpp.tickets", JSON.stringify(kept.slice(0, 10)));
    } catch (e) { /* private mode or storage full: the typed code still works */ }
  }

  function same(a, b) { return a !== null && a !== undefined && String(a) === String(b); }

  function fill(template) {
    var c = state.counter || {};
    return template.replace("{counter}", c.label || "").replace("{booth}", c.booth || "")
      .replace("{n}", state.minutes);
  }

  function render() {
    var s = state.status;
    var waiting = s === "waiting";
    $("t-ticket").setAttribute("data-status", s);
    $("t-status-word").textContent = texts.status[s] || s;
    var detail = texts.detail[s] || "";
    $("t-status-detail").textContent = detail.indexOf("{counter}") >= 0 && !state.counter
      ? "" : fill(detail);
    $("t-place").hidden = !waiting;
    $("t-position").textContent = state.position === null ? "–" : state.position;
    $("t-ahead").textContent = state.ahead === null ? "–" : state.ahead;
    $("t-wait").textContent = state.minutes === null ? "–" : fill(texts.minutes);
    $("t-soon").hidden = !(waiting && state.ahead !== null && state.ahead <= config.soonAhead);
    $("t-booking").hidden = s !== "booked" || !$("t-booking").children.length;
    $("t-cancel").hidden = !(s === "booked" || waiting);
    renderRejoin();
    if ($("t-survey")) $("t-survey").hidden = s !== "done";
    $("t-sound").hidden = ACTIVE.indexOf(s) < 0;
    document.title = config.code + " · " + (texts.status[s] || s);
  }

  // --- sound and the called alert -------------------------------------------

  var chime = new Audio(config.chime);
  chime.preload = "auto";
  var sound = { unlocked: false, muted: false, pending: false };

  function soundButton() {
    var button = $("t-sound");
    var on = sound.unlocked && !sound.muted;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? texts.soundOn : sound.pending ? texts.soundBlocked : texts.soundOff;
    button.classList.toggle("is-urgent", sound.pending);
  }

  function ring(times) {
    if (sound.muted) return;
    chime.currentTime = 0;
    var started = chime.play();
    if (started && started.then) {
      started.then(function () {
        sound.unlocked = true;
        sound.pending = false;
        soundButton();
        if (times > 1) {
          chime.addEventListener("ended", function again() {
            chime.removeEventListener("ended", again);
            ring(times - 1);
          });
        }
      }, function (err) {
        if (err && err.name === "NotAllowedError") {
          sound.pending = true; // the next tap rings it
          soundButton();
        }
      });
    }
  }

  function vibrate() {
    try { if (navigator.vibrate) navigator.vibrate([400, 200, 400]); } catch (e) { /* unsupported */ }
  }

  function showCalled() {
    $("t-called-where").textContent = fill(texts.detail.called);
    $("t-called").hidden = false;
    $("t-called-close").hidden = false;
    ring(2);
    vibrate();
    $("t-called-close").focus();
  }

  $("t-called-close").addEventListener("click", function (event) {
    event.stopPropagation();
    $("t-called").hidden = true;
  });
  $("t-called").addEventListener("click", function () {
    // Any tap on the alert is a gesture: ring now if the browser held it back.
    if (sound.pending) ring(1);
  });
  $("t-sound").addEventListener("click", function () {
    if (sound.unlocked && !sound.muted) {
      sound.muted = true;
    } else {
      sound.muted = false;
      ring(1); // inside the tap: unlocks audio and lets the resident hear it
    }
    soundButton();
  });

  // --- live state --------------------------------------------------------------

  function applyTicket(t) {
    if (!t) return;
    // Other parts of the page follow the ticket too (journey.js: a journey's stages).
    document.dispatchEvent(new CustomEvent("mpp:ticket", { detail: t }));
    var serviceChanged = !same(t.service, state.service);
    state.status = t.status;
    state.service = t.service;
    state.counter = t.counter || null;
    if (t.rejoin_until !== undefined) state.rejoinUntil = t.rejoin_until;
    if (t.service_name) $("t-service").textContent = t.service_name;
    // The live ticket names its agency by id only: after a transfer to another
    // agency the rendered name would be wrong, so it goes.
    if (t.agency !== undefined) $("t-agency").hidden = !same(t.agency, config.agency);
    // A transfer moves the ticket to another line; the server follows it and
    // sends a fresh snapshot, so the old line's numbers go until then.
    if (t.status !== "waiting" || serviceChanged) {
      state.ahead = state.position = state.minutes = null;
    }
    if (t.status === "waiting" && t.people_ahead !== undefined) {
      state.ahead = t.people_ahead;
      state.position = t.position;
      state.minutes = t.estimated_wait_minutes;
    }
    if (t.status === "called") {
      if (t.called_at !== alertedAt) {
        alertedAt = t.called_at;
        render();
        showCalled();
      }
    } else {
      $("t-called").hidden = true;
    }
  }

  // The line as the page keeps it: the snapshot's list, moved on by each change.
  var line = new window.LiveLine(function () { stream.resnapshot(); });

  function applyLine() {
    if (!same(line.service, state.service) || state.status !== "waiting") return;
    var index = line.codes().indexOf(config.code);
    if (index < 0) return; // not in this list yet: keep what we know
    state.ahead = index;
    state.position = index + 1;
    state.minutes = Math.round(index * line.meanMinutes / Math.max(line.openCounters || 0, 1));
  }

  var stream = new window.LiveStream(config.ws, {
    snapshot: function (data) {
      applyTicket(data.ticket);
      line.load(data.line);
      applyLine();
      $("t-offline").hidden = true;
      render();
      if (state.status === "done") loadDocument();
    },
    "ticket.updated": function (event) { applyTicket(event.ticket); render(); },
    // The document opened at finish (berkas) moved on: read it again, in this language.
    "document.updated": function () { loadDocument(); },
    // The officer called the number again: alert again, even if the first was closed.
    "ticket.recalled": function (event) {
      applyTicket(event.ticket);
      render();
      if (state.status === "called") showCalled();
    },
    "line.changed": function (event) {
      if (line.change(event)) { applyLine(); render(); }
    },
    online: function () { $("t-offline").hidden = true; },
    offline: function () { $("t-offline").hidden = false; },
  });

  // --- cancel --------------------------------------------------------------------

  var form = $("t-cancel");

  // A resident has no login to lose: a failure shows the refusal or "try again".
  var api = window.MppApi.client({ networkError: texts.cancelFailed });

  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.name === "confirm") return; // the page's own form
    event.preventDefault();
    if (!window.confirm(texts.cancelConfirm)) return;
    var button = $("t-cancel-button");
    if (button) button.disabled = true;
    var error = $("t-cancel-error");
    error.hidden = true;
    api.post(config.cancelUrl).then(function (answer) {
      if (answer.ok) {
        applyTicket(answer.data);
        render();
      } else {
        error.textContent = answer.error; // e.g. the ticket was called meanwhile
        error.hidden = false;
      }
      if (button) button.disabled = false;
    });
  });

  // --- the document handed over later (berkas) -----------------------------------

  function showDocument(doc) {
    var box = $("t-document");
    if (!doc) { box.hidden = true; return; }
    var ready = doc.status === "ready";
    $("t-document-status").textContent = doc.status_label;
    $("t-document-status").setAttribute("data-status", doc.status);
    $("t-document-code").textContent = doc.code;
    var day = new Date(doc.expected_ready + "T00:00:00");
    $("t-document-expected").textContent = day.toLocaleDateString(document.documentElement.lang,
      { weekday: "long", day: "numeric", month: "long", year: "numeric" });
    $("t-document-ready").hidden = !ready;
    var link = $("t-document-link");
    link.href = "/berkas/" + encodeURIComponent(doc.code) + "/";
    link.textContent = ready ? texts.documentPickup : texts.documentTrack;
    box.hidden = false;
  }

  function loadDocument() {
    fetch(config.documentUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(showDocument, function () { /* offline: the next snapshot tries again */ });
  }

  // --- rejoin after a missed call -------------------------------------------------

  function rejoinLeft() {
    if (state.status !== "no_show" || !state.rejoinUntil) return 0;
    return Math.max(0, Math.floor((Date.parse(state.rejoinUntil) - Date.now() - clockSkew) / 1000));
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function renderRejoin() {
    var left = rejoinLeft();
    $("t-rejoin").hidden = left <= 0;
    $("t-rejoin-left").textContent = two(Math.floor(left / 60)) + ":" + two(left % 60);
  }

  setInterval(renderRejoin, 1000);

  $("t-rejoin").addEventListener("submit", function (event) {
    event.preventDefault();
    var button = $("t-rejoin-button");
    var error = $("t-rejoin-error");
    button.disabled = true; // a double tap sends once; the server refuses a second anyway
    error.hidden = true;
    window.MppApi.client({ networkError: texts.rejoinFailed }).post(config.rejoinUrl)
      .then(function (answer) {
        if (answer.ok) {
          state.rejoinUntil = null;
          applyTicket(answer.data);
          render();
          stream.resnapshot(); // the line's numbers for the place just taken
        } else {
          error.textContent = answer.error;
          error.hidden = false;
        }
        button.disabled = false;
      });
  });

  soundButton();
  render();
})();
