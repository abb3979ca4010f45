/* Alive signal of a lobby display or kiosk for the manager's dashboard, which lists
 * devices silent for over 2 minutes. Usage: mppHeartbeat("display", label).
 * The device id is kept in localStorage so a reload stays the same device. */
(function () {
  "use strict";
  window.mppHeartbeat = function (kind, label) {
    var key = "mpp-device-id";
    var id = null;
    try { id = localStorage.getItem(key); } catch (e) { /* private mode: a new id per load */ }
    if (!id) {
      id = kind + "-" + Math.random().toString(36).slice(2, 12);
      try { localStorage.setItem(key, id); } catch (e) { /* kept for this page only */ }
    }
    var beat = function () {
      fetch("/api/v1/devices/heartbeat/", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ kind: kind, device: id, label: label.slice(0, 100) }),
        credentials: "omit"
      }).catch(function () { /* offline: the dashboard will show it */ });
    };
    beat();
    setInterval(beat, 30000);
  };
})();
