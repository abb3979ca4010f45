/* The survey form: before sending, point at the first unanswered question instead of
 * letting the browser refuse silently (the form is `novalidate`; the server checks too).
 * Each unanswered question says so by name ("Jawab pertanyaan 3: ...", rendered by the
 * server, hidden until needed) and a summary above the questions lists them. */
(function () {
  "use strict";
  var form = document.getElementById("s-form");
  if (!form) return;
  var summary = document.getElementById("s-summary");
  var mark = function (set, missing) {
    set.classList.toggle("is-missing", missing);
    set.setAttribute("aria-invalid", missing ? "true" : "false");
    var note = set.querySelector(".s-missing");
    if (note) note.hidden = !missing;
    if (missing && note) set.setAttribute("aria-describedby", note.id);
    else set.removeAttribute("aria-describedby");
    if (summary) {
      var item = summary.querySelector('li[data-key="' + set.id.slice(2) + '"]');
      if (item) item.hidden = !missing;
    }
  };
  // The summary says how many are left, or goes away when none is.
  var recount = function () {
    if (!summary) return;
    var left = form.querySelectorAll("fieldset.s-question.is-missing").length;
    summary.hidden = left === 0;
    var title = document.getElementById("s-summary-title");
    if (title && left > 0) {
      title.textContent = summary.getAttribute("data-title").replace("{count}", String(left));
    }
  };
  // An answer clears its question's "not answered" mark.
  form.addEventListener("change", function (event) {
    var set = event.target.closest && event.target.closest("fieldset.s-question");
    if (!set || !set.classList.contains("is-missing")) return;
    mark(set, false);
    recount();
  });
  form.addEventListener("submit", function (event) {
    var first = null;
    var sets = form.querySelectorAll("fieldset.s-question");
    for (var i = 0; i < sets.length; i++) {
      var answered = sets[i].querySelector("input[type=radio]:checked") !== null;
      mark(sets[i], !answered);
      if (!answered && first === null) first = sets[i];
    }
    recount();
    if (first !== null) {
      event.preventDefault();
      first.scrollIntoView({ block: "center" });
      first.querySelector("input[type=radio]").focus();
      return;
    }
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true; // one tap sends once
  });
})();
