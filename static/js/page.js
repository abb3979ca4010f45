/* Small behaviours of server-rendered pages, wired here rather than in inline
 * handlers (onclick=, onchange=), which the Content-Security-Policy forbids:
 * - data-autosubmit on a field submits its form when it changes (language picker);
 * - data-print on a button prints the page (reports). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.form && field.hasAttribute("data-autosubmit")) field.form.submit();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
})();
