// The journey section of the ticket page (templates/queues/ticket_journey.html): when the
// live ticket moves to another line (a stage finished), reload the section from the API.
(function () {
  "use strict";
  var section = document.getElementById("t-journey");
  if (!section) return;
  var service = section.getAttribute("data-service");

  function refresh() {
    // The server renders the stages and their booths; fetching the page again keeps one
    // renderer (the template) and its translations.
    fetch(window.location.pathname, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("t-journey");
        if (fresh) {
          section.innerHTML = fresh.innerHTML;
          service = fresh.getAttribute("data-service");
          section.setAttribute("data-service", service);
        }
      })
      .catch(function () { /* the next update tries again */ });
  }

  document.addEventListener("mpp:ticket", function (event) {
    var ticket = event.detail || {};
    if (ticket.service !== undefined && String(ticket.service) !== service) refresh();
    else if (ticket.status === "no_show" || ticket.status === "done") refresh();
  });
})();
