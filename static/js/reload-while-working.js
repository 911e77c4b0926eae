// A page following background work (a participant export being written) reloads itself every few seconds while
// the work goes on: <main data-reload-seconds="5">. Without JavaScript the page says to reload it. A script, not
// <meta http-equiv="refresh">, which screen readers announce as an unexpected change (WCAG 2.2.1; axe meta-refresh).
(function () {
  "use strict";
  var holder = document.querySelector("[data-reload-seconds]");
  if (!holder) { return; }
  var seconds = parseInt(holder.getAttribute("data-reload-seconds"), 10) || 5;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
}());
