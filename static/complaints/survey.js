/* The survey form: before sending, point at the first unanswered question instead of
 * letting the browser refuse silently (the form is `novalidate`; the server checks too). */
(function () {
  "use strict";
  var form = document.getElementById("s-form");
  if (!form) return;
  // An answer clears its question's "not answered" mark.
  form.addEventListener("change", function (event) {
    var set = event.target.closest && event.target.closest("fieldset.s-question");
    if (!set) return;
    set.classList.remove("is-missing");
    set.setAttribute("aria-invalid", "false");
    var note = set.querySelector(".s-missing");
    if (note) note.hidden = true;
  });
  form.addEventListener("submit", function (event) {
    var first = null;
    var sets = form.querySelectorAll("fieldset.s-question");
    for (var i = 0; i < sets.length; i++) {
      var answered = sets[i].querySelector("input[type=radio]:checked") !== null;
      sets[i].classList.toggle("is-missing", !answered);
      sets[i].setAttribute("aria-invalid", answered ? "false" : "true");
      if (!answered && first === null) first = sets[i];
    }
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
