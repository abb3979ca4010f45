/* Alive signal of a lobby display or kiosk for the manager's dashboard, which lists
 * devices silent for over 2 minutes. Usage: mppHeartbeat("display", label).
 *
 * Only a device the admin registered beats: its setup URL carries its token once
 * (/display/?device=<token>); the token is kept in localStorage and taken out of the
 * address bar at once (so it is not shown on the TV or sent on as a referrer). A page
 * without a token does not beat; a revoked token is forgotten on the first refusal.
 *
 * So that a manager can tell two silent devices apart, each beat also says the page shown
 * (a lobby screen's ?agency= or ?floor=) and a name given on the device itself: open it
 * once with ?device_name=Lobi%20Timur and the name is kept (an empty value forgets it).
 * A kiosk's account is known from its session cookie. */
(function () {
  "use strict";
  var KEY = "mpp-device-token";
  var NAME_KEY = "mpp-device-name";
  var remember = function (key, value) {
    try {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    } catch (e) { /* private mode: kept for this page only */ }
  };
  var recall = function (key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  };
  var token = recall(KEY);
  var name = recall(NAME_KEY) || "";

  // Runs as this script loads, before the page's own script reads location.search.
  var params = new URLSearchParams(location.search);
  if (params.has("device_name")) {
    name = (params.get("device_name") || "").trim().slice(0, 60);
    remember(NAME_KEY, name);
  }
  if (params.has("device")) {
    token = params.get("device") || null;
    remember(KEY, token);
    params.delete("device");
    var rest = params.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
  }

  window.mppHeartbeat = function () {
    if (!token) return;
    var timer = null;
    var beat = function () {
      fetch("/api/v1/devices/heartbeat/", {
        method: "POST",
        headers: { "Authorization": "Device " + token, "Content-Type": "application/json" },
        body: JSON.stringify({
          name: name,
          page: (location.pathname + location.search).slice(0, 200)
        }),
        credentials: "same-origin"
      }).then(function (response) {
        if (response.status === 401 || response.status === 403) {
          // Revoked (or a typo in the setup URL): stop, and stop for good.
          clearInterval(timer);
          remember(KEY, null);
        }
      }).catch(function () { /* offline: the dashboard will show it */ });
    };
    beat();
    timer = setInterval(beat, 30000);
  };
})();
