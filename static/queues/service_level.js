/* The lobby TV's service level (templates/queues/display.html, #d-sl): today's share of
 * applicants called within target, asked again every 30 s (a waiting applicant passes the
 * target without any event) and 3 s after each call static/queues/display.js shows. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("display-config").textContent);
  var POLL_MS = 30000;
  var AFTER_CALL_MS = 3000;
  var soon = null;

  function render(data) {
    var box = document.getElementById("d-sl");
    box.className = "d-sl sl-" + data.level;
    box.dataset.level = data.level;
    document.getElementById("d-sl-percent").textContent = data.percent === null ? "-" : data.percent + "%";
    document.getElementById("d-sl-word").textContent = data.label;
  }

  function refresh() {
    fetch(config.serviceLevelUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) render(data); })
      .catch(function () { /* offline: the badge says so; the next poll catches up */ });
  }

  document.addEventListener("display:called", function () {
    clearTimeout(soon);
    soon = setTimeout(refresh, AFTER_CALL_MS);
  });
  setInterval(refresh, POLL_MS);
})();
