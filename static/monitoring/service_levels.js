/* The dashboard's service level and staffing panels (templates/monitoring/_service_levels.html).
 *
 * Service level: today's share of applicants called within target, in total and per
 * agency, re-rendered from every summary the dashboard receives (its snapshot on each
 * socket (re)connect, the 30 s poll and the recount after each live event:
 * static/counters/dashboard.js sends them as "dashboard:summary").
 * Staffing: the next open day's counters needed (GET /api/v1/reports/staffing/) per
 * service at its busiest hour, beside the counters opened today; gaps are flagged.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("dashboard-config").textContent);
  var texts = config.staffingTexts;
  var MAX_ROWS = 12;
  var api = window.MppApi.client({
    networkError: texts.staffingError, sessionExpired: config.texts.sessionExpired,
    csrfToken: config.csrfToken
  });

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) {
      return values[key] !== undefined ? values[key] : m;
    });
  }

  function emptyRow(columns, text) {
    var tr = el("tr");
    var td = el("td", "empty-note", text);
    td.colSpan = columns;
    tr.appendChild(td);
    return tr;
  }

  // --- service level ----------------------------------------------------------

  function renderLevels(levels) {
    if (!levels) return;
    var total = levels.total;
    var box = $("sl-total");
    box.className = "sl-total sl-" + total.level;
    box.dataset.level = total.level;
    $("sl-percent").textContent = total.percent === null ? "-" : total.percent + "%";
    $("sl-level").textContent = texts.levels[total.level];
    $("sl-detail").textContent = total.counted ? texts.serviceLevelOf
      .replace("%(within)s", total.within_target)
      .replace("%(counted)s", total.counted) : texts.noServiceLevel;
    var rows = levels.agencies.map(function (row) {
      var tr = el("tr");
      tr.dataset.level = row.level;
      var name = el("td");
      name.append(el("span", "sl-dot sl-" + row.level), row.agency_name);
      tr.append(name, el("td", null, row.percent + "%"), el("td", null, row.counted));
      return tr;
    });
    if (!rows.length) rows = [emptyRow(3, texts.noServiceLevel)];
    var body = $("sl-agencies");
    body.replaceChildren.apply(body, rows);
  }

  document.addEventListener("dashboard:summary", function (event) {
    renderLevels(event.detail.service_levels);
  });
  renderLevels(config.snapshot.service_levels);

  // --- staffing ---------------------------------------------------------------

  /* Per service: its busiest hour's need, the plan, and the hours short of counters. */
  function byService(rows) {
    var services = {};
    var order = [];
    rows.forEach(function (row) {
      var s = services[row.service];
      if (!s) {
        s = services[row.service] = {
          name: row.service_name, agency: row.agency_name, needed: 0, planned: row.counters_planned,
          gap: 0, hours: []
        };
        order.push(row.service);
      }
      s.needed = Math.max(s.needed, row.counters_needed);
      s.gap = Math.max(s.gap, row.gap);
      if (row.gap > 0) s.hours.push(("0" + row.hour).slice(-2) + ":00");
    });
    return order.map(function (id) { return services[id]; }).filter(function (s) {
      return s.needed > 0;
    }).sort(function (a, b) { return b.gap - a.gap || b.needed - a.needed; });
  }

  function renderStaffing(rows) {
    var all = byService(rows);
    var short = all.filter(function (s) { return s.gap > 0; }).length;
    // The gaps first; a mall-wide list is cut, the API and the report hold every row.
    var services = all.slice(0, Math.max(MAX_ROWS, short));
    var badge = $("staffing-gaps");
    badge.hidden = !short;
    badge.textContent = fill(texts.staffingGaps, { n: short });
    var trs = services.map(function (s) {
      var tr = el("tr", s.gap ? "staffing-gap" : null);
      var name = el("td");
      name.append(el("strong", null, s.name), el("span", "staffing-agency", s.agency));
      var gap = el("td", null, s.gap ? "+" + s.gap : texts.noGap);
      if (s.gap) gap.title = fill(texts.gapHours, { hours: s.hours.join(", ") });
      tr.append(name, el("td", null, s.needed), el("td", null, s.planned), gap);
      if (s.gap) {
        var hours = el("span", "staffing-hours", fill(texts.gapHours, { hours: s.hours.join(", ") }));
        name.appendChild(hours);
      }
      return tr;
    });
    if (!trs.length) trs = [emptyRow(4, texts.noForecast)];
    if (all.length > services.length) {
      trs.push(emptyRow(4, fill(texts.moreServices, { n: all.length - services.length })));
    }
    var body = $("staffing-rows");
    body.replaceChildren.apply(body, trs);
  }

  if (config.staffingUrl) {
    api.get(config.staffingUrl).then(function (answer) {
      if (answer.ok) renderStaffing(answer.data || []);
      else $("staffing-rows").replaceChildren(emptyRow(4, answer.error || texts.staffingError));
    });
  }
})();
