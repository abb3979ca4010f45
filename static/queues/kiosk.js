/* The touch kiosk (/kiosk/): most used services, a forgiving search, or
   agency -> service; then priority -> printed ticket; and check-in of online
   bookings, and ambil berkas (POST /kiosk/pickup/). Words come from the page
   (#kiosk-config). Walk-in tickets are
   issued through POST /api/v1/kiosk/tickets/; check-in, voiding a failed
   print, search, waiting counts and the rotating phone QR go to /kiosk/. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("kiosk-config").textContent);
  var texts = config.texts;
  // The server (static/js/api.js). A resident cannot log in again: a failure without
  // a message of its own says "try again".
  var api = window.MppApi.client({ networkError: texts.networkError, csrfToken: config.csrfToken });
  var $ = function (id) { return document.getElementById(id); };
  var current = "home";
  var trail = [];
  var chosen = { agency: null, service: null };
  var ticket = null;
  var printAttempts = 0;
  var idleTimer = null;
  var qrTimer = null;
  var searchTimer = null;
  var searchSeq = 0;
  var services = {};
  config.catalog.forEach(function (agency) {
    agency.services.forEach(function (s) { services[s.id] = s; });
  });

  // --- steps ---------------------------------------------------------------

  function show(step, remember) {
    if (remember !== false && step !== current) trail.push(current);
    current = step;
    document.querySelectorAll(".k-step").forEach(function (el) {
      el.hidden = el.dataset.step !== step;
    });
    if (step === "checkin") startCheckin(); else stopQr();
    if (step === "pickup") { $("k-pickup-error").hidden = true; $("k-pickup-code").focus(); }
    window.scrollTo(0, 0);
  }

  function back() {
    show(trail.pop() || "home", false);
  }

  function reset() {
    // A reload brings today's hours and catalog; keep ?lang and ?paper.
    window.location.replace(window.location.pathname + window.location.search);
  }

  function button(label, onTap, extra) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "k-tile";
    var name = document.createElement("span");
    name.className = "k-tile-name";
    name.textContent = label;
    b.appendChild(name);
    if (extra) {
      var small = document.createElement("small");
      small.textContent = extra;
      b.appendChild(small);
    }
    b.addEventListener("click", onTap);
    return b;
  }

  function icon(name) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "k-icon k-tile-icon");
    svg.setAttribute("aria-hidden", "true");
    var use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", "#i-" + name);
    svg.appendChild(use);
    return svg;
  }

  function waitingText(n) {
    return texts.waiting.replace("{n}", n);
  }

  // The same tile the page renders for "most used" (kiosk_service_tile.html).
  function serviceTile(service, withAgency) {
    var agency = agencyOf(service);
    var extra = service.closed || (withAgency && agency ? agency.name : "");
    var tile = button(service.name, function () { chooseService(service); }, extra);
    tile.classList.add("k-service");
    tile.dataset.service = service.id;
    tile.prepend(icon(service.icon));
    var wait = document.createElement("span");
    wait.className = "k-wait";
    wait.dataset.serviceWaiting = service.id;
    wait.textContent = waitingText(service.waiting);
    tile.appendChild(wait);
    if (service.places_text) {
      // Fair quotas: the walk-in places left today (README "Fair quotas").
      var places = document.createElement("span");
      places.className = "k-places";
      places.dataset.servicePlaces = service.id;
      places.textContent = service.places_text;
      tile.appendChild(places);
    }
    if (service.closed || service.full) {
      // Closed for now (planned closure): shown, so nobody searches for it, but not tappable.
      tile.disabled = true;
      tile.classList.add("k-tile-closed");
    }
    return tile;
  }

  function agencyOf(service) {
    return config.catalog.find(function (a) { return a.id === service.agency; }) || null;
  }

  function chooseAgency(agencyId) {
    var agency = config.catalog.find(function (a) { return a.id === agencyId; });
    if (!agency) return;
    chosen.agency = agency;
    $("k-agency-name").textContent = agency.name;
    var list = $("k-service-list");
    list.replaceChildren();
    agency.services.forEach(function (service) {
      list.appendChild(serviceTile(service, false));
    });
    show("services");
  }

  function chooseService(service, journey) {
    if (service.closed || service.full) return;
    chosen.agency = agencyOf(service);
    chosen.service = service;
    // A journey (paket layanan) starts in its first stage's line: one ticket for all.
    chosen.journey = journey || null;
    $("k-service-name").textContent = journey ? journey.name : service.name;
    var list = $("k-priority-list");
    list.replaceChildren();
    config.priorities.forEach(function (p) {
      list.appendChild(button(p.label, function () { issue(p.value); }));
    });
    show("priority");
  }

  // --- search and waiting counts -------------------------------------------

  function searchInput() {
    var query = $("k-search").value.trim();
    $("k-search-clear").hidden = !query;
    if (searchTimer) clearTimeout(searchTimer);
    if (!query) { showSearch(null); return; }
    searchTimer = setTimeout(function () { search(query); }, 250);
  }

  function search(query) {
    var seq = ++searchSeq;
    api.get(config.kioskUrl + "?part=search&q=" + encodeURIComponent(query))
      .then(function (r) {
        if (!r.ok || !r.data) throw new Error(r.error);
        if (seq === searchSeq) showSearch(r.data.services);
      })
      .catch(function () {
        // Server unreachable: a plain match on names still helps.
        if (seq !== searchSeq) return;
        var words = query.toLowerCase();
        showSearch(Object.keys(services).filter(function (id) {
          var s = services[id];
          var agency = agencyOf(s);
          return (s.name + " " + (agency ? agency.name : "")).toLowerCase().indexOf(words) >= 0;
        }).map(Number));
      });
  }

  function showSearch(ids) {
    $("k-search-results").hidden = ids === null;
    $("k-browse").hidden = ids !== null;
    if (ids === null) return;
    var list = $("k-search-list");
    list.replaceChildren();
    ids.forEach(function (id) {
      // Only the lines this kiosk issues for (the search knows every service).
      if (services[id]) list.appendChild(serviceTile(services[id], true));
    });
    var none = $("k-search-none");
    none.textContent = texts.searchNone;
    none.hidden = list.children.length > 0;
  }

  function clearSearch() {
    $("k-search").value = "";
    searchInput();
    $("k-search").focus();
  }

  function refreshCounts() {
    if (current !== "home") return;
    api.get(config.kioskUrl + "?part=counts")
      .then(function (r) {
        if (!r.ok || !r.data) throw new Error(r.error);
        var data = r.data;
        var perAgency = {};
        Object.keys(services).forEach(function (id) {
          var s = services[id];
          s.waiting = data.waiting[id] || 0;
          perAgency[s.agency] = (perAgency[s.agency] || 0) + s.waiting;
        });
        document.querySelectorAll("[data-service-waiting]").forEach(function (el) {
          var s = services[el.dataset.serviceWaiting];
          if (s) el.textContent = waitingText(s.waiting);
        });
        document.querySelectorAll("[data-agency-waiting]").forEach(function (el) {
          el.textContent = waitingText(perAgency[el.dataset.agencyWaiting] || 0);
        });
      })
      .catch(function () { /* keep the last counts; the next round tries again */ });
  }

  // --- a walk-in ticket -----------------------------------------------------

  function result(status, code, service, ahead) {
    $("k-result-status").textContent = status || "";
    $("k-result-code").textContent = code || "";
    $("k-result-service").textContent = service || "";
    $("k-result-ahead").textContent =
      ahead === null || ahead === undefined ? "" : texts.peopleAhead.replace("{n}", ahead);
    $("k-result-error").hidden = true;
    $("k-print-status").hidden = true;
    $("k-print-actions").hidden = true;
    $("k-print-failed").hidden = true;
  }

  // A walk-in's status line follows its print; a check-in keeps its message
  // (it may say the line is closed) and the print speaks on a line of its own.
  function printNote(text) {
    if (ticket && ticket.walkIn) {
      $("k-result-status").textContent = text;
      return;
    }
    $("k-print-status").textContent = text;
    $("k-print-status").hidden = false;
  }

  function resultError(message) {
    var el = $("k-result-error");
    el.textContent = message;
    el.hidden = false;
  }

  // One Idempotency-Key per choice, kept until the server gives a final answer
  // (a ticket or a refusal): a retry after a timeout, a dropped network or a 503
  // returns the ticket already saved instead of issuing a second number.
  // getRandomValues, not randomUUID: a kiosk on the mall LAN may use plain http.
  var pending = null;

  function newKey() {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function keyFor(serviceId, priority, journeyId) {
    if (!pending || pending.service !== serviceId || pending.priority !== priority ||
        pending.journey !== journeyId) {
      pending = { service: serviceId, priority: priority, journey: journeyId, key: newKey() };
    }
    return pending.key;
  }

  var ISSUE_ATTEMPTS = 4;

  function issue(priority) {
    result(texts.issuing);
    show("result");
    var serviceId = chosen.service.id;
    var journeyId = chosen.journey ? chosen.journey.id : null;
    var key = keyFor(serviceId, priority, journeyId);
    var body = { service: serviceId, priority: priority };
    if (journeyId !== null) body.journey = journeyId;
    var attempt = 0;

    function retryLater(seconds) {
      attempt += 1;
      if (attempt >= ISSUE_ATTEMPTS) { resultError(texts.networkError); return; }
      result(texts.retrying || texts.issuing);
      setTimeout(send, Math.min(Math.max(seconds, 1), 5) * 1000);
    }

    function send() {
      api.post(config.issueUrl, body, { idempotencyKey: key })
        .then(function (r) {
          // No answer (status 0) or a 5xx: the same key again, later.
          if (r.status === 0 || r.status >= 500) { retryLater(r.retryAfter || attempt + 1); return; }
          pending = null;  // a ticket or a refusal: final either way
          if (!r.ok) { resultError(r.error); return; }
          ticket = r.data;
          ticket.walkIn = true;
          printAttempts = 0;
          result(texts.printing, ticket.code, ticket.service_name, ticket.people_ahead);
          printTicket();
        })
        .catch(function () { retryLater(attempt + 1); });
    }
    send();
  }

  function printTicket() {
    printAttempts += 1;
    $("k-print-actions").hidden = true;
    $("k-print-failed").hidden = true;
    var frame = $("k-print-frame");
    var done = false;
    var failTimer = setTimeout(function () { finish(false); }, 15000);

    function finish(ok) {
      if (done) return;
      done = true;
      clearTimeout(failTimer);
      frame.onload = null;
      if (ok) {
        printNote(texts.takeTicket);
        // Only these two: cancelling is offered once the resident says nothing came out.
        $("k-print-actions").hidden = false;
        $("k-print-failed").hidden = true;
      } else {
        printFailed();
      }
    }

    frame.onload = function () {
      try {
        var doc = frame.contentDocument;
        if (!doc || !doc.getElementById("print-ticket")) { finish(false); return; }
        frame.contentWindow.print();  // silent with Chromium --kiosk-printing
        finish(true);
      } catch (e) {
        finish(false);
      }
    };
    frame.src = config.kioskUrl + "?part=print&paper=" + encodeURIComponent(config.paper) +
      "&token=" + encodeURIComponent(ticket.token) + "&t=" + Date.now();
  }

  function printFailed() {
    if (!ticket) return;
    // A booking checked in stays in line: its code is on the resident's phone.
    printNote(ticket.walkIn ? texts.printFailed : texts.printFailed + " " + texts.askOfficer);
    $("k-print-actions").hidden = true;
    $("k-print-failed").hidden = false;
    $("k-void").hidden = !ticket.walkIn;
  }

  function reprint() {
    if (!ticket) return;
    printNote(texts.printing);
    printTicket();
  }

  function voidTicket() {
    if (!ticket || !ticket.walkIn) return;
    api.post(config.kioskUrl, { action: "void", token: ticket.token }, { form: true })
      .then(function (r) {
        // No answer at all: the buttons stay, for another try.
        if (r.status !== 0) $("k-print-failed").hidden = true;
        if (!r.ok) { resultError(r.error); return; }
        result(r.data.message, "", "", null);
        ticket = null;
      });
  }

  // --- check-in -----------------------------------------------------------------

  function startCheckin() {
    var input = $("k-checkin-value");
    $("k-checkin-error").hidden = true;
    input.focus();
    loadQr();
  }

  function loadQr() {
    stopQr();
    api.get(config.kioskUrl + "?part=qr")
      .then(function (r) {
        if (!r.ok || !r.data) throw new Error(r.error);
        $("k-phone-qr-image").innerHTML = r.data.svg;  // an SVG made by the server
      })
      .catch(function () { $("k-phone-qr-image").replaceChildren(); });
    qrTimer = setTimeout(loadQr, config.qrRotateSeconds * 1000);
  }

  function stopQr() {
    if (qrTimer) clearTimeout(qrTimer);
    qrTimer = null;
  }

  function checkIn(event) {
    event.preventDefault();
    var input = $("k-checkin-value");
    var value = input.value.trim();
    var error = $("k-checkin-error");
    if (!value) { error.textContent = texts.checkinEmpty; error.hidden = false; return; }
    var nik4 = $("k-checkin-nik4");  // a typed code needs the NIK's last 4 digits
    api.post(config.kioskUrl, { action: "checkin", value: value, nik4: nik4.value.trim() }, { form: true })
      .then(function (r) {
        if (r.status === 0) { error.textContent = r.error; error.hidden = false; return; }
        input.value = "";
        nik4.value = "";
        if (r.data && r.data.code === "nik_last4_required") {
          input.value = value;  // keep the code: only the digits are missing
          error.textContent = r.error; error.hidden = false; nik4.focus(); return;
        }
        if (!r.ok) { error.textContent = r.error; error.hidden = false; input.focus(); return; }
        printAnswer(r.data);
      });
  }

  // A ticket the server handed over (check-in, ambil berkas): shown with its message
  // and printed. Not a walk-in: it is not voided when the print fails.
  function printAnswer(data) {
    ticket = data.ticket;
    ticket.walkIn = false;
    printAttempts = 0;
    result(data.message, ticket.code, ticket.service_name, ticket.people_ahead);
    show("result");
    printNote(texts.printing);
    printTicket();
  }

  // --- ambil berkas (a ready document's pickup number) ------------------------

  var pickupBusy = false;

  function pickup(event) {
    event.preventDefault();
    var input = $("k-pickup-code");
    var error = $("k-pickup-error");
    var value = input.value.trim();
    if (!value) { error.textContent = texts.pickupEmpty; error.hidden = false; return; }
    if (pickupBusy) return;  // a double tap asks once (the server gives the same number anyway)
    pickupBusy = true;
    var lang = $("k-pickup-form").elements.lang.value;
    api.post(config.pickupUrl, { code: value, lang: lang }, { form: true })
      .then(function (r) {
        pickupBusy = false;
        if (!r.ok) { error.textContent = r.error; error.hidden = false; input.focus(); return; }
        input.value = "";
        printAnswer(r.data);
      });
  }

  // --- idle reset -------------------------------------------------------------

  function touched() {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(function () {
      if (current === "home") {
        // The next stranger should not find someone else's search.
        if ($("k-search") && $("k-search").value) { $("k-search").value = ""; searchInput(); }
        touched();
        return;
      }
      if (ticket && ticket.walkIn && !$("k-print-failed").hidden) {
        // Nobody took a ticket that never printed: void it rather than leave it in line.
        api.post(config.kioskUrl, { action: "void", token: ticket.token }, { form: true })
          .then(reset, reset);
        return;
      }
      reset();
    }, config.idleSeconds * 1000);
  }

  // --- wiring -----------------------------------------------------------------

  document.querySelectorAll("[data-agency]").forEach(function (el) {
    el.addEventListener("click", function () { chooseAgency(Number(el.dataset.agency)); });
  });
  document.querySelectorAll("[data-journey]").forEach(function (el) {
    el.addEventListener("click", function () {
      var journey = (config.journeys || []).find(function (j) {
        return String(j.id) === el.dataset.journey;
      });
      if (journey && services[journey.service]) chooseService(services[journey.service], journey);
    });
  });
  document.querySelectorAll("#k-popular [data-service]").forEach(function (el) {
    el.addEventListener("click", function () { chooseService(services[el.dataset.service]); });
  });
  if ($("k-search")) {
    $("k-search").addEventListener("input", searchInput);
    $("k-search-clear").addEventListener("click", clearSearch);
    $("k-search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var query = $("k-search").value.trim();
      if (query) search(query);
    });
  }
  setInterval(refreshCounts, config.countsSeconds * 1000);
  document.querySelectorAll("[data-back]").forEach(function (el) {
    el.addEventListener("click", back);
  });
  $("k-open-checkin").addEventListener("click", function () { show("checkin"); });
  $("k-checkin-form").addEventListener("submit", checkIn);
  $("k-open-pickup").addEventListener("click", function () { show("pickup"); });
  $("k-pickup-form").addEventListener("submit", pickup);
  $("k-pickup-code").addEventListener("input", function () { $("k-pickup-error").hidden = true; });
  $("k-print-ok").addEventListener("click", reset);
  $("k-print-missing").addEventListener("click", printFailed);
  $("k-reprint").addEventListener("click", reprint);
  $("k-void").addEventListener("click", voidTicket);
  $("k-done").addEventListener("click", reset);

  // A USB scanner types like a keyboard: a key on the home screen opens check-in.
  document.addEventListener("keydown", function (event) {
    var typing = event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
    if (current === "home" && !typing && event.key.length === 1 && !event.ctrlKey &&
        !event.altKey) {
      show("checkin");
    }
  });

  ["pointerdown", "keydown", "input"].forEach(function (name) {
    document.addEventListener(name, touched, { passive: true });
  });
  touched();

  // Alive signal for the manager's dashboard (static/js/heartbeat.js).
  window.mppHeartbeat("kiosk", document.title);
})();
