/* The officer's booth as the dashboard sees it (templates/counters/_booth_state.html):
 * its state and open alerts, redrawn from the console's live stream (the snapshot's
 * booth, booth.updated and booth.alert; see static/counters/console.js). No names
 * ever come here. Used as window.MppBoothState.set(booth) and .alert(alert).
 */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  var texts = $("booth-state-texts") ? JSON.parse($("booth-state-texts").textContent) : null;
  var booth = null;

  function render() {
    var section = $("booth-state");
    if (!section || !texts || !booth) return;
    section.setAttribute("data-state", booth.state);
    section.className = "booth-state-note booth-state-" + booth.state;
    $("booth-state-label").textContent = booth.label + ":";
    $("booth-state-word").textContent = texts.states[booth.state] || booth.state;
    var items = (booth.alerts || []).map(function (alert) {
      var li = document.createElement("li");
      li.className = "booth-alert kind-" + alert.kind;
      li.setAttribute("data-alert-id", alert.id);
      li.setAttribute("data-kind", alert.kind);
      var kind = document.createElement("strong");
      kind.textContent = texts.kinds[alert.kind] || alert.kind;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(
        " \u2014 " + (texts.reasons[alert.reason] || alert.reason || "")));
      return li;
    });
    $("booth-state-alerts").replaceChildren.apply($("booth-state-alerts"), items);
    var hint = $("booth-state-hint");
    hint.hidden = !items.length;
    hint.textContent = items.length ? texts.notified : "";
  }

  window.MppBoothState = {
    set: function (data) {
      if (data && data.id !== undefined) { booth = data; render(); }
    },
    /* An alert opened, closed or acknowledged: the booth.updated that follows a change
     * of state carries the truth; meanwhile keep the list in step. */
    alert: function (alert) {
      if (!booth || !alert || alert.booth !== booth.id) return;
      var others = (booth.alerts || []).filter(function (a) { return a.id !== alert.id; });
      if (!alert.closed_at) others.push({ id: alert.id, kind: alert.kind, reason: alert.reason });
      booth.alerts = others;
      render();
    }
  };
})();
