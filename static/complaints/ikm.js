/* The IKM report: a print button (the page's print CSS does the rest). */
(function () {
  "use strict";
  var button = document.getElementById("ikm-print");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
