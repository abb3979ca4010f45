/* Alive signal of a lobby display or kiosk for the manager's dashboard, which lists
 * devices silent for over 2 minutes. Usage: mppHeartbeat("display", label).
 * The device id is kept in localStorage so a reload stays the same device. So that a
 * manager can tell two silent devices apart, each beat also says the page shown (a
 * lobby screen's ?agency= or ?floor=) and the name given to this device: open it once
 * with ?device_name=Lobi%20Timur and the name is kept (an empty value forgets it). A
 * kiosk's account is known from its session. */
(function () {
  "use strict";
  var remember = function (key, value) {
    try {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    } catch (e) { /* private mode: kept for this page only */ }
  };
  var recall = function (key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  };
  window.mppHeartbeat = function (kind, label) {
    var key = "mpp-device-id";
    var id = recall(key);
    if (!id) {
      id = kind + "-" + Math.random().toString(36).slice(2, 12);
      remember(key, id);
    }
    var given = new URLSearchParams(location.search).get("device_name");
    if (given !== null) remember("mpp-device-name", given.trim().slice(0, 60));
    var name = given !== null ? given.trim().slice(0, 60) : (recall("mpp-device-name") || "");
    var beat = function () {
      fetch("/api/v1/devices/heartbeat/", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          kind: kind,
          device: id,
          label: label.slice(0, 100),
          name: name,
          page: (location.pathname + location.search).slice(0, 200)
        }),
        credentials: "same-origin"
      }).catch(function () { /* offline: the dashboard will show it */ });
    };
    beat();
    setInterval(beat, 30000);
  };
})();
