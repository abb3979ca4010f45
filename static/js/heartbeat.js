/* Alive signal of a lobby display or kiosk for the manager's dashboard, which lists
 * devices silent for over 2 minutes. Usage: mppHeartbeat("display", label).
 *
 * Only a device the admin registered beats: its setup URL carries its token once
 * (/display/?device=<token>); the token is kept in localStorage and taken out of the
 * address bar at once (so it is not shown on the TV or sent on as a referrer). A page
 * without a token does not beat; a revoked token is forgotten on the first refusal. */
(function () {
  "use strict";
  var KEY = "mpp-device-token";
  var token = null;
  try { token = localStorage.getItem(KEY); } catch (e) { /* private mode */ }

  // Runs as this script loads, before the page's own script reads location.search.
  var params = new URLSearchParams(location.search);
  if (params.has("device")) {
    token = params.get("device") || null;
    try {
      if (token) localStorage.setItem(KEY, token);
      else localStorage.removeItem(KEY);
    } catch (e) { /* kept for this page only */ }
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
        headers: { "Authorization": "Device " + token },
        credentials: "omit"
      }).then(function (response) {
        if (response.status === 401 || response.status === 403) {
          // Revoked (or a typo in the setup URL): stop, and stop for good.
          clearInterval(timer);
          try { localStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
        }
      }).catch(function () { /* offline: the dashboard will show it */ });
    };
    beat();
    timer = setInterval(beat, 30000);
  };
})();
