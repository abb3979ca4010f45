/* The kiosk's on-screen keyboard: a touch-only kiosk has no physical one. It opens when a
   text field gets focus, docked at the bottom, and scrolls the field above itself.
   Three layouts, chosen per field (data-keyboard, else guessed from the field):
   - "code": capitals, digits and "-" (a queue code such as A-007);
   - "digits": a phone keypad (type=tel, inputmode tel/numeric);
   - "text": a full keyboard with a symbols page (text areas, names).
   Keys never take focus (mousedown is cancelled), so the caret stays in the field;
   typing fires the field's `input` event like a real key would. */
(function () {
  "use strict";

  var kb = document.getElementById("kb");
  if (!kb) return;

  var BACKSPACE = { act: "backspace", text: "\u232b", wide: 1.5 };
  var ROW_DIGITS = "1234567890".split("");
  var LAYOUTS = {
    code: [
      ROW_DIGITS,
      "QWERTYUIOP".split(""),
      "ASDFGHJKL-".split(""),
      "ZXCVBNM".split("").concat([BACKSPACE]),
      [{ act: "close", wide: 3 }, { act: "enter", wide: 7 }],
    ],
    digits: [
      ["1", "2", "3"],
      ["4", "5", "6"],
      ["7", "8", "9"],
      ["+", "0", { act: "backspace", text: "\u232b" }],
      [{ act: "close" }, { act: "enter", wide: 2 }],
    ],
    text: [
      ROW_DIGITS.concat([BACKSPACE]),
      "qwertyuiop".split(""),
      "asdfghjkl'".split(""),
      [{ act: "shift", text: "\u21e7", wide: 1.5 }].concat("zxcvbnm,.".split("")),
      [
        { act: "symbols", text: "#+=", wide: 1.5 },
        "@",
        { act: "space", wide: 5 },
        "-",
        { act: "enter", wide: 2 },
        { act: "close", wide: 2 },
      ],
    ],
    symbols: [
      ROW_DIGITS.concat([BACKSPACE]),
      "!?():;\"/&%".split(""),
      "#_=+*<>[]~".split(""),
      [{ act: "letters", text: "ABC", wide: 2 }].concat(",.@".split("")),
      [{ act: "space", wide: 6 }, { act: "enter", wide: 2 }, { act: "close", wide: 2 }],
    ],
  };
  var TEXT_TYPES = ["text", "search", "tel", "email", "url", "number", ""];

  var target = null;
  var layout = "text";
  var shifted = false;
  var watch = null;

  function word(name) { return kb.getAttribute("data-" + name) || name; }

  function typeable(el) {
    if (!el || el.disabled || el.readOnly) return false;
    if (el.tagName === "TEXTAREA") return true;
    return el.tagName === "INPUT" && TEXT_TYPES.indexOf((el.getAttribute("type") || "").toLowerCase()) >= 0;
  }

  function guessLayout(el) {
    if (el.tagName === "TEXTAREA") return "text";
    var mode = (el.getAttribute("inputmode") || "").toLowerCase();
    var type = (el.getAttribute("type") || "").toLowerCase();
    if (type === "tel" || type === "number" || ["tel", "numeric", "decimal"].indexOf(mode) >= 0) return "digits";
    if ((el.getAttribute("autocapitalize") || "").toLowerCase() === "characters") return "code";
    return "text";
  }

  // Decide the layout once, then keep a touch device's own keyboard from popping up too.
  function prepare(el) {
    if (!el.getAttribute("data-keyboard")) el.setAttribute("data-keyboard", guessLayout(el));
    el.setAttribute("inputmode", "none");
  }

  // --- drawing ------------------------------------------------------------------------

  function fields() {
    var scope = target.form || document;
    return Array.prototype.filter.call(scope.querySelectorAll("input, textarea"), function (el) {
      return typeable(el) && el.getClientRects().length > 0;
    });
  }

  function nextField() {
    var list = fields();
    return list[list.indexOf(target) + 1] || null;
  }

  function enterLabel() {
    if (target.tagName === "TEXTAREA") return "\u23ce";
    return nextField() ? word("next") : word("ok");
  }

  function keyButton(key) {
    var b = document.createElement("button");
    b.type = "button";
    b.tabIndex = -1;
    b.className = "kb-key";
    if (typeof key === "string") {
      var ch = shifted ? key.toUpperCase() : key;
      b.textContent = ch;
      b.setAttribute("data-key", ch);
    } else {
      b.classList.add("kb-act", "kb-" + key.act);
      b.setAttribute("data-act", key.act);
      var labels = {
        close: word("close"), space: word("space"), enter: enterLabel(),
      };
      b.textContent = key.text || labels[key.act];
      var spoken = {
        backspace: word("backspace"), shift: word("shift"), symbols: word("symbols"),
        letters: word("letters"), enter: key.act === "enter" && target.tagName === "TEXTAREA" ? word("newline") : "",
      }[key.act];
      if (spoken) b.setAttribute("aria-label", spoken);
      if (key.act === "shift") b.setAttribute("aria-pressed", shifted ? "true" : "false");
      if (key.wide) b.style.setProperty("--w", key.wide);
    }
    return b;
  }

  function draw() {
    var rows = document.createElement("div");
    rows.className = "kb-rows";
    LAYOUTS[layout].forEach(function (keys) {
      var row = document.createElement("div");
      row.className = "kb-row";
      keys.forEach(function (key) { row.appendChild(keyButton(key)); });
      rows.appendChild(row);
    });
    kb.className = "kb kb-" + layout;
    kb.replaceChildren(rows);
  }

  // --- typing ---------------------------------------------------------------------------

  function changed() {
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function insert(text) {
    var el = target;
    var start = el.selectionStart;
    var end = el.selectionEnd;
    if (start === null || start === undefined) {
      el.value += text;  // a field without a caret (type=number): append
    } else {
      var max = el.maxLength;
      if (max > 0 && el.value.length - (end - start) + text.length > max) return;
      el.setRangeText(text, start, end, "end");
    }
    changed();
  }

  function backspace() {
    var el = target;
    var start = el.selectionStart;
    var end = el.selectionEnd;
    if (start === null || start === undefined) {
      el.value = el.value.slice(0, -1);
    } else if (start !== end) {
      el.setRangeText("", start, end, "end");
    } else if (start > 0) {
      el.setRangeText("", start - 1, start, "end");
    } else {
      return;
    }
    changed();
  }

  // Enter: a new line in a text area; else the next field, or send a one-field form
  // (check-in, survey code); on the last of several fields just close, so a long form
  // is sent only by its own button.
  function enter() {
    if (target.tagName === "TEXTAREA") { insert("\n"); return; }
    var next = nextField();
    if (next) { next.focus(); return; }
    var form = target.form;
    var single = fields().length === 1;
    close();
    if (form && single) {
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
  }

  function press(button) {
    var act = button.getAttribute("data-act");
    if (!act) {
      insert(button.getAttribute("data-key"));
      if (shifted) { shifted = false; draw(); }
    } else if (act === "backspace") backspace();
    else if (act === "space") insert(" ");
    else if (act === "enter") enter();
    else if (act === "close") close();
    else if (act === "shift") { shifted = !shifted; draw(); }
    else if (act === "symbols") { layout = "symbols"; shifted = false; draw(); }
    else if (act === "letters") { layout = "text"; draw(); }
    if (target && document.activeElement !== target) target.focus({ preventScroll: true });
  }

  // --- showing --------------------------------------------------------------------------

  // Scroll so the whole field (or at least its top) sits above the keyboard.
  function reveal() {
    var margin = 24;
    var room = window.innerHeight - kb.offsetHeight;
    var rect = target.getBoundingClientRect();
    if (rect.height > room - 2 * margin || rect.top < margin) {
      window.scrollBy(0, rect.top - margin);
    } else if (rect.bottom > room - margin) {
      window.scrollBy(0, rect.bottom - room + margin);
    }
  }

  function open(el) {
    prepare(el);
    var same = target === el && !kb.hidden;
    target = el;
    if (!same) {
      layout = el.getAttribute("data-keyboard");
      if (!LAYOUTS[layout]) layout = "text";
      shifted = false;
    }
    draw();
    kb.hidden = false;
    document.documentElement.style.setProperty("--kb-height", kb.offsetHeight + "px");
    document.documentElement.classList.add("kb-open");
    reveal();
    if (!watch) watch = setInterval(check, 300);
  }

  function close() {
    kb.hidden = true;
    document.documentElement.classList.remove("kb-open");
    if (watch) clearInterval(watch);
    watch = null;
    if (target && document.activeElement === target) target.blur();
    target = null;
  }

  // The field went away (a kiosk step changed, the page moved on) or lost focus.
  function check() {
    if (!target) return;
    var gone = !target.isConnected || target.getClientRects().length === 0;
    if (gone || document.activeElement !== target) close();
  }

  kb.addEventListener("mousedown", function (event) { event.preventDefault(); });
  kb.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (button && target) press(button);
  });
  document.addEventListener("focusin", function (event) {
    if (typeable(event.target)) open(event.target);
  });
  document.addEventListener("focusout", function () {
    setTimeout(function () { if (target && document.activeElement !== target) check(); }, 0);
  });

  document.querySelectorAll("input, textarea").forEach(function (el) {
    if (typeable(el)) prepare(el);
  });
  if (typeable(document.activeElement)) open(document.activeElement);
})();
