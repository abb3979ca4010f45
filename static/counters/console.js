/* The officer console (/counter/?counter=<id>).
 *
 * State comes from the server: the page's first render (#console-config),
 * then the counter's live stream (/ws/counters/<id>/, see static/js/live.js)
 * and, after every action or event, the JSON API (GET counter and queue).
 * Actions are POSTs to the API through static/js/api.js (session cookie, CSRF
 * token); every refusal ({"detail", "code"} or field errors, or "your session
 * ended") is shown in the alert region. The booth's state panel is drawn by
 * static/counters/booth_state.js. Words come from the page (config.texts).
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("console-config").textContent);
  var T = config.texts;

  var model = { state: config.state, queue: config.queue || [], counts: config.counts };
  var inFlight = false;
  var live = null;
  var pollTimer = null;
  var refreshTimer = null;

  function $(id) { return document.getElementById(id); }
  function buttons(action) {
    return Array.prototype.slice.call(document.querySelectorAll('[data-action="' + action + '"]'));
  }
  function format(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (match, key) {
      return values && values[key] !== undefined && values[key] !== null ? values[key] : match;
    });
  }

  // --- time ------------------------------------------------------------------

  /* HH:MM in the mall's zone, as the server writes times (Django's "H:i"). */
  function clock(iso) { return window.MppApi.clock(iso, config.zone); }
  function since(iso) {
    if (!iso) return "";
    var minutes = Math.floor((Date.now() - new Date(iso).getTime()) / 60000);
    if (!(minutes >= 1)) return T.justNow;
    return format(T.minutesAgo, { n: minutes });
  }

  // --- messages --------------------------------------------------------------

  function dialogErrors() {
    return Array.prototype.slice.call(document.querySelectorAll("dialog[open] .dialog-error"));
  }
  function showError(message) {
    $("console-notice").textContent = "";
    $("console-error").textContent = message;
    dialogErrors().forEach(function (el) { el.textContent = message; });
  }
  function showNotice(message) {
    $("console-error").textContent = "";
    $("console-notice").textContent = message;
  }
  function clearMessages() {
    $("console-error").textContent = "";
    dialogErrors().forEach(function (el) { el.textContent = ""; });
  }

  // --- the API (static/js/api.js) ---------------------------------------------

  var api = window.MppApi.client({
    networkError: T.networkError, serverError: T.serverError, sessionExpired: T.sessionExpired,
    labels: T.fields, csrfToken: config.csrfToken
  });
  /* An answer, or a refusal thrown as an Error whose message is the sentence to show. */
  function request(method, url, body) {
    return api.request(method, url, body).then(function (answer) {
      if (!answer.ok) throw Object.assign(new Error(answer.error), answer);
      return answer;
    });
  }
  function post(url, body) { return request("POST", url, body === undefined ? {} : body); }

  /* Re-read the counter, its queue and today's counts, then draw. */
  function refresh() {
    return Promise.all([
      request("GET", config.api),
      request("GET", config.api + "queue/"),
      request("GET", config.countsUrl).catch(function () { return null; })
    ]).then(function (answers) {
      model.state = answers[0].data;
      model.queue = answers[1].data || [];
      if (answers[2] && answers[2].data) model.counts = answers[2].data;
      render();
    });
  }
  function refreshCounts() {
    return request("GET", config.countsUrl).then(function (answer) {
      if (answer.data) { model.counts = answer.data; renderCounts(); }
    }, function () { /* counts are a convenience; the next refresh retries */ });
  }
  /* Events come in bursts (a call updates the counter and its lines): one refresh. */
  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      refresh().catch(function (error) { showError(error.message); });
    }, 150);
  }

  /* Run one action: one at a time, buttons off meanwhile, errors shown, state re-read. */
  function run(work) {
    if (inFlight) return Promise.resolve();
    inFlight = true;
    clearMessages();
    renderButtons();
    return Promise.resolve()
      .then(work)
      .catch(function (error) { showError(error.message); return "failed"; })
      .then(function (outcome) {
        inFlight = false;
        return refresh().catch(function (error) { showError(error.message); }).then(function () {
          return outcome;
        });
      });
  }

  // --- drawing ---------------------------------------------------------------

  function current() { return model.state && model.state.current_ticket; }

  function allowed(action) {
    var state = model.state ? model.state.state : "closed";
    var ticket = current();
    var status = ticket ? ticket.status : null;
    switch (action) {
      case "open": return state === "closed";
      case "pause": return state === "open" && !ticket;
      case "resume": return state === "paused";
      case "close": return state !== "closed" && !ticket;
      case "call-next": return state === "open" && !ticket;
      case "call": return state === "open" && !ticket;
      case "recall": return status === "called";
      case "start": return status === "called";
      case "finish": return status === "serving";
      case "no-show": return status === "called";
      case "transfer": return status === "called" || status === "serving";
      default: return false;
    }
  }

  function renderButtons() {
    ["open", "pause", "resume", "close", "call-next", "recall", "start", "finish", "no-show",
     "transfer"].forEach(function (action) {
      buttons(action).forEach(function (button) { button.disabled = inFlight || !allowed(action); });
    });
    var callable = !inFlight && allowed("call");
    document.querySelectorAll("[data-call]").forEach(function (button) { button.disabled = !callable; });
  }

  function renderState() {
    var state = model.state;
    var badge = $("state-badge");
    badge.textContent = T.state[state.state] || state.state;
    badge.className = "state state-" + state.state;
    $("console").setAttribute("data-state", state.state);
    var line = $("officer-line");
    if (!state.officer) {
      line.textContent = T.noOfficer;
      line.classList.remove("is-other");
    } else if (state.officer !== config.user) {
      line.textContent = format(T.otherOfficer, { name: state.officer });
      line.classList.add("is-other");
    } else {
      line.textContent = format(T.officer, { name: state.officer });
      line.classList.remove("is-other");
    }
  }

  function renderCurrent() {
    var ticket = current();
    $("current").hidden = !ticket;
    $("current-empty").hidden = !!ticket;
    if (!ticket) return;
    $("current-code").textContent = ticket.code;
    var status = $("current-status");
    status.textContent = T.status[ticket.status] || ticket.status;
    status.className = "status status-" + ticket.status;
    $("current-service").textContent = ticket.service_name || "";
    $("current-priority").textContent = T.priority[ticket.priority] || ticket.priority;
    $("current-channel").textContent = T.channel[ticket.channel] || ticket.channel;
    var nik = $("current-nik");
    nik.textContent = ticket.nik_last4 ? "\u2022\u2022\u2022\u2022" + ticket.nik_last4 : T.nikNone;
    nik.className = ticket.nik_last4 ? "nik" : "nik-none";
    renderServed();
  }

  /* How long the applicant has been served, against the service's expected minutes
   * (Standar Pelayanan): amber past the target, red past half as long again. */
  var LATE_FACTOR = 1.5;
  function renderServed() {
    var el = $("current-served");
    var ticket = current();
    var started = ticket && ticket.status === "serving" && ticket.started_at
      ? new Date(ticket.started_at).getTime() : NaN;
    el.hidden = isNaN(started);
    if (el.hidden) return;
    var elapsed = Math.max(0, Date.now() - started);
    var minutes = Math.floor(elapsed / 60000);
    var target = (config.serviceMinutes || {})[String(ticket.service)];
    var level = "ok";
    if (target && elapsed > target * LATE_FACTOR * 60000) level = "late";
    else if (target && elapsed > target * 60000) level = "over";
    el.textContent = target
      ? format(T.served, { n: minutes, target: target })
      : format(T.servedNoTarget, { n: minutes });
    el.setAttribute("data-level", level);
  }

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    if (text !== undefined) td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function renderQueue() {
    var body = $("queue-body");
    var focused = document.activeElement && body.contains(document.activeElement)
      ? document.activeElement.getAttribute("data-call") : null;
    var callable = !inFlight && allowed("call");
    var rows = document.createDocumentFragment();
    model.queue.forEach(function (ticket) {
      var row = document.createElement("tr");
      cell(row, ticket.code, "code");
      cell(row, ticket.service_name || "");
      var priority = cell(row);
      var badge = document.createElement("span");
      badge.textContent = T.priority[ticket.priority] || ticket.priority;
      badge.className = ticket.priority === "regular" ? "prio-regular" : "prio prio-" + ticket.priority;
      priority.appendChild(badge);
      cell(row, T.channel[ticket.channel] || ticket.channel);
      var queued = ticket.checked_in_at || ticket.issued_at;
      var waited = cell(row);
      waited.textContent = clock(queued);
      var ago = document.createElement("span");
      ago.className = "ago";
      ago.textContent = since(queued);
      waited.appendChild(ago);
      var action = cell(row);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-small";
      button.textContent = T.call;
      button.setAttribute("data-call", ticket.token);
      button.setAttribute("data-code", ticket.code);
      button.setAttribute("aria-label", format(T.callThis, { code: ticket.code }));
      button.disabled = !callable;
      action.appendChild(button);
      rows.appendChild(row);
    });
    body.replaceChildren(rows);
    $("queue-empty").hidden = model.queue.length > 0;
    if (focused) {
      // Redrawing must not throw the keyboard user's focus back to the top.
      var again = body.querySelector('[data-call="' + CSS.escape(focused) + '"]');
      if (again && !again.disabled) again.focus();
    }
  }

  function renderCounts() {
    var counts = model.counts || {};
    document.querySelectorAll("[data-count]").forEach(function (el) {
      var key = el.getAttribute("data-count");
      if (counts[key] !== undefined) el.textContent = counts[key];
    });
  }

  function render() {
    renderState();
    renderCurrent();
    renderQueue();
    renderCounts();
    renderButtons();
  }

  // --- actions ---------------------------------------------------------------

  function ticketUrl(step) {
    return config.ticketApi + encodeURIComponent(current().token) + "/" + step + "/";
  }

  var actions = {
    "open": function () {
      return run(function () {
        return post(config.api + "open/").then(function () { showNotice(T.opened); });
      });
    },
    "pause": function () { openDialog($("pause-dialog")); },
    "resume": function () {
      return run(function () {
        return post(config.api + "resume/").then(function () { showNotice(T.resumed); });
      });
    },
    "close": function () {
      if (!window.confirm(T.closeConfirm)) return;
      return run(function () {
        return post(config.api + "close/").then(function () { showNotice(T.closed); });
      });
    },
    "call-next": function () {
      return run(function () {
        return post(config.api + "call-next/").then(function (answer) {
          if (answer.status === 204) showNotice(T.noQueue);
          else showNotice(format(T.called, { code: answer.data.code }));
        });
      });
    },
    "recall": function () {
      return run(function () {
        return post(config.api + "recall/").then(function (answer) {
          showNotice(format(T.recalled, { code: answer.data.code }));
        });
      });
    },
    "start": function () {
      return run(function () {
        return post(ticketUrl("start")).then(function (answer) {
          showNotice(format(T.started, { code: answer.data.code }));
        });
      });
    },
    "finish": function () {
      return run(function () {
        return post(ticketUrl("finish")).then(function (answer) {
          var data = answer.data || {};
          // A journey's stage before the last: the same ticket now waits in the next line.
          if (data.journey && data.status === "waiting") {
            showNotice(format(T.journeyNext, { code: data.code, service: data.service_name }));
          } else showNotice(format(T.finished, { code: data.code }));
          // The document handed over later, if any (console_documents.js).
          document.dispatchEvent(new CustomEvent("console:finished", { detail: data }));
        });
      });
    },
    "no-show": function () {
      return run(function () {
        return post(ticketUrl("no-show")).then(function (answer) {
          showNotice(format(T.noShow, { code: answer.data.code }));
        });
      });
    },
    "transfer": function () {
      $("transfer-code").textContent = current() ? current().code : "";
      var search = $("transfer-search");
      search.value = "";
      filterServices("");
      openDialog($("transfer-dialog"), search);
    }
  };

  function callOne(token, code) {
    return run(function () {
      return post(config.api + "call/", { token: token }).then(function (answer) {
        showNotice(format(T.called, { code: answer.data.code || code }));
      });
    });
  }

  // --- dialogs ---------------------------------------------------------------

  var lastFocus = null;
  function openDialog(dialog, focus) {
    lastFocus = document.activeElement;
    var error = dialog.querySelector(".dialog-error");
    if (error) error.textContent = "";
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    (focus || dialog.querySelector("input, select, button")).focus();
  }
  function closeDialog(dialog) {
    if (typeof dialog.close === "function") dialog.close();
    else dialog.removeAttribute("open");
  }
  function anyDialogOpen() { return !!document.querySelector("dialog[open]"); }
  document.querySelectorAll("dialog").forEach(function (dialog) {
    dialog.addEventListener("close", function () {
      if (lastFocus && document.contains(lastFocus) && !lastFocus.disabled) lastFocus.focus();
    });
    dialog.querySelectorAll("[data-close]").forEach(function (button) {
      button.addEventListener("click", function () { closeDialog(dialog); });
    });
  });

  // Pause: a preset or a reason of one's own.
  var pauseForm = $("pause-form");
  var pauseOther = $("pause-other");
  pauseOther.addEventListener("input", function () {
    if (pauseOther.value.trim()) $("pause-other-choice").checked = true;
  });
  pauseForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = pauseForm.querySelector('input[name="reason"]:checked');
    var reason = chosen && chosen.value ? chosen.value : pauseOther.value.trim();
    if (!reason) { showError(T.reasonRequired); pauseOther.focus(); return; }
    run(function () {
      return post(config.api + "pause/", { reason: reason }).then(function () {
        closeDialog($("pause-dialog"));
        pauseOther.value = "";
        showNotice(format(T.paused, { reason: reason }));
      });
    });
  });

  // Transfer: every service of every agency, grouped, filtered as one types.
  var transferSelect = $("transfer-service");
  var serviceGroups = Array.prototype.map.call(transferSelect.querySelectorAll("optgroup"), function (group) {
    return {
      label: group.label,
      options: Array.prototype.map.call(group.querySelectorAll("option"), function (option) {
        return { value: option.value, text: option.textContent, disabled: option.disabled };
      })
    };
  });
  function normalize(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function filterServices(query) {
    var words = normalize(query).split(/\s+/).filter(Boolean);
    var selected = transferSelect.value;
    var fragment = document.createDocumentFragment();
    var shown = 0;
    serviceGroups.forEach(function (group) {
      var haystackGroup = normalize(group.label);
      var matches = group.options.filter(function (option) {
        var haystack = haystackGroup + " " + normalize(option.text);
        return words.every(function (word) { return haystack.indexOf(word) !== -1; });
      });
      if (!matches.length) return;
      var optgroup = document.createElement("optgroup");
      optgroup.label = group.label;
      matches.forEach(function (option) {
        var el = document.createElement("option");
        el.value = option.value;
        el.textContent = option.text;
        el.disabled = option.disabled;  // a line under a planned closure (see the page)
        if (option.value === selected) el.selected = true;
        optgroup.appendChild(el);
        shown += 1;
      });
      fragment.appendChild(optgroup);
    });
    transferSelect.replaceChildren(fragment);
    if (transferSelect.selectedIndex < 0 && shown === 1 && !transferSelect.options[0].disabled) {
      transferSelect.selectedIndex = 0;
    }
    $("transfer-nomatch").hidden = shown > 0;
  }
  $("transfer-search").addEventListener("input", function (event) { filterServices(event.target.value); });
  $("transfer-search").addEventListener("keydown", function (event) {
    // Down arrow from the search box goes to the list, as in a combobox.
    if (event.key === "ArrowDown" && transferSelect.options.length) {
      event.preventDefault();
      if (transferSelect.selectedIndex < 0) transferSelect.selectedIndex = 0;
      transferSelect.focus();
    }
  });
  transferSelect.addEventListener("dblclick", function () {
    if (transferSelect.value) $("transfer-form").requestSubmit();
  });
  $("transfer-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var option = transferSelect.options[transferSelect.selectedIndex];
    if (!option || option.disabled) { showError(T.serviceRequired); transferSelect.focus(); return; }
    if (!current()) { closeDialog($("transfer-dialog")); return; }
    var code = current().code;
    run(function () {
      return post(ticketUrl("transfer"), { service: Number(option.value) }).then(function () {
        closeDialog($("transfer-dialog"));
        showNotice(format(T.transferred, { code: code, service: option.textContent }));
      });
    });
  });

  // Assisted ticket: a walk-in number issued at the counter.
  var assistForm = $("assist-form");
  assistForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var submit = assistForm.querySelector('button[type="submit"]');
    var body = {
      service: Number($("assist-service").value),
      priority: $("assist-priority").value
    };
    submit.disabled = true;
    clearMessages();
    post(config.issueUrl, body).then(function (answer) {
      var ticket = answer.data;
      $("assist-code").textContent = ticket.code;
      $("assist-service-name").textContent = ticket.service_name || "";
      $("assist-link").href = format(config.ticketPage, { token: encodeURIComponent(ticket.token) });
      $("assist-result").hidden = false;
      showNotice(format(T.issued, { code: ticket.code }));
      scheduleRefresh();
    }).catch(function (error) {
      showError(error.message);
    }).then(function () { submit.disabled = false; });
  });

  // --- wiring ----------------------------------------------------------------

  Object.keys(actions).forEach(function (action) {
    buttons(action).forEach(function (button) {
      button.addEventListener("click", function () { if (!button.disabled) actions[action](); });
    });
  });
  $("queue-body").addEventListener("click", function (event) {
    var button = event.target.closest("[data-call]");
    if (button && !button.disabled) callOne(button.getAttribute("data-call"), button.getAttribute("data-code"));
  });

  var SHORTCUTS = { n: "call-next", r: "recall", s: "start", f: "finish", x: "no-show", t: "transfer", p: "pause" };
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  function interactive(el) {
    return !!(el && el.closest && el.closest("button, a[href], summary, [role=button], label"));
  }
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (anyDialogOpen() || typing(event.target)) return;
    var action;
    if (event.key === " " || event.key === "Spacebar") {
      // Space on a focused button presses that button, as everywhere else.
      if (interactive(event.target)) return;
      action = "call-next";
    } else {
      action = SHORTCUTS[String(event.key).toLowerCase()];
    }
    if (!action) return;
    event.preventDefault();
    if (event.repeat) return;
    var button = buttons(action)[0];
    if (button && !button.disabled) button.click();
  });

  // The booth's state and alerts: static/counters/booth_state.js.
  var booth = window.MppBoothState || { set: function () {}, alert: function () {} };

  // --- live ------------------------------------------------------------------

  function setLive(online) {
    var badge = $("live-badge");
    badge.textContent = online ? T.online : T.offline;
    badge.className = "live " + (online ? "live-online" : "live-offline");
    // While the socket is down, poll so the queue does not silently go stale.
    clearInterval(pollTimer);
    pollTimer = online ? null : setInterval(function () {
      if (!inFlight) refresh().catch(function () { /* shown when an action fails */ });
    }, 15000);
  }

  if (typeof window.LiveStream === "function") {
    live = new window.LiveStream(config.ws, {
      snapshot: function (data) {
        if (data.counter) model.state = data.counter;
        if (data.queue) model.queue = data.queue;
        if (data.booth) booth.set(data.booth);
        render();
        refreshCounts();
      },
      "counter.updated": scheduleRefresh,
      "line.updated": scheduleRefresh,
      "line.changed": scheduleRefresh,
      "booth.updated": function (data) { booth.set(data.booth); },
      "booth.alert": function (data) { booth.alert(data.alert); },
      online: function () { setLive(true); },
      offline: function () { setLive(false); }
    });
  } else {
    setLive(false);
  }

  render();
  setInterval(renderQueue, 30000); // "waiting since" ages
  setInterval(renderServed, 1000); // the served time counts up by the minute; check often
})();
