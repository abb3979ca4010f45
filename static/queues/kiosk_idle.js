/* Every kiosk page goes back to the kiosk's home screen 60 s after the last touch, so a
   resident who walks away never leaves a half-typed complaint or survey for the next.
   Home keeps the screen's language and its ticket paper (?lang, ?paper). The paper
   width is only in the home screen's own address, so it is remembered from there. */
(function () {
  "use strict";

  var tools = document.getElementById("k-tools");
  // Not inside the hidden frame the ticket prints from.
  if (!tools || window.top !== window.self) return;

  var home = tools.getAttribute("data-home");
  var seconds = parseInt(tools.getAttribute("data-idle-seconds"), 10) || 60;
  var PAPER = "mpp-kiosk-paper";

  function store(value) {
    try {
      if (value) window.sessionStorage.setItem(PAPER, value);
      else window.sessionStorage.removeItem(PAPER);
    } catch (e) { /* storage off: home falls back to the default paper */ }
  }

  function paper() {
    try { return window.sessionStorage.getItem(PAPER) || ""; } catch (e) { return ""; }
  }

  if (window.location.pathname === home) {
    store(new URLSearchParams(window.location.search).get("paper"));
  }

  function homeUrl(lang) {
    var query = new URLSearchParams();
    query.set("lang", lang || tools.getAttribute("data-lang") || document.documentElement.lang);
    if (paper()) query.set("paper", paper());
    return home + "?" + query.toString();
  }

  // Links home from the other kiosk pages ("Selesai", "Batal") keep the paper as well.
  document.querySelectorAll("a[href]").forEach(function (link) {
    if (link.pathname === home && window.location.pathname !== home) {
      link.href = homeUrl(new URLSearchParams(link.search).get("lang"));
    }
  });

  // The home screen's own script (kiosk.js) resets it, voiding a ticket whose print failed.
  if (document.getElementById("kiosk-config")) return;

  var timer = null;
  function touched() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () { window.location.replace(homeUrl()); }, seconds * 1000);
  }
  ["pointerdown", "keydown", "input", "touchstart"].forEach(function (name) {
    document.addEventListener(name, touched, { capture: true, passive: true });
  });
  touched();
})();
