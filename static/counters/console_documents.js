/* The officer's console, documents handed over later (berkas, documents/).
 *
 * After "Selesai" (console.js sends `console:finished` with the ticket) the console
 * offers to open a document for that visit: expected day and a staff note, then the
 * code to give the resident. A side form moves a document on by its code: ready when it
 * arrives, collected when handed over, or cancelled.
 */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  var config = JSON.parse($("console-config").textContent);
  var D = config.documents;
  var T = D.texts;
  var api = window.MppApi.client({
    networkError: config.texts.networkError, serverError: config.texts.serverError,
    sessionExpired: config.texts.sessionExpired, labels: T.fields, csrfToken: config.csrfToken
  });
  var finished = null; // the ticket just finished: {token, code}

  function format(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (match, key) {
      return values[key] !== undefined ? values[key] : match;
    });
  }

  function notice(message) {
    $("console-error").textContent = "";
    $("console-notice").textContent = message;
  }

  function error(message, where) {
    (where || $("console-error")).textContent = message;
  }

  document.addEventListener("console:finished", function (event) {
    finished = { token: event.detail.token, code: event.detail.code };
    $("document-offer-text").textContent = format(T.offer, { code: finished.code });
    $("document-offer").hidden = false;
  });

  $("document-open").addEventListener("click", function () {
    if (!finished) return;
    $("document-ticket").textContent = finished.code;
    var expected = $("document-expected");
    expected.min = D.today;
    if (!expected.value || expected.value < D.today) expected.value = D.today;
    $("document-form").querySelector(".dialog-error").textContent = "";
    $("document-dialog").showModal();
    expected.focus();
  });

  $("document-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var dialog = $("document-dialog");
    var submit = dialog.querySelector('button[type="submit"]');
    var body = { expected_ready: $("document-expected").value, note: $("document-note").value };
    submit.disabled = true;
    api.post(format(D.openUrl, { token: encodeURIComponent(finished.token) }), body)
      .then(function (answer) {
        if (!answer.ok) {
          error(answer.error, dialog.querySelector(".dialog-error"));
          return;
        }
        dialog.close();
        $("document-note").value = "";
        $("document-offer").hidden = true;
        notice(format(T.opened, { ticket: finished.code, code: answer.data.code }));
        finished = null;
      })
      .then(function () { submit.disabled = false; });
  });

  $("document-status-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = $("document-status-code").value.trim();
    if (!code) { error(T.codeRequired); $("document-status-code").focus(); return; }
    var form = event.target;
    var submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    api.post(format(D.statusUrl, { code: encodeURIComponent(code) }),
      { status: $("document-status-value").value, note: "" })
      .then(function (answer) {
        if (!answer.ok) { error(answer.error); return; }
        $("document-status-code").value = "";
        notice(format(T.moved, { code: answer.data.code, status: answer.data.status_label }));
      })
      .then(function () { submit.disabled = false; });
  });
})();
