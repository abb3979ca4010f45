/* The touch kiosk (/kiosk/): agency -> service -> priority -> printed ticket,
   and check-in of online bookings. Words come from the page (#kiosk-config).
   Walk-in tickets are issued through POST /api/v1/kiosk/tickets/; check-in,
   voiding a failed print and the rotating phone QR go to /kiosk/ itself. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("kiosk-config").textContent);
  var texts = config.texts;
  var $ = function (id) { return document.getElementById(id); };
  var current = "home";
  var trail = [];
  var chosen = { agency: null, service: null };
  var ticket = null;
  var printAttempts = 0;
  var idleTimer = null;
  var qrTimer = null;

  // --- steps ---------------------------------------------------------------

  function show(step, remember) {
    if (remember !== false && step !== current) trail.push(current);
    current = step;
    document.querySelectorAll(".k-step").forEach(function (el) {
      el.hidden = el.dataset.step !== step;
    });
    if (step === "checkin") startCheckin(); else stopQr();
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
    b.textContent = label;
    if (extra) {
      var small = document.createElement("small");
      small.textContent = extra;
      b.appendChild(small);
    }
    b.addEventListener("click", onTap);
    return b;
  }

  function chooseAgency(agencyId) {
    var agency = config.catalog.find(function (a) { return a.id === agencyId; });
    if (!agency) return;
    chosen.agency = agency;
    $("k-agency-name").textContent = agency.name;
    var list = $("k-service-list");
    list.replaceChildren();
    agency.services.forEach(function (service) {
      var tile = button(service.name, function () { chooseService(service); }, service.closed);
      if (service.closed) {
        // Closed for now (planned closure): shown, so nobody searches for it, but not tappable.
        tile.disabled = true;
        tile.classList.add("k-tile-closed");
      }
      list.appendChild(tile);
    });
    show("services");
  }

  function chooseService(service) {
    chosen.service = service;
    $("k-service-name").textContent = service.name;
    var list = $("k-priority-list");
    list.replaceChildren();
    config.priorities.forEach(function (p) {
      list.appendChild(button(p.label, function () { issue(p.value); }));
    });
    show("priority");
  }

  // --- talking to the server ------------------------------------------------

  function post(url, body, json) {
    var headers = { "X-CSRFToken": config.csrfToken, "Accept": "application/json" };
    if (json) headers["Content-Type"] = "application/json";
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: headers,
      body: json ? JSON.stringify(body) : new URLSearchParams(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function errorText(data) {
    if (data && data.detail) return data.detail;
    if (data && typeof data === "object") {
      for (var key in data) {
        if (Array.isArray(data[key]) && data[key].length) return String(data[key][0]);
      }
    }
    return texts.networkError;
  }

  // --- a walk-in ticket -----------------------------------------------------

  function result(status, code, service, ahead) {
    $("k-result-status").textContent = status || "";
    $("k-result-code").textContent = code || "";
    $("k-result-service").textContent = service || "";
    $("k-result-ahead").textContent =
      ahead === null || ahead === undefined ? "" : texts.peopleAhead.replace("{n}", ahead);
    $("k-result-error").hidden = true;
    $("k-print-actions").hidden = true;
    $("k-print-failed").hidden = true;
  }

  function resultError(message) {
    var el = $("k-result-error");
    el.textContent = message;
    el.hidden = false;
  }

  function issue(priority) {
    result(texts.issuing);
    show("result");
    post(config.issueUrl, { service: chosen.service.id, priority: priority }, true)
      .then(function (r) {
        if (!r.ok) { resultError(errorText(r.data)); return; }
        ticket = r.data;
        printAttempts = 0;
        result(texts.printing, ticket.code, ticket.service_name, ticket.people_ahead);
        printTicket();
      })
      .catch(function () { resultError(texts.networkError); });
  }

  function printTicket() {
    printAttempts += 1;
    var frame = $("k-print-frame");
    var done = false;
    var failTimer = setTimeout(function () { finish(false); }, 15000);

    function finish(ok) {
      if (done) return;
      done = true;
      clearTimeout(failTimer);
      frame.onload = null;
      if (ok) {
        $("k-result-status").textContent = texts.takeTicket;
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
    $("k-result-status").textContent = texts.printFailed;
    $("k-print-actions").hidden = true;
    $("k-print-failed").hidden = false;
  }

  function voidTicket() {
    if (!ticket) return;
    post(config.kioskUrl, { action: "void", token: ticket.token }, false)
      .then(function (r) {
        $("k-print-failed").hidden = true;
        if (!r.ok) { resultError(errorText(r.data)); return; }
        result(r.data.message, "", "", null);
        ticket = null;
      })
      .catch(function () { resultError(texts.networkError); });
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
    fetch(config.kioskUrl + "?part=qr", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        $("k-phone-qr-image").innerHTML = data.svg;  // an SVG made by the server
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
    post(config.kioskUrl, { action: "checkin", value: value, nik4: nik4.value.trim() }, false)
      .then(function (r) {
        input.value = "";
        nik4.value = "";
        if (r.data && r.data.code === "nik_last4_required") {
          input.value = value;  // keep the code: only the digits are missing
          error.textContent = errorText(r.data); error.hidden = false; nik4.focus(); return;
        }
        if (!r.ok) { error.textContent = errorText(r.data); error.hidden = false; input.focus(); return; }
        var t = r.data.ticket;
        result(r.data.message, t.code, t.service_name, t.people_ahead);
        show("result");
      })
      .catch(function () { error.textContent = texts.networkError; error.hidden = false; });
  }

  // --- idle reset -------------------------------------------------------------

  function touched() {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(function () {
      if (current === "home") { touched(); return; }
      if (ticket && !$("k-print-failed").hidden) {
        // Nobody took a ticket that never printed: void it rather than leave it in line.
        post(config.kioskUrl, { action: "void", token: ticket.token }, false)
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
  document.querySelectorAll("[data-back]").forEach(function (el) {
    el.addEventListener("click", back);
  });
  $("k-open-checkin").addEventListener("click", function () { show("checkin"); });
  $("k-checkin-form").addEventListener("submit", checkIn);
  $("k-print-ok").addEventListener("click", reset);
  $("k-print-missing").addEventListener("click", printFailed);
  $("k-reprint").addEventListener("click", function () {
    result(texts.printing, ticket.code, ticket.service_name, ticket.people_ahead);
    printTicket();
  });
  $("k-void").addEventListener("click", voidTicket);
  $("k-done").addEventListener("click", reset);

  // A USB scanner types like a keyboard: a key on the home screen opens check-in.
  document.addEventListener("keydown", function (event) {
    if (current === "home" && event.key.length === 1 && !event.ctrlKey && !event.altKey) {
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
