/* /checkin/?code=...: the bookings this phone has opened (remembered by ticket.js
 * in localStorage) become one-tap links to /t/<token>/?checkin=<code>. */
(function () {
  "use strict";
  var code = JSON.parse(document.getElementById("checkin-code").textContent);
  var today = new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Jakarta" });
  var mine = [];
  try {
    mine = JSON.parse(localStorage.getItem("mpp.tickets") || "[]");
  } catch (e) { mine = []; }
  var list = document.getElementById("c-list");
  mine.filter(function (t) { return t && t.date === today && t.token; }).forEach(function (t) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.className = "t-button c-ticket";
    link.href = "/t/" + encodeURIComponent(t.token) + "/?checkin=" + encodeURIComponent(code);
    var strong = document.createElement("strong");
    strong.textContent = t.code;
    link.appendChild(strong);
    link.appendChild(document.createTextNode(" " + (t.service || "")));
    item.appendChild(link);
    list.appendChild(item);
  });
  document.getElementById("c-mine").hidden = !list.children.length;
})();
