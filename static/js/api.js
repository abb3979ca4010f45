/* How page scripts talk to the server: one request, one reading of its refusal, one clock.
 *
 *   var api = MppApi.client({
 *     networkError: texts.networkError,     // no answer at all (and the last resort)
 *     serverError: texts.serverError,       // an answer with no message; "{status}" is filled in
 *     sessionExpired: texts.sessionExpired, // staff pages only: the login is gone
 *     labels: texts.fields,                 // field name -> label, for field errors
 *     csrfToken: config.csrfToken           // the token the page was rendered with
 *   });
 *   api.post(url, body, { idempotencyKey: key, form: true }).then(function (answer) {
 *     // answer: {ok, status, data, error, retryAfter}; it never rejects for a refusal
 *     // or a dropped network (status 0): `error` is the sentence to show.
 *   });
 *
 * The CSRF token is read here only: the cookie (still right after a login in another
 * tab rotated it), else the token the page was rendered with. A staff page (one that
 * passes sessionExpired) reads 401, a redirect to the login page and a 403 that is not
 * one of our refusals (Django's CSRF page, no {"code"}) as "your session ended".
 */
(function (global) {
  "use strict";

  function cookie(name) {
    var found = null;
    String(global.document.cookie || "").split(";").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0 && pair.slice(0, at).trim() === name) found = decodeURIComponent(pair.slice(at + 1).trim());
    });
    return found;
  }

  function csrfToken(rendered) {
    var field = global.document.querySelector("input[name=csrfmiddlewaretoken]");
    return cookie("csrftoken") || rendered || (field ? field.value : "");
  }

  /* A refusal as one sentence: {"detail"} (our errors carry a "code" beside it), field
   * errors {"field": ["message"]} (labelled when the page knows the field), or a list. */
  function errorText(data, fallback, labels) {
    if (data && typeof data === "object" && !Array.isArray(data)) {
      if (typeof data.detail === "string" && data.detail) return data.detail;
      var parts = [];
      Object.keys(data).forEach(function (key) {
        if (key === "code") return;
        var label = labels && labels[key];
        (Array.isArray(data[key]) ? data[key] : [data[key]]).forEach(function (message) {
          if (typeof message !== "string") message = JSON.stringify(message);
          parts.push(label ? label + ": " + message : message);
        });
      });
      if (parts.length) return parts.join(" ");
    }
    if (Array.isArray(data) && data.length) return data.join(" ");
    return fallback;
  }

  function answer(page, response, data) {
    var loginPage = response.redirected && /\/login\//.test(response.url);
    var result = {
      ok: response.ok && !loginPage,
      status: response.status,
      data: data,
      error: null,
      retryAfter: Number(response.headers.get("Retry-After")) || 0
    };
    if (result.ok) return result;
    if (page.sessionExpired && (loginPage || response.status === 401 ||
        (response.status === 403 && !(data && data.code)))) {
      result.status = 401;
      result.error = page.sessionExpired;
      return result;
    }
    var fallback = String(page.serverError || page.networkError).replace("{status}", response.status);
    result.error = errorText(data, fallback, page.labels);
    return result;
  }

  function Client(options) {
    this.options = options || {};
  }

  Client.prototype.request = function (method, url, body, options) {
    var page = this.options;
    options = options || {};
    var headers = {
      "Accept": "application/json",
      "Accept-Language": global.document.documentElement.lang || "id"
    };
    if (method !== "GET") headers["X-CSRFToken"] = csrfToken(page.csrfToken);
    if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
    var init = { method: method, credentials: "same-origin", headers: headers };
    if (body !== undefined && options.form) {
      init.body = new URLSearchParams(body);
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return global.fetch(url, init).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return answer(page, response, data);
      });
    }, function () {
      return { ok: false, status: 0, data: null, error: page.networkError, retryAfter: 0 };
    });
  };

  Client.prototype.get = function (url) { return this.request("GET", url); };
  Client.prototype.post = function (url, body, options) {
    return this.request("POST", url, body === undefined ? {} : body, options);
  };

  /* HH:MM in the given zone (the mall's, as the server writes times: Django's "H:i"). */
  var formats = {};
  function clock(iso, zone) {
    if (!iso) return "";
    var when = new Date(iso);
    if (isNaN(when.getTime())) return "";
    var lang = global.document.documentElement.lang || "id";
    var key = lang + " " + zone;
    if (!formats[key]) {
      var shape = { hour: "2-digit", minute: "2-digit", hour12: false };
      try {
        formats[key] = new Intl.DateTimeFormat(lang, Object.assign({ timeZone: zone }, shape));
      } catch (e) {
        formats[key] = new Intl.DateTimeFormat(lang, shape); // an unknown zone: the device's
      }
    }
    var parts = {};
    formats[key].formatToParts(when).forEach(function (part) { parts[part.type] = part.value; });
    return (parts.hour === "24" ? "00" : parts.hour) + ":" + parts.minute;
  }

  global.MppApi = {
    client: function (options) { return new Client(options); },
    csrfToken: csrfToken,
    errorText: errorText,
    clock: clock
  };
})(window);
