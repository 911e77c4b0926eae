/* The roster's and the QR page's count of who has checked in: refreshed every data-interval ms (15 s) on the day
   itself; the rest of the page, and any unsaved marks, stay as they are. A file, not an inline script, so that the
   Content-Security-Policy can refuse every inline script. */
(function () {
  var count = document.getElementById("roster-count");
  var interval = count && Number(count.getAttribute("data-interval"));
  if (!interval || !window.fetch) return;
  setInterval(function () {
    fetch(count.getAttribute("data-url"), {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.text) count.textContent = data.text; })
      .catch(function () {});
  }, interval);
})();
