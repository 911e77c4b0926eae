/* The QR check-in page in presentation mode: every data-refresh-seconds a freshly signed code is fetched and
   swapped in, so the page never reloads (a reload would end full screen); and a full-screen button where the
   browser allows one. A file, not an inline script: the Content-Security-Policy refuses inline scripts. */
(function () {
  var frame = document.getElementById("present-code");
  var seconds = frame && Number(frame.getAttribute("data-refresh-seconds"));
  if (seconds) {
    setInterval(function () {
      if (!window.fetch) { window.location.reload(); return; }
      fetch(frame.getAttribute("data-url"), {credentials: "same-origin", cache: "no-store"})
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          // Not a code: the day is over, or the trainer was logged out; the page itself says which.
          if (!response.ok || response.redirected || type.indexOf("image/svg+xml") !== 0) {
            window.location.reload();
            return null;
          }
          return response.text();
        })
        .then(function (svg) { if (svg) frame.innerHTML = svg; })
        .catch(function () {});  // offline for a moment: the code on screen stays valid for a few minutes
    }, seconds * 1000);
  }

  var button = document.getElementById("present-fullscreen");
  var root = document.documentElement;
  if (!button || !document.fullscreenEnabled || !root.requestFullscreen) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else root.requestFullscreen().catch(function () {});
  });
  document.addEventListener("fullscreenchange", function () {
    button.textContent = button.getAttribute(document.fullscreenElement ? "data-leave" : "data-enter");
  });
})();
