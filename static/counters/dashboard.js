/* The manager's floor view (/dashboard/): booths coloured by state, open alerts with
 * acknowledge-with-note, today's figures, waiting per agency and silent devices.
 *
 * The page comes rendered from the server's snapshot; LiveStream (/ws/manager/) then
 * sends a fresh snapshot on every (re)connect and `booth.updated` / `booth.alert`
 * events, and `complaint.escalated` (a complaint past its deadline) for the overdue
 * panel. Figures, waiting, devices, the service level and the overdue count are polled from
 * ?part=summary every 30 s and 2 s after booth events (figures change with every ticket).
 * Words come from #dashboard-config.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("dashboard-config").textContent);
  var texts = config.texts;
  var POLL_MS = 30000;
  var api = window.MppApi.client({
    networkError: texts.networkError, sessionExpired: texts.sessionExpired, csrfToken: config.csrfToken
  });

  var booths = {}; // id -> booth state
  var order = []; // booth ids as the server sorts them
  var alerts = {}; // open alerts by id
  var overdue = { count: 0, list: [] }; // open complaints past their deadline

  var $ = window.MppDom.$;
  var el = window.MppDom.el;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) {
      return values[key] !== undefined ? values[key] : m;
    });
  }

  function hhmm(iso) { return window.MppApi.clock(iso, config.zone); }

  function minutesSince(iso) {
    if (!iso) return null;
    return Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000));
  }

  // --- booths ---------------------------------------------------------------

  function boothTile(b) {
    var li = el("li", "booth state-" + b.state);
    li.dataset.boothId = b.id;
    li.dataset.state = b.state;
    li.appendChild(el("p", "booth-label", b.label));
    li.appendChild(el("p", "booth-agency", b.agency_name + " · " + fill(texts.floor, { floor: b.floor })));
    li.appendChild(el("p", "booth-state", texts.states[b.state] || b.state));
    var facts = fill(texts.counters, { open: b.counters_open, total: b.counters.length });
    facts += " · " + fill(texts.waiting, { n: b.waiting });
    var longest = minutesSince(b.oldest_queued_at);
    if (b.waiting && longest !== null) facts += " · " + fill(texts.longest, { n: longest });
    li.appendChild(el("p", "booth-facts", facts));
    return li;
  }

  function renderBooths() {
    var list = $("booths");
    list.replaceChildren.apply(list, order.filter(function (id) { return booths[id]; })
      .map(function (id) { return boothTile(booths[id]); }));
  }

  function updateBooth(b) {
    if (!booths[b.id]) order.push(b.id);
    booths[b.id] = b;
    var old = document.querySelector('#booths [data-booth-id="' + b.id + '"]');
    if (old) old.replaceWith(boothTile(b)); else renderBooths();
  }

  // --- alerts ---------------------------------------------------------------

  function alertItem(a) {
    var li = el("li", "alert-item kind-" + a.kind);
    li.dataset.alertId = a.id;
    var title = el("p", "alert-title");
    title.appendChild(el("strong", null, a.booth_label));
    title.appendChild(document.createTextNode(" · " + (texts.kinds[a.kind] || a.kind)));
    li.appendChild(title);
    var reason = texts.reasons[a.reason] || a.reason;
    li.appendChild(el("p", "alert-meta", reason + " · " + fill(texts.since, { time: hhmm(a.opened_at) })));
    if (a.acknowledged_by) {
      li.appendChild(el("p", "alert-ack", fill(texts.acknowledgedBy, { name: a.acknowledged_by, note: a.note })));
      return li;
    }
    var form = el("form", "ack-form");
    form.dataset.alertId = a.id;
    var id = "note-" + a.id;
    var label = el("label", null, texts.note);
    label.htmlFor = id;
    var input = el("input");
    input.id = id;
    input.name = "note";
    input.maxLength = 1000;
    input.required = true;
    var button = el("button", "btn", texts.acknowledge);
    button.type = "submit";
    form.append(label, input, button);
    li.appendChild(form);
    return li;
  }

  function renderAlerts() {
    var list = $("alerts");
    var open = Object.keys(alerts).map(function (k) { return alerts[k]; });
    open.sort(function (a, b) { return a.opened_at < b.opened_at ? 1 : a.opened_at > b.opened_at ? -1 : b.id - a.id; });
    // Keep a note being typed: re-render only the items that changed.
    var focused = document.activeElement && document.activeElement.id;
    var typed = {};
    list.querySelectorAll("input[name=note]").forEach(function (i) { typed[i.id] = i.value; });
    if (!open.length) {
      list.replaceChildren(el("li", "empty-note", texts.noAlerts));
    } else {
      list.replaceChildren.apply(list, open.map(alertItem));
    }
    Object.keys(typed).forEach(function (id) { var i = $(id); if (i) i.value = typed[id]; });
    if (focused && $(focused)) $(focused).focus();
    $("alerts-count").textContent = String(open.length);
  }

  function updateAlert(a) {
    if (a.closed_at) delete alerts[a.id]; else alerts[a.id] = a;
    renderAlerts();
  }

  // --- complaints past their deadline -------------------------------------------

  var LISTED = 5;

  function overdueItem(c, fresh) {
    var li = el("li", "overdue-item" + (fresh ? " is-new" : ""));
    li.dataset.code = c.code;
    var link = el("a", null, c.code);
    link.href = config.complaintUrl.replace("{code}", encodeURIComponent(c.code));
    li.appendChild(link);
    var category = texts.categories[c.category] || c.category;
    li.appendChild(document.createTextNode(" · " + category + " · " + (c.agency_name || texts.noAgency) + " · "));
    li.appendChild(el("span", "nowrap", fill(texts.dueAt, { date: String(c.due_at || "").slice(0, 10) })));
    return li;
  }

  function renderOverdue(freshCode) {
    var list = $("overdue-list");
    if (!list) return;
    var count = $("overdue-count");
    count.textContent = String(overdue.count);
    count.dataset.count = String(overdue.count);
    if (!overdue.list.length) {
      list.replaceChildren(el("li", "empty-note", texts.noOverdue));
      return;
    }
    list.replaceChildren.apply(list, overdue.list.map(function (c) {
      return overdueItem(c, c.code === freshCode);
    }));
  }

  function setOverdue(data) {
    if (!data) return;
    overdue = { count: data.overdue_count || 0, list: (data.overdue || []).slice(0, LISTED) };
    renderOverdue();
  }

  /* complaint.escalated: new to us, it is one more overdue complaint (the summary poll
   * and every snapshot bring the exact count back anyway). */
  function escalated(c) {
    if (!c || !c.code) return;
    var known = overdue.list.some(function (o) { return o.code === c.code; });
    if (known) return;
    overdue.count += 1;
    overdue.list = [c].concat(overdue.list).slice(0, LISTED);
    renderOverdue(c.code);
    $("dash-notice").textContent = fill(texts.escalated, { code: c.code });
    // Escalations come in batches (a beat run): then one exact count from the server.
    recountSoon();
  }
  var recount = null;

  /* Figures and the service level move with calls, which change booths: a summary 2 s
   * after an event, at most one per 2 s however busy the mall (events meanwhile ride
   * along; an answer older than the last event is dropped and the next one follows). */
  function recountSoon() {
    pollGeneration += 1;
    if (recount) return;
    recount = setTimeout(function () { recount = null; poll(); }, 2000);
  }

  // --- figures, waiting, devices --------------------------------------------

  /* One silent device, told apart from the others (the same line as
   * templates/counters/_device.html): its name, kiosk account, or the agency or floor a
   * lobby screen shows; then its address, the end of its id and when it was last heard. */
  function deviceItem(d) {
    var where = d.name || d.account || d.agency_name ||
      (d.floor ? fill(texts.deviceFloor, { floor: d.floor }) : "") ||
      (d.kind === "display" ? texts.wholeMall : (d.label || d.device));
    // With a name shown, the account and the agency or floor still tell it apart.
    var extra = d.name ? [d.account, d.agency_name ||
      (d.floor ? fill(texts.deviceFloor, { floor: d.floor }) : "")] : [];
    var meta = extra.filter(Boolean).map(function (s) { return s + " · "; }).join("") +
      (d.address ? d.address + " · " : "") + "#" + (d.short_id || "") + " · " +
      fill(texts.lastSeen, { time: hhmm(d.last_seen) }) + " · " +
      fill(texts.silentFor, { n: d.silent_minutes });
    var li = el("li", "device");
    li.append(
      el("strong", "device-where", where), " ",
      el("span", "device-kind", texts.deviceKinds[d.kind] || d.kind), " ",
      el("span", "device-meta", meta)
    );
    return li;
  }

  function renderSummary(data) {
    if (data.complaints) setOverdue(data.complaints);
    // static/monitoring/service_levels.js renders the service level from the same data.
    document.dispatchEvent(new CustomEvent("dashboard:summary", { detail: data }));
    var figures = data.figures || {};
    document.querySelectorAll("#figures [data-figure]").forEach(function (dd) {
      var value = figures[dd.dataset.figure];
      dd.textContent = value === null || value === undefined ? texts.none : String(value);
    });
    var body = $("waiting");
    var rows = (data.waiting || []).map(function (w) {
      var tr = el("tr");
      tr.append(el("td", null, w.agency_name), el("td", null, w.count), el("td", null, w.longest_wait_minutes));
      return tr;
    });
    if (!rows.length) {
      var tr = el("tr");
      var td = el("td", "empty-note", texts.noWaiting);
      td.colSpan = 3;
      tr.appendChild(td);
      rows = [tr];
    }
    body.replaceChildren.apply(body, rows);
    var devices = $("devices");
    if (devices) {
      var items = (data.devices || []).map(deviceItem);
      if (!items.length) items = [el("li", "empty-note", texts.noDevices)];
      devices.replaceChildren.apply(devices, items);
    }
  }

  function applySnapshot(data) {
    booths = {};
    order = [];
    (data.booths || []).forEach(function (b) { booths[b.id] = b; order.push(b.id); });
    alerts = {};
    (data.alerts || []).forEach(function (a) { alerts[a.id] = a; });
    renderBooths();
    renderAlerts();
    renderSummary(data);
  }

  // A summary asked for before a live event may answer after it with older figures:
  // such an answer is dropped (the recount that follows the event brings the new ones).
  var pollGeneration = 0;

  function poll() {
    var generation = pollGeneration;
    // A failure needs no word: the socket badge already says we are offline.
    api.get(config.summaryUrl).then(function (answer) {
      if (answer.ok && answer.data && generation === pollGeneration) renderSummary(answer.data);
    });
  }

  // --- acknowledge ------------------------------------------------------------

  function showError(text) { $("dash-error").textContent = text || ""; }

  $("alerts").addEventListener("submit", function (event) {
    var form = event.target.closest(".ack-form");
    if (!form) return;
    event.preventDefault();
    var input = form.querySelector("input[name=note]");
    var note = input.value.trim();
    if (!note) { showError(texts.noteRequired); input.focus(); return; }
    var button = form.querySelector("button");
    button.disabled = true;
    api.post(config.ackUrl.replace("{id}", form.dataset.alertId), { note: note }).then(function (answer) {
      button.disabled = false;
      showError(answer.error);
      if (!answer.ok) return;
      $("dash-notice").textContent = texts.acknowledged;
      if (alerts[answer.data.id]) updateAlert(answer.data);
    });
  });

  // --- live -------------------------------------------------------------------

  function badge(state, text) {
    var node = $("live-badge");
    node.className = "live live-" + state;
    node.textContent = text;
  }

  applySnapshot(config.snapshot);
  if (window.LiveStream) {
    new window.LiveStream(config.ws, {
      online: function () { badge("online", texts.online); },
      offline: function () { badge("offline", texts.offline); },
      refused: function () { badge("offline", texts.refused); },
      snapshot: applySnapshot,
      "booth.updated": function (data) {
        if (data.booth) updateBooth(data.booth);
        recountSoon();
      },
      "booth.alert": function (data) { if (data.alert) updateAlert(data.alert); },
      "complaint.escalated": function (data) { escalated(data.complaint); }
    });
  }
  setInterval(poll, POLL_MS);
  // Minutes waited grow without events.
  setInterval(renderBooths, 60000);
})();
