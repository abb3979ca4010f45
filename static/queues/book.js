/* The online booking page and its confirmation.
 *
 * After a refusal the summary at the top stays in view while the first bad
 * field takes focus; one tap books once; the confirmation remembers the booking
 * on this phone in the list ticket.js keeps, so /checkin/ (the kiosk's QR)
 * offers it for a one-tap check-in.
 */
(function () {
  "use strict";

  var STORE = "mpp.tickets"; // ticket.js's key and entry format: {token, code, date, service}

  function remember(entry) {
    try {
      var kept = JSON.parse(localStorage.getItem(STORE) || "[]").filter(function (t) {
        return t && t.token !== entry.token;
      });
      kept.unshift(entry);
      localStorage.setItem(STORE, JSON.stringify(kept.slice(0, 10)));
    } catch (e) { /* private mode or storage full: the typed code still works */ }
  }

  function control(block) {
    if (!block) return null;
    return block.querySelector("input[type=radio]:checked:not([disabled])") ||
      block.querySelector("input:not([type=hidden]):not([disabled]), select, textarea");
  }

  function firstBadControl() {
    var blocks = document.querySelectorAll(".p-book-form .has-error");
    for (var i = 0; i < blocks.length; i++) {
      var found = control(blocks[i]);
      if (found) return found;
    }
    return null;
  }

  function showErrors(summary) {
    var first = firstBadControl();
    // Keep the page at the top, where the summary says what went wrong.
    if (first) first.focus({ preventScroll: true });
    else summary.focus({ preventScroll: true });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && control(document.getElementById(link.getAttribute("href").slice(1)));
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    });
  }

  function bookOnce(form) {
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      // The proof-of-work widget holds the form back until it is solved: not sent yet.
      if (event.defaultPrevented) return;
      // A second tap would post again and be refused as a duplicate of the first.
      if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
      form.setAttribute("data-sent", "1");
      if (button) button.setAttribute("aria-disabled", "true");
    });
    window.addEventListener("pageshow", function () {
      form.removeAttribute("data-sent"); // back from the confirmation: the form is usable again
      if (button) button.removeAttribute("aria-disabled");
    });
  }

  var booking = document.getElementById("booking-remember");
  if (booking) remember(JSON.parse(booking.textContent));
  var summary = document.getElementById("error-summary");
  if (summary) showErrors(summary);
  var form = document.querySelector("form.p-book-form");
  if (form) bookOnce(form);
})();
